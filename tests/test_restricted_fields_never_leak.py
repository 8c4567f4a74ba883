"""No page, API answer, export or error shows a restricted field to someone not allowed to see it.

The walk covers every page route of the URL conf and every GET operation of the API schema, each
also with `?as_of=` (the org as of a date), filling ids with real ones from a small demo org, as
an employee and as a manager (docs/access.md). It guards every restricted field in two ways:

1. **Planted values.** Everybody else's salary is a distinctive amount, their currency is XTS
   (ISO 4217's code for testing), hire and exit dates and a promotion's date are unusual days,
   HR's promotion note and exception reason are marker strings. Every body is searched for them,
   in en, de and pl, with the dates in every format a page renders (ISO, the localised long and
   short formats). The history views (change logs) carry the same values, so they are searched
   too.
2. **Nothing shown depends on a restricted fact.** The walk is done twice (in English): once as
   planted, once after changing only what the viewer may not see of the people they may not see
   (salaries, hire and exit days, the day someone took a seat, a promotion's day, note and
   reason, the measurements readiness is judged on). Every answer must be the same both times;
   a difference means a restricted fact shows through, e.g. a "ready" list or a holder in an
   as-of view that moved with it. The days move within their month, which is what as-of views
   may show (month resolution, docs/access.md).

A new route or endpoint is walked without anyone adding it here; a route with a parameter this
test cannot fill fails the test until it is taught the parameter.
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
from django.utils import formats, translation

from ladder import services as ladder_services
from ladder.models import Measurement, Promotion, PromotionPath
from pay.models import InformationRequest, PayProfile, PayRecord
from people import services
from people.access import managed_seat_ids
from people.models import Assignment, Person, Position, Site
from planning import scenarios
from planning import services as planning_services
from planning.models import PlannedChange
from roles.models import Role, SalaryBand, Skill
from staffing.models import Forecast, Queue, SiteStaffing
from tests.helpers import body as read_body

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "de", "pl")
OTHERS = Decimal("98765.43")  # everybody's salary but the viewer's own
OWN = {"employee": Decimal("11111.11"), "manager": Decimal("22222.22")}
CURRENCY = "XTS"  # everybody else's salary currency; the viewers' own is EUR

# Planted days: (as planted, as changed for the second walk). All in one month, so one as-of
# day between the two versions of each shows them all.
HIRE_OUTSIDE = (datetime.date(1994, 2, 17), datetime.date(1994, 2, 23))  # outside the team
HIRE_TEAM = (datetime.date(1996, 8, 13), datetime.date(1996, 8, 26))  # the manager's team
SEATED = (datetime.date(2025, 5, 8), datetime.date(2025, 5, 24))  # Wanda took her seat
PROMOTED = (datetime.date(2025, 5, 12), datetime.date(2025, 5, 19))  # Yusuf was promoted
LEFT = (datetime.date(2025, 5, 27), datetime.date(2025, 5, 13))  # Xaver left
EARLIER = datetime.date(2019, 3, 5)  # when Xaver and Yusuf took their seats before that
AS_OF = "2025-05-15"  # the as-of day walked: between the two versions of each day above
NOTE, REASON = "NOTE-Q7ZK-for-HR", "REASON-Q7ZK-for-HR"
# Planned changes (planning/) of Wanda, outside the team: a raise to this amount and her exit
# on a day ahead (as planted, as changed); the projection of the org is walked on PLANNED_AS_OF.
PLANNED_SALARY = Decimal("87654.32")
PLANNED_EXIT = tuple(datetime.date.today() + datetime.timedelta(days=d) for d in (47, 49))
PLANNED_AS_OF = (PLANNED_EXIT[0] + datetime.timedelta(days=5)).isoformat()
# Pay transparency (issue 19): everybody else's pay (basic and variable) and their request for
# information; sex is checked by the second walk (everybody else's is swapped).
# basic, bonus; five and six figures: the pattern matches the whole part alone, and a
# four-figure one matched a seat id in the thousands on PostgreSQL (ids are not reset)
OTHERS_PAY = (Decimal("86543.21"), Decimal("175319.19"))
QUESTION, ANSWER = "QUESTION-Q7ZK-of-another", "ANSWER-Q7ZK-to-another"


def pattern_for(amount: Decimal) -> re.Pattern:
    """98765.43 as 98765.43, 98,765, 98.765, 98 765 (also with no-break spaces) and 98765,43."""
    whole = str(int(amount))
    return re.compile(rf"(?<![0-9]){whole[:-3]}[^0-9A-Za-z]{{0,8}}{whole[-3:]}(?![0-9])")


DATE_FORMATS = ("DATE_FORMAT", "SHORT_DATE_FORMAT", "Y-m-d", "Ymd", "d.m.Y", "j.n.Y", "d/m/Y")


def renderings(day: datetime.date) -> set[str]:
    """Every way a page or answer may write the day: ISO, and each language's formats."""
    found = {day.isoformat()}
    for language in LANGUAGES:
        with translation.override(language):
            found |= {formats.date_format(day, f) for f in DATE_FORMATS}
            found.add(formats.date_format(day, "j E Y"))  # Polish genitive month names
            found.add(formats.date_format(day, "F j, Y"))
    return found


