import pytest

from people.access import can_see_salary, is_hr, is_hr_admin
from people.accounts import EMPLOYEE, HR, HR_ADMIN, ensure_groups
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    groups = ensure_groups()
    made = {}
    for name, group in (("alice", HR_ADMIN), ("bob", HR), ("charlie", EMPLOYEE)):
        made[name] = django_user_model.objects.create_user(name)
        made[name].groups.set([groups[group]])
    return made


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
