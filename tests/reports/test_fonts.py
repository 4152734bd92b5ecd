"""The CJK fonts shipped in static/fonts/: Simplified Chinese shapes, the GB 2312 repertoire and every character the
project uses, renamed under the SIL OFL, within the size budget."""

import importlib.util
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "static" / "fonts"
FACES = {
    "WushanSansSC-Regular.otf": ("Wushan Sans SC", 400),
    "WushanSansSC-Bold.otf": ("Wushan Sans SC", 700),
    "WushanSerifSC-Regular.otf": ("Wushan Serif SC", 400),
    "WushanSerifSC-Bold.otf": ("Wushan Serif SC", 700),
}
SYSTEM_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def build_fonts_module():
    spec = importlib.util.spec_from_file_location("build_fonts", ROOT / "scripts" / "build_fonts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sans():
    return TTFont(str(FONTS / "WushanSansSC-Regular.otf"))


@pytest.mark.parametrize("name", list(FACES))
def test_each_face_is_renamed_and_has_its_weight(name):
    family, weight = FACES[name]
    font = TTFont(str(FONTS / name), lazy=True)
    assert font["name"].getDebugName(1) == family
    assert font["name"].getDebugName(6) == name.removesuffix(".otf")
    assert font["OS/2"].usWeightClass == weight
    assert all("Source" not in (font["name"].getDebugName(i) or "") for i in (1, 4, 6))  # the OFL's reserved name
    assert font["CFF "].cff.fontNames == [name.removesuffix(".otf")]


def test_the_fonts_stay_within_the_size_budget():
    total = sum((FONTS / name).stat().st_size for name in FACES)
    assert total <= 12 * 1024 * 1024, f"{total / 1e6:.1f} MB"


def test_the_licence_ships_with_the_fonts():
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name 'Source'" in licence
    assert (FONTS / "FONTLOG.txt").exists()


def test_the_whole_gb2312_repertoire_and_ascii_are_covered(sans):
    cmap = sans.getBestCmap()
    missing = [c for c in build_fonts_module().gb2312() | {chr(i) for i in range(0x20, 0x7F)} if ord(c) not in cmap]
    assert not missing


def test_every_chinese_character_of_the_plan_and_of_the_repository_is_covered():
    assert build_fonts_module().check() == 0, "run scripts/build-fonts --scan"


def test_all_faces_cover_the_same_characters(sans):
    expected = set(sans.getBestCmap())
    for name in FACES:
        assert set(TTFont(str(FONTS / name), lazy=True).getBestCmap()) == expected, name


@pytest.mark.skipif(not SYSTEM_SANS.exists(), reason="fonts-noto-cjk is not installed")
def test_glyphs_have_simplified_chinese_not_japanese_shapes(sans):
    collection = TTCollection(str(SYSTEM_SANS), lazy=True)
    japanese, chinese = collection.fonts[0].getBestCmap(), collection.fonts[2].getBestCmap()
    ours = sans.getBestCmap()
    for char in "直令骨":
        assert japanese[ord(char)] != chinese[ord(char)]
        assert ours[ord(char)] == chinese[ord(char)], char


def test_the_font_stylesheet_points_at_the_shipped_files():
    css = (ROOT / "reports" / "static" / "reports" / "fonts.css").read_text(encoding="utf-8")
    for name in FACES:
        assert f'url("../fonts/{name}")' in css
