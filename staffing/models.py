"""Queues, per-site staffing parameters, forecasts and their days (docs/staffing.md).

A forecast's intervals are stored a day at a time per site and queue (`ForecastDay`), each
figure a packed array of the day's intervals: a year of 20 queues at 10 sites at 30 minutes is
3.5 million intervals but 73,000 rows, which the planning page reads by week and site from an
index, and the import writes in one bulk insert. The agents each interval needs are computed on
import and stored beside the demand (`agents`), with the day's agent hours and peak, so the page
never runs Erlang unless asked for a what-if.
"""

from decimal import Decimal

import numpy as np
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from people.models import Site
from roles.models import Role

from .erlang import Target

PACKED = np.float32  # four bytes an interval; counts and seconds need no more precision


def pack(values) -> bytes:
    return np.asarray(values, dtype=PACKED).tobytes()


def unpack(data: bytes | memoryview | None) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=PACKED) if data else np.zeros(0, dtype=PACKED)


def percent(name: str, default: str, help_text: str = "", most: int = 100):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(0), MaxValueValidator(most)],
        help_text=help_text,
    )


class Channel(models.TextChoices):
    VOICE = "voice", _("Voice")
    CHAT = "chat", _("Chat")


class Queue(models.Model):
    """A skill or queue contacts arrive in, the role whose seats answer it, and its targets."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.VOICE
    )
    role = models.ForeignKey(
        Role,
        verbose_name=_("answered by role"),
        on_delete=models.PROTECT,
        related_name="staffing_queues",
        help_text=_("The agent role whose seats answer this queue."),
    )
    service_level = percent(_("service level %"), "80", _("Share answered within the seconds."))
    service_seconds = models.PositiveIntegerField(_("within seconds"), default=20)
    asa_seconds = models.PositiveIntegerField(
        _("ASA target (seconds)"),
        null=True,
        blank=True,
        help_text=_("An average speed of answer to meet instead of the service level."),
    )
    max_occupancy = percent(_("maximum occupancy %"), "85")
    patience_seconds = models.PositiveIntegerField(
        _("mean patience (seconds)"),
        null=True,
        blank=True,
        help_text=_("How long callers wait on average before hanging up: Erlang A when set."),
    )
    concurrency = models.PositiveSmallIntegerField(
        _("contacts at once"), default=1, help_text=_("Chats an agent handles at the same time.")
    )

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service_level__gt=0, service_level__lt=100),
                name="staffing_queue_level_reachable",
                violation_error_message=_(
                    "A service level must be above 0 %% and below 100 %%: no number of agents "
                    "answers every contact within a time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_occupancy__gt=0, max_occupancy__lte=100),
                name="staffing_queue_occupancy_range",
                violation_error_message=_(
                    "The maximum occupancy must be above 0 %% and at most 100 %%."
                ),
            ),
            models.CheckConstraint(
                condition=Q(asa_seconds__isnull=True) | Q(asa_seconds__gt=0),
                name="staffing_queue_asa_positive",
                violation_error_message=_("An ASA target of 0 seconds cannot be met."),
            ),
            models.CheckConstraint(
                condition=Q(concurrency__gte=1, concurrency__lte=10),
                name="staffing_queue_concurrency_range",
                violation_error_message=_("An agent handles 1 to 10 contacts at once."),
            ),
            models.CheckConstraint(
                condition=Q(patience_seconds__isnull=True) | Q(patience_seconds__gt=0),
                name="staffing_queue_patience_positive",
                violation_error_message=_("A mean patience must be more than 0 seconds."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def target(self, *, level: float | None = None) -> Target:
        """The Erlang target of the queue; `level` (0-1) replaces its service level."""
        return Target(
            level=None if self.asa_seconds else (level or float(self.service_level) / 100),
            seconds=float(self.service_seconds),
            asa_seconds=float(self.asa_seconds) if self.asa_seconds else None,
            max_occupancy=float(self.max_occupancy) / 100,
            patience_seconds=float(self.patience_seconds) if self.patience_seconds else None,
            concurrency=self.concurrency if self.channel == Channel.CHAT else 1,
        )


class SiteStaffing(models.Model):
    """How a site turns agents into seats and people: shrinkage, spans, ratios, hiring."""

    site = models.OneToOneField(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="staffing"
    )
    holidays = percent(_("holidays %"), "10", most=60)
    sickness = percent(_("sickness %"), "6", most=60)
    training = percent(_("training %"), "3", most=60)
    coaching = percent(_("coaching and meetings %"), "4", most=60)
    hours_per_fte = models.DecimalField(
        _("hours per FTE a week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    team_leader_span = models.PositiveSmallIntegerField(
        _("agents per team leader"),
        default=20,
        help_text=_("The seed documents: a team leader leads 15-30 agents."),
    )
    agents_per_quality_checker = models.PositiveSmallIntegerField(
        _("agents per quality checker"), default=40
    )
    agents_per_trainer = models.PositiveSmallIntegerField(_("agents per trainer"), default=60)
    agents_per_planner = models.PositiveSmallIntegerField(
        _("agents per workforce planner"), default=100
    )
    attrition_per_month = percent(_("attrition % a month"), "3", most=50)
    weeks_to_hire = models.PositiveSmallIntegerField(_("weeks to hire"), default=6)
    nesting_weeks = models.PositiveSmallIntegerField(
        _("training and nesting weeks"),
        default=4,
        help_text=_("Weeks from a new agent's first day until they take contacts alone."),
    )
    # Hiring the other roles of the plan (defaults per role kind, docs/staffing.md): weeks from
    # opening the seat to the first day, and weeks from the first day until fully productive.
    team_leader_weeks_to_hire = models.PositiveSmallIntegerField(
        _("weeks to hire a team leader"), default=8
    )
    team_leader_training_weeks = models.PositiveSmallIntegerField(
        _("training weeks of a team leader"), default=2
    )
    quality_weeks_to_hire = models.PositiveSmallIntegerField(
        _("weeks to hire a quality checker"), default=6
    )
    quality_training_weeks = models.PositiveSmallIntegerField(
        _("training weeks of a quality checker"), default=3
    )
    trainer_weeks_to_hire = models.PositiveSmallIntegerField(
        _("weeks to hire a trainer"), default=8
    )
    trainer_training_weeks = models.PositiveSmallIntegerField(
        _("training weeks of a trainer"), default=4
    )
    planner_weeks_to_hire = models.PositiveSmallIntegerField(
        _("weeks to hire a workforce planner"), default=10
    )
    planner_training_weeks = models.PositiveSmallIntegerField(
        _("training weeks of a workforce planner"), default=4
    )
    team_leader_role = models.ForeignKey(
        Role,
        verbose_name=_("team leader role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quality_role = models.ForeignKey(
        Role,
        verbose_name=_("quality checker role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    trainer_role = models.ForeignKey(
        Role,
        verbose_name=_("trainer role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planner_role = models.ForeignKey(
        Role,
        verbose_name=_("workforce planner role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("staffing parameters of a site")
        verbose_name_plural = _("staffing parameters of sites")
        ordering = ["site__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(holidays__gte=0, sickness__gte=0, training__gte=0, coaching__gte=0)
                & Q(holidays__lt=Decimal(90) - F("sickness") - F("training") - F("coaching")),
                name="staffing_site_shrinkage_below_90",
                violation_error_message=_("Shrinkage in all must stay below 90 %%."),
            ),
            models.CheckConstraint(
                condition=Q(team_leader_span__gte=1, team_leader_span__lte=100),
                name="staffing_site_span_range",
                violation_error_message=_("A team leader leads 1 to 100 agents."),
            ),
            models.CheckConstraint(
                condition=Q(
                    weeks_to_hire__lte=52,
                    nesting_weeks__lte=52,
                    team_leader_weeks_to_hire__lte=52,
                    team_leader_training_weeks__lte=52,
                    quality_weeks_to_hire__lte=52,
                    quality_training_weeks__lte=52,
                    trainer_weeks_to_hire__lte=52,
                    trainer_training_weeks__lte=52,
                    planner_weeks_to_hire__lte=52,
                    planner_training_weeks__lte=52,
                ),
                name="staffing_site_hiring_within_a_year",
                violation_error_message=_("Hiring and training take at most 52 weeks each."),
            ),
            models.CheckConstraint(
                condition=Q(agents_per_quality_checker__gte=1, agents_per_trainer__gte=1)
                & Q(agents_per_planner__gte=1),
                name="staffing_site_ratios_positive",
                violation_error_message=_("Each ratio needs at least 1 agent."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.site)

    def lead_times(self) -> dict[str, tuple[int, int]]:
        """Per role kind of the plan: (weeks to hire, weeks of training until productive)."""
        return {
            "agent": (self.weeks_to_hire, self.nesting_weeks),
            "team_leader": (self.team_leader_weeks_to_hire, self.team_leader_training_weeks),
            "quality": (self.quality_weeks_to_hire, self.quality_training_weeks),
            "trainer": (self.trainer_weeks_to_hire, self.trainer_training_weeks),
            "planner": (self.planner_weeks_to_hire, self.planner_training_weeks),
        }

    @property
    def shrinkage(self) -> float:
        """The share of paid hours not spent answering contacts."""
        return float(self.holidays + self.sickness + self.training + self.coaching) / 100


class Forecast(models.Model):
    """One imported forecast file (or a demand typed in); the newest is the plan."""

    name = models.CharField(_("name"), max_length=200)
    interval_minutes = models.PositiveSmallIntegerField(_("interval (minutes)"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    intervals = models.PositiveIntegerField(_("intervals"), default=0)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__in=(5, 10, 15, 20, 30, 60)),
                name="staffing_forecast_interval_length",
                violation_error_message=_("Intervals are 5, 10, 15, 20, 30 or 60 minutes long."),
            ),
            models.CheckConstraint(
                condition=Q(first_day__lte=models.F("last_day")),
                name="staffing_forecast_days_in_order",
                violation_error_message=_("The first day must not be after the last."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slots(self) -> int:
        return 24 * 60 // self.interval_minutes


class ForecastDayQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)


class ForecastDay(models.Model):
    """A day of one queue at one site: each figure packed, one float32 an interval of the
    day (interval i starts at i x the forecast's interval length after midnight, local time).
    Intervals outside the file are 0 contacts."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="days")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    offered = models.BinaryField()
    aht = models.BinaryField()  # talk + hold, seconds
    acw = models.BinaryField()  # after-contact work, seconds
    wfm_agents = models.BinaryField(null=True)  # "agents needed" as the WFM tool computed it
    agents = models.BinaryField()  # what the queue's target needs (Erlang), computed on import
    agent_hours = models.FloatField(default=0)
    wfm_agent_hours = models.FloatField(null=True)  # of `wfm_agents`, when the file had them
    peak_agents = models.PositiveIntegerField(default=0)
    contacts = models.FloatField(default=0)

    objects = ForecastDayQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "site", "day", "queue"], name="staffing_forecast_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.queue_id}@{self.site_id}"


class ForecastWeek(models.Model):
    """A week (from its Monday) of one queue at one site, summed from its days on import: what
    the plan reads for weekly FTE and the seats of a week, without touching the days."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="weeks")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="+")
    week = models.DateField()
    agent_hours = models.FloatField(default=0)
    wfm_agent_hours = models.FloatField(null=True)  # the WFM tool's, summed over its days
    peak_agents = models.PositiveIntegerField(default=0)
    contacts = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "week", "site", "queue"], name="staffing_forecast_week_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.queue_id}@{self.site_id}"
