import datetime
import math
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import check_date
from ladder.models import PromotionPath
from ladder.readiness import Readiness
from ladder.services import promotion_problems
from people.models import Position, Site
from people.services import reporting_line_refusal
from planning.models import Kind, PlannedChange
from planning.services import plan_problems
from roles.models import Role
from staffing.erlang import ImpossibleTarget, agents_needed, traffic
from staffing.models import Queue, SiteStaffing
from staffing.plan import Parameters, WhatIf

# An <input type=date> takes only ISO dates; Django would render the language's format
# (30.11.2026 in German), which the browser drops, leaving the required field blank.
ISO_DATE = "%Y-%m-%d"


class PromoteForm(forms.Form):
    to_position = forms.ModelChoiceField(
        label=_("New seat"),
        queryset=Position.objects.none(),
        help_text=_("Vacant seats of the roles this person's paths lead to."),
    )
    new_seat_role = forms.ModelChoiceField(
        label=_("Or create a vacant seat of the role"),
        queryset=Role.objects.none(),
        required=False,
        help_text=_("Created in the same step, reporting to the seat below."),
    )
    new_seat_manager = forms.IntegerField(
        label=_("The new seat reports to seat number"),
        required=False,
        min_value=1,
        help_text=_("Their current manager's seat unless you choose another."),
    )
    other_seat = forms.IntegerField(
        label=_("Or another vacant seat (number)"),
        required=False,
        min_value=1,
    )
    effective = forms.DateField(
        label=_("Effective"),
        help_text=_("A day after today plans the promotion; it takes effect on that day."),
        widget=forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
        validators=[check_date],  # the window the model and the API keep (core/inputs.py)
    )
    new_salary = forms.DecimalField(
        label=_("New annual salary"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("Leave empty to keep the current salary."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Required as the reason when the person is not yet ready for the role."),
    )
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        max_length=300,
        required=False,
        help_text=_("Only when no promotion path leads to the seat's role."),
    )

    def __init__(self, *args, person, user, readiness: list[Readiness], **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.user = person, user
        self.readiness = {r.to_role_id: r for r in readiness}
        self.seat = getattr(person, "position", None)
        targets = PromotionPath.objects.filter(from_role_id=self.seat.role_id) if self.seat else []
        target_roles = [p.to_role_id for p in targets]
        self.fields["to_position"].queryset = (
            Position.objects.active()
            .vacant()
            .filter(role__in=target_roles)
            .select_related("role", "site", "manager__holder")
            .order_by("role__career_level", "site__name", "id")
        )
        self.fields["to_position"].required = False
        self.fields["to_position"].label_from_instance = self.seat_label
        self.fields["new_seat_role"].queryset = Role.objects.filter(pk__in=target_roles).order_by(
            "career_level", "title"
        )
        if self.seat is not None and self.seat.manager_id:
            self.fields["new_seat_manager"].initial = self.seat.manager_id
        if person.salary_currency:
            self.fields["new_salary"].label = _("New annual salary (%(currency)s)") % {
                "currency": person.salary_currency
            }

    @staticmethod
    def seat_label(seat: Position) -> str:
        manager = seat.manager.holder if seat.manager_id and seat.manager.holder_id else "—"
        site = seat.site.name if seat.site_id else "—"
        return f"#{seat.pk} {seat.role.title} · {site} · {_('reports to')} {manager}"

    def clean(self):
        data = super().clean()
        chosen = self._chosen_seat(data)
        if chosen is None:
            if not self.errors:
                self.add_error("to_position", _("Choose the new seat, or a role to create one."))
            return data
        data["to_position"] = chosen
        if "effective" in data and data["effective"] > timezone.localdate():
            self._check_planned(data, chosen)
        elif "effective" in data:
            problems, _path = promotion_problems(
                person=self.person,
                to_position=chosen,
                effective=data["effective"],
                approved_by=self.user,
                exception_reason=data.get("exception_reason", ""),
            )
            for field, messages in problems.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        ready = self.readiness.get(chosen.role_id)
        if ready is not None and ready.verdict != "ready" and not data.get("note", "").strip():
            self.add_error(
                "note",
                _("%(name)s is not yet ready for %(role)s: give the reason in the note.")
                % {"name": self.person, "role": chosen.role.title},
            )
        return data

    def _check_planned(self, data, chosen: Position) -> None:
        """A day after today plans the promotion (planning/): checked as the plan will be."""
        if chosen.pk is None:
            self.add_error(
                "new_seat_role",
                _(
                    "A promotion dated after today goes into a seat that exists: plan or create "
                    "the new seat first."
                ),
            )
            return
        change = self.planned_change(data)
        for field, messages in plan_problems(change).items():
            for message in messages:
                name = {"position": "to_position", "effective_on": "effective"}.get(field, field)
                name = "new_salary" if name == "salary" else name
                self.add_error(name if name in self.fields else None, message)

    def planned_change(self, data) -> PlannedChange:
        return PlannedChange(
            planned_by=self.user,
            kind=Kind.PROMOTION,
            effective_on=data["effective"],
            person=self.person,
            position=data["to_position"],
            salary=data.get("new_salary"),
            note=data.get("note", ""),
            exception_reason=data.get("exception_reason", ""),
        )

    def _chosen_seat(self, data) -> Position | None:
        """The seat asked for: another seat by number, a listed vacancy, or a new (unsaved) seat
        of the chosen role under the chosen manager, created when the promotion is made."""
        other = data.pop("other_seat", None)
        if other:
            chosen = Position.objects.select_related("role").filter(pk=other).first()
            if chosen is None:
                self.add_error("other_seat", _("There is no seat number %(n)s.") % {"n": other})
            return chosen
        if data.get("to_position") is not None:
            return data["to_position"]
        role = data.get("new_seat_role")
        if role is None:
            return None
        manager_id = data.get("new_seat_manager")
        manager = (
            Position.objects.select_related("role").filter(pk=manager_id).first()
            if manager_id
            else None
        )
        if manager_id and manager is None:
            self.add_error(
                "new_seat_manager", _("There is no seat number %(n)s.") % {"n": manager_id}
            )
            return None
        if refusal := reporting_line_refusal(position=None, manager=manager):
            self.add_error("new_seat_manager", refusal)
            return None
        site = self.seat.site if self.seat is not None else None
        return Position(role=role, manager=manager, site=site)


# ------------------------------------------------------------------ /planning/ (staffing)


class GapScenarioForm(forms.Form):
    """/planning/'s seat gap as a draft scenario (staffing/openings.py): its name and day."""

    name = forms.CharField(
        label=_("Scenario name"), max_length=200, widget=forms.TextInput(attrs={"size": 40})
    )
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        # an <input type="date"> reads only ISO dates, whatever the page's language
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PlanningForm(forms.Form):
    """The what-if controls of /planning/: nothing here is saved."""

    site = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Site"), empty_label=_("All sites")
    )
    week = forms.DateField(
        required=False, label=_("Week of"), widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.IntegerField(
        required=False, min_value=1, max_value=99, label=_("Service level %")
    )
    aht = forms.IntegerField(
        required=False,
        min_value=50,
        max_value=200,
        label=_("Handle time %"),
        help_text=_("100 = as forecast"),
    )
    shrinkage = forms.IntegerField(
        required=False, min_value=0, max_value=80, label=_("Shrinkage %")
    )
    span = forms.IntegerField(
        required=False, min_value=5, max_value=60, label=_("Agents per team leader")
    )
    agents = forms.ChoiceField(
        required=False,
        choices=[("ours", _("ours (Erlang)")), ("wfm", _("the WFM tool's"))],
        label=_("Seats from agents needed by"),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(pk__in=[s.pk for s in sites])

    def clean(self):
        data = super().clean()
        recomputes = data.get("level") or data.get("aht") not in (None, 100)
        if data.get("agents") == "wfm" and recomputes:
            self.add_error(
                "agents",
                _(
                    "A service level or handle time what-if computes our agents again; the "
                    "WFM tool's stay as imported. Choose one."
                ),
            )
        return data

    def clean_week(self):
        week = self.cleaned_data["week"]
        return week - datetime.timedelta(days=week.weekday()) if week else None

    def what_if(self):
        data = self.cleaned_data
        return WhatIf(
            level=data["level"] / 100 if data["level"] else None,
            aht_factor=data["aht"] / 100 if data["aht"] else 1.0,
            shrinkage=data["shrinkage"] / 100 if data["shrinkage"] is not None else None,
            span=data["span"],
            theirs=data["agents"] == "wfm",
        )


class QuickDemandForm(forms.Form):
    """A demand typed in by hand: contacts every interval of the opening hours."""

    site = forms.ModelChoiceField(queryset=None, label=_("Site"))
    queue = forms.ModelChoiceField(queryset=None, label=_("Queue"))
    contacts = forms.DecimalField(
        min_value=0, max_value=100_000, label=_("Contacts per 30 minutes")
    )
    aht = forms.IntegerField(min_value=1, max_value=7200, label=_("Handle time (s)"))
    acw = forms.IntegerField(
        min_value=0, max_value=3600, initial=0, label=_("After-contact work (s)")
    )
    hours = forms.IntegerField(min_value=1, max_value=24, initial=12, label=_("Open hours a day"))
    days = forms.IntegerField(min_value=1, max_value=7, initial=5, label=_("Open days a week"))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
        self.fields["queue"].queryset = Queue.objects.all()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        queue, handle = data["queue"], data["aht"] + data["acw"]
        try:
            data["agents"] = agents_needed(
                traffic(float(data["contacts"]), handle, 1800), handle, queue.target()
            )
        except ImpossibleTarget:
            raise forms.ValidationError(
                _("No number of agents meets this queue's target.")
            ) from None
        return data

    def result(self) -> dict:
        data = self.cleaned_data
        row = SiteStaffing.objects.filter(site=data["site"]).first()
        parameters = Parameters.of(row, WhatIf())
        hours = data["agents"] * data["hours"] * data["days"]
        fte = parameters.fte(hours)
        return {
            "agents": data["agents"],
            "hours": hours,
            "fte": fte,
            "seats": math.ceil(fte - 1e-9),
            "shrinkage": parameters.shrinkage,
        }


class ForecastUploadForm(forms.Form):
    file = forms.FileField(label=_("Forecast file (CSV or .xlsx)"))
    name = forms.CharField(required=False, max_length=200, label=_("Name"))
    dry_run = forms.BooleanField(required=False, label=_("Only check, store nothing"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
