"""Reading uploaded spreadsheets, for every importer: a guarded open of an ``.xlsx`` and readers for the cells people
type (text, an amount in 亿元, a date, a month), each refusing bad input with a Chinese message (docs/imports.md).

    values, formulas = open_workbook(data, keep="目标任务分解表一张工作表", with_formulas=True)
    rows = read_sheets(data, keep="…", pick=lambda title: …)      # read-only: every row read inside the guard
    read_amount(cell, blank=Decimal("0")) · read_date(cell) · read_month(cell) · read_text(cell)

Nothing here touches the database.
"""

import datetime as dt
import io
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted .xlsx
# Real tables are ~10 KB (the 2023 breakdown) to a few MB (a ledger): this stops a zip bomb before openpyxl opens it.
MAX_UNZIPPED = 30 * 1024 * 1024

AMOUNT_PLACES = 4
AMOUNT_QUANTUM = Decimal(1).scaleb(-AMOUNT_PLACES)
# Amount columns are max_digits=14, decimal_places=4: from 10^10 亿元 on, an amount does not fit (and is no amount).
MAX_AMOUNT = Decimal(10) ** 10

OLD_EXCEL = (
    "这是旧版 Excel（.xls）或加密的工作簿，本系统只接受 .xlsx：请在 Excel/WPS 中“另存为”Excel 工作簿（*.xlsx），"
    "并取消打开密码后再导入"
)
NOT_XLSX = (
    "不是有效的 Excel .xlsx 文件（文件可能已损坏，或是其他格式改了扩展名），请在 Excel/WPS 中另存为 .xlsx 后再导入"
)


@dataclass(frozen=True)
class CellError:
    """A refused cell (or row, or file: row 1, no column), named as the user sees it."""

    sheet: str
    row: int
    column: str
    message: str

    @property
    def where(self) -> str:
        place = f"工作表“{self.sheet}”第{self.row}行" if self.sheet else f"第{self.row}行"
        return f"{place}“{self.column}”列" if self.column else place

    def __str__(self):
        return f"{self.where}：{self.message}"


@dataclass
class ImportResult:
    """What an all-or-nothing import of a workbook found and did, sheet by sheet: every refused cell, what it created,
    the rows it took (``new_rows``, for the preview), its 提示 (``warnings``), whether it only previewed. Each importer's result names its
    ``SHEETS`` in order and adds its own counts and summary (projects.ledger, enterprises.interchange)."""

    SHEETS: ClassVar[tuple[str, ...]] = ()

    errors: list = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    new_rows: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    def __post_init__(self):
        for sheet in self.SHEETS:
            self.new_rows.setdefault(sheet, [])

    @property
    def ok(self) -> bool:
        return not self.errors

    def sheet_order(self, sheet: str) -> int:
        """A sheet's place: the file's own errors (no sheet) first, then the sheets in order."""
        return self.SHEETS.index(sheet) if sheet in self.SHEETS else -1

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (self.sheet_order(e.sheet), e.row))


class UnreadableWorkbook(ValueError):
    """The file cannot be read as a workbook; the message says why, in Chinese."""


class AmountTooLarge(ValueError):
    def __init__(self, value):
        self.value = value
        super().__init__(f"金额 {value} 亿元不合常理，请核对单位（亿元）")


def check_xlsx(data: bytes, *, keep: str, damaged: str = NOT_XLSX) -> None:
    """Raises UnreadableWorkbook unless ``data`` is a zip holding a workbook that unpacks to a sane size. ``keep``
    names what the user should leave in a file that unpacks too large; ``damaged`` is the importer's wording."""
    if data.startswith(OLE2_MAGIC):
        raise UnreadableWorkbook(OLD_EXCEL)
    if not data.startswith(b"PK"):
        raise UnreadableWorkbook(damaged)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableWorkbook(damaged) from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise UnreadableWorkbook(damaged)
    if sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise UnreadableWorkbook(f"工作簿解压后过大，请只保留{keep}后再导入")


