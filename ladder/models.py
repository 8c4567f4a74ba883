from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.inputs import check_fields
from people.models import Person, Position
from roles.models import SKILL_LEVEL_VALIDATORS, Role, Skill


class CareerTrack(models.Model):
    """An ordered ladder of roles, e.g. Junior Consultant → … → Expert."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("career track")
        verbose_name_plural = _("career tracks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rung(models.Model):
    track = models.ForeignKey(CareerTrack, on_delete=models.CASCADE, related_name="rungs")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="rungs")
    order = models.PositiveSmallIntegerField(_("order"))
    typical_months = models.PositiveSmallIntegerField(
        _("typical months on this rung"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("rung")
        verbose_name_plural = _("rungs")
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "order"],
                name="ladder_rung_unique_order",
                violation_error_message=_("This track already has a rung at this place."),
            ),
            models.UniqueConstraint(
                fields=["track", "role"],
                name="ladder_rung_unique_role",
                violation_error_message=_("This role is already on this track."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track}: {self.order}. {self.role}"


class PathKind(models.TextChoices):
    UP = "up", _("Promotion")
    LATERAL = "lateral", _("Lateral move")


class PromotionPath(models.Model):
    """A move from one role to another that the organisation recognises, and what it takes."""

    from_role = models.ForeignKey(
        Role, verbose_name=_("from role"), on_delete=models.PROTECT, related_name="paths_out"
    )
    to_role = models.ForeignKey(
        Role, verbose_name=_("to role"), on_delete=models.PROTECT, related_name="paths_in"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PathKind.choices)
    min_months = models.PositiveSmallIntegerField(_("minimum months in role"), default=0)

    class Meta:
        verbose_name = _("promotion path")
        verbose_name_plural = _("promotion paths")
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "to_role"],
                name="ladder_path_unique",
                violation_error_message=_("There already is a path between these two roles."),
            ),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")),
                name="ladder_path_not_to_itself",
                violation_error_message=_(
                    "A path leads to another role, not back to the one it starts from."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_role} → {self.to_role}"

    def clean(self) -> None:
        if self.from_role_id and self.from_role_id == self.to_role_id:
            raise ValidationError({"to_role": _("A path must lead to another role.")})


class PathSkill(models.Model):
    path = models.ForeignKey(PromotionPath, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="path_skills")
    level = models.PositiveSmallIntegerField(_("level"), validators=SKILL_LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "skill"],
                name="ladder_pathskill_unique",
                violation_error_message=_(
                    "This path already requires this skill; change its level instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="ladder_pathskill_level_1_to_5",
                violation_error_message=_("A skill level is from 1 (basic) to 5 (expert)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class Criterion(models.Model):
    """A measurable condition of a path, e.g. QA score ≥ 95 %."""

    path = models.ForeignKey(PromotionPath, on_delete=models.CASCADE, related_name="criteria")
    metric = models.SlugField(_("metric"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    threshold = models.DecimalField(_("threshold"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "metric"],
                name="ladder_criterion_unique",
                violation_error_message=_("This path already has a criterion on this metric."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.threshold}{self.unit}"


class Promotion(models.Model):
    """The record of one promotion or move, with who approved it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="promotions")
    from_position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    path = models.ForeignKey(
        PromotionPath, on_delete=models.PROTECT, null=True, blank=True, related_name="promotions"
    )
    effective = models.DateField(_("effective"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    exception_reason = models.CharField(
        _("reason for an exception"),
        max_length=300,
        blank=True,
        help_text=_("Required when no promotion path leads to the new role."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-effective", "-id"]

    def __str__(self) -> str:
        return f"{self.person} → #{self.to_position_id} ({self.effective})"

    def clean(self) -> None:
        check_fields(self, dates=("effective",))


class Measurement(models.Model):
    """A measured figure of a person's work (QA score, conversations per hour, …) on a date.

    Promotion criteria compare the latest measurement of their metric with their threshold.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="measurements")
    metric = models.SlugField(_("metric"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["person", "metric", "-measured_on"]
        indexes = [
            models.Index(
                fields=["person", "metric", "-measured_on"], name="ladder_measure_latest_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "metric", "measured_on"],
                name="ladder_measurement_unique_day",
                violation_error_message=_(
                    "This person already has a measurement of this metric on this day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.metric}={self.value} ({self.measured_on})"


class SkillFit(models.Model):
    """Derived, never edited: the person holds a seat of the path's from-role and has every skill
    the path requires, at its level.

    Kept up to date by ladder/fit.py whenever a person's skills, a seat's holder or role, a
    path's roles or required skills change (signals), after an import (people.imports'
    `org_imported`) and by `rebuild_skill_fits` after other bulk writes, so "who is ready for
    this role" reads a few rows per path instead of grouping every person-skill row. Paths
    without required skills have no rows (every holder of the from-role fits them).
    """

    path = models.ForeignKey(PromotionPath, on_delete=models.CASCADE, related_name="fits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="path_fits")

    class Meta:
        verbose_name = _("skill fit")
        verbose_name_plural = _("skill fits")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "person"],
                name="ladder_skillfit_unique",
                violation_error_message=_("This person already has a skill fit for this path."),
            ),
        ]
        indexes = [models.Index(fields=["person"], name="ladder_skillfit_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} fits {self.path_id}"
