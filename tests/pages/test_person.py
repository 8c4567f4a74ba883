import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ladder.models import PromotionPath
from people import services
from people.models import PersonSkill
from tests.people.factories import PersonFactory, SiteFactory, seat
from tests.roles.factories import RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db


def team(size: int):
    """A lead with a salary, skills and `size` reports."""
    lead_role = RoleFactory(title="Team Leader")
    boss_role = RoleFactory(title="Call Center Manager")
    boss = seat(role=boss_role, holder=PersonFactory(first_name="Bea"))
    lead = PersonFactory(
        first_name="Lena",
        last_name="Lead",
        salary=Decimal("41234.00"),
        salary_currency="EUR",
        site=SiteFactory(),
    )
    position = seat(role=lead_role, manager=boss, holder=lead, started_on=datetime.date(2024, 3, 1))
    for i in range(size):
        PersonSkill.objects.create(person=lead, skill=SkillFactory(name=f"Coaching {i}"), level=4)
        seat(role=RoleFactory(title="Agent"), manager=position, holder=PersonFactory())
    return lead


def sign_in_as_manager_of(client, lead) -> None:
    """Sign in as Bea, the lead's manager, in the Manager group."""
    from django.contrib.auth import get_user_model

    from core.groups import MANAGER, ensure_groups

    bea = lead.position.manager.holder
    bea.user = get_user_model().objects.create_user("bea")
    bea.save(update_fields=["user"])
    bea.user.groups.set([ensure_groups()[MANAGER]])
    client.force_login(bea.user)


def test_a_person_page_shows_seat_manager_reports_skills_and_history(client):
    lead = team(3)
    sign_in_as_manager_of(client, lead)
    body = client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert "Lena Lead" in body
    assert "Team Leader" in body
    assert "Bea" in body
    assert "3 direct reports" in body
    assert body.count("Coaching ") == 3
    assert "March 1, 2024" in body
    assert "Hire" in body


def test_a_person_page_shows_the_career_options_with_readiness(client):
    lead = team(1)
    sign_in_as_manager_of(client, lead)
    manager_role = lead.position.manager.role
    PromotionPath.objects.create(
        from_role=lead.position.role, to_role=manager_role, kind="up", min_months=600
    )
    body = client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    career = body.split("Career options")[1]
    assert f'href="/roles/{manager_role.slug}/">Call Center Manager</a>' in career
    assert "not yet" in career
    assert "more months in role needed" in career
    assert "Promote or move this person" not in career


def test_an_employee_sees_no_hire_date_history_or_readiness_of_others(employee_client):
    lead = team(2)
    PromotionPath.objects.create(
        from_role=lead.position.role, to_role=lead.position.manager.role, kind="up"
    )
    body = employee_client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert "Lena Lead" in body and "Team Leader" in body and "Coaching 1" in body
    assert "Hire date" not in body
    assert str(lead.hire_date.year) not in body
    assert "<h2>History</h2>" not in body
    assert "Career options" not in body


def test_a_manager_sees_no_hire_date_or_readiness_above_or_beside_their_seat(client):
    lead = team(1)
    agent = lead.position.reports.get().holder
    sign_in_as_manager_of(client, lead)
    lead.position.manager.holder.user.groups.clear()
    client.force_login(lead.position.manager.holder.user)  # in no group: a plain account
    assert "Hire date" not in client.get(reverse("people:detail", args=[agent.pk])).content.decode()
    lena_user = type(lead.position.manager.holder.user).objects.create_user("lena")
    lead.user = lena_user
    lead.save(update_fields=["user"])
    from core.groups import MANAGER, ensure_groups

    lena_user.groups.set([ensure_groups()[MANAGER]])
    client.force_login(lena_user)
    boss = lead.position.manager.holder
    assert "Hire date" not in client.get(reverse("people:detail", args=[boss.pk])).content.decode()
    assert "Hire date" in client.get(reverse("people:detail", args=[agent.pk])).content.decode()


def test_hr_gets_a_link_to_promote_from_the_person_page(client, hr_user):
    lead = team(1)
    client.force_login(hr_user)
    body = client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert f'href="/ladder/promote/{lead.pk}/"' in body


def test_an_employee_does_not_see_someone_elses_salary(employee_client):
    lead = team(1)
    body = employee_client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert "41,234" not in body and "41234" not in body
    assert "Annual salary" not in body


def test_hr_sees_the_salary(client, hr_user):
    lead = team(1)
    client.force_login(hr_user)
    body = client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert '<dd class="salary">41,234 EUR</dd>' in body


