"""A change to the org dated in the future, kept until the worker applies it on its day.

One row per change, one kind per row, with explicit columns (foreign keys that PROTECT what they
point at) rather than a JSON blob: the database keeps each kind's shape (the constraints below),
a seat or person a pending change names cannot be deleted under it, and the "org as it will be"
(planning/projection.py) reads them as plain columns.

A scenario (a named draft reorganisation, `Scenario` below) is a list of these same rows with
`scenario` set and the status `draft` (or `undone`, kept for redo): the live org and the worker
never see them (`pending()` is only `pending`), and applying an approved scenario turns its drafts
into pending changes on its day (planning/scenarios.py).
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
    # Only in a scenario: a change of its draft, and one undone there (kept until redone or
    # replaced by a new edit).
    DRAFT = "draft", _("Draft")
    UNDONE = "undone", _("Undone")


SCENARIO_ONLY = (Status.DRAFT, Status.UNDONE)


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")


class Scenario(models.Model):
    """A named, private draft of a reorganisation over the live org, taking effect on one day.

    Its changes are PlannedChange rows (`changes`) with the status `draft`; HR edits it while it
    is a draft, submits it (then it is locked), approvers approve it or send it back with a
    comment (back to draft), and an approved scenario is applied: its drafts become pending
    changes on `effective_on`, all or nothing (planning/scenarios.py)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    effective_on = models.DateField(_("effective on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared with"),
        blank=True,
        related_name="shared_scenarios",
        help_text=_(
            "Managers who may read this scenario (without salaries unless they may see them)."
        ),
    )
    heads_approve = models.BooleanField(
        _("heads of the branches approve"),
        default=False,
        help_text=_("Besides an HR admin, the heads of the branches it touches approve it."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="planning_scenario_list_idx")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scenarios:detail", args=[self.pk])

    def clean(self) -> None:
        check_fields(self, dates=("effective_on",))

    @property
    def is_editable(self) -> bool:
        return self.status == ScenarioStatus.DRAFT


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class ScenarioDecision(models.Model):
    """One approver's decision on a submitted scenario (kept: the scenario's approval record)."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="decisions"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="scenario_decisions",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scenario decision")
        verbose_name_plural = _("scenario decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision=Decision.SENT_BACK) | ~Q(comment=""),
                name="planning_decision_sent_back_has_comment",
                violation_error_message=_("Say why the scenario is sent back."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario} · {self.get_decision_display()}"


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

    def live(self):
        """Changes of the org itself: not a scenario's drafts (pending, applied, failed or
        cancelled, including those an applied scenario made)."""
        return self.exclude(status__in=SCENARIO_ONLY)

    def drafts(self):
        """A scenario's current edits (not the undone ones), in the order they were made."""
        return self.filter(status=Status.DRAFT).order_by("step", "id")

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

    # A scenario's change: which scenario, the edit it was made in (undo and redo take a whole
    # edit: a team dragged to a new manager is one edit of many moves), and the live values it
    # was drafted over (a seat's manager, role, site and holder; a person's seat), so the scenario
    # can tell when the live org has changed under it (conflicts).
    scenario = models.ForeignKey(
        Scenario,
        verbose_name=_("scenario"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
    )
    step = models.PositiveIntegerField(_("edit"), null=True, blank=True)
    baseline = models.JSONField(_("drafted over"), default=dict, blank=True)

    objects = PlannedChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned change")
        verbose_name_plural = _("planned changes")
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["status", "effective_on", "id"], name="planning_change_due_idx"),
            models.Index(fields=["person", "status"], name="planning_change_person_idx"),
            models.Index(fields=["position", "status"], name="planning_change_seat_idx"),
            models.Index(
                fields=["scenario", "status", "step"], name="planning_change_scenario_idx"
            ),
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
                condition=Q(status__in=SCENARIO_ONLY, scenario__isnull=False, step__isnull=False)
                | ~Q(status__in=SCENARIO_ONLY),
                name="planning_change_draft_in_scenario",
                violation_error_message=_("A draft change belongs to a scenario and an edit."),
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


class Revision(models.Model):
    """A row written by the database itself whenever planned changes are written (triggers of
    migration planning 0003): the highest id tells a cached reading of them (the scenario
    chart's checked overlay, planning/overlay.py) whether it is still current, without reading
    them. Rows are only ever added, so writers never wait on each other; the worker drops the
    old ones (`purge`)."""

    class Meta:
        verbose_name = _("revision of planned changes")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @classmethod
    def purge(cls) -> None:
        last = cls.objects.order_by("-pk").values_list("pk", flat=True).first()
        if last is not None:
            cls.objects.filter(pk__lt=last).delete()
