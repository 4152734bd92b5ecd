"""The bulletin's PDF: units' names and figures in its text, every font embedded, byte-identical re-rendering of a
published issue, and the ``bulletin`` command (INTERCHANGE.md §4)."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import client_for
from tests.reports.bulletin_kit import published_october
from tests.reports.dashboard_kit import TOURISM, TRANSPORT, fonts_embedded, frozen, hand_year, pdf_text  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")
URL = "/reports/bulletins/2023/10/bulletin.pdf"


def test_the_pdf_reads_the_units_and_figures_with_every_font_embedded(client, office):
    published_october(office)
    pdf = client_for(client, office).get(URL).content
    text = pdf_text(pdf)
    for words in (
        "招商引资工作月通报",
        "2023年第10期",
        "一、总体进展",
        "六、存在问题及下步工作",
        TOURISM,
        TRANSPORT,
        "个别单位到位资金滞后",
        "9.00",
        "1.50",
        "300.00",
        "70.00",
        "图3 招商引资考核情况五色图（指标视图）",
        "图4 正式合同额完成率五色图（月度视图）",
        "图5 到位资金完成率五色图（月度视图）",
    ):
        assert words in text, words
    assert "滞后" in text and "个百分点" in text
    assert fonts_embedded(pdf)


def test_a_published_pdf_is_byte_identical_each_time(client, office, filer, auditor):
    published_october(office)
    c = client_for(client, office)
    first = c.get(URL).content
    from tests.helpers import confirmed_contract, make_project

    with frozen():
        p = make_project(by=filer, code="Z1", credits=[(TOURISM, 100)])
        confirmed_contract(p, filer=filer, auditor=auditor, amount="3", signed_on="2023-10-20")
    assert client_for(client, office).get(URL).content == first


def test_the_command_writes_the_published_pdf(tmp_path, client, office):
    published_october(office)
    out = tmp_path / "b.pdf"
    call_command("bulletin", "--year", "2023", "--month", "10", "-o", str(out))
    assert out.read_bytes() == client_for(client, office).get(URL).content


def test_the_command_computes_an_unpublished_month_now(tmp_path):
    out = tmp_path / "b.pdf"
    call_command("bulletin", "--year", "2023", "--month", "9", "-o", str(out))
    text = pdf_text(out.read_bytes())
    assert "2023年第9期" in text and "即时计算" in text and TOURISM in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--year", "2023", "--month", "13"], "1—12"),
        (["--year", "2031", "--month", "1"], "没有目标任务分解表"),
    ],
)
def test_the_command_refuses_bad_arguments_in_chinese(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("bulletin", *args, "-o", str(tmp_path / "x.pdf"))


def test_the_command_line_exits_non_zero_without_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "manage.py", "bulletin", "--year", "abc", "--month", "1", "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr and "--year" in done.stderr
