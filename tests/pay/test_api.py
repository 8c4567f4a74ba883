"""/api/v1/vacancies/: every vacancy with the pay range of its role at its site (Art. 5)."""

import datetime
from decimal import Decimal

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


@pytest.fixture
def pay(org):
    from tests.pay.factories import paid
    from tests.people.factories import PersonFactory

    return [
        paid(PersonFactory(employee_id=f"P-{i}"), sex, basic=Decimal(40000 + i))
        for i, sex in enumerate(("female", "male"))
    ]


def test_hr_reads_pay_records_and_sex_by_year_and_person(client, users, pay):
    client.force_login(users["hr"])
    pay[0].__class__.objects.create(
        person=pay[0].person, year=2025, currency="EUR", basic=1, weekly_hours=40
    )
    records = client.get(f"/api/v1/pay/records/?year=2026&person={pay[0].person_id}").json()
    profiles = client.get("/api/v1/pay/profiles/?sex=male").json()

    assert records["results"] == [
        {
            "id": pay[0].pk,
            "person": pay[0].person_id,
            "employee_id": "P-0",
            "year": 2026,
            "currency": "EUR",
            "basic": "40000.00",
            "bonus": "0.00",
            "commission": "0.00",
            "allowances": "0.00",
            "weekly_hours": "40.00",
        }
    ]
    assert profiles["results"] == [
        {"person": pay[1].person_id, "employee_id": "P-1", "sex": "male"}
    ]


@pytest.mark.parametrize("username", ["employee", "manager", "outsider", "hradmin"])
def test_nobody_but_hr_reads_pay_from_the_api(client, users, pay, username):
    client.force_login(users[username])
    expected = 200 if username == "hradmin" else 403
    for url in ("/api/v1/pay/records/", "/api/v1/pay/profiles/"):
        answer = client.get(url)
        assert answer.status_code == expected, url
        assert ("P-0" in answer.content.decode()) == (expected == 200)
    client.logout()
    assert client.get("/api/v1/pay/records/").status_code == 401


def test_a_year_that_is_no_year_is_refused(client, users, pay):
    client.force_login(users["hr"])
    for year in ("1900", "20260", "twenty", "9" * 30):
        answer = client.get(f"/api/v1/pay/records/?year={year}")
        assert answer.status_code == 400, year
        assert answer.json()["code"] == "invalid_filter"


def test_the_pay_records_make_the_same_queries_for_two_and_twelve(
    client, users, pay, django_assert_num_queries
):
    from tests.pay.factories import PayRecordFactory

    client.force_login(users["hr"])
    client.get("/api/v1/pay/records/")
    with django_assert_num_queries(5) as first:
        client.get("/api/v1/pay/records/")
    PayRecordFactory.create_batch(10)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/api/v1/pay/records/").json()["count"] == 12
