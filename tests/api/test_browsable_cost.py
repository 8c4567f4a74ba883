"""No list endpoint costs more queries, or renders more choices, for a bigger org: in JSON and as
the browsable API's HTML, whose filter form listed every seat and person in selects (4,057
queries at 2,000 seats; issue 12, point 5). The endpoints are walked from the OpenAPI schema:
every GET operation without a path parameter."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from ladder.models import Promotion
from tests.helpers import body
from tests.ladder.factories import PromotionPathFactory
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _list_endpoints() -> tuple[list[str], set[str]]:
    """The GET operations without a path parameter, and those of them that take a page size
    (the others are bounded: staffing's plan reads, one cursor, the export)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists = sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
    )
    paged = {
        path
        for path in lists
        if any(p["name"] == "page_size" for p in schema["paths"][path]["get"].get("parameters", []))
    }
    return lists, paged


LISTS, PAGED = _list_endpoints()


def grow(org: dict, extra: int) -> None:
    """`extra` more of everything a list or a filter form could show: roles, skills, sites,
    seats with people, promotion paths, promotions."""
    approver, _ = get_user_model().objects.get_or_create(username="approver")
    for n in range(extra):
        role = RoleFactory(parent=org["roles"]["agent"])
        SkillFactory()
        SiteFactory(code=f"S{n}", name=f"Site {n}")
        holder = PersonFactory()
        position = seat(role=role, manager=org["team"], holder=holder)
        path = PromotionPathFactory(from_role=org["roles"]["agent"], to_role=role)
        Promotion.objects.create(
            person=holder,
            to_position=position,
            path=path,
            effective=datetime.date(2024, 1, 1),
            approved_by=approver,
        )


def cost(client, url: str, accept: str) -> tuple[int, int]:
    """Queries and <option> elements of one request (page size 1: the page itself is fixed)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}?page_size=1" if url in PAGED else url, HTTP_ACCEPT=accept)
        content = body(response)  # a streamed answer (the export) is read inside the count
    assert response.status_code == 200, content[:300]
    return len(queries), content.count(b"<option")


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # as a browser asks


@pytest.mark.parametrize("accept", [BROWSER, "application/json"])
@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_at_two_org_sizes(hr, hradmin, org, url, accept):
    client = hradmin if url.endswith("/webhooks/") else hr  # HR admins' list
    grow(org, 2)
    small = cost(client, url, accept)
    grow(org, 12)

    large = cost(client, url, accept)

    assert large == small


def test_the_walk_finds_the_list_endpoints():
    assert {"/api/v1/people/", "/api/v1/positions/", "/api/v1/promotions/"} <= set(LISTS)
