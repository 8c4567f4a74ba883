"""A corpus of hostile input against every write operation of the API (walked from the OpenAPI
schema) and against the searches: no answer is a 5xx, and a refused request changes no row.

Each request starts from a valid body for its operation with one field replaced by a hostile
value, or replaces the whole body (deep JSON, bad encodings, a list, NaN, too large). Every
request runs in a savepoint that is rolled back afterwards, so each meets the same database;
after each refused one (4xx) every table is compared with the snapshot taken before."""

import datetime
import json
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from drf_spectacular.generators import SchemaGenerator

from integrations.models import WebhookSubscription
from planning.scenarios import scenario_create, scenario_edit
from planning.services import change_plan
from staffing.models import Queue, SiteStaffing
from tests.ladder.factories import PromotionPathFactory
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().isoformat()
FIELD_VALUES = [
    "a\x00b",
    "\ud800",
    "x" * 200_000,
    2**63,
    2**64,
    -(2**63) - 1,
    -1,
    0,
    1.5,
    "1.5",
    True,
    None,
    [],
    {},
    [1, [2, [3]]],
    {"a": {"b": 1}},
    "<script>alert(1)</script>",
    "'; DROP TABLE people_person; --",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "\u202e\ufeff\u200b",
    "🙂" * 1000,
]
# Whole bodies, as bytes with their content type.
BODIES = [
    ("[" * 5000 + "]" * 5000, "application/json"),
    ('{"a": "\\ud800"}', "application/json"),  # a lone surrogate
    (b'{"a": "\xff\xfe"}', "application/json"),  # not UTF-8
    ('{"a": "\xe9"}'.encode("latin-1"), "application/json; charset=latin-1"),
    ('{"a": 1}', "application/json; charset=no-such-charset"),
    ('{"a": NaN}', "application/json"),
    ('{"a": 1e400}', "application/json"),
    ("[1, 2]", "application/json"),
    ('"text"', "application/json"),
    ("{not json", "application/json"),
    ("", "application/json"),
    ("a=%00&b=%ff%fe", "application/x-www-form-urlencoded"),
    ("x" * (6 * 2**20), "application/json"),
]
# Tables that change by design on a refused request: sessions, sign-in failures, the cache.
UNCHECKED = ("django_session", "axes_", "knox_", "django_cache", "sqlite_")


