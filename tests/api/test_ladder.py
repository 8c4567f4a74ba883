import datetime

import pytest

from ladder.models import Promotion, PromotionPath
from people.models import Position
from tests.helpers import problem_errors
from tests.ladder.factories import CriterionFactory, PathSkillFactory, PromotionPathFactory
from tests.roles.factories import SalaryBandFactory, SkillFactory

from .conftest import V1

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(org):
    """Agent → Team Leader after 12 months, with a skill and a criterion."""
    path = PromotionPathFactory(
        from_role=org["roles"]["agent"], to_role=org["roles"]["lead"], min_months=12
    )
    PathSkillFactory(path=path, skill=SkillFactory(slug="coaching", name="Coaching"), level=3)
    CriterionFactory(path=path)
    return path


def test_paths_carry_their_skills_and_criteria(employee, path):
    data = employee.get(f"{V1}/promotion-paths/{path.pk}/").json()
    assert (data["from_role"], data["to_role"], data["kind"]) == (
        path.from_role_id,
        path.to_role_id,
        "up",
    )
    assert [(s["slug"], s["level"]) for s in data["skills"]] == [("coaching", 3)]
    assert data["criteria"] == [
        {"metric": "qa_score", "label": "QA score", "threshold": "95.00", "unit": "%"}
    ]


def test_paths_are_filtered_by_role_and_track(employee, path, org):
    def ids(query: str) -> list[int]:
        return [p["id"] for p in employee.get(f"{V1}/promotion-paths/?{query}").json()["results"]]

    assert ids(f"from_role={org['roles']['agent'].pk}") == [path.pk]
    assert ids(f"to_role={org['roles']['agent'].pk}") == []
    assert ids("track=individual") == [path.pk]
    assert ids("track=executive") == []


