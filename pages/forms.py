from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import check_date
from ladder.models import PromotionPath
from ladder.services import promotion_problems
from people.models import Position


class PromoteForm(forms.Form):
    to_position = forms.ModelChoiceField(
        label=_("New seat"),
        queryset=Position.objects.none(),
        help_text=_("Vacant seats of the roles this person's paths lead to."),
    )
    effective = forms.DateField(
        label=_("Effective"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[check_date],  # the window the model and the API keep (core/inputs.py)
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        max_length=300,
        required=False,
        help_text=_("Only when no promotion path leads to the seat's role."),
    )
    other_seat = forms.IntegerField(
        label=_("Or another vacant seat (number)"),
        required=False,
        min_value=1,
    )

    def __init__(self, *args, person, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.user = person, user
        seat = getattr(person, "position", None)
        targets = PromotionPath.objects.filter(from_role_id=seat.role_id) if seat else []
        self.fields["to_position"].queryset = (
            Position.objects.active()
            .vacant()
            .filter(role__in=[p.to_role_id for p in targets])
            .select_related("role", "site", "manager__holder")
            .order_by("role__career_level", "site__name", "id")
        )
        self.fields["to_position"].required = False
        self.fields["to_position"].label_from_instance = self.seat_label

    @staticmethod
    def seat_label(seat: Position) -> str:
        manager = seat.manager.holder if seat.manager_id and seat.manager.holder_id else "—"
        site = seat.site.name if seat.site_id else "—"
        return f"#{seat.pk} {seat.role.title} · {site} · {_('reports to')} {manager}"

    def clean(self):
        data = super().clean()
        chosen, other = data.get("to_position"), data.pop("other_seat", None)
        if other:
            chosen = Position.objects.select_related("role").filter(pk=other).first()
            if chosen is None:
                self.add_error("other_seat", _("There is no seat number %(n)s.") % {"n": other})
                return data
        if chosen is None:
            if not self.errors:
                self.add_error("to_position", _("Choose the new seat."))
            return data
        data["to_position"] = chosen
        if "effective" in data:
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
        return data
