"""A change to the org dated in the future, kept until the worker applies it on its day.

One row per change, one kind per row, with explicit columns (foreign keys that PROTECT what they
point at) rather than a JSON blob: the database keeps each kind's shape (the constraints below),
a seat or person a pending change names cannot be deleted under it, and the "org as it will be"
(planning/projection.py) reads them as plain columns. Scenarios (draft reorganisations) will add
a nullable `scenario` key to this same model and reuse its kinds, checks and projection.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.inputs import check_fields
from people.models import Person, Position, Site
from roles.models import Role


class Kind(models.TextChoices):
    HIRE = "hire", _("Hire into a vacant seat")
    EXIT = "exit", _("Exit")
    MOVE = "move", _("Move of a seat to a new manager")
    PROMOTION = "promotion", _("Promotion into a vacant seat")
    TRANSFER = "transfer", _("Move of a person into a vacant seat")
    ROLE = "role", _("Role change of a seat")
    SITE = "site", _("Site change of a seat")
    NEW_SEAT = "new_seat", _("New seat")
    CLOSE_SEAT = "close_seat", _("Closed seat")
    SALARY = "salary", _("Salary change")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# Which columns each kind uses; every other typed column must be empty. `salary` is optional for
# a promotion (a raise with it) and `site` for a new seat; the rest are required.
COLUMNS = ("person", "position", "new_manager", "role", "site", "salary")
REQUIRED: dict[str, tuple[str, ...]] = {
    Kind.HIRE: ("person", "position"),
    Kind.EXIT: ("person",),
    Kind.MOVE: ("position", "new_manager"),
    Kind.PROMOTION: ("person", "position"),
    Kind.TRANSFER: ("person", "position"),
    Kind.ROLE: ("position", "role"),
    Kind.SITE: ("position", "site"),
    Kind.NEW_SEAT: ("new_manager", "role"),
    Kind.CLOSE_SEAT: ("position",),
    Kind.SALARY: ("person", "salary"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {Kind.PROMOTION: ("salary",), Kind.NEW_SEAT: ("site",)}


def _null(name: str) -> Q:
    return Q(**{f"{name}__isnull": True})


def _shape(kind: str) -> Q:
    """The rows of `kind` that have its required columns and none it does not use."""
    required = REQUIRED[kind]
    allowed = required + OPTIONAL.get(kind, ())
    condition = Q(kind=kind)
    for name in COLUMNS:
        if name in required:
            condition &= ~_null(name)
        elif name not in allowed:
            condition &= _null(name)
    return condition


SHAPE_MESSAGES = {
    Kind.HIRE: _("A hire names a person and the vacant seat they take, nothing else."),
    Kind.EXIT: _("An exit names the person who leaves, nothing else."),
    Kind.MOVE: _("A move names the seat that moves and its new manager's seat, nothing else."),
    Kind.PROMOTION: _("A promotion names a person and the vacant seat they take (and a salary)."),
    Kind.TRANSFER: _("A move of a person names the person and the vacant seat, nothing else."),
    Kind.ROLE: _("A role change names a seat and its new role, nothing else."),
    Kind.SITE: _("A site change names a seat and its new site, nothing else."),
    Kind.NEW_SEAT: _("A new seat names its role and its manager's seat (and a site)."),
    Kind.CLOSE_SEAT: _("A closed seat names the seat, nothing else."),
    Kind.SALARY: _("A salary change names a person and the new salary, nothing else."),
}

# A change can only name seats that exist: one another planned change will open has no number
# until that change takes effect (the projected chart and API show it as -change id).
NO_SUCH_SEAT = _(
    "There is no seat #%(value)s. A seat that another planned change will open cannot be named "
    "yet: it gets its number when that change takes effect; plan this change after that day."
)
SEAT_HELP = _(
    "A seat's number. A seat another planned change will open can be named once it exists."
)


class PlannedChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)

    def failed(self):
        return self.filter(status=Status.FAILED)

    def due(self, today):
        """Pending changes that take effect on or before `today`, in the order they apply."""
        return self.pending().filter(effective_on__lte=today).order_by("effective_on", "id")

    def in_order(self):
        return self.order_by("effective_on", "id")

    def touching_person(self, person_id: int):
        return self.filter(person_id=person_id)

    def touching_seat(self, seat_id: int):
        return self.filter(Q(position_id=seat_id) | Q(new_manager_id=seat_id))


class PlannedChange(models.Model):
    """One change of the org that takes effect on `effective_on` (planning/services.py)."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    effective_on = models.DateField(_("effective on"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_changes",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_changes",
    )
    new_manager = models.ForeignKey(
        Position,
        verbose_name=_("new manager's seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_reports",
    )
    role = models.ForeignKey(
        Role,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_changes",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_changes",
    )
    salary = models.DecimalField(
        _("new annual salary"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    exception_reason = models.CharField(
        _("exception reason"),
        max_length=300,
        blank=True,
        help_text=_("For a promotion no promotion path leads to."),
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="planned_changes",
    )
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    failure_reason = models.CharField(_("why it failed"), max_length=500, blank=True)
    # The seat a "new seat" change made when it took effect.
    created_position = models.ForeignKey(
        Position,
        verbose_name=_("seat created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PlannedChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned change")
        verbose_name_plural = _("planned changes")
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["status", "effective_on", "id"], name="planning_change_due_idx"),
            models.Index(fields=["person", "status"], name="planning_change_person_idx"),
            models.Index(fields=["position", "status"], name="planning_change_seat_idx"),
        ]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=~Q(kind=kind) | _shape(kind),
                    name=f"planning_change_{kind}_shape",
                    violation_error_message=SHAPE_MESSAGES[kind],
                )
                for kind in Kind.values
            ),
            models.CheckConstraint(
                condition=Q(salary__isnull=True) | Q(salary__gte=0),
                name="planning_change_salary_not_negative",
                violation_error_message=_("The salary cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.FAILED) | Q(failure_reason=""),
                name="planning_change_reason_only_when_failed",
                violation_error_message=_("Only a failed change has a reason for failing."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.APPLIED, applied_at__isnull=False)
                | (~Q(status=Status.APPLIED) & Q(applied_at__isnull=True)),
                name="planning_change_applied_has_time",
                violation_error_message=_("An applied change has the time it was applied."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.effective_on} (#{self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("planned:detail", args=[self.pk])

    def clean(self) -> None:
        # Dated within the window every date of working life keeps (core/inputs.py); that it
        # lies after today is the planning service's check (the admin's form asks it too).
        check_fields(self, dates=("effective_on",))

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING
