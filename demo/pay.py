"""Invented pay transparency data for the demo org (docs/pay-transparency.md, "Demo data").

Nothing here describes a real employer. In plausible proportions for a contact center: about
60 % of agents are women, fewer higher up; one in five works part time (20-30 hours); agents
earn commission now and then, leaders a bonus, some an allowance. Basic pay is the person's
salary (a full-time figure from their role's band) pro rata for their hours. One built-in gap so
the report has something to show: women team leaders are paid about 8 % less basic pay.

Job evaluations are invented from each role's career level and track, and the categories of
workers are then suggested from them (pay.services.categories_suggest), as HR would start.
"""

import random
from decimal import Decimal

from pay.models import JobEvaluation, PayProfile, PayRecord, Sex
from pay.services import categories_suggest
from people.imports.write import insert_rows
from people.models import Person
from roles.models import Role, Track

GAP_ROLE = "team-leader"
TRACK_POINTS = {
    Track.INDIVIDUAL: (0, 10),
    Track.SPECIALIST: (6, 8),
    Track.LEADERSHIP: (4, 18),
    Track.EXECUTIVE: (4, 22),
}
CENT = Decimal("0.01")


def _evaluate_roles() -> None:
    """Points on the four criteria from the career level; staff branches score like the
    leaders of the same level on skills, lower on responsibility."""
    evaluations = []
    for role in Role.objects.filter(job_evaluation__isnull=True):
        skills, responsibility = TRACK_POINTS[role.track]
        level = role.career_level
        evaluations.append(
            JobEvaluation(
                role=role,
                skills=min(100, 10 + level * 6 + skills),
                effort=min(100, 30 + level * 2),
                responsibility=min(100, 5 + level * 6 + responsibility),
                working_conditions=40 if level <= 3 else 25,
            )
        )
    JobEvaluation.objects.bulk_create(evaluations)


def _sex(rng: random.Random, level: int) -> str:
    women = 0.62 if level <= 3 else 0.48 if level <= 6 else 0.35
    draw = rng.random()
    if draw < 0.015:
        return Sex.OTHER
    if draw < 0.03:
        return Sex.NOT_RECORDED
    return Sex.FEMALE if rng.random() < women else Sex.MALE


def generate_pay(*, seed: int, year: int) -> dict[str, int]:
    """Sex and a pay record for `year` for everyone employed with a salary; categories."""
    rng = random.Random(seed * 7919 + year)
    _evaluate_roles()
    categories_suggest()
    people = (
        Person.objects.employed()
        .filter(salary__isnull=False)
        .values_list("pk", "salary", "salary_currency", "position__role__slug")
        .order_by("pk")
    )
    levels = dict(Role.objects.values_list("slug", "career_level"))
    profiles, records = [], []
    for pk, salary, currency, slug in people:
        level = levels.get(slug, 1)
        sex = _sex(rng, level)
        hours = (
            Decimal(40) if rng.random() < 0.8 or level > 4 else Decimal(rng.choice((20, 25, 30)))
        )
        basic = salary * hours / 40
        if slug == GAP_ROLE and sex == Sex.FEMALE:
            basic *= Decimal("0.92")
        commission = bonus = allowances = Decimal(0)
        if level <= 3 and rng.random() < 0.45:
            commission = basic * Decimal(rng.uniform(0.01, 0.08))
        if level > 3:
            bonus = basic * Decimal(rng.uniform(0.03, 0.12))
        if rng.random() < 0.2:
            allowances = Decimal(rng.choice((300, 600, 1200)))
        profiles.append((pk, sex))
        records.append(
            (
                pk,
                year,
                currency,
                basic.quantize(CENT),
                bonus.quantize(CENT),
                commission.quantize(CENT),
                allowances,
                hours,
            )
        )
    # Tuples and COPY (people/imports/write.py), not model instances: at 100,000 people
    # bulk_create took 30 s of `load_demo` on SQLite (issue 21).
    insert_rows(PayProfile, ["person_id", "sex"], profiles)
    columns = ["person_id", "year", "currency", "basic", "bonus", "commission", "allowances",
               "weekly_hours"]  # fmt: skip
    insert_rows(PayRecord, columns, records)
    return {"pay_records": len(records)}
