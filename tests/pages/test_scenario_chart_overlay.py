"""A scenario's chart as an overlay on the live chart's reads (planning/overlay.py): the counts it
corrects along the touched chains are those of the full projection (pages/views/scenarios.
chart_org), for moves (nested ones too), new seats, closed seats and a change of holder; and its
reads do not grow with the org."""

import pytest
from django.urls import reverse

from pages.views.scenarios import chart_org
from people.models import Position
from planning import overlay
from planning.models import Kind, Scenario
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import PersonFactory, seat
from tests.planning import conftest as planning

pytestmark = pytest.mark.django_db
ahead = planning.ahead


@pytest.fixture
def scenario(hr_user, ahead) -> Scenario:
    return scenario_create(created_by=hr_user, name="Overlay", effective_on=ahead)


def bigger(org) -> dict:
    """The small org with a second team under the head and a third level below one agent."""
    roles = org["roles"]
    second = seat(role=roles["lead"], manager=org["middle"], holder=PersonFactory())
    theirs = [seat(role=roles["agent"], manager=second, holder=PersonFactory()) for _ in range(3)]
    open_seat = seat(role=roles["agent"], manager=second)
    below = seat(role=roles["agent"], manager=theirs[0], holder=PersonFactory())
    return {"second": second, "theirs": theirs, "open": open_seat, "below": below}


def full_counts(scenario: Scenario, people_moves: bool) -> dict[int, tuple[int, int, int]]:
    org = chart_org(scenario, people_moves=people_moves)
    counts = org.counts()
    return {pk: counts.get(pk, (0, 0, 0)) for pk in org.seats}


def overlay_counts(scenario: Scenario, people_moves: bool) -> dict[int, tuple[int, int, int]]:
    lay = overlay.Overlay(scenario, people_moves=people_moves)
    live = [s.pk for s in Position.objects.active()] + sorted(lay.new_seats)
    found = {}
    for pk in live:
        got = overlay.reports_of(lay, pk)
        if got is not None:
            seat_, _kids = got
            found[pk] = (seat_.direct_count, seat_.seat_count, seat_.headcount)
    return found


@pytest.mark.parametrize("people_moves", [True, False])
def test_the_overlays_counts_are_the_full_projections(org, hr_user, scenario, people_moves):
    more = bigger(org)
    edits = [
        # the whole first team (lead and agents) under the top, then one of its agents back
        [{"kind": Kind.MOVE, "position": org["team"], "new_manager": org["top"]}],
        [{"kind": Kind.MOVE, "position": org["agents"][0], "new_manager": more["second"]}],
        # a seat with a report of its own under the first team's lead, now under the top
        [{"kind": Kind.MOVE, "position": more["theirs"][0], "new_manager": org["team"]}],
        [
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]},
            {"kind": Kind.NEW_SEAT, "new_manager": more["below"], "role": org["roles"]["agent"]},
        ],
        [{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
        # someone changes seat: the seat they leave is named by no change
        [
            {
                "kind": Kind.TRANSFER,
                "person": more["theirs"][1].holder,
                "position": more["open"],
                "note": "Moves team",
            }
        ],
    ]
    for changes in edits:
        scenario_edit(scenario=scenario, user=hr_user, changes=changes)
    expected = full_counts(scenario, people_moves)
    assert overlay_counts(scenario, people_moves) == expected
    # the counts did change: the test would see a wrong delta
    assert expected[org["top"].pk] != (
        org["top"].direct_count,
        org["top"].seat_count,
        org["top"].headcount,
    )


def test_the_overlays_chart_is_the_full_projections_chart(client, org, users, hr_user, scenario):
    more = bigger(org)
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.MOVE, "position": more["theirs"][0], "new_manager": org["top"]},
            {"kind": Kind.NEW_SEAT, "new_manager": org["middle"], "role": org["roles"]["lead"]},
            {"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]},
        ],
    )
    client.force_login(users["hr"])
    page = client.get(reverse("people:chart"), {"scenario": scenario.pk}).content.decode()
    assert page.count('data-mark="moved"') == 1
    assert page.count('data-mark="new"') == 1
    assert page.count('data-mark="closed"') == 1
    focus = client.get(
        reverse("people:chart-focus", args=[more["below"].pk]), {"scenario": scenario.pk}
    ).content.decode()
    assert 'data-mark="moved"' in focus  # its manager, moved under the top, is on its chain


@pytest.mark.parametrize("extra", [2, 12])
def test_the_scenario_chart_reads_as_much_at_any_size(
    client, org, users, hr_user, scenario, extra, django_assert_num_queries
):
    for _n in range(extra):
        seat(manager=org["team"], role=org["roles"]["agent"], holder=PersonFactory())
    other = seat(role=org["roles"]["lead"], manager=org["middle"])
    team = list(Position.objects.filter(manager=org["team"]))
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": s, "new_manager": other} for s in team],
    )
    client.force_login(users["hr"])
    # The live chart: session, user, groups, its seats, their dotted lines.
    with django_assert_num_queries(5):
        client.get(reverse("people:chart"))
    # The scenario's: session, user, groups, the scenario (with whether it has an edit to redo),
    # its changes, the live facts (one walk up, the first levels), the seats drawn, the roles of
    # the edit form.
    with django_assert_num_queries(8):
        client.get(reverse("people:chart"), {"scenario": scenario.pk})
    # Expanding a card: live 5 (session, user, groups, the reports, dotted lines); the scenario's
    # 7 (session, user, groups, the scenario, its changes, one walk up, the reports).
    overlay._CACHE.clear()  # as read first (after a write): the most it reads
    with django_assert_num_queries(7):
        client.get(reverse("people:chart-reports", args=[other.pk]), {"scenario": scenario.pk})
