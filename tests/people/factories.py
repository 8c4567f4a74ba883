import datetime

import factory

from people import services
from people.models import Person, Position, Site
from tests.roles.factories import RoleFactory


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["code"]

    code = "BER"
    name = "Berlin"
    country = "DE"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"T{n:05d}")
    first_name = factory.Sequence(lambda n: f"Anna{n}")
    last_name = "Nowak"
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}@example.com")
    hire_date = datetime.date(2022, 1, 10)


def seat(*, manager=None, role=None, holder=None, started_on=datetime.date(2023, 1, 1)):
    """A seat made through the services, as the app makes them (counts and history kept)."""
    position = services.position_create(role=role or RoleFactory(), manager=manager)
    if holder is not None:
        services.person_hire(person=holder, position=position, started_on=started_on)
    return Position.objects.get(pk=position.pk)
