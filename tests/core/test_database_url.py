"""DATABASE_URL → DATABASES: PostgreSQL connections run without JIT compilation (it cost 20–25 ms of planning on a
report page's grouped queries and never paid back), unless the URL's own ``options`` say otherwise."""

import pytest
from django.db import connection

from wushan_invest.settings import database_from_url


def test_postgres_connections_turn_jit_off():
    db = database_from_url("postgres://postgres@127.0.0.1:5432/wushan")
    assert db["OPTIONS"]["options"] == "-c jit=off"


def test_the_url_may_set_its_own_options():
    db = database_from_url("postgres://postgres@127.0.0.1:5432/wushan?options=-c%20jit%3Don&sslmode=require")
    assert db["OPTIONS"] == {"options": "-c jit=on", "sslmode": "require"}


def test_sqlite_is_untouched():
    assert "options" not in database_from_url("sqlite:///var/x.sqlite3")["OPTIONS"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_live_connection_has_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
