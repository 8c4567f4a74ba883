"""Who may write what: anonymous 401, the wrong group 403, the right group gets to the validation.

The body is bad input for every one of them, so a request that passes the permission check
answers 400 (or 404 for an unknown id) and nothing is written either way.
"""

import pytest

from .conftest import V1

pytestmark = pytest.mark.django_db

HR_WRITES = [
    ("post", "/people/"),
    ("patch", "/people/{person}/"),
    ("post", "/positions/"),
    ("post", "/positions/{seat}/move/"),
    ("post", "/positions/{seat}/hire/"),
    ("post", "/positions/{seat}/vacate/"),
    ("post", "/promotion-paths/"),
    ("post", "/promotions/"),
]
HR_ADMIN_WRITES = [
    ("post", "/roles/"),
    ("patch", "/roles/{role}/"),
    ("post", "/roles/{role}/move/"),
    ("post", "/skills/"),
]
EXPECTED = {  # who → (code for an HR write, code for an HR-admin write)
    None: (401, 401),
    "employee": (403, 403),
    "hr": (400, 403),
    "hradmin": (400, 400),
}


def _url(template: str, org) -> str:
    return V1 + template.format(
        person=org["agents"][0].holder_id, seat=org["team"].pk, role=org["roles"]["agent"].pk
    )


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize(("method", "template"), HR_WRITES + HR_ADMIN_WRITES)
def test_the_permission_matrix_of_writes(as_user, org, who, method, template):
    expected = EXPECTED[who][0 if (method, template) in HR_WRITES else 1]
    bad = {"first_name": "", "career_level": 0, "manager": "x", "ended_on": "x", "name": ""}
    response = getattr(as_user(who), method)(_url(template, org), bad, format="json")
    assert response.status_code == expected
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("who", "code"), [(None, 401), ("employee", 403), ("hr", 404), ("hradmin", 404)]
)
def test_deleting_an_unknown_seat_needs_hr_before_it_is_a_404(as_user, db, who, code):
    assert as_user(who).delete(f"{V1}/positions/424242/").status_code == code
