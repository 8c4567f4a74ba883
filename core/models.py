"""The basement's tables: the answers to API requests sent with an Idempotency-Key, and the API's
rate-limit counts when the database is the shared cache."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """A POST sent with an `Idempotency-Key` header, and the answer it got (core/idempotency.py).

    Claimed before the request runs (status null: in progress), filled in when it is answered,
    kept 24 hours. Unique per user and key, so two concurrent retries cannot both run.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    body = models.BinaryField(_("body"), default=b"")

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class RateLimitCount(models.Model):
    """The API's requests counted in a client's current window, one row a throttle key
    (core/ratecounts.py writes it with one upsert a request; the database's shared count when
    there is no Redis)."""

    key = models.CharField(_("key"), max_length=255, primary_key=True)
    hits = models.PositiveIntegerField(_("requests"))
    expires = models.FloatField(_("window ends"))  # seconds since the epoch

    class Meta:
        verbose_name = _("rate limit count")
        verbose_name_plural = _("rate limit counts")

    def __str__(self) -> str:
        return self.key
