"""总部所在地 split into province and city: what is written back reads the same when split again (a law)."""

from hypothesis import given
from hypothesis import strategies as st

from enterprises.regions import join_region, split_region


def test_the_usual_ways_of_writing_a_region():
    assert split_region("广东省深圳市") == ("广东省", "深圳市")
    assert split_region("北京市") == ("北京市", "北京市") and join_region("北京市", "北京市") == "北京市"
    assert split_region("重庆市渝中区") == ("重庆市", "渝中区")
    assert split_region("新疆维吾尔自治区乌鲁木齐市") == ("新疆维吾尔自治区", "乌鲁木齐市")
    assert split_region("四川省凉山彝族自治州西昌市") == ("四川省", "凉山彝族自治州")
    assert split_region("深圳") == ("深圳", "")
    assert split_region(" ") == ("", "")


PARTS = st.sampled_from(
    [
        "广东省",
        "深圳市",
        "北京市",
        "重庆市",
        "自治区",
        "州",
        "省",
        "市",
        "区",
        "地区",
        "盟",
        "新疆",
        "特别行政区",
        "a",
        " ",
    ]
)


@given(st.lists(PARTS, max_size=6).map("".join) | st.text(max_size=12))
def test_a_written_region_splits_back_to_itself(text):
    province, city = split_region(text)
    assert split_region(join_region(province, city)) == (province, city)
