"""The admin of pay transparency: HR keeps pay data, reasons and requests; HR admins set the job
evaluation of roles and the categories of workers (docs/pay-transparency.md). Nobody else sees
any of it, whatever permissions a group was given: the checks are the groups', not Django's
model permissions, so a manager (staff, issue 16) gets 403 on every page here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import RefusalsAsMessages
from core.groups import is_hr, is_hr_admin
from core.history import HistoryAdmin

from . import services
from .models import (
    EntitySite,
    GapExplanation,
    InformationRequest,
    JobEvaluation,
    LegalEntity,
    PayProfile,
    PayRecord,
    WorkerCategory,
)


class ForHR(RefusalsAsMessages, HistoryAdmin):
    """Seen and kept by HR (and HR admins)."""

    def has_module_permission(self, request) -> bool:
        return is_hr(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_hr(request.user)

    def has_add_permission(self, request) -> bool:
        return is_hr(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_hr(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_hr(request.user)


class ForHRAdmins(ForHR):
    """Seen by HR, set by HR admins (the job architecture's side of pay)."""

    def has_add_permission(self, request) -> bool:
        return is_hr_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)


@admin.register(PayProfile)
class PayProfileAdmin(ForHR):
    list_display = ["person", "sex"]
    list_filter = ["sex"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id"]
    autocomplete_fields = ["person"]


@admin.register(PayRecord)
class PayRecordAdmin(ForHR):
    list_display = ["person", "year", "basic", "bonus", "commission", "allowances", "currency"]
    list_filter = ["year", "currency"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id"]
    autocomplete_fields = ["person"]


@admin.register(JobEvaluation)
class JobEvaluationAdmin(ForHRAdmins):
    list_display = [
        "role",
        "skills",
        "effort",
        "responsibility",
        "working_conditions",
        "total",
        "category",
    ]
    list_editable = ["skills", "effort", "responsibility", "working_conditions", "category"]
    list_filter = ["category"]
    search_fields = ["role__title_en", "role__title_de", "role__title_pl"]
    actions = ["suggest_categories"]

    @admin.display(description=_("total points"))
    def total(self, evaluation: JobEvaluation):
        return evaluation.total

    @admin.action(description=_("Suggest categories of workers for every role"))
    def suggest_categories(self, request, queryset):
        if not is_hr_admin(request.user):
            messages.error(request, _("Only HR admins set categories of workers."))
            return
        made = services.categories_suggest()
        messages.success(
            request,
            ngettext(
                "%(n)s category of workers suggested; edit them as needed.",
                "%(n)s categories of workers suggested; edit them as needed.",
                made,
            )
            % {"n": made},
        )


@admin.register(WorkerCategory)
class WorkerCategoryAdmin(ForHRAdmins):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(GapExplanation)
class GapExplanationAdmin(ForHR):
    list_display = ["category", "year", "decided_on", "recorded_by"]
    list_filter = ["year"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(InformationRequest)
class InformationRequestAdmin(ForHR):
    list_display = ["person", "asked_on", "due_on", "answered_on"]
    list_filter = ["answered_on"]
    readonly_fields = ["figures"]


class EntitySiteInline(admin.TabularInline):
    model = EntitySite
    extra = 1
    autocomplete_fields = ["site"]

    def has_view_permission(self, request, obj=None) -> bool:
        return is_hr(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_hr_admin(request.user)


@admin.register(LegalEntity)
class LegalEntityAdmin(ForHRAdmins):
    """The employers that report and their sites (a site in one entity at most)."""

    list_display = ["name", "country"]
    search_fields = ["name"]
    inlines = [EntitySiteInline]
