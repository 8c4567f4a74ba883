"""Provisioning clients (SCIM tokens), HR admins only: the token is shown once, after saving."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from core.groups import is_hr_admin

from .models import ProvisioningClient
from .services import provisioning_client_create


@admin.register(ProvisioningClient)
class ProvisioningClientAdmin(admin.ModelAdmin):
    list_display = ("name", "token_hint", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("token_hint", "created_by", "created_at", "last_used_at")
    fields = ("name", "token_hint", "created_by", "created_at", "last_used_at", "revoked_at")

    def has_module_permission(self, request):
        return is_hr_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_hr_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: is_hr_admin(request.user)
    )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, token = provisioning_client_create(name=obj.name, created_by=request.user)
        obj.pk = client.pk
        obj.__dict__.update(client.__dict__)
        self.message_user(
            request,
            _("The token of %(name)s, shown only now: %(token)s")
            % {"name": client.name, "token": token},
            messages.WARNING,
        )