# ---------------------------------------------------------------- the org and what is planted


@pytest.fixture
def org(db, settings):
    cache.clear()  # throttle counts of earlier tests' users, who may have had the same ids
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", people=60, seed=5, as_of=datetime.date(2026, 11, 1), stdout=quiet)
    users = {u.username: u for u in get_user_model().objects.all()}
    employee, manager = users["employee"].person, users["manager"].person
    team_seats = managed_seat_ids(users["manager"])
    team = Person.objects.filter(position__in=team_seats).exclude(pk=manager.pk)
    own = {employee.pk, manager.pk}

    Person.objects.update(salary=OTHERS, salary_currency=CURRENCY)
    Person.objects.exclude(pk__in=own).update(hire_date=HIRE_OUTSIDE[0])
    team.exclude(pk__in=own).update(hire_date=HIRE_TEAM[0])
    for username, amount in OWN.items():
        Person.objects.filter(user=users[username]).update(salary=amount, salary_currency="EUR")
    Measurement.objects.exclude(person__in=own).update(value=Decimal("999"))

    outside = (
        Person.objects.filter(position__isnull=False, user__isnull=True)
        .exclude(position__in=team_seats)
        .exclude(position__manager=None)
        .order_by("pk")
    )
    wanda, xaver, yusuf = outside[:3]
    # A recorded change of Wanda (a new e-mail): its history row holds her planted salary,
    # currency and hire date, which her page's change log must not show.
    wanda.email = "wanda.changed@example.com"
    wanda.save()
    for person in (wanda, xaver, yusuf):
        Assignment.objects.filter(person=person, ended_on__isnull=False).delete()
    Assignment.objects.filter(person=wanda).update(started_on=SEATED[0])
    Assignment.objects.filter(person__in=[xaver, yusuf]).update(started_on=EARLIER)
    services.person_exit(person=xaver, left_on=LEFT[0])
    vacancy = Position.objects.vacant().exclude(pk__in=team_seats).order_by("pk").first()
    promotion = ladder_services.promote_person(
        person=yusuf,
        to_position=vacancy,
        approved_by=users["hr"],
        effective=PROMOTED[0],
        note=NOTE,
        exception_reason=REASON,
    )
    planned = [
        planning_services.change_plan(
            planned_by=users["hr"],
            kind="salary",
            effective_on=PLANNED_EXIT[0] - datetime.timedelta(days=9),
            person=wanda,
            salary=PLANNED_SALARY,
        ),
        planning_services.change_plan(
            planned_by=users["hr"], kind="exit", effective_on=PLANNED_EXIT[0], person=wanda
        ),
    ]
    # A scenario (issue 17) with Wanda's planned salary, shared with the manager, who may read
    # it but not the salary.
    scenario = scenarios.scenario_create(
        created_by=users["hr"],
        name="Reorg",
        effective_on=PLANNED_EXIT[0] - datetime.timedelta(days=8),
    )
    scenarios.scenario_edit(
        scenario=scenario,
        user=users["hr"],
        changes=[{"kind": "salary", "person": wanda, "salary": PLANNED_SALARY}],
    )
    scenario.shared_with.add(users["manager"])
    report = Position.objects.filter(pk__in=team_seats, holder__isnull=False).exclude(
        holder=manager
    )
    report = report.order_by("pk").first()
    top = Position.objects.get(manager=None)
    PayRecord.objects.exclude(person__in=own).update(basic=OTHERS_PAY[0], bonus=OTHERS_PAY[1])
    request = InformationRequest.objects.create(
        person=wanda,
        asked_on=datetime.date(2026, 10, 1),
        due_on=datetime.date(2026, 12, 1),
        question=QUESTION,
        answer=ANSWER,
        answered_on=datetime.date(2026, 10, 2),
    )
    return {
        "users": users,
        "team": {p.pk for p in team},
        "planted": {"wanda": wanda, "xaver": xaver, "yusuf": yusuf, "promotion": promotion},
        "people": [
            employee.pk,
            manager.pk,
            report.holder_id,
            wanda.pk,
            xaver.pk,
            yusuf.pk,
            987654,
        ],
        "positions": [
            manager.position.pk,
            report.pk,
            top.pk,
            wanda.position.pk,
            promotion.from_position_id,  # Xaver's seat is vacant now, so is Yusuf's old one
            Assignment.objects.filter(person=xaver).get().position_id,
            Position.objects.vacant().first().pk,
            987654,
        ],
        "roles": [Role.objects.first().pk, 987654],
        # A role page for every role a path leads to: their "ready for this role" lists.
        "slugs": [
            *sorted(set(PromotionPath.objects.values_list("to_role__slug", flat=True))),
            manager.position.role.slug,
            "no-such-role",
        ],
        "skills": [Skill.objects.first().pk, 987654],
        "sites": [*Site.objects.values_list("pk", flat=True)[:1], 987654],
        "paths": [PromotionPath.objects.first().pk, 987654],
        "promotions": [promotion.pk, 987654],
        "webhooks": [987654],  # HR admins' only: the others get 403 whatever the id
        "changes": [*(change.pk for change in planned), 987654],  # HR's only
        "scenarios": [scenario.pk, 987654],  # HR's, and the manager's it is shared with
        "requests": [request.pk, 987654],  # requests for pay information: HR's only
        # load_demo's invented forecast (demo/staffing.py): the plan shows counts of seats only
        "forecasts": [*Forecast.objects.values_list("pk", flat=True)[:1], 987654],
        "queues": [*Queue.objects.values_list("pk", flat=True)[:1], 987654],
        "staffing_sites": [*SiteStaffing.objects.values_list("pk", flat=True)[:1], 987654],
        "names": [report.holder.last_name, manager.last_name, wanda.last_name],
    }


