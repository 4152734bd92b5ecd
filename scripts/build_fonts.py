"""Build the CJK fonts shipped in static/fonts/ from Debian's fonts-noto-cjk (run through scripts/build-fonts).

Takes the Simplified Chinese face out of each Noto CJK collection (face 0 of the .ttc is the Japanese one, whose
shapes differ for 直 令 骨 …), cuts it to the GB 2312 repertoire + ASCII/Latin-1 + punctuation + the characters the
project needs (static/fonts/extra-chars.txt), renames it (a Modified Version under the OFL) and writes an .otf.
The output is byte-for-byte reproducible from the same Debian package and the same extra-chars.txt.

    scripts/build-fonts                 # rebuild the fonts from extra-chars.txt
    scripts/build-fonts --scan [DIR…]   # first refresh extra-chars.txt from the plan text, this repository and DIRs
    scripts/build-fonts --check         # exit 1 when the repository uses a character the shipped fonts lack
"""

import argparse
import hashlib
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "fonts"
EXTRA = OUT / "extra-chars.txt"
NOTO = Path("/usr/share/fonts/opentype/noto")
PLAN_TEXT = Path("/work/shared/seed/000_104ab99d1308d0dd.txt")
SCANNED_SUFFIXES = {".py", ".html", ".csv", ".txt", ".md"}

# (source collection, source family, output file stem, family, style, weight class)
FACES = [
    ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "WushanSansSC-Regular", "Wushan Sans SC", "Regular", 400),
    ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "WushanSansSC-Bold", "Wushan Sans SC", "Bold", 700),
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "WushanSerifSC-Regular", "Wushan Serif SC", "Regular", 400),
    ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "WushanSerifSC-Bold", "Wushan Serif SC", "Bold", 700),
]

# Horizontal Chinese text needs only these; `locl` alone would pull in the Japanese, Korean and Traditional
# Chinese variants of every glyph (twice the size), and vertical writing is never used.
LAYOUT_FEATURES = ["ccmp", "kern", "liga", "halt", "palt"]
VERTICAL_TABLES = ["vhea", "vmtx", "VORG"]


def gb2312() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def base_repertoire() -> set[str]:
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1: ° ± × ÷ · ²
        (0x2010, 0x2027),  # dashes, quotes, ‥ …
        (0x2030, 0x203B),  # ‰ ′ ″ ※
        (0x2212, 0x2212),  # minus sign (core/formatting.py: points)
        (0x2150, 0x218F),  # ⅓ Ⅰ Ⅱ
        (0x2190, 0x21FF),  # arrows ↑ ↓ →
        (0x2460, 0x24FF),  # ① ⑴ ⒈
        (0x25A0, 0x25FF),  # ■ □ ▲ ▼ ● ○
        (0x2610, 0x2612),  # ☐ ☑ ☒
        (0x2713, 0x2717),  # ✓ ✔ ✗
        (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〇《》「」【】〔〕
        (0xFF01, 0xFF5E),  # full-width forms
        (0xFFE0, 0xFFE6),  # ￥ ￡
    ]
    chars = {chr(c) for low, high in ranges for c in range(low, high + 1)}
    return chars | gb2312()


def source_face(collection: str, family: str) -> TTFont:
    fonts = TTCollection(str(NOTO / collection)).fonts
    for font in fonts:
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{collection}: no face named {family!r}")


def repository_files(extra_dirs: list[Path]) -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        files = [ROOT / name for name in listed.stdout.splitlines()]
    except (OSError, subprocess.CalledProcessError):  # no git (an unpacked release): every file but the usual junk
        skip = {".venv", "var", "node_modules", ".git"}
        files = [p for p in ROOT.rglob("*") if not skip & set(p.relative_to(ROOT).parts)]
    for directory in extra_dirs:
        files += [p for p in directory.rglob("*") if ".venv" not in p.parts and "node_modules" not in p.parts]
    return [p for p in files if p.suffix in SCANNED_SUFFIXES and p.is_file() and p.parent != OUT]


