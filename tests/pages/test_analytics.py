"""The structure analytics (/org/analytics/), their CSV tables and the lists of vacancies and spans,
checked against a hand-built org whose every figure is known."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people import analytics
from people.models import Position
from roles.models import Track
from tests.people.factories import PersonFactory, seat
from tests.roles.factories import RoleFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 1)


def person(first: str, salary=None, currency="", **kwargs):
    return PersonFactory(first_name=first, salary=salary, salary_currency=currency, **kwargs)


@pytest.fixture
def hand_org() -> dict:
    """CCO → VP → Head → two team leaders (norm 3-4): Lena with four agents and a vacancy (over),
    Bruno with one agent (under the norm, and a single report). Eleven seats, one vacant."""
    cco = RoleFactory(title="CCO", slug="cco", track=Track.EXECUTIVE, career_level=12)
    vp = RoleFactory(title="VP", slug="vp", parent=cco, track=Track.EXECUTIVE, career_level=11)
    head = RoleFactory(title="Head", slug="head", parent=vp, track=Track.LEADERSHIP)
    lead = RoleFactory(
        title="Team Leader",
        slug="lead",
        parent=head,
        track=Track.LEADERSHIP,
        span_min=3,
        span_max=4,
    )
    agent = RoleFactory(title="Agent", slug="agent", parent=lead)
    top = seat(role=cco, holder=person("Clara"))
    vp_seat = seat(role=vp, manager=top, holder=person("Vera"))
    head_seat = seat(role=head, manager=vp_seat, holder=person("Henrik"))
    lena = seat(role=lead, manager=head_seat, holder=person("Lena", 50000, "EUR"))
    bruno = seat(role=lead, manager=head_seat, holder=person("Bruno", 48000, "PLN"))
    starts = [(2025, 1, 1), (2025, 7, 1), (2025, 10, 1), (2025, 12, 1)]
    agents = [
        seat(
            role=agent,
            manager=lena,
            holder=person(f"Agent{i}", 30000, "EUR"),
            started_on=datetime.date(*day),
        )
        for i, day in enumerate(starts)
    ]
    vacancy = seat(role=agent, manager=lena)
    lone = seat(
        role=agent, manager=bruno, holder=person("Solo"), started_on=datetime.date(2024, 1, 1)
    )
    return {
        "top": top,
        "vp": vp_seat,
        "head": head_seat,
        "lena": lena,
        "bruno": bruno,
        "agents": agents,
        "vacancy": vacancy,
        "lone": lone,
        "roles": {"agent": agent, "lead": lead},
    }


# ---------------------------------------------------------------- the figures


def test_spans_are_flagged_against_each_roles_norm(hand_org):
    figures = analytics.structure(today=TODAY)
    flags = {s.seat_id: (s.direct, s.norm, s.single) for s in figures.spans}
    assert flags == {
        hand_org["top"].pk: (1, "", False),  # a CCO with one VP is usual
        hand_org["vp"].pk: (1, "", False),
        hand_org["head"].pk: (2, "", False),  # no norm of its own: at most 30
        hand_org["lena"].pk: (5, "over", False),  # the vacancy counts as a report
        hand_org["bruno"].pk: (1, "under", True),
    }


def test_the_span_lists_in_sql_agree_with_the_figures(hand_org):
    assert set(Position.objects.over_span()) == {hand_org["lena"]}
    assert set(Position.objects.under_span()) == {hand_org["bruno"]}
    assert set(Position.objects.single_report()) == {hand_org["bruno"]}
    assert set(Position.objects.out_of_norm()) == {hand_org["lena"], hand_org["bruno"]}


def test_a_head_with_a_single_report_is_flagged_below_the_executive_levels(hand_org):
    extra = seat(role=hand_org["roles"]["lead"], manager=hand_org["vp"])
    seat(role=hand_org["roles"]["agent"], manager=extra)
    figures = analytics.structure(today=TODAY)
    assert [s.seat_id for s in figures.single_report] == [hand_org["bruno"].pk, extra.pk]


def test_layers_count_seats_people_vacancies_and_managers_from_the_top(hand_org):
    figures = analytics.structure(today=TODAY)
    layers = [(r.level, r.seats, r.people, r.vacant, r.managers) for r in figures.layers]
    assert layers == [
        (1, 1, 1, 0, 1),
        (2, 1, 1, 0, 1),
        (3, 1, 1, 0, 1),
        (4, 2, 2, 0, 2),
        (5, 6, 5, 1, 0),
    ]


def test_the_vacancy_rate_is_vacant_seats_over_all_seats(hand_org):
    figures = analytics.structure(today=TODAY)
    assert (figures.seats, figures.vacant, figures.vacancy_pct) == (11, 1, 9.1)


def test_branches_are_the_reports_of_the_first_seat_with_more_than_one(hand_org):
    figures = analytics.structure(today=TODAY)
    assert figures.branches_under == hand_org["head"].pk
    branches = {
        b.seat_id: (b.seats, b.people, b.vacant, b.cost, b.unpaid) for b in figures.branches
    }
    assert branches == {
        hand_org["lena"].pk: (6, 5, 1, {"EUR": Decimal("170000")}, 0),
        hand_org["bruno"].pk: (2, 2, 0, {"PLN": Decimal("48000")}, 1),
    }


def test_branches_under_another_seat_are_its_reports(hand_org):
    figures = analytics.structure(branches_under=hand_org["lena"].pk, today=TODAY)
    assert [b.seat_id for b in figures.branches] == [a.pk for a in hand_org["agents"]] + [
        hand_org["vacancy"].pk
    ]
    with pytest.raises(LookupError):
        analytics.structure(branches_under=987654, today=TODAY)


def test_time_in_role_is_the_median_and_mean_months_since_taking_the_seat(hand_org):
    figures = analytics.structure(today=TODAY)
    agents = next(t for t in figures.tenure if t.role == hand_org["roles"]["agent"])
    # days 365, 184, 92, 31 and 731: median 184, mean 280.6; 30.44 days a month
    assert (agents.people, agents.median_months, agents.mean_months) == (
        5,
        Decimal("6.0"),
        Decimal("9.2"),
    )


# ---------------------------------------------------------------- the pages


def test_hr_sees_the_figures_with_charts_and_links_into_the_chart(client, users, hand_org):
    client.force_login(users["hr"])
    response = client.get("/org/analytics/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<svg class="bars"') == 6
    assert f'href="/org/{hand_org["lena"].pk}/"' in body
    assert "170,000" in body and "48,000" in body  # salary cost per branch
    assert "over the norm" in body and "under the norm" in body


@pytest.mark.parametrize(
    "url",
    ["/org/analytics/", "/org/analytics/export.csv?table=spans", "/org/book/"],
)
@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_the_analytics_and_the_book_are_closed_to_all_but_hr(client, users, hand_org, url, who):
    client.force_login(users[who])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", ["hr", "hradmin"])
def test_hr_and_hr_admins_open_the_analytics(client, users, hand_org, who):
    client.force_login(users[who])
    assert client.get("/org/analytics/").status_code == 200


@pytest.mark.parametrize("url", ["/org/vacancies/", "/org/spans/", "/org/spans/?flag=single"])
def test_the_lists_are_open_to_everyone_signed_in(client, users, hand_org, url):
    client.force_login(users["employee"])
    assert client.get(url).status_code == 200


def test_the_vacancy_list_names_each_vacant_seat_and_its_manager(client, users, hand_org):
    client.force_login(users["employee"])
    body = client.get("/org/vacancies/").content.decode()
    assert f"#{hand_org['vacancy'].pk}" in body
    assert "1 vacant seat of 11" in body
    assert hand_org["lena"].holder.full_name in body


def test_the_span_lists_show_who_is_over_under_or_alone(client, users, hand_org):
    client.force_login(users["employee"])
    lena, bruno = hand_org["lena"].holder.full_name, hand_org["bruno"].holder.full_name
    over = client.get("/org/spans/?flag=over").content.decode()
    single = client.get("/org/spans/?flag=single").content.decode()
    both = client.get("/org/spans/").content.decode()
    assert lena in over and bruno not in over
    assert bruno in single and lena not in single
    assert lena in both and bruno in both and "3–4" in both


def test_an_unknown_span_list_is_refused_with_a_message(client, users, hand_org):
    client.force_login(users["employee"])
    response = client.get("/org/spans/?flag=bogus")
    assert response.status_code == 400
    assert "Unknown list “bogus”" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("under=abc", "“abc” is not a seat number"),
        ("under=987654", "There is no seat 987654"),
        ("spans_sort=salary", "Unknown sort order “salary”"),
    ],
)
def test_bad_parameters_get_a_message_and_the_default_figures(
    client, users, hand_org, query, message
):
    client.force_login(users["hr"])
    response = client.get(f"/org/analytics/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_tables_sort_on_the_server_by_a_query_parameter(client, users, hand_org):
    client.force_login(users["hr"])
    ordered = client.get("/org/analytics/?spans_sort=name").context["shown_spans"]
    assert [s.name for s in ordered] == sorted(s.name for s in ordered)
    reverse = client.get("/org/analytics/?spans_sort=-direct").context["shown_spans"]
    assert [s.direct for s in reverse] == [5, 2, 1, 1, 1]


def test_the_csv_of_a_table_has_every_row_and_no_formula(client, users, hand_org):
    hand_org["bruno"].holder.first_name = "=HYPERLINK(1)"
    hand_org["bruno"].holder.save()
    client.force_login(users["hr"])
    response = client.get("/org/analytics/export.csv?table=spans&spans_sort=-direct")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["name", "role", "direct", "norm", "flag", "seat"]
    assert rows[1][:5] == [
        hand_org["lena"].holder.full_name,
        "Team Leader",
        "5",
        "3–4",
        "over the norm",
    ]
    bruno = next(r for r in rows if r[5] == str(hand_org["bruno"].pk))
    assert bruno[0].startswith("'=HYPERLINK")
    assert bruno[4] == "under the norm, single report"
    assert len(rows) == 6


def test_the_branches_csv_has_a_cost_column_per_currency(client, users, hand_org):
    client.force_login(users["hr"])
    response = client.get("/org/analytics/export.csv?table=branches")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["seats"], r["people"], r["rate"], r["cost_EUR"], r["cost_PLN"]) for r in rows] == [
        ("6", "5", "16.7", "170000.00", ""),
        ("2", "2", "0.0", "", "48000.00"),
    ]


def test_an_unknown_csv_table_is_refused(client, users, hand_org):
    client.force_login(users["hr"])
    response = client.get("/org/analytics/export.csv?table=salaries")
    assert response.status_code == 400
    assert (
        "Ask for one of the tables: spans, layers, branches, tenure." in response.content.decode()
    )


# ---------------------------------------------------------------- query counts


def grow(hand_org: dict, teams: int) -> None:
    for t in range(teams):
        lead = seat(
            role=hand_org["roles"]["lead"], manager=hand_org["head"], holder=person(f"L{t}")
        )
        seat(role=hand_org["roles"]["lead"], manager=lead)  # a vacancy, and a span under the norm
        for a in range(3):
            seat(
                role=hand_org["roles"]["agent"], manager=lead, holder=person(f"A{t}x{a}", 1, "EUR")
            )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/org/analytics/",
        "/org/analytics/export.csv?table=branches",
        "/org/vacancies/",
        "/org/spans/",
        "/org/spans/?flag=single",
    ],
)
def test_query_counts_do_not_grow_with_the_org(client, users, hand_org, url):
    client.force_login(users["hr"])
    client.get(url)  # the session and the groups are read once
    small = queries(client, url)
    grow(hand_org, 6)
    assert queries(client, url) == small
    assert small <= 8


def test_the_chart_flags_spans_by_the_same_rules(client, users, hand_org):
    client.force_login(users["employee"])
    body = client.get("/org/").content.decode()

    def classes(seat) -> str:
        return re.search(rf'<article class="([^"]*)" id="seat-{seat.pk}"', body).group(1)

    assert "single-report" not in classes(hand_org["top"])  # a CCO with one VP
    assert "single-report" in classes(hand_org["bruno"])
    assert "over-span" in classes(hand_org["lena"])  # 5 reports, her role's norm is 3-4


def test_a_refused_page_says_why_in_the_readers_language_with_the_way_back(client, users, hand_org):
    client.force_login(users["employee"])
    response = client.get("/org/analytics/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Die Strukturanalyse ist für die Personalabteilung." in page
    assert 'href="/org/"' in page


@pytest.mark.parametrize(
    ("language", "one", "wrong"),
    [("en", ">1 report<", ">1 reports<"), ("pl", ">1 podwładny<", ">1 podwładnych<")],
)
def test_the_span_chart_says_one_report_in_the_singular(
    client, users, hand_org, language, one, wrong
):
    client.force_login(users["hr"])
    page = client.get("/org/analytics/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert one in page
    assert wrong not in page


def test_a_long_bar_label_is_drawn_narrower_instead_of_off_the_chart():
    from pages.charts import Bar, bar_chart

    chart = bar_chart(
        [Bar("Vice President Kundenservice", 3, "3"), Bar("Teamleiter", 5, "5")], title="t"
    )
    long, short = chart["bars"]
    assert long.short_label == "Vice President Kundense…" and long.squeezed
    assert not short.squeezed
    assert chart["label_room"] < chart["label_x"]
