"""A scenario's impact: headcount and vacancies per branch and site, spans, layers, new managers
and, only for those who may see salaries, the cost waterfall per currency (issue 17)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from planning.impact import scenario_compare, scenario_impact
from planning.models import Kind
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(hr_user, ahead):
    return scenario_create(created_by=hr_user, name="Reorg", effective_on=ahead)


def test_headcount_cost_waterfall_and_new_managers(org, scenario, hr_user):
    ania, ben = (s.holder for s in org["agents"])
    newcomer = PersonFactory(salary=30000, salary_currency="EUR")
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.HIRE, "person": newcomer, "position": org["vacancy"]},
            {"kind": Kind.EXIT, "person": ben},
            {"kind": Kind.SALARY, "person": ania, "salary": Decimal("34000")},
            {"kind": Kind.MOVE, "position": org["agents"][0], "new_manager": org["middle"]},
        ],
    )

    impact = scenario_impact(scenario, salaries=True)

    site_rows = {f.key: (f.headcount_before, f.headcount_after) for f in impact.sites}
    assert site_rows == {"": (5, 5)}
    assert impact.cost["EUR"] == {
        "current": Decimal("64000.00"),
        "new_jobs": Decimal("30000.00"),
        "departures": Decimal("-32000.00"),
        "comp_changes": Decimal("2000.00"),
        "proposed": Decimal("64000.00"),
    }
    assert [m["person"] for m in impact.new_managers] == [ania.pk]
    assert impact.layers == {"before": 4, "after": 4}
    assert impact.spans["before"]["max"] == 3


def test_the_reports_of_a_seat_that_changes_hands_get_a_new_manager_and_nobody_else(
    org, scenario, hr_user
):
    """Their seats do not change, only who holds the seat above them: the impact looks at the
    reports of every re-held seat, not only at the seats the changes name."""
    lena = org["team"].holder
    newcomer = PersonFactory(salary=40000, salary_currency="EUR")
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.EXIT, "person": lena},
            {"kind": Kind.HIRE, "person": newcomer, "position": org["team"]},
        ],
    )

    moved = scenario_impact(scenario, salaries=False).new_managers

    agents = [s.holder.pk for s in org["agents"]]
    assert sorted(m["person"] for m in moved) == sorted(agents)
    assert {(m["was_person"], m["now_person"]) for m in moved} == {(lena.pk, newcomer.pk)}
    assert moved[0]["url"] == reverse("people:detail", args=[moved[0]["person"]])


def test_no_cost_without_salaries(org, scenario, hr_user):
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["team"], "new_manager": org["top"]}],
    )
    impact = scenario_impact(scenario, salaries=False)
    assert impact.cost is None
    assert impact.layers == {"before": 4, "after": 3}
    # The top seat now has two reports: the org splits there, into the head's and the team's.
    after = {f.key: (f.headcount_after, f.vacancies_after) for f in impact.branches}
    assert after[str(org["middle"].pk)] == (1, 0)
    assert after[str(org["team"].pk)] == (3, 1)


def test_branches_are_the_reports_of_the_first_seat_where_the_org_splits(org, scenario, hr_user):
    """CCO → head (one report each at the top, as the demo's CCO → VP → Head of Customer
    Service) → two teams: the branches are the teams, not one branch of everything."""
    from tests.people.factories import seat

    other = seat(role=org["roles"]["lead"], manager=org["middle"])
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["agents"][0], "new_manager": other}],
    )

    impact = scenario_impact(scenario, salaries=False)

    rows = {
        f.key: (f.headcount_before, f.headcount_after, f.vacancies_before, f.vacancies_after)
        for f in impact.branches
    }
    assert rows == {str(org["team"].pk): (3, 2, 1, 1), str(other.pk): (0, 1, 1, 1)}
    assert {f.url for f in impact.branches} == {
        reverse("people:chart-focus", args=[pk]) for pk in (org["team"].pk, other.pk)
    }


def test_compare_two_scenarios(org, hr_user, ahead):
    a = scenario_create(created_by=hr_user, name="A", effective_on=ahead)
    b = scenario_create(created_by=hr_user, name="B", effective_on=ahead)
    scenario_edit(
        scenario=b,
        user=hr_user,
        changes=[
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]}
        ],
    )
    rows = {r["label"]: (r["a"], r["b"]) for r in scenario_compare(a, b, salaries=False)["rows"]}
    assert rows["Vacancies"] == (1, 2)
    assert not any(label.startswith("Cost") for label in rows)


def test_a_vacant_seat_the_scenario_opens_costs_the_midpoint_of_its_roles_band(
    org, scenario, hr_user
):
    from tests.roles.factories import SalaryBandFactory

    SalaryBandFactory(role=org["roles"]["agent"], currency="EUR", location="",
                      minimum=28000, midpoint=31000, maximum=34000)  # fmt: skip
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]},
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]},
            # a role without a band adds nothing
            {"kind": Kind.NEW_SEAT, "new_manager": org["middle"], "role": org["roles"]["lead"]},
        ],
    )

    cost = scenario_impact(scenario, salaries=True).cost["EUR"]

    assert cost["new_jobs"] == Decimal("62000.00")
    assert cost["proposed"] == cost["current"] + Decimal("62000.00")


def test_a_seat_a_pending_change_opens_before_the_day_is_not_the_scenario_s_new_job(
    org, scenario, hr_user
):
    """The pending changes due by the scenario's day are in the org before it as well as after
    it: a seat one of them opens is not a cost of the scenario (the demo's draft with no
    changes showed it as a new job)."""
    import datetime

    from planning.services import change_plan
    from tests.roles.factories import SalaryBandFactory

    SalaryBandFactory(role=org["roles"]["agent"], currency="EUR", location="",
                      minimum=28000, midpoint=31000, maximum=34000)  # fmt: skip
    change_plan(
        planned_by=hr_user,
        kind=Kind.NEW_SEAT,
        effective_on=scenario.effective_on - datetime.timedelta(days=1),
        new_manager=org["team"],
        role=org["roles"]["agent"],
    )

    assert scenario_impact(scenario, salaries=True).cost["EUR"]["new_jobs"] == Decimal("0.00")

    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[
            {"kind": Kind.NEW_SEAT, "new_manager": org["team"], "role": org["roles"]["agent"]}
        ],
    )
    cost = scenario_impact(scenario, salaries=True).cost["EUR"]
    assert cost["new_jobs"] == Decimal("31000.00")
    assert cost["proposed"] == cost["current"] + Decimal("31000.00")
