import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.integrity import tree_problems
from people.models import Position

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_checking_a_100000_person_org_finds_nothing_in_two_queries(large_org):
    assert Position.objects.count() > 100_000

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        problems = tree_problems()
    seconds = time.perf_counter() - started

    print(f"\ncheck_trees at {Position.objects.count()} seats: {seconds:.2f} s")
    assert problems == []
    assert len(queries) == 2
