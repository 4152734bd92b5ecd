"""A score in plain words (scoring.rules.wording): no letters, no setting names, a note on every row, the formula kept."""

import re
from decimal import Decimal

from scoring.rules import Rules
from scoring.rules.wording import explain_unit
from tests.scoring.rulekit import score, unit

LETTERS = re.compile(r"(?<![A-Za-z])(C|TC|F|TF|r|k|avg|W)(?![A-Za-z])")
RULES = Rules(year=2023)


def rows(units, uid=1, **settings):
    scores = score(units, **settings)
    return {e.key: e for e in explain_unit(scores.unit(uid), scores.rules)}


def assert_plain(explained):
    for e in explained.values():
        for text in (e.inputs, e.working, e.note):
            assert not LETTERS.search(text), text
            assert "歧义" not in text and "min(" not in text and "max(" not in text, text
        assert e.note, e.key


def test_the_contract_indicator_reads_as_the_ranking_notice_does():
    e = rows([unit(1, tc=30, c="27.5")])
    assert_plain(e)
    assert e["contract"].working == "完成值 27.5 ÷ 目标 30 × 权重 20 = 18.33 分"
    assert e["contract"].note == "完成年度目标的 91.67%，还差 2.5 亿元得满分"
    assert e["contract"].formula.startswith("min(20, C ÷ TC × 20)：min(20, 27.5000 ÷ 30.0000 × 20) = 18.33")


def test_a_capped_indicator_says_the_cap():
    e = rows([unit(1, tc=30, c=35, tf=4, f=9)])
    assert e["contract"].working == "完成值 35 ÷ 目标 30 × 权重 20 = 23.33，超过权重按 20.00 分计"
    assert e["funds"].note.startswith("已完成年度到位资金目标（完成 225.00%）")


def test_relative_indicators_speak_of_the_average_in_percent():
    e = rows([unit(1, c=10, f=2, signed=4, started=1), unit(2, c=4, f=2, signed=2, started=2)])
    assert_plain(e)
    assert e["funds_rate"].inputs == "到位资金 2 亿元 ÷ 新签约正式合同额 10 亿元 = 20.00%；参评单位平均 35.00%"
    assert e["funds_rate"].working == "本单位 20.00% ÷ 平均 35.00% × 权重 20 = 11.43 分"
    assert e["funds_rate"].note == "低于参评单位平均 15.00 个百分点，达到平均即得满分"
    assert e["start_rate"].inputs.startswith("近3年首次签约项目 4 个，已开工 1 个，开工率 25.00%")


def test_the_settings_cases_are_plain_and_the_setting_is_named_only_in_the_formula():
    e = rows([unit(1, tc=0, c="0.5", f=1), unit(2, c=2, f=1)])
    assert_plain(e)
    assert e["contract"].working == "年度目标为0，有已认定数额，得满分 20.00 分"
    assert "歧义B" in e["contract"].formula
    e = rows([unit(1, c=0, f=1), unit(2, c=2, f=1)])
    assert e["funds_rate"].working == "本期无新签约正式合同额，不参与平均，有到位资金，得满分 20.00 分"
    assert "歧义C" in e["funds_rate"].formula
    assert e["start_rate"].working == "近3年没有签约项目，不参与平均，得 0.00 分"


def test_bonus_and_daily_work_have_notes_too():
    e = rows([unit(1)])
    assert_plain(e)
    assert e["bonus"].inputs == "无加分项目" and "不设上限" in e["bonus"].note
    assert e["daily"].working.startswith("满分 10 − 扣 ")
    assert e["daily"].score == Decimal("0.00")  # no report filed all year: deducted in full
    assert "扣完为止" in e["daily"].working


def test_the_ranking_notice_names_no_setting_either():
    from reports.ranking.notice import arithmetic

    scores = score([unit(1, tc=0, c="0.5", f=1), unit(2, c=0, f=1)])
    first, second = (arithmetic(scores.unit(u), scores.rules) for u in (1, 2))
    assert "歧义" not in first + second
    assert "正式合同额年度目标为0，有已认定数额，得满分 20.00 分" in first
    assert "资金到位率：本期无新签约正式合同额，不参与平均，有到位资金，得满分 20.00 分" in second
