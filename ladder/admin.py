from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.history import HistoryAdmin

from .models import (
    CareerTrack,
    Criterion,
    Measurement,
    PathSkill,
    Promotion,
    PromotionPath,
    Rung,
)


class RungInline(admin.TabularInline):
    model = Rung
    autocomplete_fields = ["role"]
    extra = 0


@admin.register(CareerTrack)
class CareerTrackAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_de", "name_pl"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [RungInline]


class PathSkillInline(admin.TabularInline):
    model = PathSkill
    autocomplete_fields = ["skill"]
    extra = 0


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


@admin.register(PromotionPath)
class PromotionPathAdmin(HistoryAdmin):
    list_display = ["from_role", "to_role", "kind", "min_months"]
    list_filter = ["kind", "from_role__track", "to_role__track"]
    search_fields = [
        "from_role__title_en",
        "to_role__title_en",
        "from_role__title_de",
        "to_role__title_de",
        "from_role__title_pl",
        "to_role__title_pl",
    ]
    autocomplete_fields = ["from_role", "to_role"]
    list_select_related = ["from_role", "to_role"]
    inlines = [PathSkillInline, CriterionInline]


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    """The record of promotions; they are made through the promotion workflow, not edited."""

    list_display = ["person", "to_position", "effective", "approved_by", "exception_reason"]
    list_filter = ["effective"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id"]
    list_select_related = ["person", "to_position__role", "approved_by"]
    date_hierarchy = "effective"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["person", "metric", "value", "measured_on", "source"]
    list_filter = ["metric", "measured_on"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id", "metric"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    date_hierarchy = "measured_on"
