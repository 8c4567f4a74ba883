import factory

from roles.models import Role, RoleSkill, SalaryBand, Skill, Track


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    """A role; its parent defaults to None, so give one for any role but the first."""

    class Meta:
        model = Role

    title = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    track = Track.INDIVIDUAL
    career_level = 1


class RoleSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleSkill

    role = factory.SubFactory(RoleFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class SalaryBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalaryBand

    role = factory.SubFactory(RoleFactory)
    currency = "EUR"
    minimum = 30000
    midpoint = 35000
    maximum = 40000
    effective_from = factory.Faker("date_object")