def open_workbook(data: bytes, *, keep: str, damaged: str = NOT_XLSX, with_formulas: bool = False):
    """(the workbook with cached values, the workbook with formulas or None), fully loaded (merged cells known)."""
    check_xlsx(data, keep=keep, damaged=damaged)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from openpyxl import load_workbook  # ~0.3 s: loaded when a workbook is read, not at every start

            values = load_workbook(io.BytesIO(data), data_only=True)
            formulas = load_workbook(io.BytesIO(data), data_only=False) if with_formulas else None
    except Exception:  # openpyxl raises many kinds for a damaged file; every one means "cannot read it"
        raise UnreadableWorkbook(damaged) from None
    return values, formulas


def read_sheets(
    data: bytes, *, keep: str, pick: Callable[[str], str | None], damaged: str = NOT_XLSX
) -> dict[str, list[tuple]]:
    """The rows (cell values) of the sheets ``pick`` names (title → key, or None to skip; the first sheet of a key
    wins), read in read-only mode. openpyxl then reads lazily and raises many kinds (zlib.error, BadZipFile, XML
    errors, KeyError …) while opening or while iterating: every row is read here, and any of them means "damaged"."""
    check_xlsx(data, keep=keep, damaged=damaged)
    found: dict[str, list[tuple]] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from openpyxl import load_workbook  # ~0.3 s: loaded when a workbook is read, not at every start

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            for title in book.sheetnames:
                key = pick(title)
                if key is not None and key not in found:
                    found[key] = list(book[title].iter_rows(values_only=True))
            book.close()
    except Exception:
        raise UnreadableWorkbook(damaged) from None
    return found


def normalise_name(value) -> str:
    """Annex 1 pads two-character names with spaces (王  军): names compare without any whitespace."""
    return re.sub(r"[\s\u3000]+", "", str(value if value is not None else ""))


def read_text(value) -> str:
    """A cell as text, trimmed; a whole number typed into a number cell (2023.0) reads as 2023."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_amount(value, *, blank: Decimal | None = None) -> Decimal:
    """A non-negative amount in 亿元 with at most 4 places, quantized to 4 (as the columns store it).

    A blank cell is ``blank`` (or refused when None). A number cell is taken as Excel computed it, less the binary
    noise of its arithmetic (=0.1+0.2 → 0.30000000000000004 → 0.3); text must be a plain number (commas allowed):
    text such as ``0.1+0.2`` or ``三十`` is not a number. Raises ValueError (AmountTooLarge from 10^10 亿元 on)."""
    if value is None or read_text(value) == "":
        if blank is None:
            raise ValueError("金额不能为空")
        return blank
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ValueError(f"“{value}”不是数字")
    if isinstance(value, float):
        amount = Decimal(repr(value))
        # (Only for finite amounts in range: 1e300 or inf cannot be quantized, and are refused below.)
        if amount.is_finite() and abs(amount) < MAX_AMOUNT:
            rounded = amount.quantize(AMOUNT_QUANTUM)
            if abs(amount - rounded) < Decimal("1e-9"):
                amount = rounded
    else:
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except ArithmeticError:
            raise ValueError(f"“{value}”不是数字（金额以亿元为单位，只填数字）") from None
    if not amount.is_finite():
        raise ValueError(f"“{value}”不是数字")
    if amount < 0:
        raise ValueError(f"金额不能为负数（{value}）")
    if amount >= MAX_AMOUNT:  # checked before quantize: 1e309 has too many digits to quantize at all
        raise AmountTooLarge(value)
    if amount != amount.quantize(AMOUNT_QUANTUM):
        raise ValueError(f"金额最多保留{AMOUNT_PLACES}位小数（{value}）")
    return amount.quantize(AMOUNT_QUANTUM)


DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def read_date(value) -> dt.date:
    """An Excel date cell, or text such as 2023-03-15, 2023/3/15, 2023年3月15日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = read_text(value)
    if not text:
        raise ValueError("日期不能为空")
    match = DATE_RE.fullmatch(text)
    if not match:
        raise ValueError(f"“{text}”不是日期，应为 YYYY-MM-DD 或 Excel 日期单元格")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期") from None


def read_month(value) -> dt.date:
    """The first day of a month: text such as 2023-05 or 2023年5月, a full date, or an Excel date cell."""
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).replace(day=1)
    text = read_text(value)
    if not text:
        raise ValueError("月份不能为空")
    match = MONTH_RE.fullmatch(text) or DATE_RE.fullmatch(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"“{text}”不是月份，应为 YYYY-MM")
    return dt.date(int(match[1]), int(match[2]), 1)
