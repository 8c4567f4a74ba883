import factory

from ladder.models import Criterion, Measurement, PathSkill, PromotionPath


class PromotionPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromotionPath

    kind = "up"
    min_months = 6


class PathSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathSkill

    level = 3


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    metric = "qa_score"
    label = "QA score"
    threshold = 95
    unit = "%"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    metric = "qa_score"
