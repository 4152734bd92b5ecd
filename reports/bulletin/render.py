"""The monthly bulletin rendered from its snapshot only (``reports.bulletin.figures``): the page, the PDF and the .xlsx
read the same JSON (its text, tables and charts in ``text``, ``tables`` and ``charts`` beside this module), so a
published bulletin shows and prints the same figures forever, and its PDF is byte-identical each time (the
snapshot's issue time is the PDF's creation date)."""

import datetime as dt

from core.tables import Table
from reports.bulletin.charts import MONTH_CHART_NAMES, bulletin_charts, month_chart
from reports.bulletin.snapshot import BulletinView
from reports.bulletin.tables import bulletin_tables
from reports.bulletin.text import leaders_text, overview_text, sectors_text, units_text
from reports.pdf import DocumentHeader, render_pdf

PDF_TEMPLATE = "reports/bulletin/bulletin_pdf.html"

STATE_NOTES = {
    "published": "",
    "draft": "（草稿，未发布）",
    "live": "（即时计算，未发布）",
}


def bulletin_document(v: BulletinView, state: str) -> DocumentHeader:
    issued = (v.issued_at or v.computed_at).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    subtitle = f"（数据截至{v.as_of.year}年{v.as_of.month}月{v.as_of.day}日，仅计已认定记录）{STATE_NOTES[state]}"
    return DocumentHeader.monthly_bulletin(
        year=v.year, month=v.month, number=v.number, issued_on=issued, subtitle=subtitle
    )


def bulletin_context(snap: dict, *, problems: str, next_steps: str, state: str) -> dict:
    v = BulletinView(snap)
    five = five_colour_views_of(v)
    return {
        "v": v,
        "state": state,
        "problems": problems,
        "next_steps": next_steps,
        "tables": bulletin_tables(v),
        "charts": bulletin_charts(v),
        "text": {
            "overview": overview_text(v),
            "sectors": sectors_text(v),
            "units": units_text(v),
            "leaders": leaders_text(v),
        },
        "five": five,
        "month_charts": (
            {key: month_chart(v.five_colour, five.legend, key) for key in MONTH_CHART_NAMES} if five else {}
        ),
        "document": bulletin_document(v, state),
    }


def five_colour_views_of(v: BulletinView):
    """Section 五 from the snapshot's five-colour data (``reports.five_colour``): its legend, tables and charts."""
    if not v.five_colour:
        return None
    from reports.five_colour import five_colour_views

    return five_colour_views(v.five_colour)


def bulletin_pdf(snap: dict, *, problems: str, next_steps: str, state: str) -> bytes:
    context = bulletin_context(snap, problems=problems, next_steps=next_steps, state=state)
    v = context["v"]
    return render_pdf(
        PDF_TEMPLATE,
        context,
        identifier=f"bulletin-{v.year}-{v.month:02d}",
        created=v.issued_at or v.computed_at,
    )


def bulletin_xlsx_tables(context: dict) -> list[Table]:
    tables = list(context["tables"].values())
    five = context["five"]
    if five is not None:
        tables += [five.indicator_table, five.month_table]
    return tables


def pdf_filename(v: BulletinView, state: str) -> str:
    return f"{v.year}年第{v.number}期招商引资工作月通报{STATE_NOTES[state]}.pdf"