def change_what_the_viewers_may_not_see(org: dict, username: str) -> None:
    """The second version of every restricted fact of the people the viewer may not see: the
    manager's team is left as it is for the manager, who may see its dates and readiness."""
    users, planted = org["users"], org["planted"]
    own = [users["employee"].person.pk, users["manager"].person.pk]
    others = Person.objects.exclude(pk__in=own)
    others.update(salary=OTHERS + 1000, salary_currency="XXX")
    hidden = others.exclude(pk__in=org["team"]) if username == "manager" else others
    hidden.filter(hire_date=HIRE_OUTSIDE[0]).update(hire_date=HIRE_OUTSIDE[1])
    hidden.filter(hire_date=HIRE_TEAM[0]).update(hire_date=HIRE_TEAM[1])
    Measurement.objects.filter(person__in=hidden).update(value=Decimal("0"))
    Assignment.objects.filter(person=planted["wanda"]).update(started_on=SEATED[1])
    Person.objects.filter(pk=planted["xaver"].pk).update(left_on=LEFT[1])
    Assignment.objects.filter(person=planted["xaver"]).update(ended_on=LEFT[1])
    yusuf = Assignment.objects.filter(person=planted["yusuf"])
    yusuf.filter(ended_on=PROMOTED[0]).update(ended_on=PROMOTED[1])
    yusuf.filter(started_on=PROMOTED[0]).update(started_on=PROMOTED[1])
    Promotion.objects.update(effective=PROMOTED[1], note="other note", exception_reason="other")
    PlannedChange.objects.filter(kind="salary").update(salary=PLANNED_SALARY + 1000)
    # the planted exit only: the demo's own (demo/planning.py, in the manager's team) may show
    PlannedChange.objects.filter(kind="exit", person=planted["wanda"]).update(
        effective_on=PLANNED_EXIT[1]
    )
    # Pay and sex of everybody else (issue 19): no page or answer may change with them.
    others_pay = PayRecord.objects.exclude(person__in=own)
    others_pay.update(basic=OTHERS_PAY[0] + 1000, bonus=0, weekly_hours=Decimal(20))
    profiles = PayProfile.objects.exclude(person__in=own)
    females = list(profiles.filter(sex="female").values_list("pk", flat=True))
    profiles.filter(sex="male").update(sex="female")
    profiles.filter(pk__in=females).update(sex="male")
    InformationRequest.objects.update(answer="another answer", question="another question")


