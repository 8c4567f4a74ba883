from django import http
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from mptt.admin import DraggableMPTTAdmin

from core.admin import RefusalsAsMessages
from core.groups import is_hr, is_hr_admin
from core.history import HistoryAdmin

from . import services
from .models import Responsibility, Role, RoleAlias, RoleSkill, SalaryBand, Skill


class ResponsibilityInline(TranslationStackedInline):
    model = Responsibility
    extra = 0


class AliasInline(admin.TabularInline):
    model = RoleAlias
    extra = 0


class RoleSkillInline(admin.TabularInline):
    model = RoleSkill
    autocomplete_fields = ["skill"]
    extra = 0


class SalaryBandInline(admin.TabularInline):
    model = SalaryBand
    extra = 0
    classes = ["salary-bands"]  # admin-tree.css lets its wide table scroll inside the page


# What only HR admins change of a role: its name and place in the tree (the job architecture).
# Others with the change permission (managers: their team's roles, people/admin.py) edit the rest.
STRUCTURE_FIELDS = ("title_en", "title_de", "title_pl", "slug", "parent", "track", "career_level")


@admin.register(Role)
class RoleAdmin(RefusalsAsMessages, HistoryAdmin, DraggableMPTTAdmin, TranslationAdmin):
    list_display = ["tree_actions", "indented_title", "slug", "track", "career_level"]
    list_display_links = ["indented_title"]
    list_filter = ["track", "career_level"]
    search_fields = ["title_en", "title_de", "title_pl", "slug", "aliases__name", "external_id"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [AliasInline, ResponsibilityInline, RoleSkillInline, SalaryBandInline]
    # The job architecture is a few dozen roles: open, every level is seen at once (mptt's default
    # showed only the top role). What someone collapses is remembered by mptt in the browser.
    expand_tree_by_default = True

    class Media:
        css = {"all": ["css/admin-tree.css"]}

    @admin.display(description=_("title"))
    def indented_title(self, item: Role) -> str:
        """mptt's indented title, indented by a class: its style attribute breaks the CSP."""
        return format_html('<div class="tree-depth-{}">{}</div>', min(item.level, 10), item)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if is_hr_admin(request.user) else (*fields, *STRUCTURE_FIELDS)

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if is_hr_admin(request.user) else {}

    def get_inlines(self, request, obj):
        """Bands only for HR (the permission hides them too; this holds if a group grants more)."""
        inlines = super().get_inlines(request, obj)
        return inlines if is_hr(request.user) else [i for i in inlines if i is not SalaryBandInline]

    def get_list_display(self, request):
        """The drag handles only for those who may move roles."""
        shown = super().get_list_display(request)
        return shown if is_hr_admin(request.user) else [f for f in shown if f != "tree_actions"]

    def save_model(self, request, obj, form, change):
        services.role_save(role=obj)

    def delete_model(self, request, obj):
        services.role_delete(role=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # all or nothing
            for role in queryset.order_by("-level"):
                services.role_delete(role=role)

    def delete_selected_tree(self, modeladmin, request, queryset):
        """mptt's bulk delete writes the tree itself; Django's goes through delete_queryset."""
        return delete_selected(modeladmin, request, queryset)

    def _move_node(self, request):
        """Drag and drop moves through roles.services, under the role-tree lock."""
        try:
            cut_item = self.get_queryset(request).get(pk=request.POST.get("cut_item"))
            pasted_on = self.get_queryset(request).get(pk=request.POST.get("pasted_on"))
        except (Role.DoesNotExist, TypeError, ValueError):
            self.message_user(request, _("Objects have disappeared, try again."), messages.ERROR)
            return http.HttpResponse("FAIL, invalid objects.")
        if not (is_hr_admin(request.user) and self.has_change_permission(request, cut_item)):
            self.message_user(request, _("No permission"), messages.ERROR)
            return http.HttpResponse("FAIL, no permission.")
        try:
            moved = services.role_move(
                role=cut_item, target=pasted_on, position=request.POST.get("position", "")
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return http.HttpResponse("FAIL, invalid move.")
        self.log_change(request, moved, [{"changed": {"fields": ["parent"]}}])
        self.message_user(request, _("%s has been successfully moved.") % moved)
        return http.HttpResponse("OK, moved.")


@admin.register(Skill)
class SkillAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "category"]
    list_filter = ["category"]
    search_fields = ["name_en", "name_de", "name_pl", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SalaryBand)
class SalaryBandAdmin(HistoryAdmin):
    """HR's (HR admins' to change). Staff outside HR (managers) get 403 even if a group grants
    more: bands are read on the role pages, not here."""

    def has_module_permission(self, request):
        return is_hr(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_hr(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_hr_admin(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return is_hr_admin(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_hr_admin(request.user) and super().has_delete_permission(request, obj)

    list_display = [
        "role",
        "currency",
        "period",
        "minimum",
        "midpoint",
        "maximum",
        "effective_from",
        "location",
    ]
    list_filter = ["currency", "period", "location", "role__track"]
    search_fields = ["role__title_en", "role__title_de", "role__title_pl"]
    autocomplete_fields = ["role"]
    date_hierarchy = "effective_from"