@pytest.fixture
def world(org, users, hradmin) -> dict:
    """Ids for the path parameters and valid bodies of every write operation."""
    free = PersonFactory(first_name="Free", employee_id="F-1")
    path = PromotionPathFactory(from_role=org["roles"]["agent"], to_role=org["roles"]["lead"])
    leaf = RoleFactory(parent=org["roles"]["agent"], slug="leaf")
    skill = SkillFactory()
    hook = WebhookSubscription.objects.create(url="https://hris.example.com/hooks")
    agent, lead = org["roles"]["agent"], org["roles"]["lead"]
    ahead = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    move_body = {
        "kind": "move",
        "effective_on": ahead,
        "position": org["vacancy"].pk,
        "new_manager": org["middle"].pk,
    }
    planned = change_plan(
        planned_by=users["hradmin"],
        kind="exit",
        effective_on=datetime.date.today() + datetime.timedelta(days=20),
        person=org["agents"][1].holder,
    )
    scenario = scenario_create(
        created_by=users["hr"],
        name="Reorg",
        effective_on=datetime.date.today() + datetime.timedelta(days=10),
    )
    (draft,) = scenario_edit(
        scenario=scenario,
        user=users["hr"],
        changes=[{"kind": "move", "position": org["team"], "new_manager": org["top"]}],
    )
    person = {
        "employee_id": "C-1",
        "first_name": "Cora",
        "last_name": "Nowak",
        "email": "cora@example.com",
        "hire_date": "2020-01-01",
        "site": org["site"].pk,
        "languages": ["de"],
        "salary": "1000.00",
        "salary_currency": "EUR",
        "photo_url": "",
    }
    role = {
        "title": "Coach",
        "slug": "coach",
        "parent": lead.pk,
        "summary": "",
        "track": "individual",
        "career_level": 3,
        "education": "",
        "min_experience_months": 0,
    }
    path_body = {
        "from_role": agent.pk,
        "to_role": org["roles"]["head"].pk,
        "kind": "up",
        "min_months": 6,
    }
    webhook_body = {
        "url": "https://payroll.example.com/hooks",
        "description": "Payroll",
        "event_types": ["person.*"],
        "active": True,
    }
    skill_body = {"name": "Empathy", "slug": "empathy", "category": "core", "description": ""}
    seat_body = {
        "role": agent.pk,
        "manager": org["team"].pk,
        "site": org["site"].pk,
        "is_assistant": False,
        "external_id": "POS-1",
    }
    site_body = {"code": "GDN", "name": "Gdańsk", "city": "Gdańsk", "country": "PL"}
    import_body = {
        "rows": [
            {"employee_id": "I-1", "name": "Ida Hahn", "title": agent.title, "manager_id": ""}
        ],
        "dry_run": True,
    }
    checked = hradmin.post("/api/v1/imports/", import_body, content_type="application/json")
    Queue.objects.create(code="SERVICE", name="Service", role=agent)  # issue 18
    staffing = SiteStaffing.objects.create(site=org["site"], team_leader_role=lead)
    monday = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    forecast_body = {
        "rows": [
            {
                "site": org["site"].code,
                "queue": "SERVICE",
                "interval_start": f"{monday.isoformat()} 08:00",
                "interval_length": "30",
                "offered": "100",
                "aht": "180",
                "acw": "0",
            }
        ],
        "dry_run": True,
    }
    return {
        "POST /api/v1/imports/": ("", import_body),
        "POST /api/v1/pay/imports/": (  # issue 19
            "",
            {
                "rows": [{"employee_id": "I-1", "basic": "1", "currency": "EUR", "fte": "1"}],
                "year": 2026,
                "dry_run": True,
            },
        ),
        "POST /api/v1/imports/{token}/confirm/": (checked.json()["token"], {}),
        "POST /api/v1/auth/token/": ("", {"username": "adam", "password": "pw-adam-2026"}),
        "POST /api/v1/auth/logout/": ("", {}),
        "POST /api/v1/auth/logout-all/": ("", {}),
        "POST /api/v1/people/": (
            "",
            {**person, "position": org["vacancy"].pk, "started_on": "2020-02-01"},
        ),
        "PUT /api/v1/people/{id}/": (org["agents"][0].holder_id, person),
        "PATCH /api/v1/people/{id}/": (org["agents"][0].holder_id, person),
        "POST /api/v1/people/{id}/exit/": (
            org["agents"][1].holder_id,
            {"left_on": TODAY, "note": ""},
        ),
        "POST /api/v1/positions/": ("", seat_body),
        "DELETE /api/v1/positions/{id}/": (org["vacancy"].pk, {"reports_to": org["team"].pk}),
        "PUT /api/v1/positions/{id}/": (org["vacancy"].pk, seat_body),
        "PATCH /api/v1/positions/{id}/": (org["vacancy"].pk, seat_body),
        "PUT /api/v1/positions/by-external-id/{external_id}/": ("POS-1", seat_body),
        "POST /api/v1/positions/{id}/archive/": (org["vacancy"].pk, {"archived_on": TODAY}),
        "PUT /api/v1/people/by-external-id/{external_id}/": ("W-1", person),
        "PUT /api/v1/roles/by-external-id/{external_id}/": ("JOB-1", role),
        "POST /api/v1/sites/": ("", site_body),
        "PUT /api/v1/sites/{id}/": (org["site"].pk, site_body),
        "PATCH /api/v1/sites/{id}/": (org["site"].pk, site_body),
        "DELETE /api/v1/sites/{id}/": (org["site"].pk, {}),
        "POST /api/v1/positions/{id}/hire/": (
            org["vacancy"].pk,
            {"person": free.pk, "started_on": "2024-01-01", "note": ""},
        ),
        "POST /api/v1/positions/{id}/move/": (org["team"].pk, {"manager": org["top"].pk}),
        "POST /api/v1/positions/{id}/vacate/": (
            org["agents"][0].pk,
            {"ended_on": TODAY, "reason": "exit"},
        ),
        "POST /api/v1/planned-changes/": ("", move_body),
        "POST /api/v1/planned-changes/{id}/cancel/": (planned.pk, {}),
        # issue 17
        "POST /api/v1/scenarios/": ("", {"name": "Spring", "effective_on": ahead}),
        "PATCH /api/v1/scenarios/{id}/": (scenario.pk, {"name": "Spring"}),
        "DELETE /api/v1/scenarios/{id}/": (scenario.pk, {}),
        "POST /api/v1/scenarios/{id}/changes/": (
            scenario.pk,
            {"changes": [{k: v for k, v in move_body.items() if k != "effective_on"}]},
        ),
        "POST /api/v1/scenarios/{id}/undo/": (scenario.pk, {}),
        "POST /api/v1/scenarios/{id}/redo/": (scenario.pk, {}),
        "POST /api/v1/scenarios/{id}/conflicts/resolve/": (
            scenario.pk,
            {"change": draft.pk, "keep": True},
        ),
        "POST /api/v1/scenarios/{id}/submit/": (scenario.pk, {}),
        "POST /api/v1/scenarios/{id}/decide/": (scenario.pk, {"approve": True}),
        "POST /api/v1/scenarios/{id}/apply/": (scenario.pk, {}),
        "POST /api/v1/promotion-paths/": ("", path_body),
        "PUT /api/v1/promotion-paths/{id}/": (path.pk, path_body),
        "PATCH /api/v1/promotion-paths/{id}/": (path.pk, path_body),
        "DELETE /api/v1/promotion-paths/{id}/": (path.pk, {}),
        "POST /api/v1/promotions/": (
            "",
            {
                "person": org["agents"][0].holder_id,
                "to_position": org["vacancy"].pk,
                "effective": TODAY,
                "note": "",
                "exception_reason": "cover",
            },
        ),
        "POST /api/v1/roles/": ("", role),
        "PUT /api/v1/roles/{id}/": (leaf.pk, role),
        "PATCH /api/v1/roles/{id}/": (leaf.pk, role),
        "DELETE /api/v1/roles/{id}/": (leaf.pk, {}),
        "POST /api/v1/roles/{id}/move/": (leaf.pk, {"parent": lead.pk, "position": "last-child"}),
        "POST /api/v1/skills/": ("", skill_body),
        "PUT /api/v1/skills/{id}/": (skill.pk, skill_body),
        "PATCH /api/v1/skills/{id}/": (skill.pk, skill_body),
        "DELETE /api/v1/skills/{id}/": (skill.pk, {}),
        "POST /api/v1/staffing/forecasts/": ("", forecast_body),
        "PATCH /api/v1/staffing/sites/{id}/": (staffing.pk, {"holidays": "12"}),
        "POST /api/v1/webhooks/": ("", webhook_body),
        "PATCH /api/v1/webhooks/{id}/": (hook.pk, webhook_body),
        "DELETE /api/v1/webhooks/{id}/": (hook.pk, {}),
    }


