"""The browsable API works for a person signed in to the site (session), as HTML."""

import pytest

from .conftest import V1

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/roles/",
        "/roles/{role}/",
        "/roles/tree/",
        "/skills/",
        "/people/",
        "/people/{person}/",
        "/people/{person}/career/",
        "/positions/",
        "/positions/{seat}/",
        "/positions/{seat}/children/",
        "/positions/{seat}/chain/",
        "/promotion-paths/",
        "/promotions/",
    ],
)
def test_hr_browses_the_api_as_html(hr, org, path):
    url = V1 + path.format(
        role=org["roles"]["agent"].pk, person=org["top"].holder_id, seat=org["team"].pk
    )
    response = hr.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    options = hr.options(url)
    assert options.status_code == 200


@pytest.mark.parametrize("path", ["/org/export/", "/positions/{seat}/subtree/"])
def test_the_whole_org_is_never_drawn_as_an_html_page_a_browser_gets_json(hr, org, path):
    url = V1 + path.format(seat=org["top"].pk)
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    assert hr.get(url, HTTP_ACCEPT=browser)["Content-Type"] == "application/json"
    assert hr.get(url, HTTP_ACCEPT="text/html").status_code == 406
