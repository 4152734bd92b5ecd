import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.validators import PasswordStrengthValidator
from audit.models import AuditEvent
from tests.conftest import PASSWORD


@pytest.mark.parametrize("password", ["Abcdefg1", "abcdefg1!", "ABCDEFG1!", "Abcdefgh!", "密码Abc12345"])
def test_eight_characters_of_three_classes_are_accepted(password):
    PasswordStrengthValidator().validate(password)


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1!", "至少需要 8 个字符"),
        ("abcdefgh", "至少 3 类（当前只有：小写字母）"),
        ("abcdefg1", "至少 3 类（当前只有：小写字母、数字）"),
        ("12345678", "至少 3 类（当前只有：数字）"),
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_message(password, message):
    with pytest.raises(ValidationError) as caught:
        PasswordStrengthValidator().validate(password)
    assert any(message in m for m in caught.value.messages)


def test_the_configured_validators_refuse_a_short_simple_password(db):
    with pytest.raises(ValidationError) as caught:
        validate_password("abc123")
    assert "密码太短" in " ".join(caught.value.messages)


def test_a_new_account_records_when_its_password_was_set(db):
    user = User(username="new", role="auditor")
    user.set_password(PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.password_changed_at is not None


def test_changing_the_password_checks_the_rules_in_chinese(client, auditor):
    client.force_login(auditor)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "simplepass", "new_password2": "simplepass"},
    )
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    auditor.refresh_from_db()
    assert auditor.check_password(PASSWORD)


def test_the_new_password_must_differ_from_the_old(client, auditor):
    client.force_login(auditor)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert "新密码不能与原密码相同" in response.content.decode()


def test_a_password_change_is_saved_dated_and_audited(client, auditor, time_machine):
    time_machine.move_to("2024-03-01 10:00:00+08:00", tick=False)
    client.force_login(auditor)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Neu-Passwort9", "new_password2": "Neu-Passwort9"},
    )
    assert response.status_code == 302
    auditor.refresh_from_db()
    assert auditor.check_password("Neu-Passwort9")
    assert auditor.password_changed_at.isoformat() == "2024-03-01T02:00:00+00:00"
    assert AuditEvent.objects.filter(action="auth.password_change", user=auditor).exists()
