"""The vacancy and span lists in scenario mode (planning/overlay_lists.py: the live lists' queries
with the seats the scenario touches merged in) show what the lists built from the whole org in
memory showed (kept here as the oracle): on random orgs with random scenarios of every kind of
change, pending changes due before the scenario's day and changes that no longer apply; every
page, every flag, for HR and for a manager the scenario is shared with. And they read as many
queries at 200 seats as at 2,000."""

import contextlib
import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation

from pages.views import analytics
from people import services as people
from people.models import Person, Position, Site
from planning import overlay
from planning.models import Kind, PlannedChange, Scenario
from planning.orgstate import LiveOrg, org_state
from planning.scenarios import scenario_create, scenario_edit, scenario_org
from planning.services import change_plan
from roles.models import Role, Track
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db
PAGE = 7  # rows a page here, so that the lists run over several pages
TODAY = datetime.date.today()


# ---------------------------------------------------------------- the oracle: the lists as they
# were built before, from the whole org in memory (pages/views/scenario_mode.py's scenario_mode)


def whole_org(scenario: Scenario, *, hr: bool):
    live = LiveOrg.read()
    projection, _failed, _mine = scenario_org(scenario, live_manager=live.managers())
    state = org_state(projection, live)
    if not hr:  # the seats keep their live holders for a manager (the hire-date rule)
        base = live.base()
        state.holder = {seat: base[3].get(seat) for seat in state.holder}
    return state


def shown(state, scenario: Scenario, pk: int | None, reports: int = 0) -> tuple | None:
    if pk is None or pk not in state.manager:
        return None
    url = f"{reverse('people:chart-focus', args=[pk])}?scenario={scenario.pk}" if pk > 0 else ""
    return (pk, state.role[pk], state.holder[pk], url, reports)


def old_vacancies(scenario: Scenario, *, hr: bool) -> dict:
    state = whole_org(scenario, hr=hr)
    vacant = [s for s, holder in state.holder.items() if holder is None]
    roles = Role.objects.in_bulk({state.role[s] for s in vacant})
    vacant.sort(key=lambda s: (-roles[state.role[s]].career_level, roles[state.role[s]].title, s))
    pages = Paginator(vacant, PAGE)
    return {
        "count": pages.count,
        "total": len(state.holder),
        "pages": [
            [
                (shown(state, scenario, s), shown(state, scenario, state.manager.get(s)))
                for s in pages.page(n)
            ]
            for n in pages.page_range
        ],
    }


def old_spans(scenario: Scenario, flag: str, *, hr: bool) -> dict:
    state = whole_org(scenario, hr=hr)
    below = {seat: len(kids) for seat, kids in state.reports().items() if seat is not None}
    roles = Role.objects.in_bulk({state.role[s] for s in below})
    rows = sorted(
        (
            (s, n)
            for s, n in below.items()
            if n and analytics._flagged(flag, roles[state.role[s]], n)
        ),
        key=lambda row: (-row[1], row[0]),
    )
    pages = Paginator(rows, PAGE)
    return {
        "count": pages.count,
        "pages": [
            [shown(state, scenario, s, n) for s, n in pages.page(p)] for p in pages.page_range
        ],
    }


# ---------------------------------------------------------------- the pages as they are


def as_tuple(seat) -> tuple | None:
    if seat is None:
        return None
    role = seat.role.pk if seat.role else None
    holder = seat.holder.pk if seat.holder else None
    return (seat.pk, role, holder, seat.chart_url, seat.direct_count)


def read_pages(client, url: str, scenario: Scenario, **query) -> list:
    """Every page of a list in scenario mode: the response contexts."""
    contexts, number = [], 1
    language = {"accept-language": translation.get_language()}
    while True:
        answer = client.get(
            url, {"scenario": scenario.pk, "page": number, **query}, headers=language
        )
        assert answer.status_code == 200
        contexts.append(answer.context)
        if number >= answer.context["page"].paginator.num_pages:
            return contexts
        number += 1


def new_vacancies(client, scenario: Scenario) -> dict:
    contexts = read_pages(client, reverse("people:vacancies"), scenario)
    return {
        "count": contexts[0]["page"].paginator.count,
        "total": contexts[0]["total"],
        "pages": [
            [(as_tuple(seat), as_tuple(manager)) for seat, manager in c["rows"]]
            for c in contexts
            if c["page"].paginator.count
        ],
    }


