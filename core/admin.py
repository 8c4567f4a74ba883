"""What every admin of ours shares (a refusal of a workflow is a message, never an error page), and
the admin of user accounts and groups, which keeps who grants what as core/accounts.py says."""

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .accounts import (
    GRANTED_BY_SUPERUSERS_ONLY,
    grantable_groups,
    may_manage_account,
    refuse_escalation,
)

User = get_user_model()


class RefusalsAsMessages(admin.ModelAdmin):
    """Deletes and bulk actions go through services that may refuse with a ValidationError
    (a role still in use, a seat with history). Show the reason and change nothing."""

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect(request.path.rsplit("/delete/", 1)[0] + "/change/")

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect(request.get_full_path())


# ---------------------------------------------------------------- user accounts and groups


def _held(account, relation: str) -> set:
    return set(getattr(account, relation).all()) if account is not None else set()


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(RefusalsAsMessages, auth_admin.UserAdmin):
    """Django's user admin, with what only superusers grant (core/accounts.py) read-only for
    everyone else, and the save refusing it even when a form lets it through."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *GRANTED_BY_SUPERUSERS_ONLY)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage_account(request.user, obj))

    def save_model(self, request, obj, form, change) -> None:
        stored = User.objects.get(pk=obj.pk) if change else None
        data = form.cleaned_data
        refuse_escalation(
            actor=request.user,
            stored=stored,
            account=obj,
            groups=set(data["groups"]) if "groups" in data else _held(stored, "groups"),
            permissions=set(data["user_permissions"])
            if "user_permissions" in data
            else _held(stored, "user_permissions"),
        )
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset) -> None:
        if not all(may_manage_account(request.user, account) for account in queryset):
            raise ValidationError(_("Only a superuser can delete superusers and HR admins."))
        super().delete_queryset(request, queryset)


@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    """What a group may do is the superuser's to change: the four groups are set by
    `setup_groups`, and a group's permissions reach every account in it."""

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
