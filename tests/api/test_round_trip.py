"""What an integrator does, end to end, with a token: a new role, a seat for it, a person in it,
and the chain of command read back."""

import pytest

from .conftest import V1

pytestmark = pytest.mark.django_db


def test_create_a_role_place_it_add_a_seat_and_a_person_then_read_the_chain(anon, users, org):
    token = anon.post(
        f"{V1}/auth/token/", {"username": "adam", "password": "pw-adam-2026"}, format="json"
    ).json()["token"]
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    roles = org["roles"]

    role = anon.post(
        f"{V1}/roles/",
        {
            "title": "Quality Checker",
            "slug": "quality-checker",
            "parent": roles["cco"].pk,
            "track": "specialist",
            "career_level": 3,
        },
        format="json",
    ).json()
    placed = anon.post(
        f"{V1}/roles/{role['id']}/move/",
        {"parent": roles["lead"].pk, "position": "last-child"},
        format="json",
    ).json()
    assert placed["parent"] == roles["lead"].pk

    position = anon.post(
        f"{V1}/positions/", {"role": role["id"], "manager": org["team"].pk}, format="json"
    ).json()
    person = anon.post(
        f"{V1}/people/",
        {
            "employee_id": "QC-1",
            "first_name": "Quentin",
            "last_name": "Checker",
            "hire_date": "2026-01-02",
            "position": position["id"],
        },
        format="json",
    ).json()
    assert person["position"] == position["id"]

    chain = anon.get(f"{V1}/positions/{position['id']}/chain/").json()
    assert [(r["role_slug"], r["first_name"]) for r in chain] == [
        ("quality-checker", "Quentin"),
        ("team-leader", "Lena"),
        ("head", "Henrik"),
        ("cco", "Clara"),
    ]
    ancestors = anon.get(f"{V1}/roles/{role['id']}/ancestors/").json()
    assert [r["slug"] for r in ancestors] == ["cco", "head", "team-leader"]
