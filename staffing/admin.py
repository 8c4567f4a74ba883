"""HR edits the queues and each site's staffing parameters here; forecasts are imported on
/planning/import/ (or by command and API) and only listed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RefusalsAsMessages
from core.history import HistoryAdmin

from .models import Forecast, Queue, SiteStaffing


@admin.register(Queue)
class QueueAdmin(RefusalsAsMessages, HistoryAdmin):
    list_display = ("code", "name", "channel", "role", "service_level", "service_seconds")
    list_select_related = ("role",)
    search_fields = ("code", "name")
    autocomplete_fields = ("role",)


@admin.register(SiteStaffing)
class SiteStaffingAdmin(RefusalsAsMessages, HistoryAdmin):
    list_display = ("site", "team_leader_span", "attrition_per_month", "weeks_to_hire")
    list_select_related = ("site",)
    autocomplete_fields = ("team_leader_role", "quality_role", "trainer_role", "planner_role")
    fieldsets = (
        (None, {"fields": ("site", "hours_per_fte")}),
        (_("Shrinkage"), {"fields": ("holidays", "sickness", "training", "coaching")}),
        (
            _("Spans and ratios"),
            {
                "fields": (
                    "team_leader_span",
                    "agents_per_quality_checker",
                    "agents_per_trainer",
                    "agents_per_planner",
                )
            },
        ),
        (_("Hiring"), {"fields": ("attrition_per_month", "weeks_to_hire", "nesting_weeks")}),
        (
            _("Hiring the other roles"),
            {
                "fields": (
                    ("team_leader_weeks_to_hire", "team_leader_training_weeks"),
                    ("quality_weeks_to_hire", "quality_training_weeks"),
                    ("trainer_weeks_to_hire", "trainer_training_weeks"),
                    ("planner_weeks_to_hire", "planner_training_weeks"),
                )
            },
        ),
        (
            _("Roles"),
            {"fields": ("team_leader_role", "quality_role", "trainer_role", "planner_role")},
        ),
    )


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    list_display = ("name", "first_day", "last_day", "interval_minutes", "intervals", "created_at")
    readonly_fields = ("name", "first_day", "last_day", "interval_minutes", "intervals")

    def has_add_permission(self, request) -> bool:  # forecasts come from files
        return False
