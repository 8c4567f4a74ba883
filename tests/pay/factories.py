from decimal import Decimal

import factory

from pay.models import JobEvaluation, PayProfile, PayRecord, WorkerCategory
from tests.people.factories import PersonFactory


class PayRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayRecord

    person = factory.SubFactory(PersonFactory)
    year = 2026
    currency = "EUR"
    basic = Decimal("41600")  # 20 an hour at 40 hours a week
    weekly_hours = Decimal(40)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerCategory

    name = factory.Sequence(lambda n: f"Category {n}")


def paid(person, sex: str, **record) -> PayRecord:
    """A person's sex and their pay record for the year (2026 unless given)."""
    PayProfile.objects.update_or_create(person=person, defaults={"sex": sex})
    return PayRecordFactory(person=person, **record)


def evaluate(role, category=None, points=(20, 20, 20, 20)) -> JobEvaluation:
    skills, effort, responsibility, conditions = points
    return JobEvaluation.objects.create(
        role=role,
        skills=skills,
        effort=effort,
        responsibility=responsibility,
        working_conditions=conditions,
        category=category,
    )
