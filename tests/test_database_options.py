"""PostgreSQL connections run without JIT (callcenter/settings.py): the planner overestimates
recursive walks a hundredfold and compiled a 2 ms walk for 150-235 ms."""

import json
import os
import subprocess
import sys

from django.db import connection

OPTIONS = "settings.DATABASES['default']['OPTIONS']"
SHOW = f"from django.conf import settings; print(json.dumps({OPTIONS}))"


def options_with(env: dict) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", f"import json, django; django.setup(); {SHOW}"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "callcenter.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_app_s_postgresql_connections_have_jit_off(on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_jit_is_a_setting_and_can_be_left_to_the_server():
    url = {"DATABASE_URL": "postgres://app@db.example:5432/org"}
    assert options_with(url) == {"options": "-c jit=off"}
    assert options_with({**url, "DATABASE_JIT": "on"}) == {"options": "-c jit=on"}
    # Behind a pooler that refuses startup options the database's own setting applies.
    assert options_with({**url, "DATABASE_JIT": "server"}) == {}
    # SQLite has no JIT: its options are its own.
    assert "options" not in options_with({"DATABASE_URL": "sqlite:///:memory:"})
