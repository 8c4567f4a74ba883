"""Webhook subscriptions and their delivery log in the admin: HR admins only."""

from django.contrib import admin
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.groups import is_hr_admin

from . import delivery
from .models import Delivery, DeliveryAttempt, WebhookSubscription


class HRAdminsOnly(admin.ModelAdmin):
    def has_module_permission(self, request) -> bool:
        return is_hr_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return is_hr_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(HRAdminsOnly):
    list_display = ["url", "description", "active", "created_by", "created_at"]
    list_filter = ["active"]
    fields = ["url", "description", "event_types", "active", "signing_secret", "created_by"]
    readonly_fields = ["signing_secret", "created_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("signing secret"))
    def signing_secret(self, subscription: WebhookSubscription) -> str:
        if not subscription.pk:
            return _("Made when you save; shown once.")
        return f"{subscription.secret[:10]}…"

    def save_model(self, request, obj: WebhookSubscription, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
            delivery.start_at_head(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The secret, this once: it is needed to verify the signatures and is not shown again."""
        context = {
            **self.admin_site.each_context(request),
            "subscription": obj,
            "opts": self.model._meta,
            "title": _("Signing secret"),
        }
        return TemplateResponse(request, "integrations/secret_once.html", context)


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["at", "status_code", "duration_ms", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(HRAdminsOnly):
    list_display = [
        "id",
        "subscription",
        "event_type",
        "object_key",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["state", "subscription"]
    list_select_related = ["event", "subscription"]
    fields = [
        "subscription",
        "event_type",
        "object_key",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]

    @admin.display(description=_("event type"))
    def event_type(self, delivery_: Delivery) -> str:
        return delivery_.event.type

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
