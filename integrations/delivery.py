"""Webhook deliveries from the outbox: queue each new event for its subscriptions, then send.

`queue_new_events()` reads the settled feed after each subscription's place and queues a
`Delivery` per wanted event, in feed order. `send_due()` sends what is due, oldest first, never
an object's event before that object's earlier event was delivered or given up (so a receiver
sees each object's changes in order), signs each message per the Standard Webhooks spec, and
retries failures with exponential backoff. Network calls run outside any transaction.
"""

import datetime
import ipaddress
import json
import socket
import time
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from standardwebhooks import Webhook

from . import feed
from .models import Delivery, DeliveryAttempt, DeliveryState, Event, WebhookSubscription

QUEUE_BATCH = 1000
SEND_BATCH = 100


def _setting(name: str, default):
    return getattr(settings, name, default)


# ---------------------------------------------------------------- queueing


def start_at_head(subscription: WebhookSubscription) -> None:
    """A new subscription is sent what happens from now on, not the past."""
    cursor = feed.head()
    subscription.after_txid, subscription.after_id = cursor.txid, cursor.id


def queue_new_events() -> int:
    """Queue the settled events after each active subscription's place; returns how many."""
    queued = 0
    for subscription in WebhookSubscription.objects.filter(active=True):
        while True:
            with transaction.atomic():
                count, more = _queue_batch(subscription)
            queued += count
            if not more:
                break
    return queued


def _queue_batch(subscription: WebhookSubscription) -> tuple[int, bool]:
    cursor = feed.Cursor(subscription.after_txid, subscription.after_id)
    events = list(feed.after(cursor)[:QUEUE_BATCH])
    if not events:
        return 0, False
    now = timezone.now()
    wanted = [
        Delivery(
            subscription=subscription,
            event=event,
            object_key=f"{event.object_type}:{event.object_id}",
            next_attempt_at=now,
        )
        for event in events
        if subscription.wants(event.type)
    ]
    Delivery.objects.bulk_create(wanted)
    last = feed.Cursor.of(events[-1])
    subscription.after_txid, subscription.after_id = last.txid, last.id
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        after_txid=last.txid, after_id=last.id
    )
    return len(wanted), len(events) == QUEUE_BATCH


# ---------------------------------------------------------------- sending


def due() -> list[Delivery]:
    """Pending deliveries whose time has come and that wait for no earlier one of their object."""
    earlier = Delivery.objects.filter(
        subscription=OuterRef("subscription"),
        object_key=OuterRef("object_key"),
        state=DeliveryState.PENDING,
        id__lt=OuterRef("id"),
    )
    return list(
        Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=timezone.now())
        .filter(~Exists(earlier), subscription__active=True)
        .select_related("event", "subscription")
        .order_by("id")[:SEND_BATCH]
    )


def send_due() -> int:
    """Send every due delivery once; returns how many were tried."""
    deliveries = due()
    for delivery in deliveries:
        try:
            send(delivery)
        except Exception as error:  # one bad delivery must not stop the worker: log, retry
            _settle(delivery, None, f"{type(error).__name__}: {error}", 0)
    return len(deliveries)


def payload(event: Event) -> dict:
    """The message body: the event's type, ids and times, never a field's value."""
    return {
        "type": event.type,
        "timestamp": event.occurred_at.isoformat(),
        "data": {
            "cursor": str(feed.Cursor.of(event)),
            "object": event.object_type,
            "id": event.object_id,
            "related": event.related,
            "occurred_at": event.occurred_at.isoformat(),
            "effective_on": event.effective_on.isoformat() if event.effective_on else None,
        },
    }


def send(delivery: Delivery) -> None:
    """One attempt: POST the signed message, log it, and settle or schedule the next try."""
    event, subscription = delivery.event, delivery.subscription
    body = json.dumps(payload(event), separators=(",", ":"))
    message_id = f"evt_{feed.Cursor.of(event)}"  # the same for every retry, as the spec asks
    now = datetime.datetime.now(tz=datetime.UTC)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "callcenter-orgchart-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(subscription.secret).sign(message_id, now, body),
    }
    started = time.monotonic()
    status, error = post(subscription.url, body.encode(), headers)
    duration = int((time.monotonic() - started) * 1000)
    _settle(delivery, status, error, duration)


def _settle(delivery: Delivery, status: int | None, error: str, duration: int) -> None:
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status = status
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.finished_at, delivery.next_attempt_at = (
            DeliveryState.DELIVERED,
            now,
            None,
        )
    elif delivery.attempts >= _setting("WEBHOOK_MAX_ATTEMPTS", 8):
        delivery.state, delivery.finished_at, delivery.next_attempt_at = (
            DeliveryState.FAILED,
            now,
            None,
        )
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    with transaction.atomic():
        delivery.save(
            update_fields=["attempts", "last_status", "state", "finished_at", "next_attempt_at"]
        )
        DeliveryAttempt.objects.create(
            delivery=delivery, status_code=status, duration_ms=duration, error=error[:300]
        )


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next try: the first delay, doubled each time, at most the ceiling."""
    first = _setting("WEBHOOK_RETRY_SECONDS", 30)
    ceiling = _setting("WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600)
    return datetime.timedelta(seconds=min(first * 2 ** (attempts - 1), ceiling))


# ---------------------------------------------------------------- HTTP, with care


class Refused(Exception):
    """A URL the worker will not call."""


def check_url(url: str) -> None:
    """http or https with a host: anything else is refused (no file:, no gopher:)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https URLs with a host")
    if parts.username or parts.password:
        raise Refused("no user name or password in the URL")


def resolve(host: str, port: int) -> str:
    """The address to connect to. Private, loopback, link-local and other special addresses are
    refused unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES (off in production): a subscription must not
    make the server call into its own network. The address checked is the one connected to,
    so a name that resolves differently the second time can't slip through."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Refused(f"cannot resolve {host}: {error}") from None
    allow = _setting("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if allow or address.is_global:
            return str(address)
    raise Refused(f"{host} resolves to a private or reserved address")


def post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    """POST to the URL; (status code, "") or (None, what went wrong). No redirects followed."""
    try:
        check_url(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(parts.hostname, port)
    except (Refused, ValueError) as refusal:
        return None, f"refused: {refusal}"
    timeout = urllib3.Timeout(
        connect=_setting("WEBHOOK_CONNECT_TIMEOUT", 5), read=_setting("WEBHOOK_READ_TIMEOUT", 10)
    )
    host_header = parts.netloc.rsplit("@", 1)[-1]
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            retries=False,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        with pool:
            response = pool.urlopen(
                "POST",
                path,
                body=body,
                headers={**headers, "Host": host_header},
                redirect=False,
                retries=False,
                preload_content=False,
            )
            response.read(64 * 1024)  # enough to finish the exchange; the body is not kept
            response.release_conn()
            return response.status, ""
    except urllib3.exceptions.HTTPError as error:
        return None, type(error).__name__ + ": " + str(error)[:250]
