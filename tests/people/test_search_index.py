"""Search through its indexes (issue 21): the same people for the same text on SQLite (the FTS5
trigram index of people.trigrams) and PostgreSQL (trigram GIN indexes), the index in step with
every write, and a query count that does not grow with the org."""

import pytest
from django.db import connection

from people import trigrams
from people.imports import import_people
from people.models import Person
from people.search import search
from tests.people.factories import PersonFactory
from tests.people.helpers import csv_bytes, import_roles, org_rows

pytestmark = pytest.mark.django_db

PEOPLE = [  # employee id, first name, last name, e-mail
    ("E-100", "Jörg", "Böttcher", "joerg.boettcher@cc.example"),
    ("E-101", "Łukasz", "Wężyk", "lukasz.wezyk@cc.example"),
    ("E-102", "Samuel", "Strauß", "samuel@cc.example"),
    ("E-103", "Anna", "Nowak", "anna.nowak@cc.example"),
    ("E-104", "Ewa", "Nowakowska", "ewa@other.example"),
    ("E-105", "Li", "Wu", "li.wu@cc.example"),
    ("X-7", "Zoë", "Łódź-Müller", "zoe@cc.example"),
]

QUERIES = [  # text, the people found (last names)
    ("Bottcher", ["Böttcher"]),
    ("boettcher", ["Böttcher"]),
    ("BÖTTCHER joerg", ["Böttcher"]),
    ("lukasz wezyk", ["Wężyk"]),
    ("Łódź", ["Łódź-Müller"]),
    ("lodz mueller", ["Łódź-Müller"]),
    ("strauss", ["Strauß"]),
    ("el", ["Strauß"]),  # in "Samuel", not in its fold "samul"
    ("nowak", ["Nowak", "Nowakowska"]),
    ("a nowak", ["Nowak", "Nowakowska"]),  # a one-letter word, tested in the names found
    ("ow", ["Nowak", "Nowakowska"]),
    ("wu", ["Wu"]),
    ("li wu", ["Wu"]),
    ("k ł", ["Wężyk"]),  # only one-letter words: the name order walked
    ("ample", sorted(p[2] for p in PEOPLE)),  # every e-mail
    ("other.example", ["Nowakowska"]),
    ("zoe@cc", ["Łódź-Müller"]),
    ("e-103", ["Nowak"]),
    ("x-7", ["Łódź-Müller"]),
    ("E-10", []),  # an employee id is matched whole
    ("xyzzy", []),
    ("qx", []),
    ('"no" wak', []),
]


@pytest.fixture
def people():
    for employee_id, first, last, email in PEOPLE:
        PersonFactory(employee_id=employee_id, first_name=first, last_name=last, email=email)


def found(text: str) -> list[str]:
    """The last names found, sorted: the order of names is the database's collation's (the
    tests of name order use ASCII names)."""
    return sorted(p.last_name for p in search(text).people)


@pytest.mark.parametrize("text, last_names", QUERIES)
def test_search_finds_the_same_people_on_either_database(people, text, last_names):
    assert found(text) == last_names


@pytest.mark.parametrize("text, last_names", QUERIES)
def test_common_text_walked_in_name_order_finds_what_the_index_finds(
    people, monkeypatch, text, last_names
):
    monkeypatch.setattr(trigrams, "MANY", 1)  # every text with two hits or more is "common"
    assert found(text) == last_names


@pytest.mark.parametrize("text, last_names", QUERIES)
def test_the_api_filter_finds_everyone_search_finds(people, text, last_names):
    """Person.objects.search, the API's ?search= over every hit, not the first ten."""
    assert sorted(Person.objects.search(text).values_list("last_name", flat=True)) == last_names


def test_a_renamed_person_is_found_by_the_new_name_only(people):
    person = Person.objects.get(employee_id="E-103")
    person.last_name = "Größe"
    person.save()
    assert found("grosse") == ["Größe"]
    assert found("anna nowak") == []
    Person.objects.filter(pk=person.pk).update(first_name="Zuzanna", email="zu@cc.example")
    assert found("zuzanna grosse") == ["Größe"]
    assert found("zu@cc") == ["Größe"]
    assert found("anna.nowak") == []


def test_a_deleted_person_is_not_found(people):
    Person.objects.filter(employee_id="E-100").delete()
    assert found("bottcher") == []


def test_a_hired_and_an_imported_person_are_found():
    import_roles()
    rows = org_rows()
    rows[1][1:3] = ["Jürgen", "Kłos"]
    import_people(data=csv_bytes(rows))
    assert found("juergen klos") == ["Kłos"]
    assert found("ola@cc.example") == ["Nowak"]
    rows[1][1:3] = ["Jürgen", "Kłosowski"]
    import_people(data=csv_bytes(rows))
    assert found("klos") == ["Kłosowski"]


def test_the_sqlite_index_follows_a_rename_and_a_delete():
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    person = PersonFactory(first_name="Jörg", last_name="Böttcher")
    person.first_name = "Jürgen"
    person.save()
    PersonFactory(first_name="Jörg", email="j@x.example").delete()
    assert indexed('name : "jorg"') == []
    assert indexed('name : "jurgen"') == [person.pk]