def _write_operations() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    )


WRITES = _write_operations()


def snapshot() -> dict[str, list]:
    tables = [t for t in connection.introspection.table_names() if not t.startswith(UNCHECKED)]
    with connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


class Probe:
    """Sends requests, each rolled back, and keeps what went wrong."""

    def __init__(self, client) -> None:
        self.client, self.before, self.problems, self.sent = client, snapshot(), [], 0
        client.raise_request_exception = False  # a 500 is counted, not raised

    def send(self, method: str, url: str, body, content_type: str) -> None:
        cache.clear()  # the token endpoint's throttle would answer 429 before reading anything
        self.sent += 1
        with transaction.atomic():
            response = getattr(self.client, method.lower())(url, body, content_type=content_type)
            refused = 400 <= response.status_code < 500
            changed = refused and snapshot() != self.before
            transaction.set_rollback(True)
        what = f"{method} {url} {str(body)[:80]!r}: {response.status_code}"
        if response.status_code >= 500:
            self.problems.append(what)
        elif changed:
            self.problems.append(f"{what} changed rows")
        elif (
            url.startswith("/api/")
            and response.status_code >= 400
            and (response["Content-Type"] != "application/problem+json")
        ):
            self.problems.append(f"{what} answered {response['Content-Type']}")


def test_every_write_operation_has_a_valid_body_to_start_from(world):
    assert sorted(world) == WRITES


@pytest.mark.parametrize("operation", WRITES)
def test_hostile_input_to_a_write_is_never_a_5xx_and_a_refusal_changes_nothing(
    hradmin, world, operation
):
    method, template = operation.split(" ")
    pk, valid = world[operation]
    url = template.replace("{id}", str(pk)).replace("{token}", str(pk))
    url = url.replace("{external_id}", str(pk))
    probe = Probe(hradmin)
    if method == "DELETE":
        for value in FIELD_VALUES:
            for name in valid or ["reports_to"]:
                text = value if isinstance(value, str) else json.dumps(value)
                query = quote(text[:5000], errors="surrogatepass")  # as a client would send it
                probe.send(method, f"{url}?{name}={query}", None, "application/json")
    for name in valid:
        for value in FIELD_VALUES:
            probe.send(method, url, json.dumps({**valid, name: value}), "application/json")
    for body, content_type in BODIES:
        probe.send(method, url, body, content_type)

    assert probe.problems == []
    assert probe.sent > 0


SEARCHES = [
    "/search/?q=",
    "/search/results/?q=",
    "/api/v1/people/?search=",
    "/api/v1/positions/?search=",
    "/api/v1/roles/?search=",
    "/api/v1/skills/?search=",
    "/api/v1/promotion-paths/?search=",
]
QUERY_VALUES = [
    "ab%00cd",
    "x" * 5000,
    "%ff%fe",
    "%ED%A0%80",
    "<script>",
    "'%20OR%201=1--",
    "%25",
    "_",
    "\\",
    "%E2%80%AE",
    str(2**64),
    "-1",
    "1.5",
]


@pytest.mark.parametrize("search", SEARCHES)
def test_hostile_searches_are_never_a_5xx(hr, org, search):
    problems = []
    for value in QUERY_VALUES:
        response = hr.get(search + value)
        if response.status_code >= 500:
            problems.append(f"{search}{value[:40]}: {response.status_code}")

    assert problems == []
