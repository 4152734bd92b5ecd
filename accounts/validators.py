"""Password rules (GB/T 22239-2019 8.1.4.1): at least 8 characters of at least 3 of the 4 character classes."""

import re

from django.core.exceptions import ValidationError

CLASSES = [
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("特殊符号", re.compile(r"[^A-Za-z0-9]")),
]


def character_classes(password: str) -> list[str]:
    return [name for name, pattern in CLASSES if pattern.search(password)]


class PasswordStrengthValidator:
    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password, user=None):
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    f"密码太短：至少需要 {self.min_length} 个字符，当前只有 {len(password)} 个。",
                    code="password_too_short",
                )
            )
        found = character_classes(password)
        if len(found) < self.min_classes:
            have = "、".join(found) if found else "无"
            errors.append(
                ValidationError(
                    f"密码须包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类（当前只有：{have}）。",
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return (
            f"至少 {self.min_length} 个字符，且包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类。"
        )