def test_a_person_sees_their_own_salary(client, django_user_model):
    lead = team(1)
    lead.user = django_user_model.objects.create_user("lena")
    lead.save()
    client.force_login(lead.user)
    body = client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert '<dd class="salary">41,234 EUR</dd>' in body


def test_a_person_without_a_seat_has_a_page_too(employee_client):
    person = PersonFactory(first_name="Nadia")
    body = employee_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "holds no seat" in body


def test_an_unknown_person_is_not_found(employee_client):
    assert employee_client.get(reverse("people:detail", args=[98765])).status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_a_person_page_makes_the_same_queries_for_few_and_many_reports(
    client, django_assert_num_queries, size
):
    lead = team(size)
    sign_in_as_manager_of(client, lead)
    # session, user, person with seat and manager, groups, the manager's seat, the chain above
    # the lead's seat (is_at_or_below), reports, skills, history, career_options' constant five,
    # the recorded changes, the site and seat they name, the planned changes (planning/), the
    # site of the manager's seat (the header's staffing plan link)
    with django_assert_num_queries(18):
        client.get(reverse("people:detail", args=[lead.pk]))


@pytest.mark.parametrize("size", [1, 10])
def test_an_employee_gets_a_person_page_in_fewer_queries(
    employee_client, django_assert_num_queries, size
):
    lead = team(size)
    # session, user, person with seat and manager, groups, reports, skills, recorded changes,
    # planned changes
    with django_assert_num_queries(8):
        employee_client.get(reverse("people:detail", args=[lead.pk]))


def test_signed_out_visitors_cannot_see_a_person(client):
    lead = team(1)
    assert client.get(reverse("people:detail", args=[lead.pk])).status_code == 302


def test_the_recorded_changes_hide_a_hire_date_change_from_employees(employee_client, hr_user):
    lead = team(1)
    lead.hire_date = datetime.date(2011, 7, 13)
    lead.save()
    employee_body = employee_client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    employee_client.force_login(hr_user)
    hr_body = employee_client.get(reverse("people:detail", args=[lead.pk])).content.decode()
    assert "2011" not in employee_body
    assert "2011" in hr_body


# ---------------------------------------------------------------- exit dates (issue 12.4)


@pytest.fixture
def left(org):
    """Ben leaves on 23 September 2025; his seat stays, vacant."""
    ben = org["agents"][1].holder
    services.person_exit(person=ben, left_on=datetime.date(2025, 9, 23))
    return ben


def exit_date_shown(body: str) -> bool:
    return any(day in body for day in ("2025-09-23", "Sept. 23, 2025", "September 23, 2025"))


def test_an_employee_sees_no_exit_date_in_a_persons_recorded_changes(employee_client, left):
    body = employee_client.get(reverse("people:detail", args=[left.pk])).content.decode()
    assert not exit_date_shown(body)
    assert "left on" not in body
    # nor a change row that changed nothing visible: its time would tell when HR recorded it
    assert "no field shown here changed" not in body


def test_hr_sees_the_exit_date_in_the_recorded_changes(client, hr_user, left):
    client.force_login(hr_user)
    body = client.get(reverse("people:detail", args=[left.pk])).content.decode()
    assert "<strong>left on</strong>: — → Sept. 23, 2025" in body


def test_an_employee_sees_no_past_holders_in_a_seats_recorded_changes(employee_client, org, left):
    body = employee_client.get(
        reverse("people:chart-focus", args=[org["agents"][1].pk])
    ).content.decode()
    assert "<strong>holder</strong>" not in body


def test_hr_sees_the_past_holders_in_a_seats_recorded_changes(client, hr_user, org, left):
    client.force_login(hr_user)
    body = client.get(reverse("people:chart-focus", args=[org["agents"][1].pk])).content.decode()
    assert f"<strong>holder</strong>: {left.full_name} → —" in body


def test_an_employee_does_not_see_when_someone_else_was_recorded(client, users, hr_user, org):
    ben = org["agents"][1].holder
    client.force_login(users["employee"])
    assert ">created<" not in client.get(reverse("people:detail", args=[ben.pk])).content.decode()
    client.force_login(hr_user)
    assert ">created<" in client.get(reverse("people:detail", args=[ben.pk])).content.decode()


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "German, Polish"), ("de", "Deutsch, Polnisch")]
)
def test_a_persons_languages_are_named_in_the_readers_language(employee_client, language, shown):
    person = PersonFactory(languages=["de", "pl"])
    seat(role=RoleFactory(title="Agent"), holder=person)

    page = employee_client.get(
        reverse("people:detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    assert f"<dd>{shown}</dd>" in page.content.decode()
