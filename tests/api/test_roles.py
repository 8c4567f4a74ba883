import pytest

from roles.models import Role, Skill
from tests.helpers import problem_errors
from tests.people.factories import seat
from tests.roles.factories import RoleFactory, RoleSkillFactory, SalaryBandFactory, SkillFactory

from .conftest import V1

pytestmark = pytest.mark.django_db


def new_role(parent: Role | None, **extra) -> dict:
    return {
        "title": "Quality Checker",
        "slug": "quality-checker",
        "parent": parent.pk if parent else None,
        "track": "specialist",
        "career_level": 3,
        **extra,
    }


def test_a_role_carries_its_content(employee, org):
    lead = org["roles"]["lead"]
    lead.aliases.create(name="Supervisor", language="en")
    lead.responsibilities.create(text="Coach the team", order=1)
    RoleSkillFactory(role=lead, skill=SkillFactory(slug="coaching", name="Coaching"), level=4)
    SalaryBandFactory(role=lead, minimum=38000, midpoint=41000, maximum=44000)
    data = employee.get(f"{V1}/roles/{lead.pk}/").json()
    assert data["title"] == "Team Leader"
    assert data["parent"] == org["roles"]["head"].pk
    assert data["level"] == 2
    assert data["aliases"] == [{"name": "Supervisor", "language": "en"}]
    assert data["responsibilities"] == ["Coach the team"]
    assert data["skills"] == [
        {"skill": Skill.objects.get().pk, "slug": "coaching", "name": "Coaching", "level": 4}
    ]
    assert [(b["minimum"], b["maximum"]) for b in data["salary_bands"]] == [
        ("38000.00", "44000.00")
    ]


def test_text_fields_follow_accept_language(employee, org):
    Role.objects.filter(pk=org["roles"]["lead"].pk).update(title_de="Teamleiter", title_pl="")
    lead = org["roles"]["lead"].pk
    german = employee.get(f"{V1}/roles/{lead}/", HTTP_ACCEPT_LANGUAGE="de").json()
    polish = employee.get(f"{V1}/roles/{lead}/", HTTP_ACCEPT_LANGUAGE="pl").json()
    assert german["title"] == "Teamleiter"
    assert polish["title"] == "Team Leader"  # no Polish title: English


def test_the_role_list_is_in_tree_order_and_filters_by_track(employee, org):
    slugs = [r["slug"] for r in employee.get(f"{V1}/roles/").json()["results"]]
    assert slugs == ["cco", "head", "team-leader", "agent"]
    executive = employee.get(f"{V1}/roles/?track=executive").json()["results"]
    assert [r["slug"] for r in executive] == ["cco"]


def test_roles_are_found_by_alias(employee, org):
    org["roles"]["agent"].aliases.create(name="Kundenbetreuer", language="de")
    found = employee.get(f"{V1}/roles/?search=kundenbetr").json()["results"]
    assert [r["slug"] for r in found] == ["agent"]


def test_an_hr_admin_creates_a_role(hradmin, org):
    response = hradmin.post(f"{V1}/roles/", new_role(org["roles"]["head"]), format="json")
    assert response.status_code == 201
    role = Role.objects.get(slug="quality-checker")
    assert response.json()["id"] == role.pk
    assert role.parent == org["roles"]["head"]
    assert role.title_en == "Quality Checker"


@pytest.mark.parametrize(("who", "code"), [(None, 401), ("employee", 403), ("hr", 403)])
def test_only_hr_admins_write_roles(as_user, org, who, code):
    client = as_user(who)
    response = client.post(f"{V1}/roles/", new_role(org["roles"]["head"]), format="json")
    assert response.status_code == code
    assert client.delete(f"{V1}/roles/{org['roles']['agent'].pk}/").status_code == code
    assert not Role.objects.filter(slug="quality-checker").exists()


def test_a_second_top_role_is_refused_with_a_message(hradmin, org):
    response = hradmin.post(f"{V1}/roles/", new_role(None), format="json")
    assert response.status_code == 400
    assert problem_errors(response) == {
        "parent": ["There is already a top role; choose the role this one reports to."]
    }


