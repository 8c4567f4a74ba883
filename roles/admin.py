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


@admin.register(Role)
class RoleAdmin(RefusalsAsMessages, HistoryAdmin, DraggableMPTTAdmin, TranslationAdmin):
    list_display = ["tree_actions", "indented_title", "slug", "track", "career_level"]
    list_display_links = ["indented_title"]
    list_filter = ["track", "career_level"]
    search_fields = ["title_en", "title_de", "title_pl", "slug", "aliases__name", "external_id"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [AliasInline, ResponsibilityInline, RoleSkillInline, SalaryBandInline]

    class Media:
        css = {"all": ["css/admin-tree.css"]}

    @admin.display(description=_("title"))
    def indented_title(self, item: Role) -> str:
        """mptt's indented title, indented by a class: its style attribute breaks the CSP."""
        return format_html('<div class="tree-depth-{}">{}</div>', min(item.level, 10), item)

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
        if not self.has_change_permission(request, cut_item):
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
