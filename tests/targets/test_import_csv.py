"""Reading the CSV form of the breakdown table (the columns of targets_2023.csv)."""

import functools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from targets.importing import parse_csv, parse_file
from tests.targets.annex import PLAN_CSV, annex_workbook

HEADER = "year,sector,leaders,unit,unit_kind,signed_target_yi,funded_target_yi\n"


def parse(text, **kw):
    data = text.encode(kw.pop("encoding", "utf-8")) if isinstance(text, str) else text
    return parse_csv(data, year=kw.pop("year", 2023), **kw)


def messages(result):
    return [str(e) for e in result.errors]


def test_the_shipped_plan_reads_without_errors():
    result = parse(PLAN_CSV.read_bytes())
    assert result.ok
    assert len(result.rows) == 27
    assert sum(r.signed_target for r in result.rows) == Decimal("300")
    assert sum(r.funded_target for r in result.rows) == Decimal("70")


def test_a_file_saved_by_excel_in_gbk_with_chinese_headers_reads_the_same():
    text = "年度,类别,牵头领导,责任单位,单位类型,签约资金（亿元）,到位资金（亿元）\n2023,生态旅游,黄勇;水韦梁,生态旅游商务代表队,rep_team,5,1\n"
    result = parse(text, encoding="gb18030")
    assert result.ok, messages(result)
    assert result.rows[0].leaders == ("黄勇", "水韦梁")


def test_missing_columns_are_named():
    result = parse("year,sector,unit,signed_target_yi\n2023,生态旅游,县文化旅游委,30\n")
    assert messages(result) == [
        "第1行：表头缺少列：leaders、unit_kind、funded_target_yi；"
        "表头应为 year,sector,leaders,unit,unit_kind,signed_target_yi,funded_target_yi"
    ]


def test_a_column_given_twice_is_refused():
    result = parse("year,sector,leaders,unit,unit,unit_kind,signed_target_yi,funded_target_yi\n")
    assert messages(result)[0] == "第1行“unit”列：表头中此列出现了不止一次"


def test_text_and_negative_amounts_name_row_and_column():
    result = parse(
        HEADER + "2023,生态旅游,水韦梁,县文化旅游委,department,三十,4\n2023,生态旅游,水韦梁,旅发集团,soe_group,15,-3\n"
    )
    assert messages(result) == [
        "第2行“signed_target_yi”列：“三十”不是数字（金额以亿元为单位，只填数字）",
        "第3行“funded_target_yi”列：金额不能为负数（-3）",
    ]


def test_an_unknown_unit_kind_is_refused_and_a_blank_one_is_inferred():
    result = parse(HEADER + "2023,生态旅游,水韦梁,县文化旅游委,bureau,30,4\n2023,生态旅游,水韦梁,旅发集团,,15,3\n")
    assert messages(result)[0].startswith("第2行“unit_kind”列：未知的单位类型“bureau”")
    assert [(r.unit, r.unit_kind) for r in result.rows] == [("旅发集团", "soe_group")]


def test_a_chinese_kind_label_is_accepted():
    result = parse(HEADER + "2023,,王军,县招商投资事务中心,县招商投资事务中心,5,1\n2023,,,大昌镇,乡镇（街道）,0,0\n")
    assert [r.unit_kind for r in result.rows] == ["center", "town"]


def test_duplicate_rows_are_refused():
    result = parse(
        HEADER + "2023,生态旅游,水韦梁,旅发集团,soe_group,15,3\n2023,生态旅游,水韦梁,旅  发集团,soe_group,1,1\n"
    )
    assert messages(result) == ["第3行“unit”列：与第2行重复：类别“生态旅游”下的“旅发集团”只能有一行"]


def test_one_unit_with_two_kinds_is_refused():
    result = parse(
        HEADER + "2023,生态工业,王军,工贸园区管委会,committee,25,15\n2023,科技金融,王军,工贸园区管委会,department,0,1\n"
    )
    assert "单位类型“县级部门”与第2行的“管委会”不一致" in messages(result)[0]


def test_a_row_of_another_year_is_a_year_mismatch():
    result = parse(HEADER + "2022,生态旅游,水韦梁,旅发集团,soe_group,15,3\n")
    assert messages(result) == ["第2行“year”列：年度 2022 与导入年度 2023 不一致"]


def test_an_unquoted_comma_in_a_name_is_caught():
    result = parse(HEADER + "2023,生态旅游,水韦梁,旅发集团,有限公司,soe_group,15,3\n")
    assert "多于表头的7列" in messages(result)[0]


def test_empty_and_binary_files_are_refused():
    assert messages(parse(b"")) == ["第1行：文件为空"]
    assert messages(parse(b"  \n\n")) == ["第1行：文件为空"]
    assert "不是文本格式的 CSV 文件" in messages(parse(b"\x00\x01\x02garbage\xff"))[0]
    assert messages(parse(HEADER)) == ["第1行：文件中没有数据行"]


def test_names_too_long_to_store_are_refused():
    result = parse(HEADER + f"2023,生态旅游,水韦梁,{'县' * 101},department,1,1\n")
    assert "单位名称过长" in messages(result)[0]


def test_other_file_types_are_refused_by_name():
    assert "只接受 .csv 或 .xlsx 文件" in messages(parse_file("plan.pdf", b"%PDF-1.4", year=2023))[0]


def test_an_excel_file_named_csv_is_read_as_excel():
    assert parse_file("附件1.csv", annex_workbook(), year=2023).ok


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls"]))
def test_no_bytes_whatsoever_make_the_reader_raise(data, name):
    result = parse_file(name, data, year=2023)
    # read, or refused with a reason to show (``rows is not None`` held for every result: rows default to [])
    assert result.ok or (result.errors and all(e.message for e in result.errors))


@functools.cache
def good_workbook():
    return annex_workbook()


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=4000), flip=st.integers(min_value=0, max_value=255))
def test_a_damaged_workbook_never_makes_the_reader_raise(cut, flip):
    data = bytearray(good_workbook())
    position = cut % len(data)
    data[position] = flip
    result = parse_file("附件1.xlsx", bytes(data), year=2023)
    assert result.ok or result.errors
