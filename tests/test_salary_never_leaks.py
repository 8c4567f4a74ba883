"""No page, API answer, export or error shows a salary to someone not allowed to see it.

The test walks the URL conf (every page route) and the API schema (every GET operation), filling
ids with real ones from a small demo org, as an employee and as a manager. Everybody's salary is
a distinctive number, so a leak is found by searching the bodies in any of the number formats of
en, de and pl. A new route or endpoint is walked without anyone adding it here; a route with a
parameter this test cannot fill fails the test until it is taught the parameter.
"""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from ladder.models import PromotionPath
from people.models import Person, Position
from roles.models import Role, Skill

pytestmark = pytest.mark.django_db

OTHERS = Decimal("98765.43")  # everybody who is not signed in
OWN = {"employee": Decimal("11111.11"), "manager": Decimal("22222.22")}


def pattern_for(amount: Decimal) -> re.Pattern:
    """98765.43 as 98765.43, 98,765, 98.765, 98 765 (also with no-break spaces) and 98765,43."""
    whole = str(int(amount))
    return re.compile(rf"(?<![0-9]){whole[:-3]}[^0-9A-Za-z]{{0,8}}{whole[-3:]}(?![0-9])")


@pytest.fixture
def org(db, settings):
    cache.clear()  # throttle counts of earlier tests' users, who may have had the same ids
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", people=60, seed=5, as_of=datetime.date(2026, 11, 1), stdout=quiet)
    Person.objects.update(salary=OTHERS, salary_currency="EUR")
    users = {u.username: u for u in get_user_model().objects.all()}
    for username, amount in OWN.items():
        Person.objects.filter(user=users[username]).update(salary=amount)
    manager_seat = users["manager"].person.position
    report = manager_seat.reports.exclude(holder=None).select_related("holder").first()
    outsider = Person.objects.exclude(user__isnull=False).exclude(position__manager=manager_seat)
    return {
        "users": users,
        "people": [
            users["employee"].person.pk,
            users["manager"].person.pk,
            report.holder_id,
            outsider.first().pk,
            Person.objects.filter(position__isnull=True).values_list("pk", flat=True).first() or 1,
            987654,
        ],
        "positions": [
            manager_seat.pk,
            report.pk,
            Position.objects.filter(manager=None).get().pk,
            Position.objects.vacant().first().pk,
            987654,
        ],
        "roles": [Role.objects.first().pk, 987654],
        "slugs": [manager_seat.role.slug, "no-such-role"],
        "skills": [Skill.objects.first().pk, 987654],
        "paths": [PromotionPath.objects.first().pk, 987654],
        "names": [report.holder.last_name, users["manager"].person.last_name],
    }


# ---------------------------------------------------------------- pages

PAGE_PARAMETERS = {"person_id": "people", "position_id": "positions", "slug": "slugs"}


def page_routes(patterns=None, prefix: str = "") -> list[tuple[str, list[str]]]:
    """(route, parameter names) of every page; /admin/ (staff only) and /api/ are walked apart."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if prefix + route in ("admin/", "api/"):
            continue
        if isinstance(entry, URLResolver):
            routes += page_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            routes.append((prefix + route, list(getattr(entry.pattern, "converters", {}))))
    return routes


def page_urls(org: dict) -> list[str]:
    urls = []
    for route, names in page_routes():
        unknown = [n for n in names if n not in PAGE_PARAMETERS]
        assert not unknown, f"teach this test real values for {unknown} of /{route}"
        if not names:
            urls.append("/" + route)
            urls += [f"/{route}?q={name}" for name in org["names"]]
            continue
        [name] = names  # every page takes at most one id today
        for value in org[PAGE_PARAMETERS[name]]:
            urls.append("/" + re.sub(r"<(\w+:)?\w+>", str(value), route))
    return urls


# ---------------------------------------------------------------- API

API_IDS = {
    "people": "people",
    "positions": "positions",
    "roles": "roles",
    "skills": "skills",
    "promotion-paths": "paths",
    "promotions": "paths",  # no promotion in the demo: these ids answer 404, also an answer
}


def api_urls(client, org: dict) -> list[str]:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    urls = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        if "{id}" not in path:
            urls += [path, f"{path}?page_size=500", f"{path}?search={org['names'][0]}"]
            continue
        resource = path.split("/")[3]
        assert resource in API_IDS, f"teach this test real ids for {path}"
        urls += [path.replace("{id}", str(pk)) for pk in org[API_IDS[resource]]]
    assert len(urls) > 40
    return urls


def forbidden_amounts(username: str) -> list[re.Pattern]:
    return [pattern_for(OTHERS)] + [pattern_for(a) for who, a in OWN.items() if who != username]


def leaks(client, urls: list[str], username: str) -> list[str]:
    found = []
    for url in urls:
        for language in ("en", "de", "pl"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code < 500, url
            body = response.content.decode()
            found += [f"{url} ({language})" for p in forbidden_amounts(username) if p.search(body)]
    return found


@pytest.mark.parametrize("username", ["employee", "manager"])
def test_no_page_shows_a_salary_of_someone_else(client, org, username):
    client.force_login(org["users"][username])
    urls = page_urls(org)
    assert len(urls) > 30
    assert leaks(client, urls, username) == []


@pytest.mark.parametrize("username", ["employee", "manager"])
def test_no_api_answer_shows_a_salary_of_someone_else(client, org, username):
    client.force_login(org["users"][username])
    assert leaks(client, api_urls(client, org), username) == []


@pytest.mark.parametrize("username", ["employee", "manager"])
def test_the_admin_is_closed_to_employees_and_managers(client, org, username):
    client.force_login(org["users"][username])
    person = org["people"][3]
    for url in ("/admin/", f"/admin/people/person/{person}/change/", "/admin/people/person/"):
        assert client.get(url).status_code == 302


def test_the_search_finds_each_ones_own_salary_so_the_walk_can_see_one(client, org):
    own = org["users"]["employee"].person
    client.force_login(org["users"]["employee"])
    assert pattern_for(OWN["employee"]).search(client.get(f"/people/{own.pk}/").content.decode())
    api = client.get(f"/api/v1/people/{own.pk}/").json()
    assert api["salary"] == "11111.11"


def test_hr_sees_the_salaries_the_walk_looks_for(client, org):
    client.force_login(org["users"]["hr"])
    other = org["people"][3]
    assert pattern_for(OTHERS).search(client.get(f"/people/{other}/").content.decode())
    assert pattern_for(OTHERS).search(client.get("/people/export.csv").content.decode())
    assert pattern_for(OTHERS).search(client.get("/api/v1/org/export/").content.decode())
    assert pattern_for(OTHERS).search(client.get(f"/api/v1/people/{other}/").content.decode())
