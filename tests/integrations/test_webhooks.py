"""Webhooks: a receiver verifies each signature, sees each event once and in order per object,
gets retries after failures; a subscription can't reach private addresses in production;
subscriptions are HR admins'."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from standardwebhooks import Webhook

from integrations.models import Delivery, DeliveryState, WebhookSubscription
from people import services
from tests.helpers import problem_errors
from tests.people.factories import PersonFactory

from .conftest import V1

pytestmark = pytest.mark.django_db


class Receiver:
    """A small HTTP server on 127.0.0.1: records each request and answers from a script
    (a status per request in turn; 200 once the script runs out)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, bytes]] = []
        self.script: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/cc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def messages(self, secret: str) -> list[dict]:
        """The bodies, each verified with its signature as a receiver would."""
        return [Webhook(secret).verify(body, headers) for headers, body in self.received]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the test receiver is on 127.0.0.1
    settings.WEBHOOK_RETRY_SECONDS = 0  # a failed delivery is due again at once
    settings.WEBHOOK_MAX_ATTEMPTS = 3


def subscribe(hradmin, url: str, types: list[str] | None = None) -> dict:
    body = {"url": url, "description": "HRIS"}
    if types is not None:
        body["event_types"] = types
    answer = hradmin.post(f"{V1}/webhooks/", body, format="json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def deliver() -> None:
    call_command("deliver_webhooks", "--once", stdout=StringIO())


def test_each_event_arrives_once_signed_and_in_order(org, hradmin, receiver):
    subscription = subscribe(hradmin, receiver.url, ["person.*", "assignment.*"])
    newcomer = PersonFactory()
    services.person_hire(
        person=newcomer, position=org["vacancy"], started_on=datetime.date(2026, 1, 5)
    )
    newcomer.email = "new@example.com"
    newcomer.save()
    services.person_exit(person=newcomer, left_on=datetime.date(2026, 3, 31))

    deliver()
    deliver()  # a second pass sends nothing twice

    messages = receiver.messages(subscription["secret"])
    types = [(m["type"], m["data"]["object"], m["data"]["id"]) for m in messages]
    person = [t for t, kind, pk in types if kind == "person" and pk == newcomer.pk]
    assert person == [
        "person.created",
        "person.hired",
        "person.changed",
        "person.left",
        "person.changed",  # the exit date, whose value is not in the message
    ]
    assert [t for t, kind, _ in types if kind == "assignment"] == [
        "assignment.started",
        "assignment.ended",
    ]
    ids = [headers["webhook-id"] for headers, _ in receiver.received]
    assert len(ids) == len(set(ids)) == len(messages)
    assert all(m["data"]["cursor"] for m in messages)


def test_a_failed_delivery_is_retried_until_the_receiver_takes_it(org, hradmin, receiver):
    subscription = subscribe(hradmin, receiver.url)
    receiver.script = [500]
    person = PersonFactory()

    deliver()

    assert len(receiver.received) == 2  # a 500, then the same message again: 200
    first, second = receiver.received
    assert first[0]["webhook-id"] == second[0]["webhook-id"]
    assert receiver.messages(subscription["secret"])[1]["data"]["id"] == person.pk
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    assert [a.status_code for a in delivery.log.all()] == [500, 200]


def test_an_objects_next_event_waits_until_the_one_before_it_was_delivered(
    org, hradmin, receiver, settings
):
    settings.WEBHOOK_RETRY_SECONDS = 3600  # the failed one is due again in an hour
    subscription = subscribe(hradmin, receiver.url, ["person.*"])
    receiver.script = [500]
    anna = PersonFactory()  # person.created: refused once
    anna.email = "anna@example.com"
    anna.save()  # person.changed: must wait for it
    ben = PersonFactory()  # another object: goes ahead

    deliver()

    sent = [(m["type"], m["data"]["id"]) for m in receiver.messages(subscription["secret"])]
    assert sent == [("person.created", anna.pk), ("person.created", ben.pk)]

    Delivery.objects.filter(state=DeliveryState.PENDING).update(
        next_attempt_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    deliver()
    sent = [(m["type"], m["data"]["id"]) for m in receiver.messages(subscription["secret"])]
    assert sent[2:] == [("person.created", anna.pk), ("person.changed", anna.pk)]


def test_after_the_last_attempt_the_delivery_gives_up_and_the_next_one_goes(org, hradmin, receiver):
    subscribe(hradmin, receiver.url, ["person.*"])
    receiver.script = [500, 502, 503]
    anna = PersonFactory()
    anna.email = "anna@example.com"
    anna.save()

    deliver()

    states = list(Delivery.objects.order_by("id").values_list("state", "attempts"))
    assert states == [("failed", 3), ("delivered", 1)]
    assert len(receiver.received) == 4


def test_a_subscription_starts_with_what_happens_after_it(org, hradmin, receiver):
    PersonFactory()
    subscription = subscribe(hradmin, receiver.url)
    later = PersonFactory()
    deliver()
    assert [m["data"]["id"] for m in receiver.messages(subscription["secret"])] == [later.pk]


def test_private_addresses_are_refused_where_production_refuses_them(
    org, hradmin, receiver, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    subscribe(hradmin, receiver.url)
    PersonFactory()

    deliver()

    assert receiver.received == []
    attempt = Delivery.objects.get().log.first()
    assert attempt.status_code is None
    assert "private or reserved address" in attempt.error


def test_production_settings_refuse_private_addresses_by_default():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "x" * 60}
    env.pop("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", None)
    env["ALLOWED_HOSTS"] = "example.com"
    code = "from django.conf import settings; print(settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "callcenter.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- subscriptions (API, admin)


def test_hr_admins_manage_subscriptions_and_see_the_secret_once(hradmin, users):
    created = subscribe(hradmin, "https://hris.example.com/hooks", ["position.*"])
    assert created["secret"].startswith("whsec_")
    assert created["created_by"] == users["hradmin"].username

    listed = hradmin.get(f"{V1}/webhooks/").json()["results"]
    assert [s["id"] for s in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in hradmin.get(f"{V1}/webhooks/{created['id']}/").json()

    answer = hradmin.patch(f"{V1}/webhooks/{created['id']}/", {"active": False}, format="json")
    assert answer.json()["active"] is False
    assert answer.json()["event_types"] == ["position.*"]  # the PATCH changed only what it sent
    assert hradmin.delete(f"{V1}/webhooks/{created['id']}/").status_code == 204
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("who", ["hr", "manager", "employee"])
def test_only_hr_admins_see_or_touch_subscriptions(as_user, who):
    client = as_user(who)
    assert client.get(f"{V1}/webhooks/").status_code == 403
    body = {"url": "https://hris.example.com/hooks"}
    assert client.post(f"{V1}/webhooks/", body, format="json").status_code == 403
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": "ftp://hris.example.com/hooks"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "https://user:pw@hris.example.com/hooks"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "https://hris.example.com/", "event_types": ["person.promoted"]}, "event_types/0"),
        ({"url": "https://hris.example.com/", "event_types": "person.*"}, "event_types"),
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_is_saved(hradmin, body, field):
    answer = hradmin.post(f"{V1}/webhooks/", body, format="json")
    assert answer.status_code == 400
    assert list(problem_errors(answer)) == [field]
    assert not WebhookSubscription.objects.exists()


def test_the_admin_shows_the_secret_once_and_the_delivery_log(client, users, receiver):
    client.force_login(users["hradmin"])
    answer = client.post(
        "/admin/integrations/webhooksubscription/add/",
        {"url": receiver.url, "description": "BI", "event_types": "[]", "active": "on"},
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.created_by == users["hradmin"]
    assert subscription.secret in answer.content.decode()
    change = client.get(f"/admin/integrations/webhooksubscription/{subscription.pk}/change/")
    assert subscription.secret not in change.content.decode()

    PersonFactory()
    deliver()
    log = client.get("/admin/integrations/delivery/")
    assert log.status_code == 200 and "person.created" in log.content.decode()
    client.force_login(users["hr"])
    assert client.get("/admin/integrations/delivery/").status_code == 403


def test_a_message_is_the_events_ids_and_times_only(org, hradmin, receiver):
    subscription = subscribe(hradmin, receiver.url)
    PersonFactory()
    deliver()
    [message] = receiver.messages(subscription["secret"])
    assert set(message) == {"type", "timestamp", "data"}
    assert set(message["data"]) == {
        "cursor",
        "object",
        "id",
        "related",
        "occurred_at",
        "effective_on",
    }
    assert json.loads(receiver.received[0][1]) == message


@pytest.mark.postgres
def test_a_second_worker_on_postgresql_stops_at_once(on_postgres):
    import psycopg
    from django.core.management.base import CommandError
    from django.db import connection

    from integrations.management.commands.deliver_webhooks import WORKER_LOCK

    settings = connection.settings_dict
    first = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )
    try:
        first.execute("SELECT pg_advisory_lock(%s)", [WORKER_LOCK])  # a worker is running
        with pytest.raises(CommandError, match="Another deliver_webhooks is running"):
            call_command("deliver_webhooks", stdout=StringIO())
    finally:
        first.close()
