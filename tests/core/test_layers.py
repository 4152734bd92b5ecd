"""import-linter (`make lint`) checks only the packages it is told about: every app of the project must be one."""

import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def importlinter_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_every_app_of_the_project_is_a_root_package_of_the_layer_check():
    own_apps = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert own_apps - set(importlinter_config()["root_packages"]) == set()


def test_every_root_package_sits_in_a_layer():
    layers = next(c for c in importlinter_config()["contracts"] if c["type"] == "layers")["layers"]
    named = {name.strip(" ()") for layer in layers for name in layer.replace("|", ":").split(":")}
    assert set(importlinter_config()["root_packages"]) - named == set()
