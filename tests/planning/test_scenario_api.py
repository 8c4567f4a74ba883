"""/api/v1/scenarios/: HR creates, edits, submits and applies; approvers decide; a manager reads
what is shared with them without salaries; anyone else gets 404 (issue 17)."""

from decimal import Decimal

import pytest

from planning.models import ScenarioStatus, Status
from planning.scenarios import scenario_create, scenario_edit
from tests.api import conftest as api

pytestmark = pytest.mark.django_db
URL = "/api/v1/scenarios/"
as_user, employee, hr, hradmin = api.as_user, api.employee, api.hr, api.hradmin
_fresh_throttles = api._fresh_throttles


@pytest.fixture
def scenario(hr_user, ahead):
    return scenario_create(created_by=hr_user, name="Reorg", effective_on=ahead)


def test_hr_creates_edits_submits_and_an_hr_admin_approves_and_applies(hr, hradmin, org, ahead):
    made = hr.post(
        URL,
        {"name": "Spring", "effective_on": ahead.isoformat(), "heads_approve": False},
        format="json",
        HTTP_IDEMPOTENCY_KEY="s-1",
    )
    assert made.status_code == 201, made.json()
    url = f"{URL}{made.json()['id']}/"
    edit = hr.post(
        f"{url}changes/",
        {
            "changes": [
                {"kind": "move", "position": org["vacancy"].pk, "new_manager": org["middle"].pk}
            ]
        },
        format="json",
    )
    assert edit.status_code == 201, edit.json()
    assert [c["status"] for c in hr.get(f"{url}changes/").json()] == ["draft"]
    assert hr.get(f"{url}problems/").json() == []
    assert hr.get(f"{url}conflicts/").json() == []
    impact = hr.get(f"{url}impact/").json()
    assert impact["cost"]["EUR"]["proposed"] == "64000.00" and impact["layers"] == {
        "before": 4,
        "after": 4,
    }

    assert hr.post(f"{url}submit/").json()["status"] == "submitted"
    refused = hr.post(f"{url}decide/", {"approve": True}, format="json")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert hradmin.post(f"{url}decide/", {"approve": True}, format="json").json()["status"] == (
        "approved"
    )
    assert hr.post(f"{url}apply/").status_code == 400
    assert hradmin.post(f"{url}apply/").json()["status"] == "applied"


def test_an_edit_that_cannot_apply_is_a_problem_naming_the_change(hr, org, scenario):
    answer = hr.post(
        f"{URL}{scenario.pk}/changes/",
        {
            "changes": [
                {"kind": "close_seat", "position": org["vacancy"].pk},
                {"kind": "move", "position": org["middle"].pk, "new_manager": org["team"].pk},
            ]
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "changes[1]" in str(answer.json())
    assert not scenario.changes.exists()


def test_undo_redo_and_discard(hr, org, scenario, hr_user):
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": "close_seat", "position": org["vacancy"]}],
    )
    assert hr.post(f"{URL}{scenario.pk}/undo/").json() == {"count": 1}
    assert hr.post(f"{URL}{scenario.pk}/redo/").json() == {"count": 1}
    assert hr.delete(f"{URL}{scenario.pk}/").status_code == 204
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DISCARDED


def test_a_manager_reads_a_shared_scenario_without_salaries_others_get_404(
    as_user, org, scenario, hr_user, users, employee
):
    ania = org["agents"][0].holder
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": "salary", "person": ania, "salary": Decimal("34567")}],
    )
    manager = as_user("manager")
    assert manager.get(f"{URL}{scenario.pk}/").status_code == 404
    assert employee.get(f"{URL}{scenario.pk}/").status_code == 404
    scenario.shared_with.add(users["manager"], users["employee"])

    assert [s["id"] for s in manager.get(URL).json()["results"]] == [scenario.pk]
    assert manager.get(f"{URL}{scenario.pk}/changes/").json()[0]["salary"] is None
    impact = manager.get(f"{URL}{scenario.pk}/impact/")
    assert impact.json()["cost"] is None
    assert "34567" not in impact.content.decode()
    assert employee.get(f"{URL}{scenario.pk}/").status_code == 404
    assert manager.post(f"{URL}{scenario.pk}/undo/").status_code in (400, 403)
    assert scenario.changes.get().status == Status.DRAFT


def test_compare(hr, org, scenario, hr_user, ahead):
    other = scenario_create(created_by=hr_user, name="Other", effective_on=ahead)
    rows = hr.get(f"{URL}{scenario.pk}/compare/?with={other.pk}").json()["rows"]
    assert {r["label"] for r in rows} >= {"Headcount", "Vacancies"}
    assert hr.get(f"{URL}{scenario.pk}/compare/?with=x").status_code == 400


@pytest.mark.parametrize("count", [1, 4])
def test_the_list_costs_the_same_queries_at_two_sizes(
    hr, org, hr_user, ahead, count, django_assert_num_queries
):
    for n in range(count):
        scenario_create(created_by=hr_user, name=f"S{n}", effective_on=ahead)
    hr.get(URL)  # warm the session
    with django_assert_num_queries(6):
        assert len(hr.get(URL).json()["results"]) == count


def test_the_tree_read_as_a_scenario_would_make_it(hr, employee, org, scenario, hr_user):
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": "move", "position": org["vacancy"], "new_manager": org["middle"]}],
    )
    url = f"/api/v1/positions/{org['middle'].pk}/children/"

    live = [c["id"] for c in hr.get(url).json()["children"]]
    planned = [c["id"] for c in hr.get(f"{url}?scenario={scenario.pk}").json()["children"]]

    assert org["vacancy"].pk not in live
    assert org["vacancy"].pk in planned
    assert employee.get(f"{url}?scenario={scenario.pk}").status_code == 404
    assert hr.get(f"{url}?scenario=x").status_code == 400
