"""/api/v1/vacancies/: every vacancy with the pay range of its role at its site (Art. 5)."""

import datetime

import pytest

from tests.people.factories import SiteFactory, seat
from tests.roles.factories import SalaryBandFactory


@pytest.fixture
def bands(org):
    agent = org["roles"]["agent"]
    day = datetime.date(2026, 1, 1)
    SalaryBandFactory(role=agent, minimum=29000, midpoint=32000, maximum=35000, effective_from=day)
    SalaryBandFactory(
        role=agent,
        currency="PLN",
        location="Poland",
        minimum=60000,
        midpoint=66000,
        maximum=72000,
        effective_from=day,
    )
    return agent


def test_a_vacancy_answers_the_band_of_its_site(client, users, org, bands):
    warsaw = SiteFactory(code="WAW", name="Warsaw", country="PL")
    polish = seat(role=bands, manager=org["team"])
    polish.site = warsaw
    polish.save()
    client.force_login(users["employee"])
    rows = {row["id"]: row for row in client.get("/api/v1/vacancies/").json()["results"]}
    assert rows[org["vacancy"].pk]["pay_range"] == {
        "currency": "EUR",
        "period": "annual",
        "minimum": "29000.00",
        "maximum": "35000.00",
    }
    assert rows[polish.pk]["pay_range"]["currency"] == "PLN"
    assert rows[polish.pk]["title_de"] == "Agent (m/w/d)"
    assert rows[polish.pk]["title_pl"] == "Agent (k/m)"
    assert org["top"].pk not in rows


def test_the_vacancy_list_makes_the_same_queries_for_one_and_eleven(
    client, users, org, bands, django_assert_num_queries
):
    client.force_login(users["employee"])
    client.get("/api/v1/vacancies/")
    with django_assert_num_queries(5) as first:
        client.get("/api/v1/vacancies/")
    for _ in range(10):
        seat(role=bands, manager=org["team"])
    with django_assert_num_queries(len(first.captured_queries)):
        answer = client.get("/api/v1/vacancies/")
    assert answer.json()["count"] == 11


def test_an_unknown_parameter_is_refused(client, users, org):
    client.force_login(users["employee"])
    answer = client.get("/api/v1/vacancies/?salary=1")
    assert answer.status_code == 400
    assert answer.json()["code"] == "unknown_parameter"
