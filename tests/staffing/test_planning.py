"""Forecast import refusals, the seat maths of a site computed by hand, waves, access to
/planning/, and its query count at two sizes."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from staffing import plan
from staffing.models import Forecast, ForecastDay, Queue, unpack
from staffing.services import forecast_import
from tests.people.factories import SiteFactory

from .forecasts import HEADER, monday_in, week_file


def test_a_week_of_demand_becomes_seats_as_computed_by_hand(staffed):
    monday = monday_in(10)
    reading, forecast = forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday).encode(), name="hand"
    )
    assert not reading.errors and forecast.intervals == 5 * 16
    # 10 Erlangs at 80/20 need 14 agents (the Call Centre Helper example) in each of 80 half
    # hours: 560 agent hours; shrinkage 20 % at 40 h: 560 / 32 = 17.5 FTE → 18 agent seats;
    # 18 agents / 15 a team leader → 2 team-leader seats; 18 / 40 → 1 quality checker.
    figures = plan.build(sites=[staffed["site"]])
    agents, lead = figures.needs[0], figures.needs[1]
    assert (agents.kind, agents.fte, agents.seats) == ("agent", 17.5, 18)
    assert (agents.have_seats, agents.have_people, agents.gap, agents.to_hire) == (3, 2, 15, 16)
    assert (lead.kind, lead.seats, lead.have_seats, lead.gap) == ("team_leader", 2, 1, 1)
    assert figures.needs[2].seats == 1  # a quality checker (no role set: nothing to compare)
    # no attrition: a class of 18 - 2 = 16 starts 2 + 2 weeks before the week it is needed
    (wave,) = [w for w in figures.waves if w.kind == "agent"]
    assert (wave.size, wave.productive, wave.late) == (16, monday, False)
    assert wave.start == monday - datetime.timedelta(weeks=4)
    assert wave.first_day == monday - datetime.timedelta(weeks=2)


def test_a_what_if_recomputes_without_saving(staffed):
    forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday_in(10)).encode(), name="hand"
    )
    stored = ForecastDay.objects.values_list("agents", flat=True).first()
    tighter = plan.build(sites=[staffed["site"]], what_if=plan.WhatIf(level=0.95, span=10))
    # 95/20 at 10 Erlangs needs 16 agents: 16 x 40 h / 32 = 20 FTE; 20 / 10 → 2 team leaders
    assert tighter.needs[0].seats == 20
    assert tighter.needs[1].seats == 2
    assert ForecastDay.objects.values_list("agents", flat=True).first() == stored


def test_every_bad_row_is_reported_and_nothing_is_stored(staffed):
    code = staffed["site"].code
    bad = HEADER + (
        f"{code};SERVICE;2026-12-07 08:00;30;100;180;0\n"
        f"Atlantis;SERVICE;2026-12-07 08:30;30;100;180;0\n"  # 3: unknown site
        f"{code};NOPE;2026-12-07 08:30;30;100;180;0\n"  # 4: unknown queue
        f"{code};SERVICE;2026-12-07 08:30;30;-5;180;0\n"  # 5: negative volume
        f"{code};SERVICE;2026-12-07 08:30;30;;180;0\n"  # 6: missing volume
        f"{code};SERVICE;2026-12-07 08:30;30;10;0;0\n"  # 7: AHT 0
        f"{code};SERVICE;next monday;30;10;180;0\n"  # 8: not a time
        f"{code};SERVICE;2026-12-07 08:30;30;10;180;0\n"
        f"{code};SERVICE;2026-12-07 08:30;30;10;180;0\n"  # 10: overlaps row 9
        f"{code};SERVICE;2026-12-07 10:00;30;10;180;0\n"  # 11: a gap after row 9
    )
    reading, forecast = forecast_import(data=bad.encode(), name="bad")
    assert forecast is None and Forecast.objects.count() == 0
    found = {(e.row, e.column): e.message for e in reading.errors}
    assert found == {
        (3, "site"): "Unknown site Atlantis.",
        (4, "queue"): "Unknown queue NOPE.",
        (5, "offered"): "Offered contacts must be a number, 0 or more.",
        (6, "offered"): "Offered contacts must be a number, 0 or more.",
        (7, "aht"): "The average handle time must be more than 0 seconds.",
        (8, "start"): "Interval start next monday is not a date and time such as 2026-12-01 08:30.",
        (10, "start"): "This interval overlaps the one in row 9.",
        (11, "start"): "Intervals are missing between row 9 and this row (a gap); give 0 "
        "contacts for closed hours.",
    }


def test_a_file_without_the_needed_columns_is_refused(staffed):
    reading, _forecast = forecast_import(data=b"site,queue\nX,Y\n", name="x")
    assert "Missing columns: start, offered, aht." in reading.errors[0].message


def test_the_command_imports_all_or_nothing(staffed, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(week_file(staffed["site"].code, "SERVICE", monday_in(1), days=1))
    call_command("import_forecast", str(good), "--dry-run")
    assert Forecast.objects.count() == 0
    call_command("import_forecast", str(good))
    assert ForecastDay.objects.get().peak_agents == 14
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Nowhere;SERVICE;2026-12-07 08:00;30;1;180;0\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_forecast", str(bad))
    assert "row 2, site: Unknown site Nowhere." in capsys.readouterr().err
    assert Forecast.objects.count() == 1


def test_an_xlsx_forecast_is_read_like_a_csv(staffed):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for line in week_file(staffed["site"].code, "SERVICE", monday_in(1), days=1).splitlines():
        book.active.append(line.split(";"))
    data = io.BytesIO()
    book.save(data)
    reading, forecast = forecast_import(data=data.getvalue(), name="x")
    assert not reading.errors and forecast.intervals == 16


def test_the_planning_page_is_for_hr_and_the_managers_own_site(staffed, client, users):
    forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday_in(1)).encode(), name="hand"
    )
    other = SiteFactory(code="OTH", name="Othersite")
    client.force_login(users["employee"])
    assert client.get("/planning/").status_code == 403
    client.force_login(users["manager"])  # in the group, but holds no seat
    assert client.get("/planning/").status_code == 403
    lena = staffed["team"].holder
    lena.user = users["manager"]
    lena.save()
    page = client.get("/planning/")
    assert page.status_code == 200
    assert [s.pk for s in page.context["plan"].sites] == [staffed["site"].pk]
    assert client.get(f"/planning/?site={other.pk}").context["site"] == staffed["site"]
    assert client.get("/planning/import/").status_code == 403
    client.force_login(users["hr"])
    page = client.get("/planning/?site=")  # "All sites"; without a choice, the first site
    assert {s.code for s in page.context["plan"].sites} == {staffed["site"].code, "OTH"}
    assert b"<svg" in page.content and "Hiring waves" in page.content.decode()


def test_hr_imports_a_forecast_on_the_page(staffed, client, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["hr"])
    bad = SimpleUploadedFile("f.csv", (HEADER + "X;SERVICE;2026-12-07 08:00;30;1;180;0\n").encode())
    page = client.post("/planning/import/", {"file": bad})
    assert "row 2, site: Unknown site X." in page.content.decode()
    good = week_file(staffed["site"].code, "SERVICE", monday_in(1), days=1).encode()
    client.post("/planning/import/", {"file": SimpleUploadedFile("f.csv", good)})
    assert Forecast.objects.get().created_by == users["hr"]


def test_the_planning_page_costs_the_same_queries_for_a_small_and_a_larger_plan(
    staffed, client, users
):
    client.force_login(users["hr"])
    forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday_in(1), days=1).encode(), name="small"
    )
    with CaptureQueriesContext(connection) as small:
        assert client.get("/planning/").status_code == 200
    with CaptureQueriesContext(connection) as small_all:
        assert client.get("/planning/?site=").status_code == 200
    SiteFactory(code="TWO", name="Second")
    Queue.objects.create(
        code="CHAT", name="Chat", role=staffed["roles"]["agent"], channel="chat", concurrency=2
    )
    text = week_file(staffed["site"].code, "SERVICE", monday_in(1), days=5)
    text += week_file("TWO", "CHAT", monday_in(1), days=5).removeprefix(HEADER)
    text += week_file("TWO", "SERVICE", monday_in(2), days=5).removeprefix(HEADER)
    forecast_import(data=text.encode(), name="larger")
    with CaptureQueriesContext(connection) as larger:
        assert client.get("/planning/").status_code == 200
    with CaptureQueriesContext(connection) as larger_all:
        every_site = client.get("/planning/?site=")
    assert len(larger) == len(small)
    assert len(larger_all) == len(small_all)
    assert {s.code for s in every_site.context["plan"].sites} == {staffed["site"].code, "TWO"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Zeile 2, site: Unbekannter Standort X."),
        ("pl", "wiersz 2, site: Nieznana lokalizacja X."),
    ],
)
def test_row_messages_come_in_german_and_polish(staffed, client, users, language, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["hr"])
    bad = SimpleUploadedFile("f.csv", (HEADER + "X;SERVICE;2026-12-07 08:00;30;1;180;0\n").encode())
    page = client.post("/planning/import/", {"file": bad}, HTTP_ACCEPT_LANGUAGE=language)
    assert message in page.content.decode()


def test_a_demand_typed_in_is_computed_and_not_stored(staffed, client, users):
    client.force_login(users["hr"])
    site, queue = staffed["site"].pk, staffed["queue"].pk
    page = client.get(
        f"/planning/?quick=1&site={site}&queue={queue}&contacts=100&aht=180&acw=0&hours=8&days=5"
    )
    # 14 agents (the worked example) x 8 h x 5 days = 560 h / 32 h = 17.5 FTE → 18 seats
    assert page.context["quick"]["result"] == {
        "agents": 14,
        "hours": 560,
        "fte": 17.5,
        "seats": 18,
        "shrinkage": 0.2,
    }
    assert Forecast.objects.count() == 0
    refused = client.get(f"/planning/?quick=1&site={site}&queue={queue}&contacts=-1&aht=0")
    assert refused.context["quick"]["form"].errors.keys() >= {"contacts", "aht"}


def day_file(code: str, day: str, starts: list[str], offered: str = "10") -> str:
    return HEADER + "".join(f"{code};SERVICE;{day} {s};30;{offered};180;0\n" for s in starts)


def test_the_hours_summer_time_skips_and_repeats_are_no_gap_and_no_overlap(staffed):
    code = staffed["site"].code
    # 28 March 2027: 01:30 is followed by 03:00 (the clocks go forward)
    spring = day_file(code, "2027-03-28", ["01:00", "01:30", "03:00", "03:30"])
    reading, forecast = forecast_import(data=spring.encode(), name="spring")
    assert not reading.errors and forecast.intervals == 4
    # 25 October 2026: 02:00 and 02:30 come twice (the clocks go back); their contacts add up
    autumn = day_file(code, "2026-10-25", ["01:30", "02:00", "02:30", "02:00", "02:30", "03:00"])
    reading, forecast = forecast_import(data=autumn.encode(), name="autumn")
    assert not reading.errors
    day = ForecastDay.objects.get(forecast=forecast)
    assert list(unpack(day.offered)[3:7]) == [10, 20, 20, 10]
    # on any other day the same rows are a gap and an overlap
    other = day_file(code, "2026-10-18", ["01:30", "02:00", "02:30", "02:00"])
    assert [e.message for e in forecast_import(data=other.encode(), name="x")[0].errors] == [
        "This interval overlaps the one in row 3."  # row 5's 02:00 overlaps row 3's
    ]
    other = day_file(code, "2027-03-21", ["01:00", "01:30", "03:00"])
    assert forecast_import(data=other.encode(), name="x")[0].errors[0].row == 4
