import datetime
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from ladder.models import Promotion
from people.models import Assignment, Person, Position
from roles.models import Role
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in ("roles", "people", "ladder")]


@pytest.fixture
def small_org():
    cco = RoleFactory(title="CCO", track="executive", career_level=12)
    lead = RoleFactory(title="Team Leader", parent=cco, track="leadership", career_level=5)
    agent = RoleFactory(title="Agent", parent=lead, career_level=2)
    top = seat(role=cco, holder=PersonFactory(first_name="Clara"))
    team = seat(role=lead, manager=top, holder=PersonFactory(first_name="Tomasz"))
    member = seat(role=agent, manager=team, holder=PersonFactory(first_name="Anke"))
    vacancy = seat(role=agent, manager=team)
    return {
        "cco": cco,
        "lead": lead,
        "agent": agent,
        "top": top,
        "team": team,
        "member": member,
        "vacancy": vacancy,
    }


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_opens_for_a_superuser(admin_user_client, small_org, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_user_client.get(url)
    assert response.status_code == 200
    assert model._meta.verbose_name_plural.title().split()[0].lower() in (
        response.content.decode().lower()
    )


@pytest.fixture
def demo_org(admin_user):
    call_command("load_demo", people=40, seed=3, no_accounts=True, stdout=StringIO())
    person = Person.objects.filter(position__isnull=False).first()
    Promotion.objects.create(
        person=person,
        to_position=person.position,
        approved_by=admin_user,
        effective=datetime.date(2026, 1, 1),
    )


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_every_change_page_of_the_demo_org_opens(admin_user_client, demo_org, model):
    obj = model.objects.first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert admin_user_client.get(url).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_every_add_page_opens_where_adding_is_allowed(admin_user_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    expected = 200 if model not in (Promotion, Assignment) else 403
    assert admin_user_client.get(url).status_code == expected


def test_the_vacancy_filter_lists_only_vacant_seats(admin_user_client, small_org):
    url = reverse("admin:people_position_changelist") + "?vacant=yes"
    response = admin_user_client.get(url)
    shown = list(response.context["cl"].result_list)
    assert shown == [small_org["vacancy"]]


def test_dragging_a_role_under_its_own_child_is_refused(admin_user_client, small_org):
    url = reverse("admin:roles_role_changelist")
    response = admin_user_client.post(
        url,
        {
            "cmd": "move_node",
            "cut_item": small_org["lead"].pk,
            "pasted_on": small_org["agent"].pk,
            "position": "last-child",
        },
    )
    assert response.content == b"FAIL, invalid move."
    assert Role.objects.get(pk=small_org["lead"].pk).parent_id == small_org["cco"].pk


def test_dragging_a_role_moves_it(admin_user_client, small_org):
    url = reverse("admin:roles_role_changelist")
    response = admin_user_client.post(
        url,
        {
            "cmd": "move_node",
            "cut_item": small_org["agent"].pk,
            "pasted_on": small_org["cco"].pk,
            "position": "last-child",
        },
    )
    assert response.content == b"OK, moved."
    assert Role.objects.get(pk=small_org["agent"].pk).parent_id == small_org["cco"].pk


def position_form(seat, **changes):
    data = {
        "role": seat.role_id,
        "manager": seat.manager_id or "",
        "holder": seat.holder_id or "",
        "site": "",
        "is_assistant": "",
    }
    return data | changes


def test_the_position_form_refuses_a_reporting_loop(admin_user_client, small_org):
    team = small_org["team"]
    url = reverse("admin:people_position_change", args=[team.pk])
    response = admin_user_client.post(url, position_form(team, manager=small_org["member"].pk))
    assert response.status_code == 200
    assert "itself or to a seat below it" in response.content.decode()
    assert Position.objects.get(pk=team.pk).manager_id == small_org["top"].pk


def test_the_position_form_refuses_a_holder_who_has_a_seat(admin_user_client, small_org):
    vacancy = small_org["vacancy"]
    url = reverse("admin:people_position_change", args=[vacancy.pk])
    data = position_form(vacancy, holder=small_org["member"].holder_id)
    response = admin_user_client.post(url, data)
    assert "already holds another seat" in response.content.decode()
    assert Position.objects.get(pk=vacancy.pk).holder is None


def test_filling_a_vacancy_in_the_admin_records_the_hire(admin_user_client, admin_user, small_org):
    vacancy = small_org["vacancy"]
    person = PersonFactory(first_name="Neu")
    url = reverse("admin:people_position_change", args=[vacancy.pk])
    response = admin_user_client.post(url, position_form(vacancy, holder=person.pk))
    assert response.status_code == 302
    assignment = person.assignments.get()
    assert (assignment.position_id, assignment.approved_by) == (vacancy.pk, admin_user)
    assert Position.objects.get(pk=small_org["top"].pk).headcount == 3


def test_moving_a_seat_in_the_admin_keeps_counts(admin_user_client, small_org):
    member = small_org["member"]
    url = reverse("admin:people_position_change", args=[member.pk])
    response = admin_user_client.post(url, position_form(member, manager=small_org["top"].pk))
    assert response.status_code == 302
    assert Position.objects.get(pk=small_org["top"].pk).direct_count == 2
    assert Position.objects.get(pk=small_org["team"].pk).direct_count == 1


def test_an_employee_cannot_open_the_admin(employee_client):
    response = employee_client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_person_page_in_the_admin_links_to_the_promotion_form(admin_user_client, small_org):
    person = small_org["member"].holder
    body = admin_user_client.get(
        reverse("admin:people_person_change", args=[person.pk])
    ).content.decode()
    assert reverse("ladder:promote", args=[person.pk]) in body


def test_removing_a_seat_in_the_admin_sends_its_reports_where_chosen(admin_user_client):
    boss = seat()
    left, right = seat(manager=boss), seat(manager=boss)
    report = seat(manager=left, holder=PersonFactory())
    url = reverse("admin:people_position_delete", args=[left.pk])
    assert 'name="reports_to"' in admin_user_client.get(url).content.decode()
    response = admin_user_client.post(url, {"post": "yes", "reports_to": str(right.pk)})
    assert response.status_code == 302
    assert not Position.objects.filter(pk=left.pk).exists()
    assert Position.objects.get(pk=report.pk).manager_id == right.pk
    assert Position.objects.get(pk=right.pk).headcount == 1


def test_removing_a_seat_in_the_admin_without_a_choice_hands_reports_to_its_manager(
    admin_user_client,
):
    boss = seat()
    middle = seat(manager=boss)
    report = seat(manager=middle)
    admin_user_client.post(
        reverse("admin:people_position_delete", args=[middle.pk]), {"post": "yes"}
    )
    assert Position.objects.get(pk=report.pk).manager_id == boss.pk


def test_a_seat_with_history_is_kept_and_the_admin_says_why(admin_user_client, small_org):
    member = small_org["member"]  # held, with an assignment
    url = reverse("admin:people_position_delete", args=[member.pk])
    response = admin_user_client.post(url, {"post": "yes"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cannot delete position" in body and "Assignment" in body
    assert Position.objects.filter(pk=member.pk).exists()


def test_an_unknown_seat_for_the_reports_is_refused_with_a_message(admin_user_client):
    boss = seat()
    middle = seat(manager=boss)
    seat(manager=middle)
    response = admin_user_client.post(
        reverse("admin:people_position_delete", args=[middle.pk]),
        {"post": "yes", "reports_to": "999999"},
        follow=True,
    )
    assert "There is no seat number 999999" in response.content.decode()
    assert Position.objects.filter(pk=middle.pk).exists()


def test_deleting_a_role_in_use_in_the_admin_names_what_uses_it(admin_user_client, small_org):
    url = reverse("admin:roles_role_delete", args=[small_org["agent"].pk])
    response = admin_user_client.post(url, {"post": "yes"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cannot delete role" in body and "Anke" in body
    assert Role.objects.filter(pk=small_org["agent"].pk).exists()


def test_a_role_refused_by_the_service_is_a_message(admin_user_client, small_org):
    """A leaf role without seats but with a promotion path pointing at it: PROTECT by a path."""
    lone = RoleFactory(title="Lone", parent=small_org["cco"])
    from ladder.models import PromotionPath

    PromotionPath.objects.create(from_role=small_org["agent"], to_role=lone, kind="up")
    url = reverse("admin:roles_role_delete", args=[lone.pk])
    response = admin_user_client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert Role.objects.filter(pk=lone.pk).exists()


# ---------------------------------------------------------------- languages (issue 16)


def person_form(page) -> dict:
    from tests.test_admin_managers import form_of

    return form_of(page)


def test_languages_are_chosen_from_a_list_and_saved_as_the_json_list(admin_user_client, small_org):
    from people.models import Person

    person = Person.objects.filter(position__isnull=False).first()
    person.languages = ["de", "xx-legacy"]
    person.save()
    url = reverse("admin:people_person_change", args=[person.pk])
    page = admin_user_client.get(url)
    assert 'name="languages"' in page.content.decode() and "multiple" in page.content.decode()
    data = person_form(page)
    assert data["languages"] == ["de", "xx-legacy"]  # an unknown code stays chosen
    assert {"first_name", "last_name", "hire_date", "salary"} <= set(data)  # the whole form
    data["languages"] = ["pl", "de", "en"]
    answer = admin_user_client.post(url, data)
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.languages == ["pl", "de", "en"]
    assert "Enter a valid JSON" not in page.content.decode()


def test_an_unknown_language_is_refused_and_nothing_changes(admin_user_client, small_org):
    from people.models import Person

    person = Person.objects.filter(position__isnull=False).first()
    person.languages = ["de"]
    person.save()
    url = reverse("admin:people_person_change", args=[person.pk])
    data = person_form(admin_user_client.get(url))
    data["languages"] = ["de", "de, pl, en"]
    answer = admin_user_client.post(url, data)
    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    person.refresh_from_db()
    assert person.languages == ["de"]


def test_the_language_list_names_languages_in_the_readers_language(admin_user_client, small_org):
    from people.models import Person

    person = Person.objects.first()
    url = reverse("admin:people_person_change", args=[person.pk])
    page = admin_user_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Deutsch (de)" in page and "Polnisch (pl)" in page


# ---------------------------------------------------------------- move this person (issue 16)


def move_url(person) -> str:
    return reverse("admin:people_person_move", args=[person.pk])


def test_the_person_page_offers_to_move_the_person(admin_user_client, small_org):
    anke = small_org["member"].holder
    page = admin_user_client.get(reverse("admin:people_person_change", args=[anke.pk]))
    assert move_url(anke) in page.content.decode()


def test_moving_a_person_in_the_admin_vacates_the_old_seat_and_records_why(
    admin_user_client, admin_user, small_org
):
    from django.contrib.admin.models import LogEntry

    anke, old, new = small_org["member"].holder, small_org["member"], small_org["vacancy"]
    page = admin_user_client.get(move_url(anke))
    assert page.status_code == 200 and f'value="{new.pk}"' in page.content.decode()
    answer = admin_user_client.post(
        move_url(anke), {"position": new.pk, "on": "2026-03-02", "note": "Team swap"}
    )
    assert answer.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.holder is None and new.holder == anke
    ended = Assignment.objects.get(person=anke, position=old)
    started = Assignment.objects.get(person=anke, position=new)
    assert ended.ended_on == datetime.date(2026, 3, 2) and ended.end_reason == "transfer"
    assert started.started_on == datetime.date(2026, 3, 2) and started.reason == "transfer"
    assert started.note == "Team swap" and started.approved_by == admin_user
    assert new.history.latest().history_user == admin_user
    assert "Team swap" in LogEntry.objects.get(object_id=str(anke.pk)).get_change_message()
    followed = admin_user_client.get(answer.url)
    assert "Team swap" in followed.content.decode()  # the confirmation


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"note": "  "}, "This field is required."),
        ({"position": "taken"}, "Select a valid choice"),
        ({"position": "987654"}, "Select a valid choice"),
        ({"on": "not a day"}, "Enter a valid date."),
    ],
    ids=["no-reason", "held-seat", "unknown-seat", "bad-date"],
)
def test_a_move_with_bad_input_says_why_and_changes_nothing(
    admin_user_client, small_org, change, error
):
    anke, vacancy = small_org["member"].holder, small_org["vacancy"]
    data = {"position": vacancy.pk, "on": "2026-03-02", "note": "Team swap"} | change
    if data["position"] == "taken":
        data["position"] = small_org["team"].pk
    answer = admin_user_client.post(move_url(anke), data)
    assert answer.status_code == 200
    assert error in answer.content.decode()
    assert Position.objects.get(holder=anke) == small_org["member"]
    assert Assignment.objects.filter(person=anke).count() == 1


def test_a_person_who_left_is_not_moved(admin_user_client, small_org):
    from people import services

    anke, vacancy = small_org["member"].holder, small_org["vacancy"]
    services.person_exit(person=anke, left_on=datetime.date(2026, 1, 31))
    anke.refresh_from_db()
    answer = admin_user_client.post(
        move_url(anke), {"position": vacancy.pk, "on": "2026-03-02", "note": "Back"}
    )
    assert answer.status_code == 200
    assert "This person has left" in answer.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.holder is None


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_only_hr_moves_people_in_the_admin(client, users, small_org, who):
    client.force_login(users[who])
    anke, vacancy = small_org["member"].holder, small_org["vacancy"]
    answer = client.post(move_url(anke), {"position": vacancy.pk, "on": "2026-03-02", "note": "x"})
    assert answer.status_code in (302, 403)  # the sign-in page, or refused for staff managers
    vacancy.refresh_from_db()
    assert vacancy.holder is None


@pytest.mark.parametrize("vacancies", [1, 6])
def test_the_move_page_reads_a_fixed_number_of_queries(
    admin_user_client, small_org, vacancies, django_assert_num_queries
):
    for _n in range(vacancies - 1):
        seat(role=small_org["agent"], manager=small_org["team"])
    anke = small_org["member"].holder
    with django_assert_num_queries(5):  # session, user, person, their seat, the vacancies
        page = admin_user_client.get(move_url(anke))
    assert page.content.decode().count("reports to Tomasz") == vacancies
