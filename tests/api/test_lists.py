"""Lists (issue 14): only the parameters they declare, values their filters can use, an order
ending in the id, cursor pages that neither repeat nor skip a row while rows are added, and the
RateLimit headers of every answer."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from people.models import Person
from tests.people.factories import PersonFactory

from .conftest import V1

pytestmark = pytest.mark.django_db

LISTS = ["/roles/", "/skills/", "/people/", "/positions/", "/promotion-paths/", "/promotions/"]


def problem(response) -> tuple[int, str, list]:
    body = response.json()
    return response.status_code, body["code"], [e.get("parameter") for e in body["errors"]]


@pytest.mark.parametrize("path", LISTS)
def test_an_unknown_parameter_on_a_list_is_a_400_naming_it(employee, org, path):
    response = employee.get(f"{V1}{path}?nosuchfilter=1")

    assert problem(response) == (400, "unknown_parameter", ["nosuchfilter"])


@pytest.mark.parametrize("path", LISTS)
def test_an_ordering_a_list_does_not_offer_is_a_400(employee, org, path):
    response = employee.get(f"{V1}{path}?ordering=nosuchfield")

    assert problem(response) == (400, "invalid_filter", ["ordering"])


@pytest.mark.parametrize(
    "query",
    [
        "/positions/?vacancy=maybe",
        "/positions/?vacancy=1",
        "/positions/?role=abc",
        "/positions/?track=nope",
        "/people/?track=nope",
        "/people/?site=999999",
        "/roles/?track=nope",
        "/roles/?career_level=high",
        "/skills/?category=nope",
        "/promotion-paths/?kind=sideways",
        "/promotions/?effective_after=soon",
    ],
)
def test_a_filter_value_a_filter_cannot_use_is_a_400_naming_it(employee, org, query):
    response = employee.get(V1 + query)

    name = query.split("?")[1].split("=")[0]
    assert problem(response) == (400, "invalid_filter", [name])


@pytest.mark.parametrize(
    "query",
    [
        "/positions/?vacancy=true&page=1&page_size=10&ordering=-id&format=json",
        "/people/?search=a&role={role}&site={site}&manager={seat}&track=leadership&ordering=last_name",
        "/people/?cursor=&page_size=2",
        "/roles/?track=executive&parent={role}&career_level=3&search=x",
        "/promotions/?effective_after=2020-01-01&effective_before=2030-01-01&ordering=-effective",
    ],
)
def test_every_declared_parameter_is_accepted(employee, org, query):
    ids = {"role": org["roles"]["lead"].pk, "site": org["site"].pk, "seat": org["team"].pk}

    assert employee.get(V1 + query.format(**ids)).status_code == 200


def test_ordering_by_hire_date_is_hrs_alone_others_are_told_so(employee, hr, org):
    assert hr.get(f"{V1}/people/?ordering=hire_date").status_code == 200
    assert problem(employee.get(f"{V1}/people/?ordering=hire_date"))[:2] == (
        400,
        "invalid_filter",
    )


# ---------------------------------------------------------------- stable pages


def ids(client, url: str) -> list[int]:
    return [row["id"] for row in client.get(url).json()["results"]]


def test_people_with_equal_names_keep_their_order_by_id_across_pages(employee, db):
    twins = [PersonFactory(first_name="Jan", last_name="Kowalski", email="") for _ in range(5)]

    pages = [ids(employee, f"{V1}/people/?page_size=2&page={n}") for n in (1, 2, 3)]

    assert [pk for page in pages for pk in page] == sorted(t.pk for t in twins)


def read_by_cursor(client, url: str, between_pages=lambda: None) -> list[int]:
    seen, answer = [], client.get(url).json()
    seen += [row["id"] for row in answer["results"]]
    while answer["next"]:
        between_pages()
        answer = client.get(answer["next"]).json()
        assert "count" not in answer
        seen += [row["id"] for row in answer["results"]]
    return seen


def test_a_cursor_read_neither_repeats_nor_skips_while_people_are_added(employee, db):
    first = [PersonFactory(first_name="Kim", last_name=f"Lee{n % 3}", email="") for n in range(9)]
    added = []

    def hire_some():  # names that sort before, among and after the ones already read
        for last_name in ("Aaron", "Lee1", "Zorn"):
            added.append(PersonFactory(first_name="Kim", last_name=last_name, email="").pk)

    seen = read_by_cursor(employee, f"{V1}/people/?cursor=&page_size=2", hire_some)

    assert len(seen) == len(set(seen))  # no repeats
    assert {p.pk for p in first} <= set(seen)  # no misses
    assert set(seen) <= {p.pk for p in first} | set(added)


def test_a_cursor_read_in_a_chosen_order_gives_every_row_once_in_that_order(employee, org):
    seen = read_by_cursor(employee, f"{V1}/positions/?cursor=&page_size=2&ordering=-headcount")
    rows = employee.get(f"{V1}/positions/?ordering=-headcount&page_size=500").json()["results"]

    assert seen == [row["id"] for row in rows]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=WzFd", "cursor"),  # [1]: a list of the wrong length
        ("cursor=WyJ4IiwieSIsInoiXQ", "cursor"),  # ["x", "y", "z"]: not an id
        ("cursor=&page=2", "page"),
        ("cursor=&ordering=hire_date", "cursor"),  # hire dates may be unknown (NULL)
    ],
)
def test_a_cursor_a_list_did_not_give_is_a_400(hr, org, query, parameter):
    response = hr.get(f"{V1}/people/?{query}")

    assert problem(response) == (400, "invalid_filter", [parameter])


@pytest.mark.parametrize("size", [3, 12])
def test_a_cursor_page_costs_the_same_queries_at_any_size(
    employee, db, size, django_assert_num_queries
):
    PersonFactory.create_batch(size)
    employee.get(f"{V1}/people/?cursor=&page_size=2")  # session, throttle count warmed up

    # session, user, a manager's team (none), the page: no count
    with django_assert_num_queries(4):
        answer = employee.get(f"{V1}/people/?cursor=&page_size=2")
    with django_assert_num_queries(4):
        employee.get(answer.json()["next"])


# ---------------------------------------------------------------- RateLimit headers


@pytest.fixture
def rate_of_three(monkeypatch):
    cache.clear()
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"}
    )
    yield
    cache.clear()


def test_the_ratelimit_headers_count_down_to_a_429(employee, org, rate_of_three):
    answers = [employee.get(f"{V1}/skills/") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert {a["RateLimit-Policy"] for a in answers} == {'"user";q=3;w=60'}
    remaining = [a["RateLimit"].split(";")[1] for a in answers]
    assert remaining == ["r=2", "r=1", "r=0", "r=0"]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1].json()["code"] == "throttled"


def test_refusals_before_the_throttles_carry_the_headers_without_counting(
    employee, anon, org, rate_of_three
):
    refused = employee.post(f"{V1}/skills/", {"name": "x", "slug": "x"}, format="json")
    counted = employee.get(f"{V1}/skills/")
    anonymous = anon.get(f"{V1}/skills/")

    assert (refused.status_code, refused["RateLimit"]) == (403, '"user";r=3;t=60')
    assert counted["RateLimit"] == '"user";r=2;t=60'
    assert anonymous.status_code == 401
    assert anonymous["RateLimit-Policy"] == '"anon";q=2;w=60, "user";q=3;w=60'


def test_the_token_request_reports_its_own_policy(anon, db, monkeypatch):
    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"token": "5/minute"})

    response = anon.post(f"{V1}/auth/token/", {}, format="json")

    assert response["RateLimit-Policy"] == '"token";q=5;w=60'
    assert response["RateLimit"] == '"token";r=4;t=60'
    assert Person.objects.count() == 0
