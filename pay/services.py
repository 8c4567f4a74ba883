"""Workflows of pay transparency: categories of workers from the job evaluations, HR's reasons
for a flagged gap (Art. 10), and workers' requests for information and their answers (Art. 7)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from statistics import mean

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import Person
from roles.models import Role

from .models import (
    GapExplanation,
    InformationRequest,
    JobEvaluation,
    PayRecord,
    Sex,
    WorkerCategory,
    two_months_after,
)
from .report import WEEKS, threshold

# ---------------------------------------------------------------- categories of workers


def _groups_by_points(evaluations: list[JobEvaluation], band: int) -> list[list[JobEvaluation]]:
    """Evaluations sorted by total points, each group within `band` points of its lowest."""
    groups: list[list[JobEvaluation]] = []
    for evaluation in sorted(evaluations, key=lambda e: (e.total, e.role_id)):
        if groups and evaluation.total - groups[-1][0].total <= band:
            groups[-1].append(evaluation)
        else:
            groups.append([evaluation])
    return groups


@transaction.atomic
def categories_suggest(*, band: int | None = None) -> int:
    """Put every role without a category into one: roles whose evaluations total within `band`
    points (settings.PAY_EQUAL_VALUE_BAND) share one; roles not yet evaluated are grouped by
    career level. Categories HR already set are kept. Returns the number of categories made."""
    band = settings.PAY_EQUAL_VALUE_BAND if band is None else band
    for role in Role.objects.filter(job_evaluation__isnull=True):
        JobEvaluation.objects.create(role=role)
    open_ = list(
        JobEvaluation.objects.filter(category__isnull=True).select_related("role").order_by("pk")
    )
    scored = [e for e in open_ if e.total is not None]
    made = 0
    for group in _groups_by_points(scored, band):
        low, high = group[0].total, group[-1].total
        points = f"{low}" if low == high else f"{low}–{high}"
        titles = ", ".join(sorted(e.role.title for e in group))
        name = _("%(roles)s (%(points)s points)") % {"roles": titles[:90], "points": points}
        made += _assign(name, group)
    by_level: dict[int, list[JobEvaluation]] = {}
    for evaluation in (e for e in open_ if e.total is None):
        by_level.setdefault(evaluation.role.career_level, []).append(evaluation)
    for level, group in sorted(by_level.items()):
        made += _assign(_("Career level %(level)s") % {"level": level}, group)
    return made


def _assign(name: str, evaluations: list[JobEvaluation]) -> int:
    category, created = WorkerCategory.objects.get_or_create(name=name)
    for evaluation in evaluations:
        evaluation.category = category
        evaluation.save(update_fields=["category"])
    return int(created)


# ---------------------------------------------------------------- Art. 10: reasons for a gap


def report_due(year: int) -> datetime.date:
    """The day the report of a reference year is due (Art. 9(2)-(3): 7 June of the next year);
    the six months of Art. 10(1)(c) run from it."""
    return datetime.date(year + 1, 6, 7)


def joint_assessment_from(year: int) -> datetime.date:
    due = report_due(year)
    return due.replace(month=12)  # six months after 7 June


@transaction.atomic
def gap_explain(
    *,
    category: WorkerCategory,
    year: int,
    reason: str,
    remedy: str,
    decided_on: datetime.date,
    by,
) -> GapExplanation:
    """Record HR's objective, gender-neutral reason for a category's gap, or the remedy."""
    explanation = GapExplanation(
        category=category,
        year=year,
        reason=reason.strip(),
        remedy=remedy.strip(),
        decided_on=decided_on,
        recorded_by=by,
    )
    explanation.full_clean()
    explanation.save()
    return explanation


# ---------------------------------------------------------------- Art. 7: right to information


@transaction.atomic
def request_ask(*, person: Person, question: str, today: datetime.date) -> InformationRequest:
    """A worker asks for their pay level and the average pay by sex of their category."""
    request = InformationRequest(
        person=person,
        asked_on=today,
        due_on=two_months_after(today),
        question=question.strip(),
    )
    request.full_clean()
    request.save()
    return request


@dataclass
class Draft:
    text: str
    figures: dict


def _hourly(record: PayRecord) -> Decimal:
    return (record.basic + record.variable) / (record.weekly_hours * WEEKS)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def request_draft(info_request: InformationRequest) -> Draft:
    """The answer HR reviews: the worker's own pay (latest year recorded) and the average pay
    per hour of women and of men in the worker's category, each withheld when fewer than the
    threshold (small-group protection)."""
    person = info_request.person
    own = person.pay_records.order_by("-year").first()
    if own is None:
        text = _("We hold no pay record for you yet; HR will answer you in person.")
        return Draft(text, {})
    evaluation = JobEvaluation.objects.filter(role__positions__holder=person).first()
    category = evaluation.category if evaluation else None
    figures = {
        "year": own.year,
        "currency": own.currency,
        "own_hourly": _money(_hourly(own)),
        "own_annual": _money(own.basic + own.variable),
        "category": str(category) if category else "",
    }
    lines = [
        _(
            "Your pay in %(year)s: %(annual)s %(currency)s a year (basic and variable), "
            "%(hourly)s %(currency)s an hour."
        )
        % {
            "year": own.year,
            "annual": figures["own_annual"],
            "hourly": figures["own_hourly"],
            "currency": own.currency,
        }
    ]
    if category is None:
        lines.append(_("Your role is in no category of workers yet; HR will add the averages."))
    else:
        peers = PayRecord.objects.filter(
            year=own.year,
            currency=own.currency,
            person__position__role__job_evaluation__category=category,
        ).select_related("person__pay_profile")
        by_sex: dict[str, list[Decimal]] = {Sex.FEMALE: [], Sex.MALE: []}
        for record in peers:
            sex = getattr(getattr(record.person, "pay_profile", None), "sex", "")
            if sex in by_sex:
                by_sex[sex].append(_hourly(record))
        lines.append(_("Average pay an hour in your category, %(name)s:") % {"name": category})
        for sex, label in ((Sex.FEMALE, _("women")), (Sex.MALE, _("men"))):
            values = by_sex[sex]
            if len(values) < threshold():
                figures[sex] = None
                lines.append(_("%(who)s: too few to report") % {"who": label})
            else:
                figures[sex] = _money(mean(values))
                lines.append(
                    _("%(who)s: %(amount)s %(currency)s")
                    % {"who": label, "amount": figures[sex], "currency": own.currency}
                )
    return Draft("\n".join(lines), figures)


@transaction.atomic
def request_answer(
    *, info_request: InformationRequest, answer: str, by, today: datetime.date
) -> InformationRequest:
    """Send the answer HR reviewed; the figures are kept as they were when it was sent."""
    locked = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if locked.is_answered:
        raise ValidationError(_("This request has already been answered."))
    locked.answer = answer.strip() or request_draft(locked).text
    locked.figures = request_draft(locked).figures
    locked.answered_on = today
    locked.answered_by = by
    locked.full_clean()
    locked.save()
    return locked


@dataclass
class Flag:
    """A category whose gap is 5 % or more (Art. 10), and where HR stands with it."""

    category_id: int | None
    explanation: GapExplanation | None
    joint_assessment_needed: bool


def flags(report, *, today: datetime.date) -> dict[int | None, Flag]:
    """The flagged categories of a report with HR's latest reason or remedy; one unexplained
    six months after the report was due needs a joint pay assessment (Art. 10(1)(c))."""
    flagged = [c.category.pk if c.category else None for c in report.flagged]
    latest: dict[int, GapExplanation] = {}
    for explanation in GapExplanation.objects.filter(
        year=report.year, category__in=[pk for pk in flagged if pk]
    ).order_by("decided_on", "id"):
        latest[explanation.category_id] = explanation
    late = today >= joint_assessment_from(report.year)
    return {pk: Flag(pk, latest.get(pk), late and pk not in latest) for pk in flagged}
