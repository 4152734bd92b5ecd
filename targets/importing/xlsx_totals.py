"""The Annex 1 checks across rows: a category's rows together, category totals (E/G) equal to the sum of their rows,
the 合计 row equal to the sum of all rows."""

from decimal import Decimal

from core.formatting import plain
from targets.importing.rows import CellError, ParseResult
from targets.importing.xlsx_layout import (
    FUNDED,
    FUNDED_TOTAL,
    LABELS,
    SECTOR,
    SIGNED,
    SIGNED_TOTAL,
    Line,
    Sheet,
    amount_cell,
    column_label,
    is_blank,
)


def check_order(sheet: str, lines: list[Line], errors: list) -> None:
    """A category's rows are together; rows outside any category come last (as in Annex 1)."""
    closed: dict[str, int] = {}
    previous: Line | None = None
    for line in lines:
        sector = line.row.sector
        if previous is not None and previous.row.sector != sector:
            if previous.row.sector is not None:
                closed[previous.row.sector] = previous.row.line
            if sector is not None and previous.row.sector is None:
                errors.append(
                    CellError(
                        sheet,
                        previous.row.line,
                        column_label(SECTOR),
                        f"本行没有类别，但其下第{line.row.line}行属于“{sector}”：不属于任何类别的单位应放在表末；"
                        f"若本行属于上方的类别，请合并“类别”单元格或填写类别名称",
                    )
                )
            elif sector in closed:
                errors.append(
                    CellError(
                        sheet,
                        line.row.line,
                        column_label(SECTOR),
                        f"类别“{sector}”的行应连续排列（第{closed[sector]}行之后隔有其他类别）",
                    )
                )
        previous = line


def check_category_totals(sheet: str, lines: list[Line], bad_sectors: set, errors: list) -> None:
    groups: dict[str, list[Line]] = {}
    for line in lines:
        if line.row.sector is not None:
            groups.setdefault(line.row.sector, []).append(line)
    for sector, group in groups.items():
        if sector in bad_sectors:
            continue  # a row of it is already reported; its sum would only repeat that
        for c, field in ((SIGNED_TOTAL, "signed_target"), (FUNDED_TOTAL, "funded_target")):
            expected = sum((getattr(line.row, field) for line in group), Decimal("0"))
            given = {line.totals[c].top: line.totals[c] for line in group if line.totals[c].value is not None}
            if not given:
                errors.append(
                    CellError(
                        sheet,
                        group[0].row.line,
                        column_label(c),
                        f"类别“{sector}”缺少{LABELS[c]}（各单位之和为 {plain(expected)}）",
                    )
                )
            for total in given.values():
                if total.value != expected:
                    errors.append(
                        CellError(
                            sheet,
                            total.top,
                            column_label(c),
                            f"类别“{sector}”的{LABELS[c]}填为 {plain(total.value)}，"
                            f"但本类别各单位之和为 {plain(expected)}",
                        )
                    )
    outside = [line for line in lines if line.row.sector is None]
    reported = set()
    for line in outside:
        for c, field in ((SIGNED_TOTAL, "signed_target"), (FUNDED_TOTAL, "funded_target")):
            total = line.totals[c]
            if total.value is None or (total.top, c) in reported:
                continue
            reported.add((total.top, c))
            covered = [x for x in outside if total.first <= x.row.line <= total.last]
            expected = sum((getattr(x.row, field) for x in covered), Decimal("0"))
            if total.value != expected:
                errors.append(
                    CellError(
                        sheet,
                        total.top,
                        column_label(c),
                        f"不属于任何类别的单位，{LABELS[c]}应等于本行目标（{plain(expected)}），"
                        f"实为 {plain(total.value)}",
                    )
                )


def check_grand_total(sheet: Sheet, r: int, result: ParseResult) -> None:
    sums = {}
    for c, extra, field in ((SIGNED, SIGNED_TOTAL, "signed_target"), (FUNDED, FUNDED_TOTAL, "funded_target")):
        expected = sum((getattr(row, field) for row in result.rows), Decimal("0"))
        sums[field] = expected
        for column in (c, extra):
            if column == extra and (is_blank(sheet.value(r, column)) or sheet.same_cell(r, c, extra)):
                continue
            if is_blank(sheet.value(r, column)) and not sheet.is_uncalculated_formula(r, column):
                result.errors.append(CellError(sheet.name, r, column_label(column), f"合计行缺少{LABELS[c]}合计"))
                continue
            given = amount_cell(sheet, r, column, result.errors)
            if given is not None and given != expected:
                result.errors.append(
                    CellError(
                        sheet.name,
                        r,
                        column_label(column),
                        f"合计行的{LABELS[c]}填为 {plain(given)}，但各行之和为 {plain(expected)}",
                    )
                )
    if not result.errors:
        result.grand_total = (sums["signed_target"], sums["funded_target"])
