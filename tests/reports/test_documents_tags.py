import datetime as dt
from decimal import Decimal

import pytest

from reports.pdf import DocumentHeader
from reports.templatetags.documents import chinese_number, cn_date, cn_numeral, magnitude, zh_date


@pytest.mark.parametrize(
    ("n", "text"), [(0, "〇"), (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (31, "三十一"), (2023, "二〇二三")]
)
def test_numbers_read_as_chinese_documents_count_them(n, text):
    assert chinese_number(n) == text


def test_dates_in_chinese_numerals_and_in_arabic_numerals():
    day = dt.date(2023, 12, 31)
    assert cn_date(day) == "二〇二三年十二月三十一日"
    assert cn_date(day, "month") == "二〇二三年十二月"
    assert zh_date(day) == "2023年12月31日"
    assert zh_date(day, "month") == "2023年12月"
    assert cn_date(None) == zh_date(None) == ""
    assert cn_numeral("6") == "六" and cn_numeral("x") == ""


def test_monthly_bulletin_header_names_the_issue_the_months_and_the_office():
    header = DocumentHeader.monthly_bulletin(year=2023, month=12, number=12, issued_on=dt.date(2024, 1, 8))
    assert header.masthead == "招商引资工作月通报"
    assert header.issue_label == "2023年第12期"
    assert header.title == "2023年1—12月全县招商引资工作情况通报"
    assert header.issuer == "巫山县招商引资工作领导小组办公室"
    january = DocumentHeader.monthly_bulletin(year=2023, month=1, number=1, issued_on=dt.date(2023, 2, 8))
    assert january.title == "2023年1月全县招商引资工作情况通报"


def test_magnitude_drops_the_sign_after_rounding_half_up():
    assert magnitude(Decimal("-7.45")) == "7.5"
    assert magnitude(Decimal("12.345"), 2) == "12.35"
    assert magnitude(None) == "—"
