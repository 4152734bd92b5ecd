import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from projects.validators import CREDIT_CODE_CHARS, check_credit_code, credit_code_check_char

REAL_CODES = ["91330100716105852F", "914403001922038216", "9144030071526726XG", "91110000802100433B"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_credit_codes_pass_the_gb32100_check(code):
    assert check_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    "code, message",
    [
        ("91330100716105852", "18位"),
        ("91330100716105852E", "校验位"),
        ("9133010071610585IF", "不允许的字符"),
    ],
)
def test_bad_credit_codes_are_refused_with_a_reason(code, message):
    with pytest.raises(ValidationError) as excinfo:
        check_credit_code(code)
    assert message in excinfo.value.messages[0]


@given(st.text(alphabet=CREDIT_CODE_CHARS, min_size=17, max_size=17), st.integers(min_value=0, max_value=16))
def test_changing_any_single_character_breaks_the_check(body, position):
    code = body + credit_code_check_char(body)
    assert check_credit_code(code) == code
    wrong = CREDIT_CODE_CHARS[(CREDIT_CODE_CHARS.index(code[position]) + 1) % 31]
    with pytest.raises(ValidationError):
        check_credit_code(code[:position] + wrong + code[position + 1 :])
