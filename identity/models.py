"""What the identity app keeps: the provisioning clients' tokens and, per account, what SCIM said
of it (its external id, when it was deactivated, a manager it proposed).

A provisioning client (Entra ID, Okta, Keycloak) authenticates with a bearer token. Only its
SHA-256 is stored: the token is 256 random bits, so a fast hash is enough (no one guesses a
preimage), and the lookup is one indexed query per request.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .sessions import AccountSession  # noqa: F401  (the session engine's model)

TOKEN_PREFIX = "scim_"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ProvisioningClientQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ProvisioningClient(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(
        _("token begins with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to tell tokens apart."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ProvisioningClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("provisioning client (SCIM)")
        verbose_name_plural = _("provisioning clients (SCIM)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScimAccountQuerySet(models.QuerySet):
    def pending_exits(self):
        """Accounts the identity provider deactivated whose person still counts as employed:
        HR decides whether they leave (SCIM never ends an employment or vacates a seat)."""
        return self.filter(
            deactivated_at__isnull=False,
            user__is_active=False,
            user__person__isnull=False,
            user__person__left_on__isnull=True,
        )

    def manager_proposals(self):
        """Managers the identity provider sent that differ from the chart: notes for HR."""
        return self.filter(proposed_manager__isnull=False, removed_at__isnull=True)

    def for_hr_list(self):
        return self.select_related(
            "user__person__position__role", "deactivated_by", "proposed_manager__person"
        )


class ScimAccount(models.Model):
    """What a provisioning client said of one account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim"
    )
    external_id = models.CharField(_("external ID"), max_length=255, blank=True, default="")
    # What the identity provider calls the person's number and department; the chart's own
    # employee id wins once the account is linked to a person.
    employee_number = models.CharField(_("employee number"), max_length=40, blank=True)
    department = models.CharField(_("department"), max_length=255, blank=True)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        ProvisioningClient,
        verbose_name=_("deactivated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # DELETE from the provider: the account stays (deactivated, its person and seat untouched)
    # but is gone for SCIM (404); creating the same userName again takes it back.
    removed_at = models.DateTimeField(_("removed by the provider"), null=True, blank=True)
    # The chart is the source of reporting lines: a manager the identity provider sends that
    # differs from the chart is kept here for HR, never written to the seats.
    proposed_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager proposed by the identity provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)

    objects = ScimAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("provisioned account")
        verbose_name_plural = _("provisioned accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="identity_scimaccount_unique_external_id",
                violation_error_message=_("Another account already has this external ID."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class GroupLink(models.Model):
    """What a provisioning client said of one of the app's groups: its external id. An identity
    provider reads back the externalId it set (RFC 7643 section 3.1), so it is kept, not dropped;
    the groups themselves are Django's four (core.groups)."""

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(_("external ID"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("provisioned group")
        verbose_name_plural = _("provisioned groups")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="identity_grouplink_unique_external_id",
                violation_error_message=_("Another group already has this external ID."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.group)
