import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.integrity import tree_problems
from people.models import Position

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_checking_a_100000_person_org_takes_two_queries_and_about_a_second(large_org):
    assert Position.objects.count() > 100_000

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        problems = tree_problems()
    seconds = time.perf_counter() - started

    print(f"\ncheck_trees at {Position.objects.count()} seats: {seconds:.2f} s")
    assert problems == []
    assert len(queries) == 2
    assert seconds < 3  # about 0.5 s on the 2-core machine; generous for a busy CI runner
