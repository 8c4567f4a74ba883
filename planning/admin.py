"""The admin of planned changes (HR plans, lists, filters and cancels them), and the person
admin's "Move this person" planning a move dated after today instead of making it now.

The person admin is people's; planning sits above people, so it takes the registration over
(as people/admin.py does for the role admin) rather than people knowing of planning."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.groups import is_hr
from core.history import HistoryAdmin
from people.admin import PersonAdmin
from people.models import Person

from .models import NO_SUCH_SEAT, SEAT_HELP, PlannedChange, Scenario, ScenarioDecision, Status
from .pending import describe
from .services import change_cancel, change_plan, plan_problems

PLANNED_FIELDS = [
    "kind",
    "effective_on",
    "person",
    "position",
    "new_manager",
    "role",
    "site",
    "salary",
    "note",
    "exception_reason",
]


class PlanForm(forms.ModelForm):
    """A new planned change; the planning service's checks are its validation."""

    class Meta:
        model = PlannedChange
        fields = PLANNED_FIELDS

    def __init__(self, *args, planned_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned_by = planned_by
        self.fields["effective_on"].help_text = gettext_lazy(
            "After today, at most a year ahead; the change takes effect on this day by itself."
        )
        for name in ("position", "new_manager"):
            self.fields[name].help_text = SEAT_HELP
            self.fields[name].error_messages["invalid_choice"] = NO_SUCH_SEAT

    def _post_clean(self):
        super()._post_clean()  # the model's checks: the kind's shape, the date window
        if self.errors:
            return
        self.instance.planned_by = self.planned_by
        for field, problems in plan_problems(self.instance).items():
            for problem in problems:
                self.add_error(field if field in self.fields else None, problem)


@admin.register(PlannedChange)
class PlannedChangeAdmin(HistoryAdmin):
    form = PlanForm
    list_display = ["id", "effective_on", "kind", "status", "what", "planned_by"]
    list_filter = ["status", "kind", "effective_on"]
    list_select_related = [
        "person",
        "position__role",
        "position__holder",
        "new_manager__role",
        "new_manager__holder",
        "role",
        "site",
        "planned_by",
    ]
    autocomplete_fields = ["person", "role", "site"]
    # Seats by number (with the admin's lookup): the person and seat pages show the numbers, and
    # a choice among 100,000 seats by name would be a search of its own.
    raw_id_fields = ["position", "new_manager"]
    date_hierarchy = "effective_on"
    list_per_page = 50
    actions = ["cancel_changes"]
    ordering = ["effective_on", "id"]

    @admin.display(description=gettext_lazy("change"))
    def what(self, change: PlannedChange) -> str:
        return describe(change, salary=True)

    def get_queryset(self, request):
        # A scenario's drafts are the scenario's (its admin below), not the org's changes.
        return super().get_queryset(request).live()

    def has_module_permission(self, request) -> bool:
        return is_hr(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_hr(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return is_hr(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        # A planned change is not edited: cancel it and plan another (both recorded).
        return obj is None and is_hr(request.user) and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancelled, never deleted: the record of what was planned stays

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class WithPlanner(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, planned_by=user, **inner)

        return WithPlanner

    def get_fields(self, request, obj=None):
        if obj is None:
            return PLANNED_FIELDS
        return [
            *PLANNED_FIELDS,
            "status",
            "planned_by",
            "created_at",
            "applied_at",
            "failure_reason",
            "cancelled_by",
            "created_position",
        ]

    def get_changeform_initial_data(self, request):
        """Links from a person or seat page fill in the kind, the person and the seat."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("effective_on", timezone.localdate() + datetime.timedelta(days=1))
        return initial

    def save_model(self, request, obj, form, change):
        """Through the planning service, which checks again under the tree lock."""
        if change:
            raise PermissionDenied
        columns = {name: getattr(obj, name) for name in PLANNED_FIELDS}
        saved = change_plan(planned_by=request.user, **columns)
        obj.pk = saved.pk
        obj.planned_by = saved.planned_by

    @admin.action(description=gettext_lazy("Cancel the selected pending changes"))
    def cancel_changes(self, request, queryset):
        cancelled = 0
        for change in queryset.filter(status=Status.PENDING):
            try:
                change_cancel(change=change, cancelled_by=request.user)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            else:
                cancelled += 1
        self.message_user(
            request, _("%(n)s planned change(s) cancelled.") % {"n": cancelled}, messages.SUCCESS
        )


class PlanningPersonAdmin(PersonAdmin):
    def move_person(self, request, person: Person, data: dict) -> str:
        """A move dated after today is planned (a "move of a person" change) instead of made."""
        if data["on"] <= timezone.localdate():
            return super().move_person(request, person, data)
        change = change_plan(
            planned_by=request.user,
            kind="transfer",
            effective_on=data["on"],
            person=person,
            position=data["position"],
            note=data["note"],
        )
        return _("Planned: moves to seat #%(seat)s on %(day)s (planned change #%(id)s).") % {
            "seat": change.position_id,
            "day": formats.date_format(change.effective_on, "SHORT_DATE_FORMAT"),
            "id": change.pk,
        }


admin.site.unregister(Person)
admin.site.register(Person, PlanningPersonAdmin)


class DraftInline(admin.TabularInline):
    """A scenario's changes, read-only: they are edited in the scenario's page, one checked edit
    at a time (planning/scenarios.py), never row by row here."""

    model = PlannedChange
    fk_name = "scenario"
    fields = ["step", "kind", "status", "what"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=gettext_lazy("change"))
    def what(self, change: PlannedChange) -> str:
        return describe(change, salary=True)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DecisionInline(admin.TabularInline):
    model = ScenarioDecision
    fields = ["approver", "decision", "comment", "decided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    """HR's: scenarios read with their changes and approval record; their rules live in the
    services (edit, submit, decide, apply), so nothing but the name and description is edited
    here."""

    list_display = ["id", "name", "effective_on", "status", "created_by", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["created_by"]
    inlines = [DraftInline, DecisionInline]
    readonly_fields = [
        "effective_on",
        "status",
        "heads_approve",
        "created_by",
        "created_at",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "applied_at",
        "applied_by",
    ]
    fields = ["name", "description", *readonly_fields]

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def has_module_permission(self, request) -> bool:
        return is_hr(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_hr(request.user)

    def has_add_permission(self, request) -> bool:
        return False  # created in the scenario pages or the API, through scenario_create

    def has_change_permission(self, request, obj=None) -> bool:
        return is_hr(request.user) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # discarded, not deleted: the record stays
