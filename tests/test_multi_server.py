"""Past one machine (issue 21): two app servers on one database hold one set of sessions and limits.

Two gunicorn processes on two ports, as two hosts behind a load balancer would be, share the
database (a SQLite file here, a database of its own on a PostgreSQL run) and its cache table. A
client signs in on one and is signed in on the other; the throttle and the sign-in lockout
counted on one hold on the other. Real HTTP, production settings."""

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import yaml
from django.core.management import get_commands, load_command_class
from django.db import connections

from tests.test_db_router import postgres_copy
from tests.test_deploy import ROOT, production_env
from tests.test_limits import gunicorn

# Only so that pytest-django sets up the test database, which the servers' database copies.
copies_the_test_database = pytest.mark.django_db
LOGIN, PAGE, TOKEN = "/accounts/login/", "/roles/", "/api/v1/auth/token/"


class Browser:
    """Cookies kept by hand: the production cookies are Secure, and this HTTPS is only a header
    (X-Forwarded-Proto, as the proxy would send), so a cookie jar would not send them back."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(self, port: int, method: str, path: str, **kwargs) -> httpx.Response:
        base = f"https://127.0.0.1:{port}"
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": base + path,  # Django's CSRF check wants one on HTTPS
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **kwargs.pop("headers", {}),
        }
        response = httpx.request(
            method, f"http://127.0.0.1:{port}{path}", headers=headers, timeout=10, **kwargs
        )
        for cookie in response.headers.get_list("set-cookie"):
            name, value = cookie.split(";")[0].split("=", 1)
            self.cookies[name] = value
        return response

    def sign_in(self, port: int, username: str, password: str) -> httpx.Response:
        form = self.send(port, "GET", LOGIN).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        credentials = {"username": username, "password": password}
        return self.send(port, "POST", LOGIN, data=credentials | {"csrfmiddlewaretoken": token})


# In the servers' environment: the cache table (the tests' own cache is in memory), two users, and
# the pages' static files, uncompressed: whitenoise's compression of the Swagger UI alone takes a
# minute on a busy machine, and test_deploy.py tests the compressed ones. A cheap password
# hash, so that the lockout's failed sign-ins cost no PBKDF2 at its full cost.
PREPARE = """
import django
django.setup()
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test.utils import override_settings

call_command("createcachetable")
hasher = PBKDF2PasswordHasher()
for name in ("emil", "mia"):
    password = hasher.encode(f"pw-{name}-2026", hasher.salt(), iterations=1000)
    User.objects.create(username=name, password=password)
plain = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
with override_settings(STORAGES={"staticfiles": {"BACKEND": plain}}):
    # Only what the pages here need: the API's and the admin's own files are 13 MB.
    skip = ["drf_spectacular_sidecar", "rest_framework", "admin"]
    call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=skip)
"""


def copy_of_the_test_database(tmp_path: Path) -> Iterator[str]:
    """The servers' database: a copy of pytest's, migrated already (a fresh `migrate` takes half
    a minute on a busy machine)."""
    default = connections["default"].settings_dict
    if default["ENGINE"].endswith("sqlite3"):
        path = tmp_path / "servers.sqlite3"
        connections["default"].ensure_connection()
        with sqlite3.connect(path) as copy:
            connections["default"].connection.backup(copy)
        copy.close()
        yield f"sqlite:///{path}"
        return
    with postgres_copy(default, "servers") as name:
        secret = f":{quote(default['PASSWORD'])}" if default["PASSWORD"] else ""
        where = f"{default['HOST']}:{default['PORT'] or 5432}"
        yield f"postgres://{default['USER']}{secret}@{where}/{name}"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, django_db_setup, django_db_blocker) -> Iterator[tuple[int, int]]:
    tmp_path = tmp_path_factory.mktemp("two-servers")
    with ExitStack() as stack:
        with django_db_blocker.unblock():
            database = stack.enter_context(contextmanager(copy_of_the_test_database)(tmp_path))
        env = production_env(tmp_path) | {"DATABASE_URL": database, "API_TOKEN_RATE": "3/minute"}
        env.pop("REDIS_URL", None)  # the shared cache: the database's cache table
        done = subprocess.run(
            [sys.executable, "-c", PREPARE], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        with ThreadPoolExecutor(2) as pool:  # both start at once: half the wait
            starting = [
                pool.submit(stack.enter_context, gunicorn(env, tmp_path / f"{n}.log")) for n in "ab"
            ]
            a, b = (future.result() for future in starting)
        yield a, b


@copies_the_test_database
def test_a_session_made_on_one_server_is_valid_on_the_other(two_servers):
    a, b = two_servers
    browser = Browser()
    assert browser.send(b, "GET", PAGE).status_code == 302  # not signed in: to the sign-in page

    signed_in = browser.sign_in(a, "mia", "pw-mia-2026")

    assert signed_in.status_code == 302 and "sessionid" in browser.cookies
    on_b = browser.send(b, "GET", PAGE)
    assert on_b.status_code == 200
    assert "mia" in on_b.text
    # Signing out on B ends the session on A as well.
    token = browser.cookies["csrftoken"]
    signed_out = browser.send(b, "POST", "/accounts/logout/", data={"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert browser.send(a, "GET", PAGE).status_code == 302


@copies_the_test_database
def test_a_lockout_counted_on_both_servers_holds_on_each(two_servers):
    a, b = two_servers
    failures = [Browser().sign_in(port, "emil", "wrong").status_code for port in (a, b, a, b, a)]
    right_password_on_b = Browser().sign_in(b, "emil", "pw-emil-2026")

    assert failures == [200, 200, 200, 200, 429]  # the fifth failure locks, wherever it lands
    assert right_password_on_b.status_code == 429


@copies_the_test_database
def test_the_throttle_counted_on_one_server_holds_on_the_other(two_servers):
    a, b = two_servers

    def ask(port: int) -> int:
        return Browser().send(port, "POST", TOKEN, json={}).status_code

    on_a = [ask(a) for _ in range(3)]
    on_b = ask(b)

    assert on_a == [400, 400, 400]  # no credentials: refused, and counted
    assert on_b == 429


# ---------------------------------------------------------------- compose.yaml, not run here
# Docker is not installed where these tests run: the file is checked, not started.

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def manage_py_calls(command: list[str] | str) -> list[list[str]]:
    """Each `manage.py <command> <args…>` of a service's command, a list or a `sh -c` script."""
    script = command[-1] if command[:2] in (["sh", "-c"], ["bash", "-c"]) else shlex.join(command)
    calls = []
    for part in re.split(r"&&|&|;", script):
        words = shlex.split(part)
        if "manage.py" in words:
            calls.append(words[words.index("manage.py") + 1 :])
    return calls


