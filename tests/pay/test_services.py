"""Categories of workers from job evaluations, the Art. 7 deadline, and who edits what in the
admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pay import services
from pay.models import InformationRequest, JobEvaluation, WorkerCategory, two_months_after
from tests.pay.factories import CategoryFactory, evaluate
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


def test_roles_within_the_band_share_a_category_and_unevaluated_ones_group_by_level(settings):
    settings.PAY_EQUAL_VALUE_BAND = 10
    agent = RoleFactory(title="Agent")
    checker = RoleFactory(title="Quality Checker")
    lead = RoleFactory(title="Team Leader")
    evaluate(agent, points=(20, 20, 20, 20))  # 80
    evaluate(checker, points=(25, 20, 25, 20))  # 90: within 10 of 80
    evaluate(lead, points=(30, 25, 30, 20))  # 105
    planner = RoleFactory(title="Planner", career_level=5)
    kept = CategoryFactory(name="Set by HR")
    trainer = RoleFactory(title="Trainer")
    evaluate(trainer, category=kept)

    assert services.categories_suggest() == 3
    category = {e.role.title: str(e.category) for e in JobEvaluation.objects.all()}
    assert (
        category["Agent"] == category["Quality Checker"] == "Agent, Quality Checker (80–90 points)"
    )
    assert category["Team Leader"] == "Team Leader (105 points)"
    assert category["Planner"] == "Career level 5"
    assert category["Trainer"] == "Set by HR"
    assert planner.job_evaluation.total is None
    assert services.categories_suggest() == 0  # nothing left without a category
    assert WorkerCategory.objects.count() == 4


def test_the_answer_is_due_two_months_later_or_at_the_end_of_a_shorter_month():
    assert two_months_after(datetime.date(2026, 11, 30)) == datetime.date(2027, 1, 30)
    assert two_months_after(datetime.date(2026, 12, 31)) == datetime.date(2027, 2, 28)
    assert two_months_after(datetime.date(2027, 12, 31)) == datetime.date(2028, 2, 29)


def test_a_request_is_answered_once(org, users):
    day = datetime.date(2026, 11, 1)
    asked = InformationRequest.objects.create(
        person=org["agents"][0].holder, asked_on=day, due_on=two_months_after(day)
    )
    services.request_answer(info_request=asked, answer="First.", by=users["hr"], today=day)
    with pytest.raises(ValidationError, match="already been answered"):
        services.request_answer(info_request=asked, answer="Again.", by=users["hr"], today=day)
    asked.refresh_from_db()
    assert asked.answer == "First."


def test_hr_reads_evaluations_in_the_admin_and_hr_admins_change_them(client, users, org):
    evaluation = evaluate(org["roles"]["agent"])
    url = f"/admin/pay/jobevaluation/{evaluation.pk}/change/"
    data = {"role": org["roles"]["agent"].pk, "skills": 90, "effort": 20}
    data |= {"responsibility": 20, "working_conditions": 20, "category": ""}
    client.force_login(users["hr"])
    assert client.get(url).status_code == 200
    client.post(url, data)
    evaluation.refresh_from_db()
    assert evaluation.skills == 20
    client.force_login(users["hradmin"])
    client.post(url, data)
    evaluation.refresh_from_db()
    assert evaluation.skills == 90
    client.force_login(users["manager"])
    users["manager"].is_staff = True
    users["manager"].save()
    assert client.get("/admin/pay/payrecord/").status_code == 403


def test_a_question_too_long_is_refused_and_nothing_is_asked(client, users, org):
    person = org["agents"][0].holder
    person.user = users["employee"]
    person.save()
    client.force_login(users["employee"])
    response = client.post("/pay/me/", {"question": "x" * 2001})
    assert response.status_code == 400
    assert not InformationRequest.objects.exists()
