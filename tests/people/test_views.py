import pytest
from django.urls import reverse

from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db


def build_org(reports_per_seat: int):
    cco = RoleFactory(title="Chief Customer Officer")
    head = RoleFactory(title="Head of Call Center", parent=cco)
    top = seat(role=cco, holder=PersonFactory(first_name="Clara", last_name="Top"))
    for _ in range(reports_per_seat):
        middle = seat(role=head, manager=top, holder=PersonFactory())
        for _ in range(reports_per_seat):
            seat(role=head, manager=middle)
    return top


def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_works_signed_out(client):
    assert client.get(reverse("login")).status_code == 200


def test_the_home_page_shows_the_top_of_the_org(employee_client):
    build_org(2)
    response = employee_client.get(reverse("home"))
    body = response.content.decode()
    assert "Clara Top" in body
    assert "Chief Customer Officer" in body
    assert body.count("Vacant") == 4
    assert "6 people below" not in body and "2 people below" in body


def test_the_home_page_without_an_org_says_how_to_get_one(employee_client):
    response = employee_client.get(reverse("home"))
    assert "load_demo" in response.content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_the_home_page_makes_the_same_queries_for_small_and_larger_orgs(
    client, django_user_model, django_assert_num_queries, size
):
    build_org(size)
    client.force_login(django_user_model.objects.create_user("reader"))
    # session, user, top seat, first level, second level
    with django_assert_num_queries(5):
        client.get(reverse("home"))


def test_the_language_can_be_switched_before_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "de"
