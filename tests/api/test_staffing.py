"""The staffing API: who reads which site's plan, the forecast upload's refusals by row and its
idempotency, the what-if parameters, and the lists' query counts at two sizes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Position
from staffing.models import Forecast, Queue, SiteStaffing
from tests.people.factories import SiteFactory

V1 = "/api/v1/staffing"


def rows(site: str, monday: datetime.date, days: int = 1) -> list[dict]:
    """08:00-16:00, 100 contacts a half hour at AHT 180 s: 14 agents each (80/20)."""
    found = []
    for d in range(days):
        day = monday + datetime.timedelta(days=d)
        for slot in range(16, 32):
            found.append(
                {
                    "site": site,
                    "queue": "SERVICE",
                    "interval_start": f"{day} {slot // 2:02d}:{30 * (slot % 2):02d}",
                    "interval_length": "30",
                    "offered": "100",
                    "aht": "180",
                    "acw": "0",
                }
            )
    return found


@pytest.fixture
def planned(org, as_user):
    Position.objects.update(site=org["site"])
    Queue.objects.create(
        code="SERVICE", name="Service", role=org["roles"]["agent"], max_occupancy=Decimal(100)
    )
    SiteStaffing.objects.create(site=org["site"], team_leader_role=org["roles"]["lead"])
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    answer = as_user("hr").post(
        f"{V1}/forecasts/", {"rows": rows(org["site"].code, monday)}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    return org | {"monday": monday}


def test_hr_uploads_a_forecast_and_reads_the_gap(planned, as_user):
    gap = as_user("hr").get(f"{V1}/gap/").json()
    agents = gap["needs"][0]
    # 14 agents x 8 hours = 112 hours / (40 h x (1 - 23 % default shrinkage)) = 3.6 FTE
    assert (agents["seat_type"], agents["seats"], agents["have_seats"]) == ("agent", 4, 3)
    assert agents["gap"] == 1 and agents["queues"][0]["fte"] == agents["fte"] == 3.64


def test_a_forecast_with_bad_rows_is_422_with_the_rows_and_nothing_is_stored(planned, as_user):
    bad = rows("NOWHERE", planned["monday"])[:2]
    bad[1]["aht"] = "0"
    answer = as_user("hr").post(f"{V1}/forecasts/", {"rows": bad}, format="json")
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "forecast_has_problems" and body["forecast"] is None
    assert {(p["row"], p["column"]) for p in body["problems"]} == {
        (2, "site"),
        (3, "site"),
        (3, "aht"),
    }
    assert Forecast.objects.count() == 1


def test_a_retried_upload_with_its_idempotency_key_stores_one_forecast(planned, as_user):
    hanna = as_user("hr")
    body = {"rows": rows(planned["site"].code, planned["monday"] + datetime.timedelta(weeks=1))}
    first = hanna.post(f"{V1}/forecasts/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = hanna.post(f"{V1}/forecasts/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Forecast.objects.count() == 2


def test_employees_see_no_plan_and_managers_only_their_site(planned, as_user, users):
    employee = as_user("employee")
    for path in ("gap/", "waves/", "requirement/", "forecasts/", "queues/", "sites/"):
        assert employee.get(f"{V1}/{path}").status_code == 403
    mia = as_user("manager")
    assert mia.get(f"{V1}/gap/").status_code == 403  # no seat: no site
    lena = planned["team"].holder
    lena.user = users["manager"]
    lena.save()
    other = SiteFactory(code="OTH")
    assert mia.get(f"{V1}/gap/?site={other.pk}").status_code == 403
    assert {n["site"] for n in mia.get(f"{V1}/gap/").json()["needs"]} == {planned["site"].pk}
    assert mia.get(f"{V1}/sites/").json()["count"] == 1
    upload = mia.post(f"{V1}/forecasts/", {"rows": rows("OTH", planned["monday"])}, format="json")
    assert upload.status_code == 403
    assert (
        mia.patch(
            f"{V1}/sites/{SiteStaffing.objects.get().pk}/", {"team_leader_span": 9}, format="json"
        ).status_code
        == 403
    )


def test_a_what_if_changes_the_answer_and_bad_parameters_are_refused(planned, as_user):
    hanna = as_user("hr")
    usual = hanna.get(f"{V1}/gap/").json()["needs"][0]["fte"]
    tighter = hanna.get(f"{V1}/gap/?level=95&shrinkage=40").json()["needs"][0]["fte"]
    assert tighter > usual
    unknown = hanna.get(f"{V1}/gap/?levle=95")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["code"] == "unknown_parameter"
    assert hanna.get(f"{V1}/gap/?level=100").status_code == 400


def test_hr_changes_a_sites_parameters_within_their_rules(planned, as_user):
    hanna = as_user("hr")
    row = SiteStaffing.objects.get()
    assert (
        hanna.patch(f"{V1}/sites/{row.pk}/", {"team_leader_span": 18}, format="json").json()[
            "team_leader_span"
        ]
        == 18
    )
    refused = hanna.patch(
        f"{V1}/sites/{row.pk}/", {"holidays": "50", "sickness": "50"}, format="json"
    )
    assert refused.status_code == 400
    row.refresh_from_db()
    assert row.holidays == Decimal("10.00")


def test_the_lists_and_the_plan_cost_the_same_queries_at_two_sizes(planned, as_user):
    hanna = as_user("hr")
    paths = ("forecasts/", "queues/", "sites/", "gap/", "waves/", "requirement/")

    def counts() -> list[int]:
        found = []
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert hanna.get(f"{V1}/{path}").status_code == 200
            found.append(len(queries))
        return found

    small = counts()
    for n in range(3):
        site = SiteFactory(code=f"S{n}")
        SiteStaffing.objects.create(site=site)
        Queue.objects.create(code=f"Q{n}", name=f"Q{n}", role=planned["roles"]["agent"])
    more = rows(planned["site"].code, planned["monday"], days=5) + rows("S1", planned["monday"])
    assert hanna.post(f"{V1}/forecasts/", {"rows": more}, format="json").status_code == 201
    assert counts() == small