def test_bad_role_input_names_each_field(hradmin, org):
    bad = new_role(org["roles"]["head"], career_level=0, track="wizard", slug="no spaces")
    response = hradmin.post(f"{V1}/roles/", bad, format="json")
    assert response.status_code == 400
    assert set(problem_errors(response)) == {"career_level", "track", "slug"}
    assert Role.objects.count() == 4


def test_a_duplicate_slug_is_refused(hradmin, org):
    response = hradmin.post(
        f"{V1}/roles/", new_role(org["roles"]["head"], slug="agent"), format="json"
    )
    assert response.status_code == 409
    assert list(problem_errors(response)) == ["slug"]
    assert response.json()["code"] == "duplicate_role_slug"


def test_editing_a_title_in_german_changes_only_the_german_title(hradmin, org):
    lead = org["roles"]["lead"]
    response = hradmin.patch(
        f"{V1}/roles/{lead.pk}/", {"title": "Teamleiter"}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    lead.refresh_from_db()
    assert (lead.title_en, lead.title_de) == ("Team Leader", "Teamleiter")


def test_deleting_an_unused_role_works(hradmin, org):
    spare = RoleFactory(parent=org["roles"]["agent"])
    assert hradmin.delete(f"{V1}/roles/{spare.pk}/").status_code == 204
    assert not Role.objects.filter(pk=spare.pk).exists()


def test_deleting_a_role_with_seats_is_refused_with_409(hradmin, org):
    response = hradmin.delete(f"{V1}/roles/{org['roles']['agent'].pk}/")
    assert response.status_code == 409
    assert problem_errors(response) == {
        "detail": "Seats or paths use this role; give them another role first."
    }
    assert Role.objects.filter(pk=org["roles"]["agent"].pk).exists()


def test_deleting_a_role_with_roles_below_is_refused_with_409(hradmin, org):
    response = hradmin.delete(f"{V1}/roles/{org['roles']['head'].pk}/")
    assert response.status_code == 409
    assert problem_errors(response) == {
        "detail": "Other roles report to this role; move them first."
    }


def test_the_role_tree_is_nested(employee, org):
    tree = employee.get(f"{V1}/roles/tree/").json()
    assert len(tree) == 1 and tree[0]["slug"] == "cco"
    head = tree[0]["children"][0]
    assert head["slug"] == "head"
    assert head["children"][0]["children"][0]["slug"] == "agent"
    assert head["children"][0]["children"][0]["children"] == []


def test_ancestors_and_descendants_of_a_role(employee, org):
    lead = org["roles"]["lead"].pk
    up = employee.get(f"{V1}/roles/{lead}/ancestors/").json()
    down = employee.get(f"{V1}/roles/{lead}/descendants/").json()
    assert [r["slug"] for r in up] == ["cco", "head"]
    assert [r["slug"] for r in down] == ["agent"]


def test_moving_a_role_places_it_with_its_subtree(hradmin, org):
    roles = org["roles"]
    response = hradmin.post(
        f"{V1}/roles/{roles['lead'].pk}/move/",
        {"parent": roles["cco"].pk, "position": "first-child"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["parent"] == roles["cco"].pk
    roles["agent"].refresh_from_db()
    assert [r.slug for r in roles["agent"].get_ancestors()] == ["cco", "team-leader"]


def test_moving_a_role_under_its_own_descendant_is_refused(hradmin, org):
    roles = org["roles"]
    response = hradmin.post(
        f"{V1}/roles/{roles['head'].pk}/move/", {"parent": roles["agent"].pk}, format="json"
    )
    assert response.status_code == 400
    assert problem_errors(response) == {
        "parent": ["A role cannot report to itself or to a role below it."]
    }
    roles["head"].refresh_from_db()
    assert roles["head"].parent_id == roles["cco"].pk


def test_a_move_without_a_parent_or_with_a_bad_position_is_refused(hradmin, org):
    url = f"{V1}/roles/{org['roles']['lead'].pk}/move/"
    assert problem_errors(hradmin.post(url, {"parent": None}, format="json")) == {
        "parent": ["Choose the role this one reports to."]
    }
    response = hradmin.post(url, {"parent": org["roles"]["cco"].pk, "position": "x"}, format="json")
    assert list(problem_errors(response)) == ["position"]


def test_unknown_role_ids_are_404(employee, org):
    assert employee.get(f"{V1}/roles/999999/").status_code == 404
    assert employee.get(f"{V1}/roles/99999999999999999999999/").status_code == 404
    assert employee.get(f"{V1}/roles/abc/ancestors/").status_code == 404


def test_skills_are_read_by_all_and_written_by_hr_admins(employee, hr, hradmin, db):
    payload = {"name": "Empathy", "slug": "empathy", "category": "core"}
    assert employee.post(f"{V1}/skills/", payload, format="json").status_code == 403
    assert hr.post(f"{V1}/skills/", payload, format="json").status_code == 403
    created = hradmin.post(f"{V1}/skills/", payload, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert employee.get(f"{V1}/skills/{pk}/").json()["name"] == "Empathy"
    renamed = hradmin.patch(f"{V1}/skills/{pk}/", {"name": "Empathie"}, format="json")
    assert renamed.json()["name"] == "Empathie"
    assert hradmin.delete(f"{V1}/skills/{pk}/").status_code == 204
    assert not Skill.objects.exists()


def test_a_skill_in_use_is_not_deleted(hradmin, org):
    needed = RoleSkillFactory(role=org["roles"]["agent"]).skill
    response = hradmin.delete(f"{V1}/skills/{needed.pk}/")
    assert response.status_code == 409
    assert Skill.objects.filter(pk=needed.pk).exists()


def test_a_bad_skill_category_is_refused(hradmin, db):
    response = hradmin.post(
        f"{V1}/skills/", {"name": "X", "slug": "x", "category": "magic"}, format="json"
    )
    assert response.status_code == 400
    assert list(problem_errors(response)) == ["category"]


def test_a_seat_keeps_its_role_when_the_role_delete_is_refused(hradmin, org):
    extra = seat(role=org["roles"]["agent"], manager=org["team"])
    hradmin.delete(f"{V1}/roles/{org['roles']['agent'].pk}/")
    extra.refresh_from_db()
    assert extra.role_id == org["roles"]["agent"].pk


def test_the_span_norm_is_read_by_everyone_and_written_by_hr_admins(employee, hr, hradmin, org):
    lead = org["roles"]["lead"]
    before = employee.get(f"{V1}/roles/{lead.pk}/").json()
    assert (before["span_min"], before["span_max"]) == (None, None)  # the fixture sets none
    assert hr.patch(f"{V1}/roles/{lead.pk}/", {"span_max": 30}, format="json").status_code == 403
    response = hradmin.patch(
        f"{V1}/roles/{lead.pk}/", {"span_min": 15, "span_max": 30}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["span_min"], response.json()["span_max"]) == (15, 30)
    lead.refresh_from_db()
    assert (lead.span_min, lead.span_max) == (15, 30)


def test_a_write_that_does_not_name_the_span_norm_keeps_it(hradmin, org):
    lead = org["roles"]["lead"]
    Role.objects.filter(pk=lead.pk).update(span_min=15, span_max=30)
    body = new_role(org["roles"]["head"], title="Team Leader", slug="team-leader")
    assert hradmin.put(f"{V1}/roles/{lead.pk}/", body, format="json").status_code == 200
    lead.refresh_from_db()
    assert (lead.span_min, lead.span_max) == (15, 30)
    cleared = hradmin.patch(f"{V1}/roles/{lead.pk}/", {"span_max": None}, format="json")
    assert cleared.json()["span_max"] is None


def test_a_span_norm_with_more_fewest_than_most_is_refused_and_changes_nothing(hradmin, org):
    lead = org["roles"]["lead"]
    Role.objects.filter(pk=lead.pk).update(span_min=15, span_max=30)
    response = hradmin.patch(f"{V1}/roles/{lead.pk}/", {"span_min": 40}, format="json")
    assert response.status_code == 400
    assert problem_errors(response) == {
        "span_max": ["The most direct reports cannot be fewer than the fewest."]
    }
    negative = hradmin.patch(f"{V1}/roles/{lead.pk}/", {"span_max": 0}, format="json")
    assert list(problem_errors(negative)) == ["span_max"]
    lead.refresh_from_db()
    assert (lead.span_min, lead.span_max) == (15, 30)
