"""A NUL character in any query string is a 400 before it reaches SQL (issue 12, point 11):
PostgreSQL refuses text holding NUL, so `/search/?q=ab%00cd` was a 500 there. Walks every page
with a query string, every GET operation of the API schema with each of its query parameters,
and the admin's search boxes."""

import pytest
from django.contrib import admin
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

PAGES = ["/search/?q=ab%00cd", "/search/results/?q=ab%00cd", "/org/?as_of=2020%0001-01", "/?x=%00"]


def _api_queries() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    queries = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] == "query":
                queries.append(f"{path}?{parameter['name']}=ab%00cd")
    return queries


@pytest.mark.parametrize("url", PAGES)
def test_a_nul_in_a_page_query_is_a_400(admin_user_client, url):
    response = admin_user_client.get(url)

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("url", _api_queries())
def test_a_nul_in_an_api_query_parameter_is_a_json_400(admin_user_client, url):
    response = admin_user_client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "model", [m._meta.label_lower for m, a in admin.site._registry.items() if a.search_fields]
)
def test_a_nul_in_an_admin_search_is_a_400(admin_user_client, model):
    app, name = model.split(".")

    response = admin_user_client.get(reverse(f"admin:{app}_{name}_changelist"), {"q": "ab\x00cd"})

    assert response.status_code == 400


def test_the_search_page_without_a_nul_still_answers(admin_user_client):
    assert admin_user_client.get("/search/?q=abcd").status_code == 200
