"""Person.search_name, the names folded by the database (issue 21): right after every kind of
write, the same as people.fold in Python, and search reads it with a query count that does not
grow with the org."""

import pytest
from django.db import connection
from django.urls import reverse

from people.fold import fold, fold_letters
from people.imports import import_people
from people.models import Person
from tests.people.factories import PersonFactory
from tests.people.helpers import csv_bytes, import_roles, org_rows

pytestmark = pytest.mark.django_db

NAMES = [
    ("Jörg", "Böttcher"),
    ("Łukasz", "Wężyk"),
    ("Samuel", "STRAUß"),
    ("ŁUKASZ", "ŻÓŁW"),
    ("ÄNNE", "Müller-Łódź"),
    ("Zoë", ""),
]


def expected(first: str, last: str) -> str:
    name = f" {first} {last} "
    return fold_letters(name) + fold(name)


def stored(pk: int) -> str:
    return Person.objects.values_list("search_name", flat=True).get(pk=pk)


@pytest.mark.parametrize("first, last", NAMES)
def test_the_database_folds_a_saved_name_as_python_does(first, last):
    person = PersonFactory(first_name=first, last_name=last)
    assert stored(person.pk) == expected(first, last)


def test_the_folded_name_follows_a_save_and_a_bulk_update():
    person = PersonFactory(first_name="Anna", last_name="Berg")
    person.last_name = "Größe"
    person.save()
    assert stored(person.pk) == expected("Anna", "Größe")
    Person.objects.filter(pk=person.pk).update(first_name="Łucja")
    assert stored(person.pk) == expected("Łucja", "Größe")
    assert Person.objects.filter(search_name__contains=fold("Lucja")).get() == person


def test_an_imported_person_is_folded_and_found():
    import_roles()
    rows = org_rows()
    rows[1][1:3] = ["Jürgen", "Kłos"]
    import_people(data=csv_bytes(rows))
    person = Person.objects.get(employee_id=rows[1][0])
    assert stored(person.pk) == expected("Jürgen", "Kłos")
    assert Person.objects.filter(search_name__contains=fold("Juergen")).get() == person
    assert Person.objects.filter(search_name__contains=fold("klos")).get() == person


def test_history_does_not_copy_the_folded_name():
    person = PersonFactory(first_name="Jörg")
    assert not hasattr(person.history.first(), "search_name")


@pytest.mark.parametrize("extra", [0, 40])
def test_search_queries_stay_flat_as_the_org_grows(
    employee_client, django_assert_num_queries, extra
):
    PersonFactory(first_name="Jörg", last_name="Böttcher")
    for i in range(extra):
        PersonFactory(first_name=f"Jörg{i}", last_name="Boettcher")
    # session, user, roles, people, the groups (the header's links); no role found: no seats;
    # on SQLite the trigram index's (people.trigrams)
    with django_assert_num_queries(6 if connection.vendor == "sqlite" else 5):
        response = employee_client.get(reverse("search"), {"q": "joerg bottcher"})
    assert response.content.decode().count("ttcher") >= min(1 + extra, 10)


def test_search_reads_the_folded_column_not_a_regular_expression(employee_client):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        employee_client.get(reverse("search"), {"q": "Bottcher"})
    people = [
        q["sql"] for q in queries if "people_person" in q["sql"] and "search_name" in q["sql"]
    ]
    assert people and not any("REGEXP" in sql or "~*" in sql for sql in people)


def test_search_keeps_the_first_hits_by_name():
    from people.search import search

    for last in ["Nowakowska", "Nowak", "Abnowak", "Znowak"]:
        for first in ["Zofia", "Adam", "Ewa"]:
            PersonFactory(first_name=first, last_name=last, email=f"{first}.{last}@x.example")
    found = [(p.last_name, p.first_name) for p in search("nowak", limit=4).people]
    assert found == [
        ("Abnowak", "Adam"),
        ("Abnowak", "Ewa"),
        ("Abnowak", "Zofia"),
        ("Nowak", "Adam"),
    ]
