from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

from core.inputs import EXTERNAL_ID_MAX_LENGTH, check_external_id, check_fields

SKILL_LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Track(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual contributor")
    SPECIALIST = "specialist", _("Specialist")
    LEADERSHIP = "leadership", _("Leadership")
    EXECUTIVE = "executive", _("Executive")


class Role(MPTTModel):
    """A job in the job architecture; its parent is the role it reports to."""

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    summary = models.TextField(_("summary"), blank=True)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    career_level = models.PositiveSmallIntegerField(
        _("career level"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    education = models.CharField(_("education"), max_length=200, blank=True)
    min_experience_months = models.PositiveSmallIntegerField(
        _("minimum experience (months)"), default=0
    )
    # An integration's key for the role (an HRIS job code): unique wherever it is set.
    external_id = models.CharField(
        _("external ID"),
        max_length=EXTERNAL_ID_MAX_LENGTH,
        blank=True,
        default="",
        db_default="",  # the import and the demo write rows with raw SQL, without this column
        validators=[check_external_id],
        help_text=_("The record's key in another system (an HRIS); unique, empty for none."),
    )
    # The span-of-control norm of a seat of this role (team leaders: 15-30 agents). Empty: no
    # lower bound, and SPAN_OF_CONTROL_NORM as the upper one.
    span_min = models.PositiveSmallIntegerField(
        _("fewest direct reports"),
        null=True,
        blank=True,
        help_text=_("Span-of-control norm: a manager in this role with fewer reports is flagged."),
    )
    span_max = models.PositiveSmallIntegerField(
        _("most direct reports"),
        null=True,
        blank=True,
        help_text=_(
            "Span-of-control norm: a manager in this role with more reports is flagged. "
            "Empty: the site-wide norm."
        ),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(career_level__gte=1),
                name="roles_role_career_level_positive",
                violation_error_message=_("The career level is at least 1."),
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="roles_role_unique_external_id",
                violation_error_message=_("Another role already has this external ID."),
            ),
            models.CheckConstraint(
                condition=Q(span_min__isnull=True)
                | Q(span_max__isnull=True)
                | Q(span_min__lte=F("span_max")),
                name="roles_role_span_min_le_max",
                violation_error_message=_(
                    "The fewest reports of the span norm cannot be more than the most."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roles:detail", args=[self.slug])

    @property
    def span_limits(self) -> tuple[int | None, int]:
        """(fewest, most) direct reports of a manager in this role before they are flagged."""
        return self.span_min, self.span_max or settings.SPAN_OF_CONTROL_NORM

    def clean(self) -> None:
        if None not in (self.span_min, self.span_max) and self.span_min > self.span_max:
            raise ValidationError(
                {"span_max": _("The most direct reports cannot be fewer than the fewest.")}
            )
        if (
            self.pk
            and self.parent_id
            and (self.parent_id == self.pk or self.parent.is_descendant_of(self))
        ):
            raise ValidationError(
                {"parent": _("A role cannot report to itself or to a role below it.")}
            )


class RoleAlias(models.Model):
    """Another name people use for a role (CSR, Kundenbetreuer, Konsultant)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=5, blank=True, help_text=_("Empty for any language.")
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "name"],
                name="roles_alias_unique_per_role",
                violation_error_message=_("This role already has this alias."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Responsibility(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["role", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SkillCategory(models.TextChoices):
    CORE = "core", _("Core")
    LEADERSHIP = "leadership", _("Leadership")
    ANALYTICAL = "analytical", _("Analytical")
    TECHNICAL = "technical", _("Technical")
    COMMERCIAL = "commercial", _("Commercial")


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.CharField(
        _("category"), max_length=20, choices=SkillCategory.choices, default=SkillCategory.CORE
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleSkill(models.Model):
    """A skill a role requires, at a level from 1 (basic) to 5 (expert)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="role_skills")
    level = models.PositiveSmallIntegerField(_("level"), validators=SKILL_LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "skill"],
                name="roles_roleskill_unique",
                violation_error_message=_(
                    "This role already requires this skill; change its level instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="roles_roleskill_level_1_to_5",
                violation_error_message=_("A skill level is from 1 (basic) to 5 (expert)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class PayPeriod(models.TextChoices):
    ANNUAL = "annual", _("per year")
    HOURLY = "hourly", _("per hour")


class SalaryBand(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="salary_bands")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    period = models.CharField(
        _("period"), max_length=10, choices=PayPeriod.choices, default=PayPeriod.ANNUAL
    )
    minimum = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2)
    midpoint = models.DecimalField(_("midpoint"), max_digits=12, decimal_places=2)
    maximum = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2)
    effective_from = models.DateField(_("effective from"))
    location = models.CharField(_("location"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("salary band")
        verbose_name_plural = _("salary bands")
        ordering = ["role", "currency", "period", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__gte=0),
                name="roles_salaryband_minimum_not_negative",
                violation_error_message=_("The minimum of a band cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(minimum__lte=F("midpoint")),
                name="roles_salaryband_min_le_mid",
                violation_error_message=_("The minimum cannot be above the midpoint."),
            ),
            models.CheckConstraint(
                condition=Q(midpoint__lte=F("maximum")),
                name="roles_salaryband_mid_le_max",
                violation_error_message=_("The midpoint cannot be above the maximum."),
            ),
            models.UniqueConstraint(
                fields=["role", "currency", "period", "location", "effective_from"],
                name="roles_salaryband_unique_per_date",
                violation_error_message=_(
                    "This role already has a band in this currency, period and location from "
                    "this date; change that band or choose another date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minimum}-{self.maximum} {self.currency} {self.get_period_display()}"

    def clean(self) -> None:
        self.currency = (self.currency or "").upper()
        check_fields(self, dates=("effective_from",), currencies=("currency",))
        # minimum ≤ midpoint ≤ maximum: the constraints say which one is out of order
