import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from people.models import Position
from roles.models import Role
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


def check_trees(*args: str) -> tuple[int, str]:
    """Exit status and output of `manage.py check_trees`."""
    out = StringIO()
    try:
        call_command("check_trees", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def demo_org():
    call_command(
        "load_demo",
        people=300,
        seed=5,
        as_of=datetime.date(2026, 11, 1),
        no_accounts=True,
        stdout=StringIO(),
    )


@pytest.fixture
def small_org():
    """top > a > a1;  top > b. Roles: root > child > grandchild."""
    root = RoleFactory()
    child = RoleFactory(parent=root)
    grandchild = RoleFactory(parent=child)
    top = seat(role=root, holder=PersonFactory())
    a = seat(manager=top, role=child, holder=PersonFactory())
    a1 = seat(manager=a, role=grandchild)
    b = seat(manager=top, role=child)
    return {"root": root, "child": child, "grandchild": grandchild} | {
        "top": top,
        "a": a,
        "a1": a1,
        "b": b,
    }


def test_a_healthy_demo_org_passes_with_exit_status_0(demo_org):
    assert check_trees() == (0, "Both trees are sound.\n")


def test_an_empty_database_passes():
    assert check_trees() == (0, "Both trees are sound.\n")


@pytest.mark.parametrize("people", [100, 400])
def test_checking_reads_each_tree_with_one_query_at_any_size(people, django_assert_num_queries):
    call_command("load_demo", people=people, seed=2, no_accounts=True, stdout=StringIO())
    with django_assert_num_queries(2):
        assert check_trees()[0] == 0


def test_corrupt_role_bounds_are_named_and_rebuilt_by_fix(demo_org):
    role = Role.objects.get(slug="team-leader")
    sql("UPDATE roles_role SET lft = rght + 1 WHERE id = %s", [role.pk])

    status, out = check_trees()

    assert status == 1
    assert f"Role #{role.pk} has lft {role.rght + 1} not below rght {role.rght}." in out
    assert "Run with --fix" in out
    status, out = check_trees("--fix")
    assert status == 1
    assert "Fixed: Rebuilt the role tree's bounds and levels from the parent keys." in out
    assert "Both trees are sound now." in out
    assert check_trees()[0] == 0


def test_crossing_role_bounds_and_wrong_levels_are_named(small_org):
    child, grandchild = small_org["child"], small_org["grandchild"]
    # child (2, 5) and grandchild (3, 4): make grandchild stick out of child as (3, 6) and the
    # root's right bound 5, so both intervals cross.
    sql("UPDATE roles_role SET rght = 6, level = 7 WHERE id = %s", [grandchild.pk])
    sql("UPDATE roles_role SET rght = 5 WHERE id = %s", [small_org["root"].pk])

    status, out = check_trees()

    assert status == 1
    assert f"The bounds of role #{grandchild.pk} cross those of role #{child.pk}." in out
    assert f"Role #{grandchild.pk} has level 7; by its parent it should be 2." in out
    assert check_trees("--fix")[0] == 1
    assert check_trees()[0] == 0


def test_a_role_sitting_under_the_wrong_parent_by_its_bounds_is_named(small_org):
    root, grandchild = small_org["root"], small_org["grandchild"]
    sql("UPDATE roles_role SET parent_id = %s, level = 1 WHERE id = %s", [root.pk, grandchild.pk])

    status, out = check_trees()

    assert status == 1
    assert (
        f"Role #{grandchild.pk} sits inside #{small_org['child'].pk} by its bounds "
        f"but reports to #{root.pk}." in out
    )
    check_trees("--fix")
    assert Role.objects.get(pk=grandchild.pk).get_ancestors().get() == root
    assert check_trees()[0] == 0


def test_a_second_top_role_is_named_and_not_fixed(small_org):
    other = RoleFactory()  # the factory saves straight through mptt, not through the service

    status, out = check_trees("--fix")

    assert status == 1
    assert (
        f"The role tree has 2 top roles (#{small_org['root'].pk}, #{other.pk}); "
        "it needs exactly one." in out
    )
    assert "1 problem remains; it needs a person:" in out


def test_a_wrong_count_is_named_and_recounted_by_fix(small_org):
    a = small_org["a"]
    sql("UPDATE people_position SET headcount = 5 WHERE id = %s", [a.pk])

    status, out = check_trees()

    assert status == 1
    assert (
        f"Seat #{a.pk} counts (1, 1, 5) (direct, seats, people below); its reports make it "
        "(1, 1, 0)." in out
    )
    status, out = check_trees("--fix")
    assert status == 1
    assert "Fixed: Recounted 1 seats from the reporting lines." in out
    assert Position.objects.get(pk=a.pk).headcount == 0
    assert check_trees()[0] == 0


def test_a_loop_in_the_reporting_lines_is_named_and_left_for_a_person(small_org):
    a, a1 = small_org["a"], small_org["a1"]
    sql("UPDATE people_position SET manager_id = %s WHERE id = %s", [a1.pk, a.pk])

    status, out = check_trees("--fix")

    assert status == 1
    assert f"Seats #{a.pk} → #{a1.pk} → #{a.pk} report to each other in a loop" in out
    assert "1 problem remains; it needs a person:" in out
    assert Position.objects.get(pk=a.pk).manager_id == a1.pk


def test_a_manager_that_does_not_exist_is_named(small_org):
    b = small_org["b"]
    sql("UPDATE people_position SET manager_id = %s WHERE id = %s", [10**9, b.pk])

    status, out = check_trees()

    assert status == 1
    assert f"Seat #{b.pk} reports to seat #{10**9}, which does not exist." in out
    sql("UPDATE people_position SET manager_id = %s WHERE id = %s", [small_org["top"].pk, b.pk])


def test_two_top_seats_are_named(small_org):
    a = small_org["a"]
    sql("UPDATE people_position SET manager_id = NULL WHERE id = %s", [a.pk])

    status, out = check_trees()

    assert status == 1
    assert (
        f"The org has 2 top seats (#{small_org['top'].pk}, #{a.pk}); it needs exactly one." in out
    )
