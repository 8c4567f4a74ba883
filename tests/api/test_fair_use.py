"""Fair use: throttled bursts, capped pages."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from core.rest import MAX_PAGE_SIZE

from .conftest import V1

pytestmark = pytest.mark.django_db

# Lists that are not paginated, on purpose: each is bounded or made for a full sync.
UNPAGINATED = {
    "/api/v1/org/export/": "the whole org for nightly syncs, one query, as documented",
    "/api/v1/roles/tree/": "the job architecture: a few hundred roles at most",
    "/api/v1/changes/": "the change feed: paged by its cursor, `limit` at most 1,000",
    "/api/v1/changes/head/": "one cursor",
    "/api/v1/staffing/requirement/": "a row a site and week of one forecast: bounded",
    "/api/v1/staffing/gap/": "a row a site and seat type: bounded",
    "/api/v1/staffing/waves/": "a hiring class a site: bounded",
}


@pytest.fixture
def low_rates(monkeypatch):
    # DRF reads the rates once, at import; the test lowers them where DRF keeps them.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "5/minute", "anon": "3/minute"}
    )


def test_a_burst_of_requests_gets_429_with_a_message(employee, org, low_rates):
    codes = [employee.get(f"{V1}/roles/").status_code for _ in range(6)]
    refused = employee.get(f"{V1}/roles/")

    assert codes == [200] * 5 + [429]
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Request was throttled. Expected available in ")
    assert int(refused["Retry-After"]) > 0


def test_anonymous_bursts_on_open_endpoints_are_throttled_too(anon, db, low_rates):
    # Closed endpoints answer 401 before any throttle; the schema is open to everyone.
    codes = [anon.get("/api/schema/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_every_list_of_the_schema_caps_its_page_size(hradmin, org):
    schema = hradmin.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    lists = [p for p, ops in schema["paths"].items() if "get" in ops and "{id}" not in p]
    paginated = [p for p in lists if p not in UNPAGINATED]
    # roles, skills, people, positions, paths, promotions, sites, webhooks, planned changes,
    # vacancies (issue 19), staffing's queues, site parameters and forecasts (issue 18),
    # scenarios (issue 17)
    assert len(paginated) == 14
    for path in paginated:
        data = hradmin.get(f"{path}?page_size=100000").json()
        assert set(data) == {"count", "next", "previous", "results"}, path
        params = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert "page_size" in params, path
    assert MAX_PAGE_SIZE == 500
