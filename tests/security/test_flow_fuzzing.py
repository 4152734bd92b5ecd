"""Fuzzing of the steps a form does not show on its own: the confirm steps of the two imports (the breakdown table's
confirm and cancel, the records ledger's confirm), the second-factor step of sign-in outside its flow, and the
sign-in form posted by someone already signed in. Whatever the session holds and whatever is posted (no preview,
a forged or another user's preview token, a replayed confirm, random fields), the answer is never a server error,
a refusal says why in Chinese and leaves the database unchanged, and nobody gets signed in.

Each example runs in a rolled-back transaction on the module's world (tests/security/world.py); files written by an
upload in an example stay behind in the test media folder, which the examples never rely on."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import SESSION_KEY as AUTH_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts import otp
from accounts.models import Role, TOTPDevice
from accounts.services import SECOND_FACTOR_SESSION_KEY
from projects.ledger import template_workbook
from tests.conftest import PLAN_2023, make_user
from tests.security.fuzzkit import NASTY_VALUE, fingerprint, fuzz_settings

CJK = re.compile(r"[\u4e00-\u9fff]")
TARGETS_KEY, LEDGER_KEY = "targets_import", "ledger_upload"

RANDOM_FIELDS = st.dictionaries(
    st.sampled_from(["token", "key", "year", "name", "confirm", "next", "file", "suffix", "x"]),
    st.one_of(NASTY_VALUE, st.lists(NASTY_VALUE, min_size=2, max_size=3)),
    max_size=4,
)
# What a session could hold under the import's key if it were damaged or left by an older version of the code.
SESSION_GARBAGE = st.one_of(
    NASTY_VALUE,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.lists(NASTY_VALUE, max_size=3),
    st.dictionaries(
        st.sampled_from(["token", "name", "year", "suffix"]),
        st.one_of(
            NASTY_VALUE,
            st.sampled_from(["../../etc/passwd", "0" * 32, "a" * 32, ".xlsx", ".csv", ".exe"]),
            st.integers(min_value=-(10**20), max_value=10**20),
            st.none(),
            st.lists(st.integers(), max_size=2),
        ),
        max_size=4,
    ),
)


def signed_in(world, role) -> Client:
    client = Client()
    client.force_login(world["users"][role] if isinstance(role, str) else role)
    return client


def set_session(client, key, value):
    session = client.session
    if value is None:
        session.pop(key, None)
    else:
        session[key] = value
    session.save()


def messages_of(response) -> list[str]:
    context = response.context
    if context is None or "messages" not in context:
        return []
    return [str(m) for m in context["messages"]]


def chinese_message(response) -> bool:
    return any(CJK.search(m) for m in messages_of(response))


def upload_plan(client) -> dict:
    plan = SimpleUploadedFile("分解表.csv", PLAN_2023.read_bytes(), content_type="text/csv")
    response = client.post(reverse("targets:import"), {"year": 2023, "file": plan})
    assert response.status_code == 302, "目标任务分解表上传失败"
    return dict(client.session[TARGETS_KEY])


def upload_ledger(client) -> dict:
    ledger = SimpleUploadedFile("台账.xlsx", template_workbook(), content_type="application/octet-stream")
    response = client.post(reverse("projects:ledger"), {"file": ledger})
    assert response.status_code == 200
    return dict(client.session[LEDGER_KEY])


# --- the breakdown table's confirm and cancel --------------------------------------------------------------------------


@given(
    session=st.sampled_from(["none", "own", "other", "garbage"]),
    token=st.one_of(st.sampled_from(["missing", "own", "other"]), NASTY_VALUE),
    garbage=SESSION_GARBAGE,
    extra=RANDOM_FIELDS,
    replay=st.booleans(),
)
@fuzz_settings(max_examples=25)
def _fuzz_import_confirm(world, session, token, garbage, extra, replay):
    confirm = reverse("targets:import_confirm")
    with transaction.atomic():
        client = signed_in(world, "auditor")
        own = upload_plan(client) if session == "own" else None
        other = upload_plan(signed_in(world, "admin"))  # another user's preview, with its own token
        if session == "other":
            set_session(client, TARGETS_KEY, other)  # at most its session entry; never its session
        elif session == "garbage":
            set_session(client, TARGETS_KEY, garbage)
        data = dict(extra)
        if token == "own":
            data["token"] = own["token"] if own else "0" * 32
        elif token == "other":
            data["token"] = other["token"]
        elif token == "missing":
            data.pop("token", None)
        else:
            data["token"] = token
        accepted = own is not None and data["token"] == own["token"]
        before = fingerprint()
        response = client.post(confirm, data, follow=True)
        assert response.status_code < 500, response.status_code
        assert chinese_message(response), messages_of(response)
        if not accepted and session != "other":
            assert fingerprint() == before, "被拒绝的确认改动了数据库"
        if replay or accepted:  # the same confirm again: the preview is gone, nothing is imported twice
            after = fingerprint()
            response = client.post(confirm, data, follow=True)
            assert response.status_code < 500
            assert any("失效" in m for m in messages_of(response)) or not accepted, messages_of(response)
            assert chinese_message(response)
            assert fingerprint() == after, "重复提交的确认改动了数据库"
        transaction.set_rollback(True)


def test_no_forged_or_replayed_confirm_of_the_breakdown_import_crashes_or_imports(db, world):
    _fuzz_import_confirm(world)


def test_another_users_preview_token_confirms_nothing(db, world):
    with transaction.atomic():
        other = upload_plan(signed_in(world, "admin"))
        client = signed_in(world, "auditor")
        before = fingerprint()
        response = client.post(reverse("targets:import_confirm"), {"token": other["token"]}, follow=True)
        assert response.status_code == 200
        assert any("失效" in m for m in messages_of(response))
        assert fingerprint() == before
        transaction.set_rollback(True)


def test_a_replayed_confirm_of_the_breakdown_import_imports_nothing_twice(db, world):
    with transaction.atomic():
        client = signed_in(world, "auditor")
        own = upload_plan(client)
        first = client.post(reverse("targets:import_confirm"), {"token": own["token"]}, follow=True)
        assert any("已导入" in m for m in messages_of(first)), messages_of(first)
        after = fingerprint()
        again = client.post(reverse("targets:import_confirm"), {"token": own["token"]}, follow=True)
        assert any("失效" in m for m in messages_of(again))
        assert fingerprint() == after
        transaction.set_rollback(True)


@given(session=st.sampled_from(["none", "own", "garbage"]), garbage=SESSION_GARBAGE, extra=RANDOM_FIELDS)
@fuzz_settings(max_examples=25)
def _fuzz_import_cancel(world, session, garbage, extra):
    with transaction.atomic():
        client = signed_in(world, "auditor")
        if session == "own":
            upload_plan(client)
        elif session == "garbage":
            set_session(client, TARGETS_KEY, garbage)
        before = fingerprint()
        response = client.post(reverse("targets:import_cancel"), extra, follow=True)
        assert response.status_code < 500, response.status_code
        assert chinese_message(response), messages_of(response)
        assert fingerprint() == before, "取消导入改动了数据库"
        assert TARGETS_KEY not in client.session
        transaction.set_rollback(True)


def test_no_cancel_of_the_breakdown_import_crashes_or_writes(db, world):
    _fuzz_import_cancel(world)


# --- the records ledger's confirm ------------------------------------------------------------------------------------


@given(
    session=st.sampled_from(["none", "own", "other", "garbage"]),
    garbage=SESSION_GARBAGE,
    extra=RANDOM_FIELDS,
    replay=st.booleans(),
)
@fuzz_settings(max_examples=25)
def _fuzz_ledger_confirm(world, session, garbage, extra, replay):
    confirm = reverse("projects:ledger_confirm")
    with transaction.atomic():
        client = signed_in(world, "auditor")
        if session == "own":
            if extra.get("token") is None:  # the preview's own token, unless the example forged one
                extra = {**extra, "token": upload_ledger(client)["token"]}
            else:
                upload_ledger(client)
        elif session == "other":  # another auditor previewed; this one confirms, posting the other's token
            other = upload_ledger(signed_in(world, make_user("auditor_other", Role.AUDITOR)))
            extra = {**extra, "token": other["token"]}
        elif session == "garbage":
            set_session(client, LEDGER_KEY, garbage)
        before = fingerprint()
        response = client.post(confirm, extra, follow=True)
        assert response.status_code < 500, response.status_code
        assert chinese_message(response), messages_of(response)
        errors = any("错误" in m or "重新上传" in m for m in messages_of(response))
        if session != "own" or errors:
            assert fingerprint() == before, "被拒绝的确认改动了数据库"
        if replay:
            after = fingerprint()
            response = client.post(confirm, extra, follow=True)
            assert response.status_code < 500
            assert chinese_message(response)
            if not errors:  # after an import (or a refusal) the preview is gone: nothing is imported twice
                assert fingerprint() == after, "重复提交的确认改动了数据库"
        transaction.set_rollback(True)


def test_no_forged_or_replayed_confirm_of_the_ledger_import_crashes_or_imports(db, world):
    _fuzz_ledger_confirm(world)


# --- the second factor outside its flow ------------------------------------------------------------------------------

CODES = st.one_of(st.from_regex(r"\A[0-9]{6}\Z"), st.from_regex(r"\A[0-9 ]{0,9}\Z"), NASTY_VALUE)
NEXTS = st.one_of(
    st.none(), st.sampled_from(["/", "/accounts/login/", "/accounts/2fa/verify/", "abc", "//evil.example"]), NASTY_VALUE
)


@given(
    who=st.sampled_from(["anonymous", "filer", "filer-owing", "filer-owing-setup"]),
    method=st.sampled_from(["get", "post"]),
    code=st.one_of(st.none(), CODES),
    next_url=NEXTS,
    extra=RANDOM_FIELDS,
)
@fuzz_settings(max_examples=25)
def _fuzz_otp_verify(world, who, method, code, next_url, extra):
    filer = world["users"]["filer"]
    with transaction.atomic():
        if who == "anonymous":
            client = Client()
        else:
            client = signed_in(world, filer)
            TOTPDevice.objects.create(user=filer, secret=otp.new_secret())
            owed = {"filer": "", "filer-owing": "verify", "filer-owing-setup": "setup"}[who]
            set_session(client, SECOND_FACTOR_SESSION_KEY, owed)
        data = {k: v for k, v in {**extra, "code": code, "next": next_url}.items() if v is not None}
        response = getattr(client, method)(reverse("otp_verify"), data)
        assert response.status_code < 500, response.status_code
        session = client.session
        if who == "anonymous":
            assert AUTH_KEY not in session, "第二步验证让匿名用户登录了"
        elif who.startswith("filer-owing") and AUTH_KEY in session:
            assert session.get(SECOND_FACTOR_SESSION_KEY) == owed, "随机验证码通过了第二步验证"
        transaction.set_rollback(True)


def test_the_second_factor_step_outside_its_flow_never_crashes_or_signs_anyone_in(db, world):
    _fuzz_otp_verify(world)


# --- the sign-in form posted by someone signed in --------------------------------------------------------------------


@given(
    role=st.sampled_from(["filer", "auditor", "admin"]),
    method=st.sampled_from(["get", "post"]),
    username=st.one_of(st.sampled_from(["filer", "auditor", "sysadmin", "filer_other"]), NASTY_VALUE),
    password=st.one_of(st.just("wrong"), NASTY_VALUE),
    next_url=NEXTS,
    in_query=st.booleans(),
)
@fuzz_settings(max_examples=25)
def _fuzz_signed_in_login(world, role, method, username, password, next_url, in_query):
    user = world["users"][role]
    with transaction.atomic():
        client = signed_in(world, user)
        data = {"username": username, "password": password}
        url = reverse("login")
        if next_url is not None:
            if in_query or method == "get":
                url += "?" + urlencode({"next": next_url})
            else:
                data["next"] = next_url
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code < 500, response.status_code
        assert client.session.get(AUTH_KEY) == str(user.pk), "已登录用户提交登录表单后换成了别的账号"
        transaction.set_rollback(True)


def test_the_sign_in_form_posted_by_a_signed_in_user_never_crashes(db, world):
    _fuzz_signed_in_login(world)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_signed_in_user_sent_to_the_sign_in_page_itself_goes_home_not_a_server_error(client, db, world, method):
    """Found by the fuzzing: ?next=/accounts/login/ for a signed-in user made Django raise ValueError
    ("Redirection loop for authenticated user detected"), a 500."""
    client.force_login(world["users"]["filer"])
    response = getattr(client, method)("/accounts/login/?next=/accounts/login/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("entry", ["None", 7, ["a"], {"token": 7}, {"token": None, "name": 1}])
def test_a_damaged_ledger_preview_in_the_session_asks_for_a_new_upload_not_a_server_error(db, world, entry):
    """Found by the fuzzing: a session entry that was not a dict (or a token that was not text) raised
    AttributeError in the ledger's confirm."""
    client = signed_in(world, "auditor")
    set_session(client, LEDGER_KEY, entry)
    response = client.post(reverse("projects:ledger_confirm"), follow=True)
    assert response.status_code == 200
    assert any("请重新上传台账文件" in m for m in messages_of(response))