def new_spans(client, scenario: Scenario, flag: str) -> dict:
    contexts = read_pages(client, reverse("people:spans"), scenario, flag=flag)
    for c in contexts:
        assert [norm for _s, norm in c["rows"]] == [
            analytics._norm_text(seat.role.span_limits) for seat, _n in c["rows"]
        ]
    return {
        "count": contexts[0]["page"].paginator.count,
        "pages": [
            [as_tuple(seat) for seat, _norm in c["rows"]]
            for c in contexts
            if c["page"].paginator.count
        ],
    }


# ---------------------------------------------------------------- random orgs and scenarios


def random_roles(rng: random.Random) -> list[Role]:
    """Roles on several levels, several of a level with titles that sort apart (and otherwise in
    German, some untranslated), span norms of both kinds, an executive role (whose single report
    is no flag)."""
    roles = [RoleFactory(title="Chief", career_level=9, track=Track.EXECUTIVE, span_max=3)]
    for n in range(7):
        roles.append(
            RoleFactory(
                parent=roles[0],
                title=rng.choice(["agent", "Lead", "Head", "analyst", "Zeta"]) + f" {n % 3}",
                title_de=rng.choice(["", "Ärger", "Zulu", "bär", "Alpha"]) + f" {n}",
                career_level=rng.choice([1, 2, 2, 4, 6]),
                span_min=rng.choice([None, 2, 3]),
                span_max=rng.choice([None, 3, 5]),
            )
        )
    return roles


def random_org(rng: random.Random, size: int) -> dict:
    """`size` seats in a random tree six levels deep, a fifth vacant, a few archived
    leaves; the stored counts as the services keep them."""
    roles = random_roles(rng)
    site = Site.objects.create(code="WAW", name="Warschau", country="PL")
    people_ = Person.objects.bulk_create(
        Person(
            employee_id=f"R{n:05d}",
            first_name="P",
            last_name=f"{n}",
            hire_date=TODAY,
            salary=30000,
            salary_currency="EUR",
        )
        for n in range(size)
    )
    seats: list[Position] = []
    managers: list[Position | None] = [None]
    while len(seats) < size:
        count = min(size - len(seats), len(managers) * 3 if seats else 1)
        level = Position.objects.bulk_create(
            Position(
                role=rng.choice(roles),
                manager=rng.choice(managers),
                holder=None if rng.random() < 0.2 else people_[len(seats) + n],
                site=site if rng.random() < 0.5 else None,
            )
            for n in range(count)
        )
        seats += level
        managers = level
    leaves = [s for s in seats[1:] if not Position.objects.filter(manager=s).exists()]
    people.positions_recount()  # the archived seat's counts (a live move shifts them) kept
    archived = [*rng.sample(leaves, 3), seats[5]]  # archived seats are in no list; the last
    Position.objects.filter(pk__in=[s.pk for s in archived]).update(  # keeps its reports
        archived_on=TODAY, holder=None
    )
    people.positions_recount()
    return {"roles": roles, "site": site}


def random_change(rng: random.Random, org: dict) -> dict:
    roles = org["roles"]
    active = list(
        Position.objects.active().values_list("pk", "holder_id", "manager_id", "direct_count")
    )
    seats = [pk for pk, _h, m, _d in active if m is not None]
    vacant = [pk for pk, h, m, _d in active if h is None and m is not None]
    leaves = [pk for pk, h, m, d in active if h is None and m is not None and not d]
    held = [h for _pk, h, _m, _d in active if h is not None]

    def seat(pk: int) -> Position:
        return Position(pk=pk)

    kind = rng.choice(list(Kind))
    if kind == Kind.MOVE:
        return {
            "kind": kind,
            "position": seat(rng.choice(seats)),
            "new_manager": seat(rng.choice(seats)),
        }
    if kind == Kind.NEW_SEAT:
        return {"kind": kind, "new_manager": seat(rng.choice(seats)), "role": rng.choice(roles)}
    if kind == Kind.CLOSE_SEAT:
        return {"kind": kind, "position": seat(rng.choice(leaves))}
    if kind == Kind.HIRE:
        newcomer = Person.objects.create(employee_id=f"N{rng.random()}", hire_date=TODAY)
        return {"kind": kind, "person": newcomer, "position": seat(rng.choice(vacant))}
    if kind in (Kind.TRANSFER, Kind.PROMOTION):
        return {
            "kind": kind,
            "person": Person(pk=rng.choice(held)),
            "position": seat(rng.choice(vacant)),
            "note": "why",
            "exception_reason": "needed",
        }
    if kind == Kind.EXIT:
        return {"kind": kind, "person": Person(pk=rng.choice(held))}
    if kind == Kind.ROLE:
        return {"kind": kind, "position": seat(rng.choice(seats)), "role": rng.choice(roles)}
    if kind == Kind.SITE:
        return {"kind": kind, "position": seat(rng.choice(seats)), "site": org["site"]}
    return {"kind": Kind.SALARY, "person": Person(pk=rng.choice(held)), "salary": 40000}


