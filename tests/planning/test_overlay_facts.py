"""The overlay's facts query (planning/overlay.py `_facts_sql`): what it reads, and on
PostgreSQL at 100,000 seats a plan of index look-ups only (it hashed every seat twice, and JIT
compiled it: 185 ms for the first read of a scenario chart after a write)."""

import pytest
from django.db import connection

from people.models import Position
from planning import overlay
from tests.people.test_tree import random_org  # noqa: F401 - a fixture


def facts(seats=(), people=(), closed=(), top=0) -> dict[int, tuple]:
    sql, params = overlay._facts_sql(sorted(seats), sorted(people), sorted(closed), top)
    if not sql:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    read: dict[int, tuple] = {}
    for pk, *columns, on_top in rows:  # a seat on both walks comes twice, with the same facts
        assert read.get(pk, (columns, on_top))[0] == columns
        read[pk] = (columns, max(on_top, read.get(pk, (None, 0))[1]))
    return read


def chain(pk: int) -> set[int]:
    seen = set()
    while pk is not None:
        seen.add(pk)
        pk = Position.objects.values_list("manager_id", flat=True).get(pk=pk)
    return seen


def top_levels(levels: int) -> set[int]:
    level = set(Position.objects.filter(manager__isnull=True).values_list("pk", flat=True))
    found = set(level)
    for _n in range(levels - 1):
        level = set(
            Position.objects.filter(manager_id__in=level, archived_on__isnull=True)
            .exclude(pk__in=[p for p in level if Position.objects.get(pk=p).archived_on])
            .values_list("pk", flat=True)
        )
        found |= level
    return {pk for pk in found if Position.objects.get(pk=pk).archived_on is None}


def test_the_facts_are_the_chains_above_every_seed_and_the_first_levels(random_org):  # noqa: F811
    seats = random_org[5::37]
    holders = list(
        Position.objects.filter(holder__isnull=False)
        .order_by("pk")
        .values_list("pk", "holder_id")[3::41]
    )
    closed = random_org[1:40:13]
    reports = Position.objects.filter(manager_id__in=closed, archived_on__isnull=True)
    expected = set().union(
        *(chain(pk) for pk in seats),
        *(chain(pk) for pk, _h in holders),
        *(chain(pk) for pk in reports.values_list("pk", flat=True)),
    )
    read = facts(seats, [h for _s, h in holders], closed, top=3)
    assert set(read) == expected | top_levels(3)
    assert {pk for pk, (_c, on_top) in read.items() if on_top} == top_levels(3)
    for pk, (columns, _t) in read.items():
        seat = Position.objects.get(pk=pk)
        assert columns == [
            seat.manager_id,
            seat.direct_count,
            seat.seat_count,
            seat.headcount,
            seat.holder_id,
            seat.role_id,
            seat.site_id,
            seat.archived_on,
        ]
    assert facts() == {}
    assert set(facts(top=1)) == top_levels(1)


@pytest.mark.slow
def test_at_100k_postgresql_reads_the_facts_by_index_only(on_postgres, large_org):
    leaves = list(
        Position.objects.active()
        .filter(direct_count=0, holder__isnull=False)
        .order_by("pk")
        .values_list("pk", "holder_id")[:1200]
    )
    managers = list(
        Position.objects.filter(direct_count__gt=3).order_by("pk").values_list("pk", flat=True)
    )[:5]
    sql, params = overlay._facts_sql(
        [pk for pk, _h in leaves], [h for _p, h in leaves[:200]], managers, 3
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_position")  # as autovacuum would have
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on people_position" not in plan, plan
    assert "Hash Join" not in plan, plan
