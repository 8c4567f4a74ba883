"""A real OpenID provider for the session: node oidc-provider (tests/identity/provider/,
installed by `npm ci` from its lock file on first use) in a second process."""

import copy
import json
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import override_settings

from tests.conftest import require

PROVIDER = Path(__file__).parent / "provider"
CLIENT_ID, CLIENT_SECRET = "orgchart", "tests-only-secret"
ACCOUNTS = {
    "hanna": {"email": "hanna.hr@example.com", "groups": ["org-hr"], "given_name": "Hanna"},
    "stranger": {"email": "stranger@example.com", "groups": ["org-staff"]},
    "lena": {"email": "lena@example.com", "groups": ["org-managers"], "employee_number": "E-77"},
    "mallory": {"email": "hanna.hr@example.com", "email_verified": False, "groups": ["org-hr"]},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(app_url: str):
    """The provider in a second process, its one client registered for the app at `app_url`;
    yields the issuer URL."""
    node, npm = shutil.which("node"), shutil.which("npm")
    require(node is not None and npm is not None, "needs node and npm for the OpenID provider")
    if not (PROVIDER / "node_modules" / "oidc-provider").exists():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER, check=True, capture_output=True
        )
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": f"{app_url}/oidc/callback/",
        "POST_LOGOUT_REDIRECT_URIS": f"{app_url}/accounts/login/",
        "ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        [node, "provider.mjs"],
        cwd=PROVIDER,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def openid_provider():
    with running_provider("http://testserver") as issuer:
        yield issuer


def oidc_settings(issuer: str, **more):
    """The app's settings for the test provider (OpenID Connect on), as callcenter/settings.py
    makes them from the environment: the provider may also answer the sign-out form."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(issuer)
    return override_settings(
        CONTENT_SECURITY_POLICY=policy,
        OIDC_ENABLED=True,
        OIDC_DISCOVERY_URL=f"{issuer}/.well-known/openid-configuration",
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_RP_SCOPES="openid email profile groups employee",
        OIDC_PROVIDER_NAME="Example Corp",
        OIDC_GROUPS_HR=["org-hr"],
        OIDC_GROUPS_MANAGER=["org-managers"],
        OIDC_UNKNOWN_USERS="refuse",
        **more,
    )


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application for scim2-client's in-process engine. As Django's test
    client does, the request neither starts nor ends by closing the database connection: the test's
    transaction lives on it (PostgreSQL would otherwise lose it)."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)
