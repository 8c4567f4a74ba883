"""The WFM tool's own "agents needed" beside ours: per interval and per week, on the page and in
the API, and the seats from theirs when asked."""

import datetime

import pytest
from rest_framework.test import APIClient

from staffing import plan
from staffing.services import forecast_import

from .forecasts import HEADER, monday_in, week_file

V1 = "/api/v1/staffing"


def with_theirs(text: str, agents: str = "12") -> str:
    """The same file with the WFM tool's column: 12 agents each interval (ours: 14)."""
    lines = text.splitlines()
    return "\n".join([lines[0] + ";agents needed", *(f"{row};{agents}" for row in lines[1:])])


@pytest.fixture
def theirs(staffed):
    monday = monday_in(10)
    text = with_theirs(week_file(staffed["site"].code, "SERVICE", monday))
    reading, _forecast = forecast_import(data=text.encode(), name="calabrio")
    assert not reading.errors
    return staffed | {"monday": monday}


def api(users, who: str = "hr") -> APIClient:
    client = APIClient()
    client.force_login(users[who])
    return client


def test_ours_and_theirs_are_compared_per_week(theirs):
    # ours: 14 agents x 80 half hours = 560 h / 32 h = 17.5 FTE; theirs: 12 → 480 h / 32 = 15
    figures = plan.build(sites=[theirs["site"]])
    key = (theirs["site"].pk, theirs["monday"])
    assert (figures.weekly_ours[key], figures.weekly_theirs[key]) == (17.5, 15.0)
    (week,) = plan.weeks_compared(figures, theirs["site"])
    assert (week.week, week.ours, week.theirs, week.difference) == (theirs["monday"], 17.5, 15, 2.5)
    assert figures.needs[0].seats == 18  # the seats still come from ours


def test_the_seats_come_from_theirs_when_asked(theirs):
    figures = plan.build(sites=[theirs["site"]], what_if=plan.WhatIf(theirs=True))
    agents, leads = figures.needs[0], figures.needs[1]
    assert (agents.fte, agents.seats, agents.gap) == (15.0, 15, 12)  # 3 agent seats now
    assert leads.seats == 1  # 15 agents, 15 a team leader
    assert figures.weekly_fte[(theirs["site"].pk, theirs["monday"])] == 15.0


def test_ours_and_theirs_are_compared_per_interval(theirs):
    figures = plan.build(sites=[theirs["site"]])
    agents = plan.week_agents(figures.forecast, theirs["site"], figures.week, plan.WhatIf(), {})
    compared = plan.intervals_compared(agents, figures.week, 30)
    monday_eight = datetime.datetime.combine(theirs["monday"], datetime.time(8))
    i = compared.starts.index(monday_eight)
    assert (compared.ours[i], compared.theirs[i], compared.difference[i]) == (14, 12, 2)
    assert compared.difference[i - 1] == 0  # closed before 08:00: 0 and 0
    assert (compared.hours(compared.ours), compared.hours(compared.theirs)) == (560, 480)
    assert compared.largest == (monday_eight, 2.0)


def test_a_forecast_without_theirs_refuses_seats_from_theirs(staffed):
    forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday_in(1)).encode(), name="x"
    )
    with pytest.raises(plan.NoWfmAgents):
        plan.build(sites=[staffed["site"]], what_if=plan.WhatIf(theirs=True))
    figures = plan.build(sites=[staffed["site"]])
    assert figures.weekly_theirs == {}
    assert (
        plan.week_agents(figures.forecast, staffed["site"], figures.week, plan.WhatIf(), {}).theirs
        is None
    )


def test_the_page_shows_both_and_switches_the_seats_to_theirs(theirs, client, users):
    client.force_login(users["hr"])
    page = client.get("/planning/")
    assert page.context["compared"]["theirs_hours"] == 480
    assert page.context["compared"]["difference_hours"] == 80
    assert 'class="wfm"' in page.content.decode()
    assert page.context["plan"].needs[0].seats == 18
    switched = client.get("/planning/?agents=wfm")
    assert switched.context["plan"].needs[0].seats == 15
    assert "from the WFM tool" in switched.content.decode()
    refused = client.get("/planning/?agents=wfm&level=90")
    assert "agents" in refused.context["form"].errors
    assert refused.context["plan"].needs[0].seats == 18  # the plan as stored