def test_compose_has_a_database_a_cache_two_app_servers_a_worker_and_a_proxy():
    assert set(SERVICES) == {"db", "cache", "setup", "app1", "app2", "worker", "proxy"}
    assert SERVICES["db"]["image"].startswith("postgres:15")
    assert SERVICES["cache"]["image"].startswith("redis:")
    for server in ("app1", "app2"):
        assert SERVICES[server]["command"][:2] == ["gunicorn", "callcenter.wsgi:application"]
        assert SERVICES[server]["depends_on"]["setup"] == {
            "condition": "service_completed_successfully"
        }
    assert (ROOT / SERVICES["app1"]["build"]["dockerfile"]).is_file()
    # nginx sends to the name both app servers carry, looked up as it is used (deploy/nginx.conf).
    nginx = (ROOT / "deploy/nginx.conf").read_text()
    assert "set $app_servers http://app-servers:8000;" in nginx
    assert "proxy_pass $app_servers;" in nginx
    for server in ("app1", "app2"):
        assert SERVICES[server]["networks"]["default"]["aliases"] == ["app-servers"]
    assert "0.0.0.0:8000" in SERVICES["app1"]["command"]


def test_every_manage_py_call_in_compose_is_a_real_command_with_valid_arguments():
    commands = get_commands()
    calls = [c for s in SERVICES.values() for c in manage_py_calls(s.get("command", []))]
    for name, *args in calls:
        assert name in commands, f"manage.py {name} does not exist"
        load_command_class(commands[name], name).create_parser("manage.py", name).parse_args(args)
    names = [name for name, *_ in calls]
    assert names == [
        *("migrate", "createcachetable", "collectstatic", "setup_groups", "load_demo"),
        *("apply_due_changes", "deliver_webhooks"),
    ]
    assert manage_py_calls(SERVICES["worker"]["command"])[0] == [
        *("apply_due_changes", "--every", "3600")
    ]


def test_the_compose_environment_is_read_by_the_settings_as_meant():
    environment = SERVICES["app1"]["environment"]
    source = (ROOT / "callcenter/settings.py").read_text()
    for variable in environment:
        # DATABASE_URL is dj_database_url's own name; every other one the settings read.
        assert variable == "DATABASE_URL" or f'"{variable}"' in source, variable
    resolved = {k: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", v) for k, v in environment.items()}
    code = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.DATABASES['default']['HOST'], s.CACHES['default']['LOCATION'], str(s.STATIC_ROOT), "
        "s.TRUSTED_PROXY_COUNT, s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS, s.DEBUG]))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **resolved},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        *("db", "redis://cache:6379/0", "/srv/static", 1, False),
        *(["localhost", "127.0.0.1"], False),
    ]
    nginx = (ROOT / "deploy/nginx.conf").read_text()
    assert "alias /srv/static/;" in nginx
    assert "static:/srv/static:ro" in SERVICES["proxy"]["volumes"]
