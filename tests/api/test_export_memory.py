"""The whole-org exports stream (issue 21): a worker holds a chunk of rows, not the org, and
nothing of an export stays alive after it was sent. DRF's Response and its renderer context
refer to each other, so a Response holding 100,000 rows waited for the cycle collector: gunicorn
workers grew by 110 MB an export at 100k seats."""

import gc
import tracemalloc
from pathlib import Path

import orjson
import pytest
from django.urls import reverse

from bench.export_memory import rss_mb
from people.models import Position
from tests.conftest import require
from tests.people.factories import PersonFactory
from tests.roles.factories import RoleFactory

from .conftest import V1

EXPORTS = (f"{V1}/org/export/", "/people/export.csv")


def read_to_the_end(response) -> int:
    """What a WSGI server does with a streamed answer: send each piece and keep none."""
    assert response.status_code == 200
    assert response.streaming
    # The test client closes the response (request_finished) when the last piece is read.
    return sum(len(piece) for piece in response.streaming_content)


def garbage_after(client, url: str) -> int:
    """Objects in reference cycles (found only by the cycle collector) one request leaves."""
    read_to_the_end(client.get(url))  # warm: first requests fill caches
    gc.collect()
    gc.disable()
    try:
        read_to_the_end(client.get(url))
        return gc.collect()
    finally:
        gc.enable()


def grow(top: Position, seats: int) -> None:
    role = RoleFactory(parent=top.role)
    people = [PersonFactory.build() for _ in range(seats)]
    for person in people:
        person.save()
    Position.objects.bulk_create(
        Position(role=role, manager=top, holder=person) for person in people
    )


@pytest.mark.parametrize("url", EXPORTS)
def test_an_export_leaves_no_cycle_whose_size_grows_with_the_org(hr, org, url):
    small = garbage_after(hr, url)
    grow(org["top"], 300)
    large = garbage_after(hr, url)

    # Before streaming, one export of 300 seats more left 300 more rows for the collector.
    assert abs(large - small) < 20
    assert large < 500


def test_the_export_streams_the_json_it_answered_before(hr, org):
    grow(org["top"], 12)

    response = hr.get(f"{V1}/org/export/")

    assert response.streaming
    assert response["Content-Type"] == "application/json"
    data = orjson.loads(b"".join(response.streaming_content))
    assert data["columns"][:3] == ["id", "manager_id", "role_id"]
    assert data["columns"][-2:] == ["salary", "salary_currency"]  # HR
    active = Position.objects.active().order_by("id").values_list("id", flat=True)
    assert [row[0] for row in data["rows"]] == list(active)


@pytest.mark.slow
@pytest.mark.django_db
def test_twenty_exports_of_100k_seats_leave_a_process_as_large_as_it_was(large_org, users):
    require(Path("/proc/self/statm").exists(), "reads the resident set size from /proc")
    from django.test import Client

    client = Client()
    client.force_login(users["hr"])
    for url in (f"{V1}/org/export/", reverse("people:export")):
        read_to_the_end(client.get(url))  # warm: caches, the allocator's first arenas
        read_to_the_end(client.get(url))
        before = rss_mb()
        for _ in range(20):
            read_to_the_end(client.get(url))
        grown = rss_mb() - before
        print(f"\n{url}: {before:.0f} MB before 20 exports, grown {grown:+.1f} MB")
        assert grown < 15, url

        tracemalloc.start()
        try:
            read_to_the_end(client.get(url))
            peak = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
        print(f"{url}: one export's peak {peak:.1f} MB of Python objects")
        assert peak < 25, url  # a chunk of rows and its bytes, not 100,000 rows