def test_hr_writes_paths(hr, org):
    payload = {
        "from_role": org["roles"]["lead"].pk,
        "to_role": org["roles"]["head"].pk,
        "kind": "up",
        "min_months": 24,
    }
    created = hr.post(f"{V1}/promotion-paths/", payload, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (
        hr.patch(f"{V1}/promotion-paths/{pk}/", {"min_months": 18}, format="json").json()[
            "min_months"
        ]
        == 18
    )
    assert hr.delete(f"{V1}/promotion-paths/{pk}/").status_code == 204
    assert not PromotionPath.objects.exists()


def test_a_path_to_the_same_role_is_refused(hr, org):
    agent = org["roles"]["agent"].pk
    payload = {"from_role": agent, "to_role": agent, "kind": "lateral"}
    response = hr.post(f"{V1}/promotion-paths/", payload, format="json")
    assert response.status_code == 400
    assert problem_errors(response) == {"to_role": ["A path must lead to another role."]}


def test_a_duplicate_path_is_a_409_with_its_code(hr, path):
    payload = {"from_role": path.from_role_id, "to_role": path.to_role_id, "kind": "up"}
    response = hr.post(f"{V1}/promotion-paths/", payload, format="json")
    assert response.status_code == 409
    assert list(problem_errors(response)) == ["non_field_errors"]
    assert response.json()["code"] == "duplicate_promotionpath_from_role_to_role"


@pytest.mark.parametrize(("who", "code"), [(None, 401), ("employee", 403)])
def test_writing_paths_needs_hr(as_user, path, who, code):
    assert as_user(who).delete(f"{V1}/promotion-paths/{path.pk}/").status_code == code
    assert PromotionPath.objects.filter(pk=path.pk).exists()


def promote(client, org, **extra):
    payload = {
        "person": org["agents"][0].holder_id,
        "to_position": org["vacancy"].pk,
        "effective": datetime.date.today().isoformat(),
        **extra,
    }
    return client.post(f"{V1}/promotions/", payload, format="json")


def test_hr_promotes_a_person_and_the_history_lists_it(hr, users, org):
    ania = org["agents"][0].holder
    response = promote(hr, org, exception_reason="Covering the vacancy")
    assert response.status_code == 201
    data = response.json()
    assert (data["from_position"], data["to_position"]) == (org["agents"][0].pk, org["vacancy"].pk)
    assert data["approved_by"] == "hanna"
    assert Position.objects.get(pk=org["vacancy"].pk).holder == ania
    history = hr.get(f"{V1}/promotions/?person={ania.pk}").json()["results"]
    assert [p["id"] for p in history] == [data["id"]]


def test_a_promotion_outside_any_path_needs_a_reason(hr, org):
    response = promote(hr, org)
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["exception_reason"]
    assert Promotion.objects.count() == 0


def test_a_promotion_in_the_future_is_refused(hr, org):
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = promote(hr, org, effective=later, exception_reason="x")
    assert response.status_code == 400
    assert problem_errors(response) == {
        "effective": ["A promotion takes effect today or on a past date."]
    }


def test_a_promotion_into_a_taken_seat_is_refused(hr, org):
    response = promote(hr, org, to_position=org["team"].pk, exception_reason="x")
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["to_position"]


@pytest.mark.parametrize(("who", "code"), [(None, 401), ("employee", 403)])
def test_promoting_needs_hr(as_user, org, who, code):
    assert promote(as_user(who), org, exception_reason="x").status_code == code
    assert Promotion.objects.count() == 0


def test_career_options_show_readiness(manager, path, org):
    ania = org["agents"][0].holder
    data = manager.get(f"{V1}/people/{ania.pk}/career/").json()
    assert data["person"] == ania.pk
    [option] = data["options"]
    assert option["to_role_slug"] == "team-leader"
    assert option["min_months"] == 12
    assert option["skills"][0]["skill_slug"] == "coaching"
    assert option["skills"][0]["gap"] == 3
    assert option["verdict"] == "not_yet"


def test_the_band_of_a_next_role_shows_a_salary_only_to_hr(manager, hr, path, org):
    SalaryBandFactory(role=org["roles"]["lead"], effective_from=datetime.date(2020, 1, 1))
    url = f"{V1}/people/{org['agents'][0].holder_id}/career/"
    hr_band = hr.get(url).json()["options"][0]["band"]
    employee_band = manager.get(url).json()["options"][0]["band"]
    assert hr_band["salary"] == "32000.00"
    assert "salary" not in employee_band and "position_pct" not in employee_band
    assert employee_band["minimum"] == "30000.00"


# ---------------------------------------------------------------- who reads promotions (issue 12.3)


@pytest.fixture
def promoted(hr, org):
    """Ania, an agent in Lena's team, promoted by HR with a note and a reason for an exception."""
    response = promote(hr, org, note="NOTE-by-HR", exception_reason="REASON-by-HR")
    assert response.status_code == 201
    return response.json()["id"]


def test_an_employee_reads_no_one_elses_promotions(employee, promoted):
    assert employee.get(f"{V1}/promotions/").json()["results"] == []
    assert employee.get(f"{V1}/promotions/{promoted}/").status_code == 404


def test_a_person_reads_their_own_promotion_without_hrs_note_and_reason(
    employee, users, org, promoted
):
    org["agents"][0].holder.__class__.objects.filter(pk=org["agents"][0].holder_id).update(
        user=users["employee"]
    )
    [own] = employee.get(f"{V1}/promotions/").json()["results"]
    detail = employee.get(f"{V1}/promotions/{promoted}/").json()
    for data in (own, detail):
        assert data["id"] == promoted
        assert "note" not in data and "exception_reason" not in data


def test_a_manager_reads_their_subtrees_promotions_without_hrs_note_and_reason(manager, promoted):
    [seen] = manager.get(f"{V1}/promotions/").json()["results"]
    assert seen["id"] == promoted
    assert "note" not in seen and "exception_reason" not in seen


def test_a_manager_reads_no_promotion_outside_their_subtree(as_user, users, org, promoted):
    org["middle"].holder.__class__.objects.filter(pk=org["agents"][1].holder_id).update(
        user=users["manager"]
    )  # Mia now is Ben, an agent beside Ania: a seat with no one below it
    mia = as_user("manager")
    assert mia.get(f"{V1}/promotions/").json()["results"] == []
    assert mia.get(f"{V1}/promotions/{promoted}/").status_code == 404


def test_hr_reads_every_promotion_with_its_note_and_reason(hr, promoted):
    [seen] = hr.get(f"{V1}/promotions/").json()["results"]
    assert (seen["note"], seen["exception_reason"]) == ("NOTE-by-HR", "REASON-by-HR")


def test_the_schema_says_note_and_reason_may_be_absent(anon):
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    promotion = schema["components"]["schemas"]["PromotionOut"]
    assert {"note", "exception_reason"}.isdisjoint(promotion["required"])
    assert "HR only" in promotion["properties"]["note"]["description"]
