"""Importing WeasyPrint without its library hunt: about 0.3 s off the first PDF of every process (a command, a
gunicorn worker).

WeasyPrint's ``text/ffi.py`` opens each native library (GObject, Pango, HarfBuzz, fontconfig, …) by trying a list of
names in turn — ``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``, then ``libgobject-2.0.so.0`` on Linux. cffi
answers every name the loader does not know with ``ctypes.util.find_library``, which on Linux starts ``ldconfig -p``,
then ``gcc`` and ``ld``: some fifty child processes before the first PDF. While WeasyPrint loads, ``find_library``
reads the loader cache once and answers from it; a name not in the cache is not found (as the gcc and ld probes
would have said on a machine whose libraries are where the loader looks), and WeasyPrint goes on to its next name,
which ``dlopen`` opens directly (``LD_LIBRARY_PATH`` included). Outside that import ``find_library`` is Python's own.

    weasyprint = load()          # everywhere a PDF is drawn, before any ``from weasyprint…`` import
"""

import contextlib
import ctypes.util
import re
import subprocess
import sys
import threading

_lock = threading.Lock()


def _loader_cache() -> str:
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            return subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, env={"LC_ALL": "C", "LANG": "C"}, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
    return ""


@contextlib.contextmanager
def _find_library_from_cache():
    if sys.platform != "linux":  # macOS and Windows look libraries up without child processes
        yield
        return
    cache = None
    original = ctypes.util.find_library

    def find_library(name):
        nonlocal cache
        if cache is None:
            cache = _loader_cache()
            if not cache:  # no ldconfig: Python's own search
                return original(name)
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\(", cache)
        return found.group(1) if found else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def load():
    """The ``weasyprint`` module, imported once per process."""
    with _lock:
        if "weasyprint" not in sys.modules:
            with _find_library_from_cache():
                import weasyprint  # noqa: F401
    return sys.modules["weasyprint"]