def test_the_page_says_when_the_forecast_has_no_wfm_figures(staffed, client, users):
    forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday_in(1)).encode(), name="x"
    )
    client.force_login(users["hr"])
    page = client.get("/planning/?agents=wfm")
    assert page.context["form"].errors["agents"] == [
        "This forecast has no agents needed from a WFM tool."
    ]
    assert page.context["compared"] == {}


def test_the_api_gives_ours_theirs_and_the_difference(theirs, users):
    site = theirs["site"].pk
    answer = api(users).get(f"{V1}/requirement/?site={site}").json()
    assert answer["basis"] == "ours"
    assert answer["weeks"] == [
        {
            "site": site,
            "week": str(theirs["monday"]),
            "fte": 17.5,
            "ours_fte": 17.5,
            "wfm_fte": 15.0,
            "difference": 2.5,
        }
    ]
    intervals = answer["intervals"]
    assert len(intervals) == 7 * 48
    assert intervals[16] == {
        "start": f"{theirs['monday']}T08:00",
        "ours": 14.0,
        "wfm": 12.0,
        "difference": 2.0,
    }
    assert api(users).get(f"{V1}/requirement/").json()["intervals"] is None  # no site: no list


def test_the_api_computes_the_gap_from_theirs_and_refuses_what_cannot_be(theirs, users):
    gap = api(users).get(f"{V1}/gap/?agents=wfm").json()
    assert gap["needs"][0]["seats"] == 15
    mixed = api(users).get(f"{V1}/gap/?agents=wfm&level=90")
    assert mixed.status_code == 400 and "agents" in str(mixed.json())
    assert api(users).get(f"{V1}/gap/?agents=theirs").status_code == 400


def test_the_api_refuses_theirs_for_a_forecast_without_them(staffed, users):
    forecast_import(
        data=week_file(staffed["site"].code, "SERVICE", monday_in(1)).encode(), name="x"
    )
    answer = api(users).get(f"{V1}/gap/?agents=wfm")
    assert answer.status_code == 400
    assert "no agents needed from a WFM tool" in str(answer.json())


def test_a_queue_without_theirs_counts_with_ours(theirs):
    from decimal import Decimal

    from staffing.models import Queue

    Queue.objects.create(
        code="BILLING", name="Billing", role=theirs["roles"]["agent"], max_occupancy=Decimal(100)
    )
    text = with_theirs(week_file(theirs["site"].code, "SERVICE", theirs["monday"]))
    text += "\n" + week_file(theirs["site"].code, "BILLING", theirs["monday"]).removeprefix(HEADER)
    # the BILLING rows have no agents-needed cell: theirs is missing for that queue
    text = "\n".join(line if line.count(";") == 7 else line + ";" for line in text.splitlines())
    reading, _forecast = forecast_import(data=text.encode(), name="half")
    assert not reading.errors
    figures = plan.build(sites=[theirs["site"]], what_if=plan.WhatIf(theirs=True))
    # SERVICE from theirs (15 FTE), BILLING from ours (17.5): 32.5 → 33 seats
    assert figures.needs[0].seats == 33
    assert figures.weekly_theirs == {}  # not every queue has theirs: no comparison


def test_the_comparison_costs_the_same_queries_for_a_small_and_a_larger_plan(
    staffed, client, users
):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from staffing.models import Queue
    from tests.people.factories import SiteFactory

    client.force_login(users["hr"])
    site = staffed["site"]
    small = with_theirs(week_file(site.code, "SERVICE", monday_in(1), days=1))
    forecast_import(data=small.encode(), name="small")
    urls = ("/planning/?agents=wfm", f"{V1}/requirement/?site={site.pk}&agents=wfm")
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    SiteFactory(code="TWO", name="Second")
    Queue.objects.create(
        code="BILLING", name="Billing", role=staffed["roles"]["agent"], max_occupancy=Decimal(100)
    )
    text = week_file(site.code, "SERVICE", monday_in(1))
    text += week_file(site.code, "BILLING", monday_in(1)).removeprefix(HEADER)
    text += week_file("TWO", "SERVICE", monday_in(2)).removeprefix(HEADER)
    forecast_import(data=with_theirs(text).encode(), name="larger")
    for url, count in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
        assert answer.status_code == 200
        assert len(queries) == count, url
    assert len(client.get(urls[1]).json()["intervals"]) == 7 * 48
