"""No webhook message and no entry of the change feed carries a restricted field: salaries,
hire, seat and exit dates, readiness, HR's promotion notes. Distinctive values are planted, the
changes that touch them are made, and every body is searched for them (as in
tests/test_restricted_fields_never_leak.py)."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from ladder import services as ladder_services
from ladder.models import Measurement
from people import services
from tests.people.factories import PersonFactory

from .conftest import V1, read_feed

pytestmark = pytest.mark.django_db

SALARY = Decimal("98765.43")
HIRED = datetime.date(1994, 2, 17)
SEATED = datetime.date(2025, 5, 8)
PROMOTED = datetime.date(2025, 5, 12)
LEFT = datetime.date(2025, 5, 27)
NOTE, REASON = "NOTE-Q7ZK-for-HR", "REASON-Q7ZK-for-HR"


def planted() -> list[re.Pattern]:
    days = [HIRED, SEATED, PROMOTED, LEFT]
    texts = ["XTS", NOTE, REASON, "qa_score"]
    texts += [d.isoformat() for d in days] + [d.strftime("%d.%m.%Y") for d in days]
    # Amounts as numbers of their own, not digits inside a timestamp's microseconds.
    amounts = [r"(?<![0-9])98765[.,]?43(?![0-9])", r"(?<![0-9])987[.,]65(?![0-9])"]
    return [re.compile(re.escape(t)) for t in texts] + [re.compile(a) for a in amounts]


@pytest.fixture
def receiver_url(settings):
    """A receiver in this process: the test's own WSGI app would not do, so a tiny server."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", bodies
    server.shutdown()
    server.server_close()


def test_no_message_or_feed_entry_carries_a_restricted_value(org, hr, hradmin, users, receiver_url):
    url, bodies = receiver_url
    assert hradmin.post(f"{V1}/webhooks/", {"url": url}, format="json").status_code == 201
    _, start = read_feed(hr)

    wanda = PersonFactory(salary=SALARY, salary_currency="XTS", hire_date=HIRED)
    services.person_hire(person=wanda, position=org["vacancy"], started_on=SEATED)
    ania = org["agents"][0].holder
    ania.salary, ania.salary_currency = SALARY, "XTS"
    ania.save()
    Measurement.objects.create(
        person=ania, metric="qa_score", value=Decimal("987.65"), measured_on=SEATED
    )
    ben = org["agents"][1].holder
    services.position_vacate(position=org["agents"][1], ended_on=PROMOTED)
    ladder_services.promote_person(
        person=wanda,
        to_position=org["agents"][1],
        approved_by=users["hr"],
        effective=PROMOTED,
        note=NOTE,
        exception_reason=REASON,
    )
    services.person_exit(person=ben, left_on=LEFT)
    call_command("deliver_webhooks", "--once", stdout=StringIO())

    feed_bodies = [
        hr.get(f"{V1}/changes/", {"after": start, "limit": 1000}).content,
        hr.get(f"{V1}/changes/head/").content,
    ]
    texts = [b.decode() for b in [*bodies, *feed_bodies]]
    assert len(bodies) >= 10
    assert [p.pattern for p in planted() if any(p.search(t) for t in texts)] == []
    assert any("person.left" in t for t in texts) and any("promotion.created" in t for t in texts)
