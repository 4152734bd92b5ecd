"""The security tests share one world per module (built once through the services, rolled back at the end) so that
hundreds of requests stay fast; each request runs in its own rolled-back transaction."""

import pytest
from django.db import transaction
from django.test.utils import override_settings

from tests.security.world import build_world

FAST = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}


@pytest.fixture(scope="session")
def security_media(tmp_path_factory):
    return tmp_path_factory.mktemp("security-media")


@pytest.fixture(autouse=True)
def _fast_hasher(settings, security_media):
    """Replaces the suite's autouse fixture: the module's world keeps its evidence files in one media folder."""
    settings.PASSWORD_HASHERS = FAST["PASSWORD_HASHERS"]
    settings.MEDIA_ROOT = security_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, security_media):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=security_media, **FAST):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
