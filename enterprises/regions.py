"""总部所在地: a region as the county writes it (广东省深圳市, 北京市海淀区, 重庆市) split into province and city."""

import re

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
PROVINCE = re.compile(r"^(.+?(?:省|自治区|特别行政区))(.*)$")
CITY = re.compile(r"^(.+?(?:自治州|地区|市|州|盟))")


def split_region(text: str) -> tuple[str, str]:
    """(province, city). A municipality is its own province and city unless a district follows (北京市海淀区 → 北京市,
    海淀区); text without a province suffix is kept whole as the province, so nothing typed is lost."""
    text = re.sub(r"[\s\u3000]+", "", text or "")
    if not text:
        return "", ""
    for name in MUNICIPALITIES:
        if text.startswith(name):
            return name, text[len(name) :] or name
    match = PROVINCE.match(text)
    if not match:
        return text, ""
    province, rest = match[1], match[2]
    city = CITY.match(rest)
    return province, (city[1] if city else rest)


def join_region(province: str, city: str) -> str:
    """A municipality once (北京市, not 北京市北京市); anything else as split."""
    return province if city == province and province in MUNICIPALITIES else province + city
