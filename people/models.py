from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.inputs import EXTERNAL_ID_MAX_LENGTH, check_external_id, check_fields
from roles.models import SKILL_LEVEL_VALIDATORS, Role, Skill, Track

from .fold import folded_name
from .matching import matching


class Site(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=80)
    city = models.CharField(_("city"), max_length=80, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. DE"))

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def external_id_field() -> models.CharField:
    """An integration's key for the record (an HRIS worker or position id): one source of keys
    per installation, so it is unique wherever it is set (a named constraint on each model)."""
    return models.CharField(
        _("external ID"),
        max_length=EXTERNAL_ID_MAX_LENGTH,
        blank=True,
        default="",
        db_default="",  # the import and the demo write rows with raw SQL, without this column
        validators=[check_external_id],
        help_text=_("The record's key in another system (an HRIS); unique, empty for none."),
    )


def unique_external_id(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["external_id"],
        condition=~Q(external_id=""),
        name=name,
        violation_error_message=_("Another record already has this external ID."),
    )


class PersonQuerySet(models.QuerySet):
    def employed(self):
        return self.filter(left_on__isnull=True)

    def leavers(self):
        return self.filter(left_on__isnull=False)

    def search(self, text: str):
        """Whom people.search finds (names however spelled, e-mail, employee id), every one of
        them, through the search indexes (issue 21)."""
        return self.filter(matching(" ".join(text.split())))


class Person(models.Model):
    employee_id = models.CharField(_("employee ID"), max_length=40, unique=True)
    external_id = external_id_field()
    first_name = models.CharField(_("first name"), max_length=80)
    # Blank for a one-word name, and for a holder whose name the source withheld.
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    # The name as search compares it (people.fold), kept by the database on every write.
    search_name = models.GeneratedField(
        expression=folded_name(), output_field=models.TextField(), db_persist=True
    )
    name_withheld = models.BooleanField(
        _("name withheld"),
        default=False,
        help_text=_("The seat is filled, but the imported file did not disclose who holds it."),
    )
    email = models.EmailField(_("work e-mail"), blank=True)
    # Unknown for many imported orgs: tenure then shows as unknown rather than guessed.
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("Set by the exit workflow.")
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, null=True, blank=True
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. de, pl, en")
    )
    salary = models.DecimalField(
        _("annual salary"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    salary_currency = models.CharField(_("salary currency"), max_length=3, blank=True)
    photo_url = models.URLField(_("photo URL"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        # The people list's order (API and pages: last name, first name, id): its first page is
        # read from the index instead of sorting every person (528 -> 42 ms at 500k, issue 21).
        # Search's trigram indexes are PostgreSQL's only: migration 0011_search_indexes.
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="people_person_name_order")
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="people_person_unique_email",
                violation_error_message=_("Another person already has this e-mail address."),
            ),
            models.CheckConstraint(
                condition=Q(salary__isnull=True) | Q(salary__gte=0),
                name="people_person_salary_not_negative",
                violation_error_message=_("The salary cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(hire_date__isnull=True)
                | Q(left_on__gte=F("hire_date")),
                name="people_person_leaves_after_hire",
                violation_error_message=_("The exit date cannot be before the hire date."),
            ),
            unique_external_id("people_person_unique_external_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    def clean(self) -> None:
        check_fields(self, dates=("hire_date", "left_on"), currencies=("salary_currency",))

    @property
    def is_leaver(self) -> bool:
        return self.left_on is not None

    @property
    def full_name(self) -> str:
        if self.name_withheld:
            return str(_("Name withheld"))
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        if self.name_withheld:
            return "?"
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()


class PersonSkill(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="person_skills")
    level = models.PositiveSmallIntegerField(_("level"), validators=SKILL_LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        # Who has a skill at a level or above: the readiness filter of a role page.
        indexes = [
            models.Index(fields=["skill", "level", "person"], name="people_pskill_level_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill"],
                name="people_personskill_unique",
                violation_error_message=_(
                    "This person already has this skill; change its level instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="people_personskill_level_1_to_5",
                violation_error_message=_("A skill level is from 1 (basic) to 5 (expert)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class PositionQuerySet(models.QuerySet):
    def active(self):
        """Seats of the org; archived seats are kept for their history only."""
        return self.filter(archived_on__isnull=True)

    def archived(self):
        return self.filter(archived_on__isnull=False)

    def vacant(self):
        """Seats of the org without a holder; an archived seat is no vacancy."""
        return self.filter(holder__isnull=True, archived_on__isnull=True)

    def filled(self):
        return self.filter(holder__isnull=False)

    def top(self):
        return self.filter(manager__isnull=True, archived_on__isnull=True)

    def for_chart(self):
        return self.select_related("role", "holder", "site")

    # Spans of control against the norm of each seat's role (Role.span_limits; the same rules
    # in Python are people/analytics.py's span_flags).
    def over_span(self):
        most = Coalesce(F("role__span_max"), Value(settings.SPAN_OF_CONTROL_NORM))
        return self.filter(direct_count__gt=most)

    def under_span(self):
        return self.filter(
            direct_count__gt=0, role__span_min__isnull=False, direct_count__lt=F("role__span_min")
        )

    def out_of_norm(self):
        return self.over_span() | self.under_span()

    def single_report(self):
        """Managers with one report, below the executive levels (a CCO with one VP is usual)."""
        return self.filter(direct_count=1).exclude(role__track=Track.EXECUTIVE)


class Position(models.Model):
    """A seat of a role that reports to another seat; without a holder it is a vacancy.

    Reporting lines are an adjacency list (`manager`); reads of chains and subtrees are in
    people/tree.py. The counts below are derived and kept by people/services.py in the same
    transaction as the write that changes them.
    """

    # No index of its own: Meta.indexes has the same one (people_position_role_idx), and every
    # index is one more write a seat (the import writes 100,000 seats).
    role = models.ForeignKey(
        Role,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        related_name="positions",
        db_index=False,
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    holder = models.OneToOneField(
        Person,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="position",
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, null=True, blank=True
    )
    dotted_line_managers = models.ManyToManyField(
        "self",
        verbose_name=_("dotted-line managers"),
        symmetrical=False,
        blank=True,
        related_name="dotted_line_reports",
    )
    # The seat's own key in the file it was imported from (a post id such as O-6066), so a
    # re-import finds it and rows can report to a vacant post.
    reference = models.CharField(_("post reference"), max_length=40, blank=True, default="")
    external_id = external_id_field()
    # An archived seat had holders and is kept for their history, out of the org: it keeps its
    # manager (where it was), has no holder and no reports, and no list, chart or count shows it.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    is_assistant = models.BooleanField(_("assistant seat"), default=False)
    direct_count = models.PositiveIntegerField(_("direct reports"), default=0, editable=False)
    seat_count = models.PositiveIntegerField(_("seats below"), default=0, editable=False)
    headcount = models.PositiveIntegerField(_("people below"), default=0, editable=False)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [
            models.Index(fields=["role"], name="people_position_role_idx"),
            # The vacant seats in seat order, with their roles: search lists the first ten of
            # the roles it found. Walking every seat in id order for them read all 100,000 when
            # those roles had none (8 ms; 40 ms at 500,000; issue 21): vacancies are a few per
            # cent of the seats.
            models.Index(
                fields=["id", "role"],
                condition=models.Q(holder__isnull=True, archived_on__isnull=True),
                name="people_position_vacant",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="people_position_unique_reference",
                violation_error_message=_("Another seat already has this reference."),
            ),
            unique_external_id("people_position_unique_external_id"),
            models.CheckConstraint(
                condition=Q(archived_on__isnull=True) | Q(holder__isnull=True),
                name="people_position_archived_is_vacant",
                violation_error_message=_("An archived seat cannot have a holder."),
            ),
        ]

    def __str__(self) -> str:
        holder = self.holder.full_name if self.holder_id else _("Vacant")
        return f"{self.role.title} · {holder} (#{self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("people:chart-focus", args=[self.pk])

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None


class AssignmentReason(models.TextChoices):
    HIRE = "hire", _("Hire")
    PROMOTION = "promotion", _("Promotion")
    LATERAL = "lateral", _("Lateral move")
    TRANSFER = "transfer", _("Transfer")
    EXIT = "exit", _("Exit")
    IMPORT = "import", _("Import")


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Assignment(models.Model):
    """Who held which seat from when to when, and why they came to it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="assignments")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=AssignmentReason.choices)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=AssignmentReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["person", "-started_on"]
        indexes = [models.Index(fields=["position", "started_on"], name="people_assign_pos_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="people_assignment_ends_after_start",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="people_assignment_one_open_per_person",
                violation_error_message=_(
                    "This person already holds a seat; end that assignment first."
                ),
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(ended_on__isnull=True),
                name="people_assignment_one_open_per_seat",
                violation_error_message=_("This seat is already held; end that assignment first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → #{self.position_id} ({self.started_on})"

    def clean(self) -> None:
        check_fields(self, dates=("started_on", "ended_on"))


class ImportMapping(models.Model):
    """A named choice of which column of an HRIS export holds which field of the import, saved
    on the upload page for the next file of the same export; the command reads it with
    --mapping NAME. `columns` is {field: column header}, the format of the command's --map."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    columns = models.JSONField(_("columns"), default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.SET_NULL, null=True
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
