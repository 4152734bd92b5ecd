"""System checks of PDF rendering, shown by ``manage.py check`` (and ``--deploy``), migrate, runserver and, through
``deploy/gunicorn.conf.py``, in the log of every gunicorn start.

Without HarfBuzz-Subset (Debian ``libharfbuzz-subset0``) WeasyPrint still renders, but it subsets the embedded CJK
fonts with fontTools: a bulletin then takes 11–13 s instead of 2 s, with nothing but a log line to say why. The check
asks the dynamic loader, as WeasyPrint does, without importing WeasyPrint (≈1 s of every start)."""

import ctypes

from django.core.checks import Tags, Warning, register

# The names WeasyPrint's text/ffi.py tries, in its order (Linux, then macOS and Windows builds).
HARFBUZZ = ("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")
HARFBUZZ_SUBSET = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
MIN_VERSION = (4, 1, 0)  # WeasyPrint subsets with HarfBuzz from 4.1.0 (hb_set_add_sorted_array)
HINT = "安装 libharfbuzz-subset0（scripts/system-deps runtime，或 apt-get install libharfbuzz-subset0）后重启服务。"


def load_library(names: tuple[str, ...]):
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def harfbuzz_subset_problem() -> str | None:
    """Why WeasyPrint would subset fonts with fontTools (slowly) here, or None when it will use HarfBuzz."""
    if load_library(HARFBUZZ_SUBSET) is None:
        return "找不到 HarfBuzz 字体子集库（libharfbuzz-subset0）：WeasyPrint 将改用 fontTools 裁剪字体，生成一期月通报 PDF 要慢5倍以上"
    harfbuzz = load_library(HARFBUZZ)
    if harfbuzz is None or not harfbuzz.hb_version_atleast(*MIN_VERSION):
        return "HarfBuzz 版本低于 4.1.0：WeasyPrint 将改用 fontTools 裁剪字体，生成 PDF 要慢5倍以上"
    return None


@register(Tags.compatibility, "pdf")
def harfbuzz_subset(app_configs, **kwargs):
    problem = harfbuzz_subset_problem()
    return [Warning(problem, hint=HINT, id="reports.W001")] if problem else []
