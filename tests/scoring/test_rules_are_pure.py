"""The rules package imports no ORM and no Django at all: it is plain Python over plain data."""

import ast
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parents[2] / "scoring" / "rules"


def test_no_module_of_the_rules_imports_django():
    for path in RULES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "projects", "targets", "accounts")), f"{path.name}: {name}"
                assert not name.endswith(("models", "selectors")), f"{path.name}: {name}"
