"""A scenario's changes as its pages list them (planning/edits.py): one line per edit, newest
first, a page of edits at a time, each with its first changes to unfold; the same lines from the
database and from the chart's drafts; managers see the structure only."""

import pytest

from planning import edits
from planning.edits import edits_page
from planning.models import Kind
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(hr_user, ahead):
    return scenario_create(created_by=hr_user, name="Reorg", effective_on=ahead)


def make(scenario, user, *changes):
    scenario_edit(scenario=scenario, user=user, changes=list(changes))


def move(position, manager) -> dict:
    return {"kind": Kind.MOVE, "position": position, "new_manager": manager}


def test_each_edit_is_one_line_newest_first_with_its_changes_to_unfold(org, scenario, hr_user):
    team = [*org["agents"], org["vacancy"]]
    make(scenario, hr_user, *(move(s, org["middle"]) for s in team))
    new = {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]}
    make(scenario, hr_user, new, new)
    make(scenario, hr_user, {"kind": Kind.EXIT, "person": org["middle"].holder})

    _page, lines = edits_page(scenario, hr_user)

    assert [(line.step, line.text) for line in lines] == [
        (3, f"{org['middle'].holder.full_name} leaves on {_day(scenario)}."),
        (2, f"Opened 2 Agent seats under {_seat(org['team'])}."),
        (1, f"Moved the team of 3 under {_seat(org['middle'])}."),
    ]
    assert len(lines[2].changes) == 3 and lines[2].more == 0
    assert lines[2].changes[0].startswith(f"Seat #{team[0].pk} moves to ")


def test_a_manager_sees_the_structures_edits_only(org, scenario, hr_user, users):
    make(scenario, hr_user, move(org["vacancy"], org["middle"]))
    make(scenario, hr_user, {"kind": Kind.EXIT, "person": org["agents"][0].holder})
    _page, lines = edits_page(scenario, users["manager"])
    assert [line.step for line in lines] == [1]


def test_a_big_edit_lists_its_first_changes_and_counts_the_rest(
    org, scenario, hr_user, monkeypatch
):
    monkeypatch.setattr(edits, "CHANGES_SHOWN", 2)
    other = seat(role=org["roles"]["lead"], manager=org["top"])
    make(scenario, hr_user, *(move(s, other) for s in [*org["agents"], org["vacancy"]]))

    _page, (line,) = edits_page(scenario, hr_user)

    assert (len(line.changes), line.more) == (2, 1)


@pytest.mark.parametrize("count", [3, 22])
def test_a_page_of_edits_is_three_queries_however_many_edits_and_changes(
    org, scenario, hr_user, count, django_assert_num_queries
):
    for n in range(count):  # the vacancy's role, back and forth: as many edits as we like
        role = org["roles"]["lead" if n % 2 == 0 else "agent"]
        make(scenario, hr_user, {"kind": Kind.ROLE, "position": org["vacancy"], "role": role})
    last = 1 if count <= edits.EDITS_PER_PAGE else 2
    with django_assert_num_queries(3):
        page, lines = edits_page(scenario, hr_user, last)
    assert (page.paginator.count, len(lines)) == (count, {3: 3, 22: 2}[count])
    assert lines[-1].step == 1


def _day(scenario) -> str:
    from django.utils import formats

    return formats.date_format(scenario.effective_on, "DATE_FORMAT")


def _seat(position) -> str:
    from planning.pending import seat_name

    position.refresh_from_db()
    return seat_name(position)
