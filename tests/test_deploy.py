"""The documented production start (docs/deploy.md): gunicorn, whitenoise, production settings."""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    return env | {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUST_X_FORWARDED_PROTO": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def get(port: int, path: str, headers: dict) -> tuple[int, dict, str]:
    """One GET without following redirects."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        headers = dict(response.getheaders())
        headers["cookies"] = response.msg.get_all("Set-Cookie") or []
        return response.status, headers, response.read().decode()
    finally:
        conn.close()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = production_env(tmp_path) | {"ALLOWED_HOSTS": ""}
    assert "needs ALLOWED_HOSTS" in manage(env, "check").stderr


def test_a_negative_proxy_count_is_refused(tmp_path):
    env = production_env(tmp_path) | {"TRUSTED_PROXY_COUNT": "-1"}
    assert "TRUSTED_PROXY_COUNT is the number of proxies" in manage(env, "check").stderr


def test_the_deploy_checks_pass_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_gunicorn_serves_pages_and_static_files_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput", "-v0").returncode == 0
    assert manage(env, "createcachetable").returncode == 0
    assert manage(env, "collectstatic", "--noinput", "-v0").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "callcenter.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        https = {"X-Forwarded-Proto": "https"}
        for _ in range(100):
            try:
                status, headers, body = get(port, "/accounts/login/", https)
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200
        assert "Sign in" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        (csrf,) = [c for c in headers["cookies"] if c.startswith("csrftoken=")]
        assert {"secure", "httponly"} <= {a.strip().lower() for a in csrf.split(";")}
        css = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', body).group(1)
        assert get(port, css, https)[0] == 200
        status, headers, _ = get(port, "/accounts/login/", {})
        assert status == 301 and headers["Location"].startswith("https://")
        assert get(port, "/", https)[0] == 302  # signed out: to the login
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_no_script_of_ours_reads_cookies_so_the_csrf_cookie_can_be_http_only():
    # Forms carry {% csrf_token %}; DRF's browsable API and the Swagger UI take the token from the
    # page, not the cookie. A script reading document.cookie would break with HttpOnly.
    scripts = sorted((ROOT / "static" / "js").glob("**/*.js"))
    assert scripts
    assert [s.name for s in scripts if "cookie" in s.read_text().lower()] == []
