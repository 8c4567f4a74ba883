"""The Content Security Policy header: strict on pages; inline styles only in the browsable API."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_pages_allow_nothing_inline(admin_user_client):
    policy = directives(admin_user_client.get("/org/"))
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_the_browsable_api_may_use_inline_styles_but_no_inline_scripts(admin_user_client):
    policy = directives(admin_user_client.get("/api/v1/roles/", HTTP_ACCEPT="text/html"))
    assert policy["style-src"] == "style-src 'self' 'unsafe-inline'"
    assert policy["script-src"] == "script-src 'self'"


def test_the_api_docs_keep_the_strict_policy(client):
    policy = directives(client.get("/api/docs/"))
    assert policy["style-src"] == "style-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
