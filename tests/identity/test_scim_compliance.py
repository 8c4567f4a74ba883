"""scim2-tester, the python-scim compliance checker, against /scim/v2/: no failure on what the
ServiceProviderConfig advertises."""

import pytest
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server

from identity.services import provisioning_client_create


@pytest.fixture
def scim(users, wsgi_app):
    _client, token = provisioning_client_create(name="Entra ID", created_by=users["hradmin"])
    return WSGISCIMClient(
        wsgi_app,
        base_url="http://testserver/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_compliance_checker_finds_no_error_on_users_and_discovery(scim):
    results = check_server(scim, resource_types=["User"])
    failed = [r for r in results if r.status in (Status.ERROR, Status.CRITICAL)]
    assert failed == [], "\n".join(f"{r.title}: {r.reason}" for r in failed)
    assert sum(r.status == Status.SUCCESS for r in results) > 20