def random_scenario(rng: random.Random, org: dict, hr_user, changes: int) -> Scenario:
    """A draft of about `changes` changes that apply, made edit by edit, with pending changes
    due before its day planned before and after it; then a pending closure of a seat the
    scenario opens a seat under, and a live move, so that some of its changes no longer apply."""
    day = TODAY + datetime.timedelta(days=30)
    scenario = scenario_create(created_by=hr_user, name=f"Random {rng.random()}", effective_on=day)
    made = 0
    for attempt in range(changes * 6):
        if made >= changes:
            break
        columns = random_change(rng, org)
        try:
            if attempt % 5 == 0:  # a pending change, due before the scenario's day
                kind = columns.pop("kind")
                change_plan(
                    planned_by=hr_user,
                    kind=kind,
                    effective_on=day - datetime.timedelta(days=rng.randrange(1, 20)),
                    **columns,
                )
            else:
                scenario_edit(scenario=scenario, user=hr_user, changes=[columns])
            made += 1
        except ValidationError:
            continue
    named = PlannedChange.objects.values_list("position_id", "new_manager_id")
    leaf, closed = (
        Position.objects.active()
        .filter(holder=None, direct_count=0)
        .exclude(manager=None)
        .exclude(pk__in={pk for pair in named for pk in pair})[:2]
    )
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.NEW_SEAT, "new_manager": leaf, "role": org["roles"][1]},
            {"kind": Kind.CLOSE_SEAT, "position": closed},
        ],
    )
    # due before the scenario's day, the closure comes first: the seat opened under it is not
    change_plan(
        planned_by=hr_user,
        kind=Kind.CLOSE_SEAT,
        effective_on=day - datetime.timedelta(days=2),
        position=leaf,
    )
    move = PlannedChange.objects.filter(scenario=scenario, kind=Kind.MOVE).first()
    if move is not None:  # made live today: the scenario's move no longer applies
        with contextlib.suppress(ValidationError):
            people.position_move(position=move.position, new_manager=move.new_manager)
    return scenario


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_lists_in_scenario_mode_show_what_the_whole_org_in_memory_showed(
    client, users, hr_user, monkeypatch, seed
):
    monkeypatch.setattr(analytics, "LIST_PAGE", PAGE)
    rng = random.Random(seed)
    org = random_org(rng, 220)
    scenario = random_scenario(rng, org, hr_user, changes=40)
    scenario.shared_with.add(users["manager"])
    overlay._CACHE.clear()

    for name, hr, language in (("hr", True, "en"), ("manager", False, "en"), ("hr", True, "de")):
        client.force_login(users[name])
        with translation.override(language):  # the roles sort by their titles in the language
            assert new_vacancies(client, scenario) == old_vacancies(scenario, hr=hr), name
            for flag in analytics.FLAGS:
                assert new_spans(client, scenario, flag) == old_spans(scenario, flag, hr=hr)


# The first read after a write (the overlay's kept result cleared): session, user, groups, the
# scenario, its changes, their live facts and people, the live list's ids and sort keys, the
# roles of the seats the scenario touches, the page's seats and their managers, their roles and
# holders; the vacancies count the seats of the org too.
FIRST_READ = {"vacancies": 13, "spans": 12}


@pytest.mark.parametrize("size", [200, 2000])
def test_the_lists_in_scenario_mode_read_as_many_queries_at_200_and_2000_seats(
    client, users, hr_user, monkeypatch, size, django_assert_num_queries
):
    monkeypatch.setattr(analytics, "LIST_PAGE", PAGE)
    rng = random.Random(5)
    org = random_org(rng, size)
    scenario = random_scenario(rng, org, hr_user, changes=20)
    client.force_login(users["hr"])

    for name, queries in FIRST_READ.items():
        overlay._CACHE.clear()
        with django_assert_num_queries(queries):
            answer = client.get(reverse(f"people:{name}"), {"scenario": scenario.pk, "page": 2})
        assert answer.status_code == 200 and answer.context["page"].number == 2
        with django_assert_num_queries(queries - 3):  # the changes, facts and people kept
            client.get(reverse(f"people:{name}"), {"scenario": scenario.pk})
