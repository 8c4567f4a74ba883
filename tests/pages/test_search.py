import pytest
from django.db import connection
from django.urls import reverse

from roles.models import RoleAlias
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    lead = RoleFactory(title="Team Leader", title_de="Teamleiter", title_pl="Kierownik zespołu")
    agent = RoleFactory(title="Consultant", title_de="Kundenberater", parent=lead)
    RoleAlias.objects.create(role=agent, name="CSR", language="en")
    top = seat(role=lead, holder=PersonFactory(first_name="Zofia", last_name="Wójcik"))
    seat(
        role=agent,
        manager=top,
        holder=PersonFactory(
            first_name="Jonas", last_name="Becker", employee_id="E-777", email="jb@example.com"
        ),
    )
    vacancy = seat(role=agent, manager=top)
    return {"top": top, "vacancy": vacancy}


def hits(client, q: str, name: str = "search") -> str:
    return client.get(reverse(name), {"q": q}).content.decode()


def test_people_are_found_by_first_last_or_full_name(employee_client, org):
    assert "Jonas Becker" in hits(employee_client, "jonas")
    assert "Jonas Becker" in hits(employee_client, "BECK")
    assert "Jonas Becker" in hits(employee_client, "jonas becker")
    assert "Jonas Becker" not in hits(employee_client, "jonas wójcik")


def test_people_are_found_by_employee_id_and_email(employee_client, org):
    assert "Jonas Becker" in hits(employee_client, "e-777")
    assert "Jonas Becker" in hits(employee_client, "jb@example")


def test_a_person_hit_opens_the_chart_focused_on_their_seat(employee_client, org):
    body = hits(employee_client, "jonas", "search-results")
    seat_id = org["top"].reports.get(holder__isnull=False).pk
    assert f'class="hit" href="/org/{seat_id}/"' in body


def test_roles_are_found_by_title_in_any_language_and_by_alias(employee_client, org):
    assert "/roles/" in hits(employee_client, "teamleiter")
    assert "Kierownik" not in hits(employee_client, "teamleiter")  # shown in the active language
    assert "Team Leader" in hits(employee_client, "kierownik")
    assert "Consultant" in hits(employee_client, "csr")


def test_vacant_seats_of_a_role_and_seats_by_number_are_found(employee_client, org):
    vacancy = org["vacancy"]
    assert f"#{vacancy.pk} · Consultant" in hits(employee_client, "Consultant")
    assert f"#{org['top'].pk} · Team Leader" in hits(employee_client, f"#{org['top'].pk}")


def test_nothing_found_says_so(employee_client, org):
    assert "Nothing found for “xyzzy”." in hits(employee_client, "xyzzy")


def test_a_too_short_or_too_long_query_gets_a_clear_message(employee_client, org):
    assert "Type at least 2 characters." in hits(employee_client, "j")
    assert "Type at most 100 characters." in hits(employee_client, "j" * 101)


def test_the_results_fragment_is_not_a_whole_page(employee_client, org):
    body = hits(employee_client, "jonas", "search-results")
    assert "Jonas Becker" in body
    assert "<html" not in body


@pytest.mark.parametrize("extra", [0, 15])
def test_search_makes_the_same_queries_for_few_and_many_hits(
    employee_client, org, django_assert_num_queries, extra
):
    for _ in range(extra):
        PersonFactory(last_name="Consultant")
        seat(role=org["vacancy"].role, manager=org["top"])
    # session, user, roles, people, seats (vacant seats of the roles found), the groups (the
    # header's links); on SQLite the trigram index's (people.trigrams)
    with django_assert_num_queries(6 + (connection.vendor == "sqlite")):
        employee_client.get(reverse("search"), {"q": "consultant"})


@pytest.fixture
def spelled():
    role = RoleFactory(title="Agent")
    top = seat(role=role, holder=PersonFactory(first_name="Jörg", last_name="Böttcher"))
    seat(role=role, manager=top, holder=PersonFactory(first_name="Łukasz", last_name="Wężyk"))
    seat(role=role, manager=top, holder=PersonFactory(first_name="Samuel", last_name="Strauß"))


@pytest.mark.parametrize(
    "query, name",
    [
        ("Bottcher", "Jörg Böttcher"),
        ("Boettcher", "Jörg Böttcher"),
        ("böttcher", "Jörg Böttcher"),
        ("BÖTTCHER", "Jörg Böttcher"),
        ("joerg bottcher", "Jörg Böttcher"),
        ("Lukasz", "Łukasz Wężyk"),
        ("łukasz wezyk", "Łukasz Wężyk"),
        ("Strauss", "Samuel Strauß"),
        ("strauß", "Samuel Strauß"),
        ("el", "Samuel Strauß"),  # a word that begins inside a folded pair (Samuel's "ue")
    ],
)
def test_names_are_found_however_umlauts_and_polish_letters_are_spelled(
    employee_client, spelled, query, name
):
    assert name in hits(employee_client, query)


def test_folding_does_not_find_a_different_name(employee_client, spelled):
    assert "Böttcher" not in hits(employee_client, "Bittcher")
    assert "Wężyk" not in hits(employee_client, "Wazyk")


def test_umlaut_spellings_are_found_on_postgresql_too(on_postgres, employee_client, spelled):
    assert "Jörg Böttcher" in hits(employee_client, "Boettcher")
    assert "Jörg Böttcher" in hits(employee_client, "BOTTCHER")
    assert "Łukasz Wężyk" in hits(employee_client, "LUKASZ WEZYK")


def test_regular_expression_characters_in_a_search_are_plain_text(employee_client, spelled):
    response = employee_client.get(reverse("search"), {"q": "(a|b)*.+ [x"})
    assert response.status_code == 200
