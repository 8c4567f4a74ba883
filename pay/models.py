"""Pay transparency data (Directive (EU) 2023/970): sex and pay per person and year, the job
evaluation of roles and the categories of workers doing work of equal value, HR's reasons for a
flagged gap, and workers' requests for information. All of it is HR's (docs/access.md); a person
sees their own sex, pay and requests.

Kept apart from people.Person on purpose: people must not know about pay (the layering), and a
table of its own keeps pay out of every read, export and webhook of people."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.inputs import check_fields
from people.models import Person, Site
from roles.models import Role

POINTS = [MinValueValidator(0), MaxValueValidator(100)]


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    NOT_RECORDED = "", _("not recorded")


class LegalEntity(models.Model):
    """An employer that reports (Art. 9: "per legal entity"), e.g. a GmbH or a sp. z o.o., and
    the sites it employs at (EntitySite). Pay-side: people and sites do not know about it."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. DE")
    )

    class Meta:
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def site_ids(self) -> set[int]:
        return set(self.site_links.values_list("site_id", flat=True))


class EntitySite(models.Model):
    """A site of a legal entity. A site belongs to one entity at most (the unique site); a site
    with no row here is in no entity and counts only in reports of its site or of every site."""

    site = models.OneToOneField(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="legal_entity_link"
    )
    entity = models.ForeignKey(
        LegalEntity,
        verbose_name=_("legal entity"),
        on_delete=models.CASCADE,
        related_name="site_links",
    )

    class Meta:
        verbose_name = _("site of a legal entity")
        verbose_name_plural = _("sites of a legal entity")
        ordering = ["entity", "site"]

    def __str__(self) -> str:
        return f"{self.entity}: {self.site}"


class PayProfile(models.Model):
    """What the pay report needs of a person beyond their seat: their sex (optional: a person
    who gives none, or "other", is counted in no women/men comparison)."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="pay_profile"
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True, default="")

    class Meta:
        verbose_name = _("pay profile")
        verbose_name_plural = _("pay profiles")

    def __str__(self) -> str:
        return str(self.person)


class PayRecordQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)


class PayRecord(models.Model):
    """A person's gross pay for one reference year: basic annual pay, the variable parts and the
    contractual hours, so pay compares per hour (Art. 3: pay, Art. 9: hourly gap)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="pay_records"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    currency = models.CharField(_("currency"), max_length=3)
    basic = models.DecimalField(_("basic annual pay"), max_digits=12, decimal_places=2)
    bonus = models.DecimalField(_("bonus"), max_digits=12, decimal_places=2, default=0)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2, default=0)
    allowances = models.DecimalField(_("allowances"), max_digits=12, decimal_places=2, default=0)
    weekly_hours = models.DecimalField(
        _("contractual hours a week"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Full time is usually 40; an FTE of 0.5 is 20 hours."),
    )

    objects = PayRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("pay record")
        verbose_name_plural = _("pay records")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="pay_payrecord_one_per_person_and_year",
                violation_error_message=_("This person already has pay recorded for this year."),
            ),
            models.CheckConstraint(
                condition=Q(basic__gte=0, bonus__gte=0, commission__gte=0, allowances__gte=0),
                name="pay_payrecord_amounts_not_negative",
                violation_error_message=_("Pay amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0, weekly_hours__lte=80),
                name="pay_payrecord_hours_in_range",
                violation_error_message=_(
                    "Contractual hours are more than 0 and at most 80 a week."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"

    def clean(self) -> None:
        self.currency = (self.currency or "").upper()
        check_fields(self, currencies=("currency",))

    @property
    def variable(self):
        return self.bonus + self.commission + self.allowances


class JobEvaluation(models.Model):
    """A role scored on the four criteria of Art. 4(4): skills, effort, responsibility and
    working conditions, 0-100 points each, set by HR admins. The category is the group of roles
    of equal value the role belongs to (pay.services.categories_suggest proposes them)."""

    role = models.OneToOneField(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="job_evaluation"
    )
    skills = models.PositiveSmallIntegerField(_("skills"), null=True, blank=True, validators=POINTS)
    effort = models.PositiveSmallIntegerField(_("effort"), null=True, blank=True, validators=POINTS)
    responsibility = models.PositiveSmallIntegerField(
        _("responsibility"), null=True, blank=True, validators=POINTS
    )
    working_conditions = models.PositiveSmallIntegerField(
        _("working conditions"), null=True, blank=True, validators=POINTS
    )
    category = models.ForeignKey(
        "WorkerCategory",
        verbose_name=_("category of workers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
    )

    class Meta:
        verbose_name = _("job evaluation")
        verbose_name_plural = _("job evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(skills__lte=100, effort__lte=100)
                & Q(responsibility__lte=100, working_conditions__lte=100),
                name="pay_jobevaluation_points_at_most_100",
                violation_error_message=_("Each criterion scores 0 to 100 points."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.role)

    @property
    def total(self) -> int | None:
        points = (self.skills, self.effort, self.responsibility, self.working_conditions)
        return None if None in points else sum(points)


class WorkerCategory(models.Model):
    """Workers doing the same work or work of equal value (Art. 3(1)(h)): the roles whose job
    evaluations are equal or within the band HR set."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    note = models.TextField(_("why these roles are of equal value"), blank=True)

    class Meta:
        verbose_name = _("category of workers")
        verbose_name_plural = _("categories of workers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GapExplanation(models.Model):
    """HR's objective, gender-neutral reason for a category's gap of 5 % or more, or the remedy
    taken, and the day it was decided (Art. 10(1)(c))."""

    category = models.ForeignKey(
        WorkerCategory, verbose_name=_("category of workers"), on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("reference year"))
    reason = models.TextField(_("objective, gender-neutral reason"), blank=True)
    remedy = models.TextField(_("remedy"), blank=True)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )

    class Meta:
        verbose_name = _("explanation of a pay gap")
        verbose_name_plural = _("explanations of pay gaps")
        ordering = ["-year", "category", "-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="", remedy=""),
                name="pay_gapexplanation_reason_or_remedy",
                violation_error_message=_("Give the reason for the gap or the remedy taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}"

    def clean(self) -> None:
        check_fields(self, dates=("decided_on",))


def two_months_after(day: datetime.date) -> datetime.date:
    """Art. 7(4): "within a reasonable period of time, but in any event within two months"."""
    month = day.month + 2
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(answered_on__isnull=True)


class InformationRequest(models.Model):
    """A worker's request for information on their pay level and the average pay levels by sex
    of the workers doing the same work or work of equal value (Art. 7)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="pay_requests"
    )
    asked_on = models.DateField(_("asked on"))
    due_on = models.DateField(_("answer due"))
    question = models.TextField(_("question"), blank=True, max_length=2000)
    answer = models.TextField(_("answer"), blank=True)
    # The figures of the answer as sent, kept as they were (the report's data may change).
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for pay information")
        verbose_name_plural = _("requests for pay information")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("asked_on")),
                name="pay_request_due_after_asked",
                violation_error_message=_("The answer cannot be due before the request."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.asked_on}"

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None
