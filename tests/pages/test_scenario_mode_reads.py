"""A scenario's chart, a card's reports and the person and role pages in scenario mode read the
same number of queries over the small org with a few changes as over 100,000 people with 1,000
(issue 17: flat in queries; the chart within 1.5x of the live chart's five). bench/scenarios.py
reports the times beside the live pages'."""

import datetime

import pytest
from django.urls import reverse

from people import role_seats
from people.models import Position
from planning import overlay
from planning.models import Kind, Scenario
from planning.scenarios import scenario_create, scenario_edit
from tests.planning.test_scenario_scale import thousand_moves

pytestmark = pytest.mark.django_db
# The first read of a page after a write to the org or to planned changes: session, user,
# groups, the scenario (with whether it has an edit to redo, and the stamps the overlay's kept
# result is checked against), its changes, the live facts (one walk up, the first levels), the
# seats drawn, the roles of the edit form (kept until a role is written: a first read after a
# write to the org or to planned changes reads 7)
CHART_QUERIES = 8
# session, user, groups, the scenario, its changes, the live facts, the reports
REPORTS_QUERIES = 7
# session, user, groups, the scenario, its changes, the live facts, the person, their seat,
# manager and reports, the changes touching them in words
PERSON_QUERIES = 9
# Over the live role page (whose own reads, its paths, bands and who is ready for it, vary with
# the data): the scenario, its changes, the live facts (its seats counted and its first holders
# as the live page reads them)
ROLE_OVER_LIVE_QUERIES = 3
LIVE_CHART_QUERIES = 5
# Read again (planning/overlay.py keeps the checked changes until the next write): neither the
# changes nor their live facts are read
AGAIN = 2


def reads(client, user, scenario: Scenario, move) -> dict[str, int]:
    """The queries of each page for `user`, the scenario's `move` (a held seat it moves) in view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seat = Position.objects.select_related("holder", "role").get(pk=move["position"].pk)
    client.force_login(user)
    reverse("people:chart")  # the URLconf, loaded once a process, is no page's read
    urls = {
        "live chart": (reverse("people:chart"), {}),
        "chart": (reverse("people:chart"), {"scenario": scenario.pk}),
        "reports": (
            reverse("people:chart-reports", args=[move["new_manager"].pk]),
            {"scenario": scenario.pk},
        ),
        "person": (reverse("people:detail", args=[seat.holder.pk]), {"scenario": scenario.pk}),
        "role": (reverse("roles:detail", args=[seat.role.slug]), {"scenario": scenario.pk}),
        "live role": (reverse("roles:detail", args=[seat.role.slug]), {}),
    }
    counts = {}
    for name, (url, query) in urls.items():
        for again in (False, True):
            if not again:
                overlay._CACHE.clear()  # as after a write: each page's first read
                role_seats._COUNTED.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, query).status_code == 200
            counts[f"{name} again" if again else name] = len(queries)
    for again in ("", " again"):
        counts[f"role over live{again}"] = counts.pop(f"role{again}") - counts.pop(
            f"live role{again}"
        )
    return counts


EXPECTED = {
    "live chart": LIVE_CHART_QUERIES,
    "live chart again": LIVE_CHART_QUERIES,
    "chart": CHART_QUERIES,
    "chart again": CHART_QUERIES - AGAIN - 1,  # the edit form's roles kept too
    "reports": REPORTS_QUERIES,
    "reports again": REPORTS_QUERIES - AGAIN,
    "person": PERSON_QUERIES,
    "person again": PERSON_QUERIES - AGAIN,
    "role over live": ROLE_OVER_LIVE_QUERIES,
    # the live role page read again reads no seat counts (kept, pages/views/role.py)
    "role over live again": ROLE_OVER_LIVE_QUERIES - AGAIN + 1,
}


def held_move(moves: list[dict]) -> dict:
    held = set(
        Position.objects.filter(
            pk__in=[m["position"].pk for m in moves], holder__isnull=False
        ).values_list("pk", flat=True)
    )
    return next(m for m in moves if m["position"].pk in held)


def test_the_scenario_pages_read_as_much_over_the_small_org(client, org, users, hr_user):
    scenario = scenario_create(
        created_by=hr_user, name="Small", effective_on=org["today"] + datetime.timedelta(10)
    )
    moves = [
        {"kind": Kind.MOVE, "position": agent, "new_manager": org["middle"]}
        for agent in org["agents"]
    ]
    scenario_edit(scenario=scenario, user=hr_user, changes=moves)

    assert reads(client, users["hr"], scenario, held_move(moves)) == EXPECTED


@pytest.mark.slow
def test_the_scenario_pages_read_as_much_over_100k_people_and_1000_changes(
    client, large_org, users
):
    scenario = scenario_create(
        created_by=users["hr"],
        name="Big",
        effective_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    moves = thousand_moves()
    scenario_edit(scenario=scenario, user=users["hr"], changes=moves)

    assert reads(client, users["hr"], scenario, held_move(moves)) == EXPECTED
