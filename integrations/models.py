"""The outbox of changes (the change feed) and the webhooks that deliver it.

An `Event` is written in the same transaction as the change it tells of (integrations/events.py),
so it exists exactly when the change does. It holds ids only: what changed is fetched from the
API with the reader's own rights, so no salary or date ever travels in an event.
"""

import base64
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .sources import EVENT_TYPES, is_known_type


@deconstructible(path="integrations.models.CurrentTransaction")
class CurrentTransaction(models.Func):
    """The writing transaction's id on PostgreSQL (64 bits, never wraps), 0 elsewhere.

    The feed is read in (transaction, id) order up to the oldest transaction still running, so an
    event committed late by a long transaction is never skipped (integrations/feed.py). SQLite
    runs one writing transaction at a time: there ids are already in commit order."""

    output_field = models.BigIntegerField()
    template = "0"

    def as_postgresql(self, compiler, connection, **extra):
        return "(pg_current_xact_id()::text)::bigint", []


class Event(models.Model):
    txid = models.BigIntegerField(db_default=CurrentTransaction(), editable=False)
    type = models.CharField(_("type"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=30)
    object_id = models.BigIntegerField(_("object id"))
    related = models.JSONField(_("related ids"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    effective_on = models.DateField(_("effective on"), null=True, blank=True)

    class Meta:
        verbose_name = _("change event")
        verbose_name_plural = _("change events")
        indexes = [models.Index(fields=["txid", "id"], name="integrations_event_order_idx")]

    def __str__(self) -> str:
        return f"{self.type} #{self.object_id}"


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookSubscription(models.Model):
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_('Types such as "person.changed" or "person.*"; empty for every event.'),
    )
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Where the worker's fan-out stands in the feed: events after it are still to be queued.
    # A new subscription starts at the end of the feed (it is sent what happens from now on).
    after_txid = models.BigIntegerField(default=0, editable=False)
    after_id = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        problems = {}
        if urlsplit(self.url).scheme not in ("http", "https"):
            problems["url"] = _("Give an http or https URL.")
        if not isinstance(self.event_types, list) or not all(
            isinstance(t, str) and is_known_type(t) for t in self.event_types
        ):
            problems["event_types"] = _("A list of known event types: %(known)s.") % {
                "known": ", ".join(EVENT_TYPES)
            }
        if problems:
            raise ValidationError(problems)

    def wants(self, event_type: str) -> bool:
        if not self.event_types:
            return True
        return any(
            event_type == wanted or (wanted.endswith(".*") and event_type.startswith(wanted[:-1]))
            for wanted in self.event_types
        )


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("gave up")


class Delivery(models.Model):
    """One event for one subscription, sent until the receiver answers 2xx or attempts run out."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE)
    # "person:12": a delivery waits while an earlier one for the same object is pending.
    object_key = models.CharField(max_length=60)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="integrations_delivery_due_idx"),
            models.Index(
                fields=["subscription", "object_key", "id"], name="integrations_delivery_obj_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="integrations_delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"


class DeliveryAttempt(models.Model):
    """The log of one try: when, the answer's status code (or the error), how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.status_code or self.error} ({self.at})"
