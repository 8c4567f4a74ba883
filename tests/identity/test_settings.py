"""OpenID Connect is configured by the environment, and off without it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings as s; import json; print(json.dumps([s.OIDC_ENABLED, "
    "s.OIDC_DISCOVERY_URL, s.OIDC_GROUPS_HR, s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
    "['form-action']]))"
)


def _settings(**env) -> list:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    answer = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def test_an_issuer_and_a_client_turn_sign_in_on_and_let_sign_out_reach_the_provider():
    enabled, discovery, hr, form_action = _settings(
        OIDC_ISSUER="https://login.example.com/tenant/v2.0/",
        OIDC_RP_CLIENT_ID="app",
        OIDC_GROUPS_HR="hr-group, other",
    )
    assert enabled
    assert discovery == "https://login.example.com/tenant/v2.0/.well-known/openid-configuration"
    assert hr == ["hr-group", "other"]
    assert form_action == ["'self'", "https://login.example.com"]


def test_without_the_environment_sign_in_is_off():
    enabled, discovery, _hr, form_action = _settings()
    assert not enabled and discovery == "" and form_action == ["'self'"]
