"""core.history.snapshot: the historical rows of exactly the ids given, by range or by list."""

import pytest

from core.history import snapshot
from people.models import Person
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _history_of(ids):
    return sorted(
        Person.history.filter(history_change_reason="bulk").values_list("id", flat=True)
    ) == sorted(ids)


def test_consecutive_ids_are_written_by_range_and_only_they():
    people = PersonFactory.create_batch(5)
    pks = sorted(p.pk for p in people)
    # The three in the middle: a range, and the rows on either side of it stay out.
    assert snapshot(Person, pks[1:4], history_type="+", user_id=None, reason="bulk") == 3
    assert _history_of(pks[1:4])


def test_ids_with_gaps_are_written_by_list(django_assert_num_queries):
    people = PersonFactory.create_batch(5)
    pks = sorted(p.pk for p in people)
    chosen = [pks[0], pks[2], pks[4]]
    with django_assert_num_queries(2):  # the history, and its change events (integrations/)
        snapshot(Person, chosen, history_type="~", user_id=None, reason="bulk")
    assert _history_of(chosen)


def test_a_repeated_id_is_not_taken_for_a_range():
    people = PersonFactory.create_batch(3)
    pks = sorted(p.pk for p in people)
    # [a, a, c]: three ids from a to c would be a range by count alone.
    snapshot(Person, [pks[0], pks[0], pks[2]], history_type="~", user_id=None, reason="bulk")
    assert _history_of([pks[0], pks[2]])
