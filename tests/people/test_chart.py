"""people/chart.py's first paint reads only the seats it draws (issue 21) and draws what it drew
when it read the first four levels whatever their size."""

import pytest
from django.db.models.expressions import RawSQL

from people import chart
from people.models import Person, Position
from tests.roles.factories import RoleFactory

# The first paint's read before issue 21: four levels below the top, whatever their size.
OLD_TOP_DOWN = """
    WITH RECURSIVE sub(id, depth) AS (
        SELECT id, 0 FROM people_position WHERE manager_id IS NULL AND archived_on IS NULL
        UNION ALL
        SELECT p.id, sub.depth + 1 FROM people_position p JOIN sub ON p.manager_id = sub.id
        WHERE sub.depth < %s AND p.archived_on IS NULL
    )
    SELECT id FROM sub
"""


def old_top_of_org() -> list[chart.Node]:
    ids = RawSQL(OLD_TOP_DOWN, [chart.MAX_OPEN_DEPTH - 1])
    seats = list(Position.objects.for_chart().filter(pk__in=ids))
    below = chart._below(seats)
    roots = chart._ordered(below.get(None, []))
    open_depth = chart._open_depth(roots, below)
    return [chart._build(root, below, 0, open_depth) for root in roots]


def shape(nodes: list[chart.Node]) -> list:
    return [
        (node.seat.pk, node.is_open, node.hidden_reports, shape(node.children)) for node in nodes
    ]


@pytest.fixture
def wide_org(db) -> None:
    """1 → 4 → 24 → 120 → 240 seats, vacancies and an archived seat on every level."""
    role = RoleFactory()
    level = Position.objects.bulk_create([Position(role=role)])
    for fan_out in (4, 6, 5, 2):
        people = Person.objects.bulk_create(
            Person(employee_id=f"W{level[0].pk}-{i}-{fan_out}", first_name="W")
            for i in range(len(level) * fan_out)
        )
        seats = [
            Position(role=role, manager=manager, holder=None if i % 5 == 0 else people[n])
            for n, (manager, i) in enumerate(
                (manager, i) for manager in level for i in range(fan_out)
            )
        ]
        seats.append(Position(role=role, manager=level[-1], archived_on="2025-01-01"))
        level = Position.objects.bulk_create(seats)[:-1]
        for manager in {seat.manager_id for seat in level}:
            Position.objects.filter(pk=manager).update(direct_count=fan_out)


def test_the_first_paint_reads_the_seats_it_draws_and_draws_what_it_drew(wide_org, monkeypatch):
    for budget in (0, 3, 4, 29, 120, 200, 10_000):  # cut at each level, and never
        monkeypatch.setattr(chart, "CARD_BUDGET", budget)

        nodes = chart.top_of_org()

        assert shape(nodes) == shape(old_top_of_org()), budget
        levels = [chart.MAX_OPEN_DEPTH - 1, budget, chart.MAX_OPEN_DEPTH]
        read = Position.objects.filter(pk__in=RawSQL(chart._TOP_DOWN, levels)).count()
        assert read == sum(1 for _node in chart.walk(nodes)), budget
