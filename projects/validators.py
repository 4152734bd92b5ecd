"""Checks of identifiers from national standards."""

from django.core.exceptions import ValidationError

# GB 32100-2015 统一社会信用代码: 18 characters from this set (no I, O, Z, S, V); the last is a check character.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    """The code in upper case, or a ValidationError in Chinese saying what is wrong with it."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，现为{len(code)}位")
    bad = [c for c in code if c not in CREDIT_CODE_CHARS]
    if bad:
        raise ValidationError(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError("统一社会信用代码校验位不正确，请核对（可能有字符录错）")
    return code