def indexed(match: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {trigrams.TABLE} WHERE {trigrams.TABLE} MATCH %s", [match]
        )
        return [pk for (pk,) in cursor.fetchall()]


def test_the_walk_keeps_the_first_hits_by_name(monkeypatch):
    for last in ["Nowakowska", "Nowak", "Abnowak", "Znowak"]:
        for first in ["Zofia", "Adam", "Ewa"]:
            PersonFactory(first_name=first, last_name=last, email=f"{first}.{last}@x.example")
    monkeypatch.setattr(trigrams, "MANY", 2)
    found = [(p.last_name, p.first_name) for p in search("nowak", limit=4).people]
    assert found == [
        ("Abnowak", "Adam"),
        ("Abnowak", "Ewa"),
        ("Abnowak", "Zofia"),
        ("Nowak", "Adam"),
    ]


# roles, then on SQLite the trigrams of two-letter words (when there are any) and the index;
# the people
COUNTS = {"sqlite": {"bottcher": 3, "ko wa": 4, "e000123": 3}, "postgresql": 2}


def queries(text: str) -> int:
    expected = COUNTS[connection.vendor]
    return expected if isinstance(expected, int) else expected[text]


@pytest.mark.parametrize("text", ["bottcher", "ko wa", "e000123"])
def test_search_makes_a_fixed_number_of_queries_in_a_small_org(
    people, django_assert_num_queries, text
):
    with django_assert_num_queries(queries(text)):
        search(text)


@pytest.mark.slow
@pytest.mark.parametrize("text", ["bottcher", "ko wa", "e000123"])
def test_search_makes_as_many_queries_at_100000_people(large_org, django_assert_num_queries, text):
    with django_assert_num_queries(queries(text)):
        results = search(text)
    assert results.people


def test_hits_by_name_e_mail_and_employee_id_are_the_first_ten_by_name_together():
    for n in range(11):
        PersonFactory(last_name=f"B{n:02}", first_name="Kim", email=f"kim{n}.mixed@cc.example")
    PersonFactory(last_name="Amixed", first_name="Kim", email="kim@cc.example")
    PersonFactory(last_name="Zed", first_name="Kim", employee_id="MIXED", email="z@cc.example")

    found_in_order = [p.last_name for p in search("mixed").people]

    # by name (Amixed), by e-mail (B00-B10), by employee id (Zed): the first ten of them by name
    assert found_in_order == ["Amixed", *(f"B{n:02}" for n in range(9))]
    assert [p.last_name for p in search("mixed zed").people] == []  # no e-mail has a space


def many_rows(count: int) -> list[list]:
    """The test org's head and team leader, and `count` agents under the team leader."""
    head, lead = org_rows()[:2]
    agents = [
        [f"A{n}", "Agata", f"Kowalczyk{n}", f"agata{n}@cc.example", "Consultant", "E2", ""]
        for n in range(count)
    ]
    return [head, lead, *agents]


def trigger_sql() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [trigrams.INSERT_TRIGGER],
        )
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.django_db(transaction=True)
def test_an_import_of_many_people_indexes_them_all_at_once():
    """Past trigrams.BULK people the import indexes them in one statement, the trigger off
    meanwhile: every person is in the index once, and the trigger is back as it was."""
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    before = trigger_sql()
    import_roles()
    report = import_people(data=csv_bytes(many_rows(trigrams.BULK + 200)))
    assert report.ok, report.errors[:3]
    assert trigger_sql() == before
    assert sorted(indexed('email : "cc.example"')) == sorted(
        Person.objects.values_list("pk", flat=True)
    )
    assert len(indexed('email : "cc.example"')) == trigrams.BULK + 202
    assert found("kowalczyk1199") == ["Kowalczyk1199"]
    later = PersonFactory(first_name="Jörg", last_name="Böttcher", email="j@later.example")
    assert indexed('name : "bottcher"') == [later.pk]  # the trigger indexes the next ones


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_leaves_the_trigger_and_the_index_as_they_were(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    from people.imports import write

    before = trigger_sql()
    import_roles()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(write, "_write_seats", broken)  # after the people are written
    with pytest.raises(RuntimeError):
        import_people(data=csv_bytes(many_rows(trigrams.BULK + 10)))
    assert trigger_sql() == before
    assert Person.objects.count() == 0
    assert indexed('email : "cc.example"') == []


@pytest.mark.slow
def test_at_100k_postgresql_finds_no_vacancies_of_a_role_without_reading_every_seat(
    on_postgres, large_org
):
    """Roles with no vacant seat: walking every seat in id order for their vacancies read all
    100,000; the vacancies' own index (migration people 0015) holds a few per cent of them."""
    from people.models import Position
    from people.search import _seats
    from roles.models import Role

    vacant = Position.objects.active().filter(holder__isnull=True).values("role")
    roles = list(Role.objects.exclude(pk__in=vacant))
    assert roles
    query = _seats("an", roles, 10)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_position")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]

    def removed(node: dict) -> int:
        return node.get("Rows Removed by Filter", 0) + sum(map(removed, node.get("Plans", [])))

    vacancies = Position.objects.active().filter(holder__isnull=True).count()
    assert removed(plan[0]["Plan"]) <= vacancies < large_org / 10, plan  # at most the vacancies
    assert list(query) == []
