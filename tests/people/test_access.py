import pytest

from core.groups import EMPLOYEE, ensure_groups, is_hr, is_hr_admin
from people.access import can_see_hire_date, can_see_readiness, can_see_salary
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(users):
    """Alice can do everything, Bob is HR, Charlie must see nothing of others."""
    return {"alice": users["hradmin"], "bob": users["hr"], "charlie": users["employee"]}


def test_group_powers(users):
    assert [is_hr(u) for u in users.values()] == [True, True, False]
    assert [is_hr_admin(u) for u in users.values()] == [True, False, False]


def test_salary_is_seen_by_hr_and_by_the_person_only(users):
    charlie = users["charlie"]
    own = PersonFactory(user=charlie)
    other = PersonFactory()
    assert can_see_salary(users["bob"], other)
    assert can_see_salary(charlie, own)
    assert not can_see_salary(charlie, other)
    assert not can_see_salary(charlie)


def test_anonymous_users_have_no_powers():
    from django.contrib.auth.models import AnonymousUser

    assert not is_hr(AnonymousUser())
    assert not can_see_salary(AnonymousUser(), PersonFactory())


@pytest.fixture
def line(users, django_user_model):
    """Mia (Manager group) leads a team of Ania; Zoe leads a team beside; Bob is above both."""
    from tests.people.factories import seat
    from tests.roles.factories import RoleFactory

    role = RoleFactory()
    top = seat(role=role, holder=PersonFactory(first_name="Bob"))
    mia_seat = seat(role=role, manager=top, holder=PersonFactory(first_name="Mia"))
    zoe_seat = seat(role=role, manager=top, holder=PersonFactory(first_name="Zoe"))
    ania = seat(role=role, manager=mia_seat, holder=PersonFactory(first_name="Ania")).holder
    mia = mia_seat.holder
    mia.user = django_user_model.objects.get(username="mia")  # of the cast: Manager group
    mia.save(update_fields=["user"])
    return {"mia": mia, "ania": ania, "zoe": zoe_seat.holder, "bob": top.holder}


def test_a_manager_sees_hire_dates_and_readiness_of_their_subtree_only(line):
    user = line["mia"].user
    seen = {name: can_see_hire_date(user, p) for name, p in line.items()}
    assert seen == {"mia": True, "ania": True, "zoe": False, "bob": False}
    assert can_see_readiness(user, line["ania"]) and not can_see_readiness(user, line["zoe"])


def test_a_manager_does_not_see_their_teams_salaries(line):
    user = line["mia"].user
    assert not can_see_salary(user, line["ania"])
    assert can_see_salary(user, line["mia"])


def test_a_seat_holder_outside_the_manager_group_has_no_subtree_powers(line):
    line["mia"].user.groups.set([ensure_groups()[EMPLOYEE]])
    user = type(line["mia"].user).objects.get(pk=line["mia"].user_id)
    assert not can_see_hire_date(user, line["ania"])


def test_a_manager_checks_one_person_in_one_query_after_finding_their_seat(
    line, django_assert_num_queries
):
    user = line["mia"].user
    assert not can_see_hire_date(user, line["zoe"])  # reads groups and the seat, kept on the user
    with django_assert_num_queries(1):
        assert can_see_hire_date(user, line["ania"])
        assert can_see_readiness(user, line["ania"])


def test_hr_sees_every_hire_date_and_employees_only_their_own(users):
    charlie = users["charlie"]
    own, other = PersonFactory(user=charlie), PersonFactory()
    assert can_see_hire_date(users["bob"], other)
    assert can_see_hire_date(charlie, own)
    assert not can_see_hire_date(charlie, other)