def used_characters(extra_dirs: list[Path]) -> set[str]:
    chars = set(PLAN_TEXT.read_text(encoding="utf-8")) if PLAN_TEXT.exists() else set()
    for path in repository_files(extra_dirs):
        try:
            chars |= set(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
    return {c for c in chars if c.isprintable() and ord(c) > 0x7E}


def read_extra() -> set[str]:
    if not EXTRA.exists():
        return set()
    return {c for line in EXTRA.read_text(encoding="utf-8").splitlines() if not line.startswith("#") for c in line}


def write_extra(chars: set[str]) -> None:
    ordered = "".join(sorted(chars))
    lines = [ordered[i : i + 40] for i in range(0, len(ordered), 40)]
    header = "# Characters the project needs beyond GB 2312 + ASCII/Latin-1 + punctuation (scripts/build-fonts --scan)"
    EXTRA.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")


def scan(extra_dirs: list[Path]) -> None:
    base = base_repertoire()
    cmap = source_face(*FACES[0][:2]).getBestCmap()
    wanted = used_characters(extra_dirs) - base
    covered = {c for c in wanted if ord(c) in cmap}
    missing = sorted(wanted - covered)
    write_extra(covered | read_extra())
    print(f"extra-chars.txt: {len(covered | read_extra())} characters")
    if missing:
        print(f"not in Noto CJK SC (ignored): {' '.join(missing)}")


def rename(font: TTFont, stem: str, family: str, style: str, weight: int) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    for record in list(name.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    full = family if style == "Regular" else f"{family} {style}"
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{stem};subset of {version.split(';')[0]}"),
        (4, full),
        (6, stem),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    old = cff.fontNames[0]
    cff.fontNames = [stem]
    top = cff.topDictIndex[0]
    top.FullName, top.FamilyName, top.Weight = full, family, style
    for fd in getattr(top, "FDArray", []):
        if getattr(fd, "FontName", None):
            fd.FontName = fd.FontName.replace(old, stem)
    font["OS/2"].usWeightClass = weight


def build_face(face: tuple, chars: str) -> tuple[str, int, str, int]:
    collection, source_family, stem, family, style, weight = face
    font = source_face(collection, source_family)
    unicodes = sorted({ord(c) for c in chars} & set(font.getBestCmap()))
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.drop_tables += VERTICAL_TABLES
    options.hinting = False  # print and screen render at high resolution; hints double the size
    options.name_IDs = ["*"]  # keep copyright, trademark, licence and designer records
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    rename(font, stem, family, style, weight)
    font.recalcTimestamp = False  # keep head.modified from the source so a rebuild is byte-identical
    target = OUT / f"{stem}.otf"
    font.save(str(target))
    data = target.read_bytes()
    return stem, len(data), hashlib.sha256(data).hexdigest(), len(unicodes)


def build() -> None:
    chars = "".join(sorted(base_repertoire() | read_extra()))
    missing = sorted({face[0] for face in FACES if not (NOTO / face[0]).exists()})
    if missing:
        raise SystemExit(f"missing {', '.join(missing)} in {NOTO}: apt-get install fonts-noto-cjk")
    OUT.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(build_face, FACES, [chars] * len(FACES)))
    total = 0
    for stem, size, digest, count in results:
        total += size
        print(f"{stem}.otf  {size / 1e6:5.2f} MB  {count} characters  sha256 {digest[:16]}")
    print(f"total {total / 1e6:.2f} MB")


def check() -> int:
    """Characters in the repository's files (and the plan) that the shipped Sans Regular face lacks."""
    cmap = TTFont(str(OUT / f"{FACES[0][2]}.otf"), lazy=True).getBestCmap()
    missing = sorted(c for c in used_characters([]) if ord(c) not in cmap and "\u4e00" <= c <= "\u9fff")
    if missing:
        print(f"not in static/fonts: {' '.join(missing)} — run scripts/build-fonts --scan", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scan", nargs="*", type=Path, metavar="DIR", help="refresh extra-chars.txt first")
    parser.add_argument("--check", action="store_true", help="only check coverage of the repository's characters")
    args = parser.parse_args()
    if args.check:
        return check()
    if args.scan is not None:
        scan(args.scan)
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
