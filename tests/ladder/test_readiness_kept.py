"""Who is ready for a role, answered from the kept skill fits (ladder.models.SkillFit): every
change that moves someone in or out of the list shows at once, and the command that rebuilds the
fits from scratch agrees with what the signals kept."""

import datetime

import pytest
from django.core.management import call_command

from ladder.fit import rebuild
from ladder.models import PathSkill, SkillFit
from ladder.readiness import ready_for_role
from people.imports import import_people
from people.models import Person, PersonSkill
from people.services import (
    person_exit,
    person_hire,
    person_move,
    position_update,
    position_vacate,
)
from tests.ladder.factories import MeasurementFactory, PathSkillFactory, PromotionPathFactory
from tests.ladder.test_readiness import STARTED, consultant, ladder  # noqa: F401 - a fixture
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 1, 1)


def ready(role) -> list:
    return [person for person, _ in ready_for_role(role, viewer=None, on=ON)]


def fits() -> set:
    return set(SkillFit.objects.values_list("person_id", "path_id"))


def test_raising_a_skill_to_its_level_makes_someone_ready_and_lowering_it_takes_them_off(
    ladder,  # noqa: F811 - the fixture
):
    person = consultant(ladder, empathy=3)
    assert ready(ladder["senior"]) == []

    empathy = PersonSkill.objects.get(person=person, skill=ladder["empathy"])
    empathy.level = 4
    empathy.save()
    assert ready(ladder["senior"]) == [person]

    empathy.level = 2
    empathy.save()
    assert ready(ladder["senior"]) == []


def test_losing_a_required_skill_takes_someone_off(ladder):  # noqa: F811
    person = consultant(ladder)
    assert ready(ladder["senior"]) == [person]

    PersonSkill.objects.get(person=person, skill=ladder["communication"]).delete()

    assert ready(ladder["senior"]) == []


def test_a_path_asking_one_more_skill_takes_off_who_lacks_it_and_dropping_it_brings_them_back(
    ladder,  # noqa: F811
):
    person = consultant(ladder)
    path = person.position.role.paths_out.get()
    extra = PathSkillFactory(path=path, skill=SkillFactory(slug="coaching"), level=2)
    assert ready(ladder["senior"]) == []

    PersonSkill.objects.create(person=person, skill=extra.skill, level=2)
    assert ready(ladder["senior"]) == [person]

    extra.level = 3
    extra.save()
    assert ready(ladder["senior"]) == []

    PathSkill.objects.filter(pk=extra.pk).get().delete()
    assert ready(ladder["senior"]) == [person]


def test_a_new_path_into_the_role_brings_in_the_holders_of_its_role_who_fit(ladder):  # noqa: F811
    checker = RoleFactory(title="Quality Checker", parent=ladder["senior"].parent)
    person = consultant(ladder, empathy=0)  # not ready for Senior Consultant
    assert ready(checker) == []

    path = PromotionPathFactory(from_role=ladder["consultant"], to_role=checker, min_months=3)
    PathSkillFactory(path=path, skill=ladder["communication"], level=3)

    assert ready(checker) == [person]
    path.skills.all().delete()  # a path without required skills: every holder long enough
    assert ready(checker) == [person]
    path.delete()
    assert ready(checker) == []


def test_a_hire_into_the_role_shows_at_once_and_an_exit_takes_them_off(ladder):  # noqa: F811
    person = PersonFactory(hire_date=STARTED)
    for skill, level in ((ladder["communication"], 3), (ladder["empathy"], 5)):
        PersonSkill.objects.create(person=person, skill=skill, level=level)
    MeasurementFactory(person=person, value=96, measured_on=STARTED)
    vacant = seat(role=ladder["consultant"], manager=ladder["team"])
    assert ready(ladder["senior"]) == []

    person_hire(person=person, position=vacant, started_on=STARTED)
    assert ready(ladder["senior"]) == [person]

    person_exit(person=person, left_on=datetime.date(2025, 12, 1))
    assert ready(ladder["senior"]) == []