def forbidden(org: dict, username: str) -> list[tuple[str, re.Pattern]]:
    """(what, pattern) of every planted value the viewer may not see."""
    amounts = [OTHERS, PLANNED_SALARY] + [a for who, a in OWN.items() if who != username]
    days = [HIRE_OUTSIDE[0], SEATED[0], LEFT[0], PROMOTED[0], PLANNED_EXIT[0]]
    if username == "employee":
        days.append(HIRE_TEAM[0])
    found = [(f"salary {a}", pattern_for(a)) for a in amounts]
    found.append(("currency", re.compile(rf"\b{CURRENCY}\b")))
    found += [(text, re.compile(re.escape(text))) for text in (NOTE, REASON, QUESTION, ANSWER)]
    found += [(f"pay {a}", pattern_for(a)) for a in OTHERS_PAY]
    for day in days:
        texts = sorted(renderings(day), key=len, reverse=True)
        found.append((f"date {day}", re.compile("|".join(re.escape(t) for t in texts))))
    return found


# ---------------------------------------------------------------- pages

PAGE_PARAMETERS = {
    "person_id": "people",
    "position_id": "positions",
    "slug": "slugs",
    "change_id": "changes",
    "request_id": "requests",
    "scenario_id": "scenarios",
}


def page_routes(patterns=None, prefix: str = "") -> list[tuple[str, list[str]]]:
    """(route, parameter names) of every page; /admin/ (staff only) and /api/ are walked apart.
    /scim/v2/ takes no session, only a provisioning client's token, and maps no restricted field
    (tests/identity/test_scim_users.py walks it with one)."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if prefix + route in ("admin/", "api/", "scim/v2/"):
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
    "sites": "sites",
    "promotion-paths": "paths",
    "promotions": "promotions",
    "webhooks": "webhooks",
    "planned-changes": "changes",
    "scenarios": "scenarios",
    "staffing/forecasts": "forecasts",
    "staffing/queues": "queues",
    "staffing/sites": "staffing_sites",
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
        resource = path.removeprefix("/api/v1/").split("/{id}")[0]
        assert resource in API_IDS, f"teach this test real ids for {path}"
        urls += [path.replace("{id}", str(pk)) for pk in org[API_IDS[resource]]]
    assert len(urls) > 40
    return urls


# ---------------------------------------------------------------- the walk


def as_of(urls: list[str]) -> list[str]:
    """Every URL as of the walked day (a route without as_of ignores it), and the org as it will
    be on a day after the planned changes (a projection, planning/future.py)."""
    return [f"{url}{'&' if '?' in url else '?'}as_of={AS_OF}" for url in urls] + [
        f"/org/?as_of={PLANNED_AS_OF}"
    ]


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def walk(client, urls: list[str], languages=LANGUAGES) -> dict[tuple[str, str], str]:
    """(url, language) → body, with the per-response CSRF token blanked out."""
    bodies = {}
    for url in urls:
        for language in languages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code < 500, url
            bodies[url, language] = CSRF.sub("", read_body(response).decode())  # exports stream
    return bodies


def leaks(bodies: dict, patterns: list[tuple[str, re.Pattern]]) -> list[str]:
    return [
        f"{what} in {url} ({language})"
        for (url, language), body in bodies.items()
        for what, pattern in patterns
        if pattern.search(body)
    ]


def differences(before: dict, after: dict) -> list[str]:
    return [
        f"{url} ({language})"
        for (url, language), body in before.items()
        if after[url, language] != body
    ]


@pytest.mark.parametrize("username", ["employee", "manager"])
def test_no_page_or_answer_shows_or_depends_on_a_restricted_field(client, org, username):
    client.force_login(org["users"][username])
    urls = page_urls(org) + api_urls(client, org)
    assert len(urls) > 90
    print(f"{len(urls)} URLs, walked {len(urls) * 6} times")

    planted = walk(client, urls) | walk(client, as_of(urls), ("en",))
    assert leaks(planted, forbidden(org, username)) == []

    english = {key: body for key, body in planted.items() if key[1] == "en"}
    change_what_the_viewers_may_not_see(org, username)
    assert differences(english, walk(client, urls + as_of(urls), ("en",))) == []


def test_the_admin_is_closed_to_employees(client, org):
    client.force_login(org["users"]["employee"])
    person = org["people"][3]
    for url in ("/admin/", f"/admin/people/person/{person}/change/", "/admin/people/person/"):
        assert client.get(url).status_code == 302


def admin_urls(org: dict) -> list[str]:
    """Every registered model's list, add page and, for some real objects (every role, every
    band), its change, history and delete pages."""
    from django.contrib import admin

    urls = ["/admin/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, base + "add/", base + "?q=a"]
        objects = model._default_manager.order_by("pk")
        ids = objects.values_list("pk", flat=True)
        if model not in (Role, SalaryBand):
            ids = ids[:3]
        for pk in ids:
            urls += [f"{base}{pk}/change/", f"{base}{pk}/history/", f"{base}{pk}/delete/"]
    return urls


def test_a_manager_in_the_admin_reaches_their_teams_roles_and_no_band_or_salary(client, org):
    """Managers are staff (issue 16): they edit their team's roles; no admin page shows them a
    salary, a band figure, another's dates, or another branch's role."""
    client.force_login(org["users"]["manager"])
    team_roles = set(
        Position.objects.filter(pk__in=managed_seat_ids(org["users"]["manager"])).values_list(
            "role_id", flat=True
        )
    )
    bands = SalaryBand.objects.all()
    assert bands.exists()
    # the yearly figures (an hourly 15.50 could be any number on a page)
    figures = {
        v for band in bands for v in (band.minimum, band.midpoint, band.maximum) if v >= 10000
    }
    assert figures
    patterns = forbidden(org, "manager") + [(f"band {f}", pattern_for(f)) for f in figures]
    reached, bodies = set(), {}
    for url in admin_urls(org):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        if response.status_code == 200:
            reached.add(url)
            bodies[url, "en"] = response.content.decode()
    assert leaks(bodies, patterns) == []
    for pk in Role.objects.values_list("pk", flat=True):
        change = f"/admin/roles/role/{pk}/change/"
        assert (change in reached) == (pk in team_roles), change
    assert not any(
        url.startswith(("/admin/roles/salaryband/", "/admin/people/")) for url in reached
    )
    assert not any(url.startswith(("/admin/ladder/", "/admin/auth/")) for url in reached)


# ---------------------------------------------------------------- the walk can find what it seeks


def test_each_one_sees_their_own_salary_so_the_walk_can_see_one(client, org):
    own = org["users"]["employee"].person
    client.force_login(org["users"]["employee"])
    assert pattern_for(OWN["employee"]).search(client.get(f"/people/{own.pk}/").content.decode())
    api = client.get(f"/api/v1/people/{own.pk}/").json()
    assert api["salary"] == "11111.11"


def test_hr_sees_every_planted_value_where_the_walk_looks_for_it(client, org):
    client.force_login(org["users"]["hr"])
    planted = org["planted"]
    wanda, xaver = planted["wanda"].pk, planted["xaver"].pk
    seen = walk(
        client,
        [
            f"/people/{wanda}/",
            f"/people/{xaver}/",
            "/people/export.csv",
            f"/api/v1/promotions/{planted['promotion'].pk}/",
            f"/api/v1/people/{wanda}/",
            f"/api/v1/planned-changes/{org['changes'][0]}/",
            f"/pay/requests/{org['requests'][0]}/",
            "/admin/pay/payrecord/",
        ],
    )
    hits = {
        what
        for what, pattern in forbidden(org, "employee")
        if any(pattern.search(body) for body in seen.values())
    }
    assert {"currency", NOTE, REASON, QUESTION, ANSWER, f"pay {OTHERS_PAY[0]}"} <= hits
    assert {f"salary {OTHERS}", f"date {HIRE_OUTSIDE[0]}", f"date {LEFT[0]}"} <= hits
    assert {f"date {SEATED[0]}", f"date {PROMOTED[0]}"} <= hits  # the assignment history
    assert {f"salary {PLANNED_SALARY}", f"date {PLANNED_EXIT[0]}"} <= hits  # planned changes


def test_the_second_walk_changes_what_hr_sees(client, org):
    """The changed facts show where they may be seen: in readiness lists and as-of views."""
    client.force_login(org["users"]["hr"])
    urls = [f"/roles/{slug}/" for slug in org["slugs"]]
    wanda = org["planted"]["wanda"]
    urls += [f"/org/?as_of={AS_OF}"]
    urls.append(f"/api/v1/positions/{wanda.position.manager_id}/children/?as_of={AS_OF}")
    before = walk(client, urls, ("en",))
    assert any("Ready for this role" in body for body in before.values())
    change_what_the_viewers_may_not_see(org, "employee")
    changed = differences(before, walk(client, urls, ("en",)))
    assert any(url.startswith("/roles/") for url in changed)
    assert f"/org/?as_of={AS_OF} (en)" in changed
    assert any("/children/" in url for url in changed)
