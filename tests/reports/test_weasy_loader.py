"""WeasyPrint imported without its library hunt (reports/weasy.py): the same libraries, far fewer child processes,
and Python's ``find_library`` left as it was."""

import ctypes.util
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

from reports import weasy

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the loader cache is Linux's")


def test_the_cache_finds_what_the_loader_knows_and_nothing_else():
    original = ctypes.util.find_library
    with weasy._find_library_from_cache():
        assert ctypes.util.find_library("pango-1.0").startswith("libpango-1.0.so")
        assert ctypes.util.find_library("gobject-2.0-0") is None  # a Windows name: the next name is tried
        assert ctypes.util.find_library("no-such-library-anywhere") is None
    assert ctypes.util.find_library is original


def test_find_library_is_restored_even_when_the_import_fails():
    original = ctypes.util.find_library
    with pytest.raises(RuntimeError), weasy._find_library_from_cache():
        raise RuntimeError("the import failed")
    assert ctypes.util.find_library is original


def test_a_fresh_process_loads_weasyprint_with_one_child_process():
    """The plain import starts some fifty (ldconfig, gcc, ld for every name the loader does not know)."""
    script = textwrap.dedent(
        """
        import subprocess
        started = []
        original = subprocess.Popen.__init__
        def counting(self, *args, **kwargs):
            started.append(args[0] if args else kwargs.get("args"))
            original(self, *args, **kwargs)
        subprocess.Popen.__init__ = counting
        from reports import weasy
        weasyprint = weasy.load()
        from weasyprint.text.ffi import pango, harfbuzz
        assert weasyprint.__version__
        print(len(started))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    assert int(out.stdout.strip()) <= 1, out.stdout
