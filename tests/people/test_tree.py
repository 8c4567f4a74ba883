"""people/tree.py's walks that carry the seat's columns (issue 21) answer exactly what the walks
that joined the ids back to the seats answered, on a random org: same rows, same order, same
values, in English and in German, for every depth."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import translation

from people import tree
from people.models import Person, Position, Site
from tests.roles.factories import RoleFactory

# The reads as they were before issue 21, kept here as the oracle.
OLD_SUBTREE = """
    {cte}
    SELECT {columns}, sub.depth AS depth
    FROM sub JOIN people_position p ON p.id = sub.id {joins}
    ORDER BY sub.depth, p.manager_id, r.tree_id, r.lft, p.id
"""
OLD_CHAIN = """
    {cte}
    SELECT {columns}, chain.depth AS depth
    FROM chain JOIN people_position p ON p.id = chain.id {joins}
    ORDER BY chain.depth
"""
OLD_SUBTREE_CTE = """WITH RECURSIVE sub(id, depth) AS (
    SELECT id, 0 FROM people_position WHERE id = %s
    UNION ALL
    SELECT p.id, sub.depth + 1 FROM people_position p JOIN sub ON p.manager_id = sub.id
    WHERE p.archived_on IS NULL {limit}
)"""
OLD_CHAIN_CTE = """WITH RECURSIVE chain(id, manager_id, depth) AS (
    SELECT id, manager_id, 0 FROM people_position WHERE id = %s
    UNION ALL
    SELECT p.id, p.manager_id, chain.depth + 1
    FROM people_position p JOIN chain ON p.id = chain.manager_id
)"""


def old_subtree_rows(seat_id: int, max_depth: int | None) -> list[dict]:
    limit = "" if max_depth is None else "AND sub.depth < %s"
    sql = OLD_SUBTREE.format(
        cte=OLD_SUBTREE_CTE.format(limit=limit),
        columns=tree.ROW_COLUMNS.format(title=tree._title_sql()),
        joins=tree.ROW_JOINS,
    )
    return tree._dict_rows(sql, [seat_id] + ([] if max_depth is None else [max_depth]))


def old_chain_rows(seat_id: int) -> list[dict]:
    sql = OLD_CHAIN.format(
        cte=OLD_CHAIN_CTE,
        columns=tree.ROW_COLUMNS.format(title=tree._title_sql()),
        joins=tree.ROW_JOINS,
    )
    return tree._dict_rows(sql, [seat_id])


@pytest.fixture
def random_org(db) -> list[int]:
    """400 seats in a random tree about ten levels deep: roles from several branches of the role
    tree (so the order by the role's place matters), vacancies, assistants, withheld names,
    sites, archived seats with the manager they had, and counts that differ from seat to seat."""
    rng = random.Random(21)
    top_role = RoleFactory(title="Top", title_de="Spitze")
    roles = [top_role]
    for i in range(7):
        roles.append(
            RoleFactory(parent=rng.choice(roles), title=f"R{i}", title_de=rng.choice(["", f"D{i}"]))
        )
    site = Site.objects.create(code="WAW", name="Warschau", country="PL")
    people = Person.objects.bulk_create(
        Person(
            employee_id=f"R{n:04d}",
            first_name=rng.choice(["Łucja", "Jörg", "Ann", ""]),
            last_name=rng.choice(["Böttcher", "Nowak", "Smith"]),
            name_withheld=rng.random() < 0.05,
            hire_date=datetime.date(2020, 1, 1),
        )
        for n in range(400)
    )
    seats: list[Position] = []
    managers: list[Position | None] = [None]
    while len(seats) < len(people):  # a level at a time, each seat under one of the level above
        size = min(len(people) - len(seats), len(managers) * 2 if seats else 1)
        level = Position.objects.bulk_create(
            [
                _random_seat(rng, rng.choice(managers), roles, site, people[len(seats) + n])
                for n in range(size)
            ]
        )
        seats += level
        managers = level  # archived seats too: the walks must not go below them
    return [s.pk for s in seats]


def _random_seat(rng, manager, roles, site, person) -> Position:
    archived = manager is not None and rng.random() < 0.04
    return Position(
        role=rng.choice(roles),
        manager=manager,
        holder=None if archived or rng.random() < 0.1 else person,
        site=site if rng.random() < 0.5 else None,
        is_assistant=rng.random() < 0.05,
        archived_on=datetime.date(2025, 1, 1) if archived else None,
        direct_count=rng.randrange(7),
        seat_count=rng.randrange(400),
        headcount=rng.randrange(400),
    )


def test_the_subtree_walk_carrying_the_seats_answers_as_the_walk_joined_back_did(random_org):
    rng = random.Random(7)
    asked = random_org[:5] + rng.sample(random_org, 25) + [max(random_org) + 1]
    for language in ("en", "de"):
        with translation.override(language):
            for seat_id in asked:
                for depth in (None, 1, 3):
                    assert tree.subtree_rows(seat_id, depth) == old_subtree_rows(seat_id, depth)
    whole = tree.subtree_rows(random_org[0])
    assert len(whole) > 300  # the walk went through the whole random tree


def test_the_walks_of_ids_answer_as_they_did(random_org):
    for seat_id in [*random_org[::7], max(random_org) + 1]:
        for depth in (None, 2):
            limit = "" if depth is None else "AND sub.depth < %s"
            old = tree._rows(
                OLD_SUBTREE_CTE.format(limit=limit) + " SELECT id, depth FROM sub",
                [seat_id] + ([] if depth is None else [depth]),
            )
            assert sorted(tree.subtree_ids(seat_id, depth)) == sorted(old)
        sql, params = tree.subtree_ids_sql(seat_id)
        ids = Position.objects.filter(pk__in=RawSQL(sql, params)).values_list("id", flat=True)
        assert sorted(ids) == sorted(pk for pk, _depth in tree.subtree_ids(seat_id))


def test_the_chain_walk_carrying_the_seats_answers_as_the_walk_joined_back_did(random_org):
    for language in ("en", "de"):
        with translation.override(language):
            for seat_id in [*random_org[::9], max(random_org) + 1]:
                assert tree.chain_rows(seat_id) == old_chain_rows(seat_id)


def test_a_walk_is_one_query(random_org, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree.subtree_rows(random_org[0])
    with django_assert_num_queries(1):
        tree.chain_rows(random_org[-1])


@pytest.mark.slow
def test_at_100k_postgresql_walks_the_subtree_without_scanning_every_seat(large_org, on_postgres):
    """Issue 21's slow plan: the walk's ids hash-joined to a scan of all 100,000 seats."""
    team = Position.objects.filter(seat_count__gte=900).order_by("seat_count").first()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_position, people_person")  # as autovacuum would have
        sql = tree.subtree_rows_sql()
        cursor.execute("EXPLAIN " + sql, [team.pk])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on people_position" not in plan, plan
    assert "Seq Scan on people_person" not in plan, plan
    assert len(tree.subtree_rows(team.pk)) == team.seat_count + 1


@pytest.mark.django_db
def test_a_reporting_loop_ends_every_walk_instead_of_running_forever():
    """Only writes without the tree locks can make a loop (the negative control of
    tests/test_concurrency.py does): a walk over one must end, at tree.MAX_DEPTH."""
    from django.db import connection

    from people import tree
    from tests.people.factories import seat

    top = seat()
    a = seat(manager=top)
    b = seat(manager=a)
    with connection.cursor() as cursor:  # a reports to b, b to a: past every check, on purpose
        cursor.execute("UPDATE people_position SET manager_id = %s WHERE id = %s", [b.pk, a.pk])

    chain = tree.chain_ids(a.pk)
    below = tree.subtree_ids(a.pk)

    assert len(chain) == tree.MAX_DEPTH + 1 and set(chain) == {a.pk, b.pk}
    assert {pk for pk, _ in below} == {a.pk, b.pk}
    assert not tree.is_at_or_below(a.pk, top.pk)