def test_leaving_the_role_takes_someone_off(ladder):  # noqa: F811
    person = consultant(ladder)
    elsewhere = seat(role=ladder["senior"], manager=ladder["team"])

    person_move(person=person, to_position=elsewhere, on=datetime.date(2025, 12, 1), note="x")
    assert ready(ladder["senior"]) == []


def test_a_vacated_seat_takes_its_holder_off(ladder):  # noqa: F811
    person = consultant(ladder)
    position_vacate(position=person.position, ended_on=datetime.date(2025, 12, 1))
    assert ready(ladder["senior"]) == []


def test_the_rebuild_command_agrees_with_the_kept_fits(ladder):  # noqa: F811
    people = [consultant(ladder), consultant(ladder, empathy=3), consultant(ladder, empathy=5)]
    kept = fits()
    assert {person for person, _ in kept} == {people[0].pk, people[2].pk}

    SkillFit.objects.all().delete()
    call_command("rebuild_skill_fits", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert fits() == kept


def test_a_rebuild_after_skills_written_around_the_orm_finds_them(ladder):  # noqa: F811
    person = consultant(ladder, empathy=0)
    PersonSkill.objects.bulk_create([PersonSkill(person=person, skill=ladder["empathy"], level=4)])
    assert ready(ladder["senior"]) == []  # no signal for a bulk insert: stale until the rebuild

    rebuild()

    assert ready(ladder["senior"]) == [person]


def test_someone_an_import_moves_into_the_role_is_listed_at_once():
    """The import writes seats around save(); its `org_imported` signal rebuilds the fits."""
    lead = RoleFactory(title="Team Leader")
    consultant_role = RoleFactory(title="Consultant", parent=lead)
    senior = RoleFactory(title="Senior Consultant", parent=lead)
    path = PromotionPathFactory(from_role=consultant_role, to_role=senior, min_months=0)
    skill = SkillFactory(slug="communication")
    PathSkillFactory(path=path, skill=skill, level=3)
    header = b"employee_id,name,title,manager_id,hire_date\nL1,Lena Berg,Team Leader,,2020-01-01\n"
    first = header + b"C1,Carl Weiss,Senior Consultant,L1,2020-01-01\n"
    assert import_people(data=first).errors == []
    carl = Person.objects.get(employee_id="C1")
    PersonSkill.objects.create(person=carl, skill=skill, level=3)
    assert ready_for_role(senior, viewer=None) == []  # not a consultant

    assert import_people(data=header + b"C1,Carl Weiss,Consultant,L1,2020-01-01\n").errors == []

    assert [person for person, _ in ready_for_role(senior, viewer=None)] == [carl]


def test_a_seat_given_the_from_role_brings_its_holder_in(ladder):  # noqa: F811
    trainer = RoleFactory(title="Trainer", parent=ladder["senior"].parent)
    person = PersonFactory(hire_date=STARTED)
    trainer_seat = seat(role=trainer, manager=ladder["team"], holder=person, started_on=STARTED)
    for skill, level in ((ladder["communication"], 3), (ladder["empathy"], 4)):
        PersonSkill.objects.create(person=person, skill=skill, level=level)
    MeasurementFactory(person=person, value=96, measured_on=STARTED)
    assert ready(ladder["senior"]) == []

    position_update(position=trainer_seat, role=ladder["consultant"])

    assert ready(ladder["senior"]) == [person]


def test_a_path_moved_to_another_from_role_lists_that_roles_holders(ladder):  # noqa: F811
    person = consultant(ladder)
    trainer = RoleFactory(title="Trainer", parent=ladder["senior"].parent)
    checker = RoleFactory(title="Quality Checker", parent=ladder["senior"].parent)
    path = PromotionPathFactory(from_role=trainer, to_role=checker, min_months=3)
    PathSkillFactory(path=path, skill=ladder["communication"], level=3)
    assert ready(checker) == []

    path.from_role = ladder["consultant"]
    path.save()

    assert ready(checker) == [person]
