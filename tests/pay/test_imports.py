"""The pay import: the page, the command and the API read the same way, all or nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from integrations.models import Event
from pay.models import PayProfile, PayRecord
from tests.people.factories import PersonFactory

GOOD = (
    "employee_id;year;basic;bonus;commission;allowances;currency;fte;sex\n"
    "P1;2026;41.600,00;1000,00;0;;EUR;1;w\n"
    "P2;2026;20800;;500;300;EUR;0,5;male\n"
)
BAD = (
    "employee_id,year,basic,currency,weekly_hours,sex\n"
    "P1,2026,41600,EUR,40,female\n"
    "NOBODY,2026,41600,EUR,40,female\n"
    "P2,20x6,-5,EURO,0,robot\n"
    "P1,2026,1,EUR,40,female\n"
)


@pytest.fixture
def people(db):
    return [PersonFactory(employee_id="P1"), PersonFactory(employee_id="P2")]


def test_a_good_file_writes_pay_and_sex_with_history_and_no_change_events(people):
    from pay import imports

    events = Event.objects.count()
    result = imports.import_pay(GOOD.encode("cp1252"))
    assert result.errors == [] and result.written == 2
    first = PayRecord.objects.get(person=people[0])
    assert (first.basic, first.bonus, first.weekly_hours) == (Decimal(41600), 1000, 40)
    second = PayRecord.objects.get(person=people[1])
    assert (second.weekly_hours, second.variable) == (Decimal(20), Decimal(800))
    assert PayProfile.objects.get(person=people[0]).sex == "female"
    assert first.history.count() == 1
    # Pay is never in the change feed or a webhook, not even as a dataless event
    assert Event.objects.count() == events


def test_a_bad_file_names_every_bad_row_and_writes_nothing(people):
    from pay import imports

    result = imports.import_pay(BAD.encode())
    messages = [f"{row}: {text}" for row, text in result.errors]
    assert "3: no person has employee ID “NOBODY”" in messages
    assert "4: the year must be from 2000 to 2100" in messages
    assert "4: “-5” is not an amount for basic" in messages
    assert "4: “EURO” is not a currency code such as EUR" in messages
    assert "4: contractual hours must be more than 0 and at most 80 a week" in messages
    assert "4: sex is female, male, other or empty, not “robot”" in messages
    assert "5: the same person and year as row 2" in messages
    assert not PayRecord.objects.exists() and not PayProfile.objects.exists()


def test_a_file_without_the_needed_columns_is_refused(people):
    from pay import imports

    result = imports.import_pay(b"employee_id,salary\nP1,3\n")
    assert (1, "The file has no “currency” column.") in result.errors
    assert (1, "The file needs a “weekly_hours” or an “fte” column.") in result.errors


def test_the_command_imports_and_refuses_alike(people, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="problems; nothing was written"):
        call_command("import_pay", str(bad))
    assert not PayRecord.objects.exists()
    call_command("import_pay", str(good), "--dry-run")
    assert not PayRecord.objects.exists()
    call_command("import_pay", str(good))
    assert PayRecord.objects.count() == 2


def test_the_page_imports_for_hr(client, users, people):
    client.force_login(users["hr"])
    upload = SimpleUploadedFile("pay.csv", BAD.encode())
    response = client.post("/pay/import/", {"file": upload})
    assert response.status_code == 400
    assert "nothing was written" in response.content.decode()
    upload = SimpleUploadedFile("pay.csv", GOOD.encode())
    assert client.post("/pay/import/", {"file": upload}).status_code == 200
    assert PayRecord.objects.count() == 2


def test_the_api_imports_for_hr_only(client, users, people):
    client.force_login(users["employee"])
    url = "/api/v1/pay/imports/"
    upload = SimpleUploadedFile("pay.csv", GOOD.encode())
    assert client.post(url, {"file": upload}, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 403
    client.force_login(users["hr"])
    upload = SimpleUploadedFile("pay.csv", BAD.encode())
    refused = client.post(url, {"file": upload}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "import_has_problems"
    assert {"row": 3, "message": "no person has employee ID “NOBODY”"} in refused.json()["problems"]
    upload = SimpleUploadedFile("pay.csv", GOOD.encode())
    answer = client.post(url, {"file": upload}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert answer.status_code == 200 and answer.json()["written"] == 2


def test_the_api_takes_rows_as_json_too(client, users, people):
    client.force_login(users["hr"])
    rows = [
        {"employee_id": "P1", "basic": "41600", "currency": "EUR", "weekly_hours": "40"},
        {"employee_id": "P2", "basic": "x", "currency": "EUR", "weekly_hours": "40"},
    ]
    url = "/api/v1/pay/imports/"
    refused = client.post(
        url,
        {"rows": rows, "year": 2026},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="j-1",
    )
    assert refused.status_code == 422
    assert refused.json()["problems"] == [{"row": 3, "message": "“x” is not an amount for basic"}]
    rows[1]["basic"] = "20800"
    answer = client.post(
        url,
        {"rows": rows, "year": 2026},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="j-2",
    )
    assert answer.json()["written"] == 2
    neither = client.post(url, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="j-3")
    assert neither.status_code == 400
