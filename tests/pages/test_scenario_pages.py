"""Scenarios' pages: the chart as the scenario would make it, marked as a draft; edits, undo and
redo from the chart and the form; who sees a scenario at all."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from people.models import Position
from planning.models import Kind, PlannedChange, Scenario, ScenarioStatus, Status
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import PersonFactory, seat
from tests.planning import conftest as planning

pytestmark = pytest.mark.django_db
ahead = planning.ahead
CHART_QUERIES = 8
PAGE_QUERIES = 32  # the edits, a page of them (3), the sharing form (2)
REPORTS_QUERIES = 7


@pytest.fixture
def scenario(hr_user, ahead) -> Scenario:
    return scenario_create(created_by=hr_user, name="Reorg North", effective_on=ahead)


def chart(client, user, scenario, **query) -> str:
    client.force_login(user)
    answer = client.get(reverse("people:chart"), {"scenario": scenario.pk, **query})
    assert answer.status_code == 200
    return answer.content.decode()


def edit(client, user, scenario, **fields):
    client.force_login(user)
    url = reverse("scenarios:edit", args=[scenario.pk])
    return client.post(url, fields, headers={"X-Requested-With": "fetch"})


def card(html: str, seat_id: int) -> str:
    start = html.index(f'id="seat-{seat_id}"')
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def test_the_scenario_chart_shows_a_moved_team_under_its_new_manager_marked_as_a_draft(
    client, org, scenario, users
):
    other = seat(role=org["roles"]["lead"], manager=org["middle"])
    answer = edit(
        client, users["hr"], scenario, action="team", seat=org["team"].pk, target=other.pk
    )

    html = chart(client, users["hr"], scenario)
    moved = card(html, org["vacancy"].pk)

    assert answer.status_code == 200 and answer.json()["ok"]
    assert "scenario-banner" in html and "Reorg North" in html
    assert f'data-manager="{other.pk}"' in moved and 'data-mark="moved"' in moved
    assert f'data-manager="{other.pk}"' in card(html, org["agents"][0].pk)
    assert Position.objects.get(pk=org["vacancy"].pk).manager_id == org["team"].pk  # live org
    assert set(scenario.changes.drafts().values_list("step", flat=True)) == {1}
    assert scenario.changes.drafts().count() == 3


def test_closing_and_opening_seats_mark_the_cards_and_undo_takes_back_the_last_edit(
    client, org, scenario, users
):
    edit(client, users["hr"], scenario, action="close", seat=org["vacancy"].pk)
    edit(
        client,
        users["hr"],
        scenario,
        action="new",
        seat=org["team"].pk,
        role=org["roles"]["agent"].pk,
        count=2,
    )

    html = chart(client, users["hr"], scenario)
    reports = client.get(
        reverse("people:chart-reports", args=[org["team"].pk]), {"scenario": scenario.pk}
    ).content.decode()

    assert 'data-mark="closed"' in card(html, org["vacancy"].pk)
    assert reports.count('data-mark="new"') == 2
    client.post(reverse("scenarios:undo", args=[scenario.pk]))
    assert list(scenario.changes.drafts().values_list("kind", flat=True)) == [Kind.CLOSE_SEAT]
    client.post(reverse("scenarios:redo", args=[scenario.pk]))
    assert scenario.changes.drafts().count() == 3


def test_a_refused_edit_says_why_and_changes_nothing(client, org, scenario, users):
    under_itself = edit(
        client, users["hr"], scenario, action="move", seat=org["middle"].pk, target=org["team"].pk
    )
    occupied = edit(client, users["hr"], scenario, action="close", seat=org["agents"][0].pk)
    no_number = edit(client, users["hr"], scenario, action="move", seat="x", target="1")

    for answer in (under_itself, occupied, no_number):
        assert answer.status_code == 400
        assert answer.json()["messages"]
    assert not PlannedChange.objects.filter(scenario=scenario).exists()


def test_the_no_js_form_edits_and_comes_back_with_a_message(client, org, scenario, users):
    client.force_login(users["hr"])
    page = reverse("scenarios:detail", args=[scenario.pk])
    answer = client.post(
        reverse("scenarios:edit", args=[scenario.pk]),
        {
            "action": "role",
            "seat": org["vacancy"].pk,
            "role": org["roles"]["lead"].pk,
            "next": page,
        },
        follow=True,
    )

    assert answer.redirect_chain[-1][0] == page
    assert "1 change made." in answer.content.decode()
    assert "becomes Team Leader" in answer.content.decode()
    assert PlannedChange.objects.get(scenario=scenario).status == Status.DRAFT


def test_hr_creates_a_scenario_and_a_day_in_the_past_is_refused(client, org, users, ahead):
    client.force_login(users["hr"])
    made = client.post(reverse("scenarios:new"), {"name": "Q1", "effective_on": ahead.isoformat()})
    past = client.post(reverse("scenarios:new"), {"name": "Old", "effective_on": "2020-01-01"})

    scenario = Scenario.objects.get()
    assert made.url == scenario.get_absolute_url() and scenario.name == "Q1"
    assert past.status_code == 400 and "after today" in past.content.decode()


def test_an_employee_never_sees_a_scenario(client, org, scenario, users):
    client.force_login(users["employee"])
    urls = [
        reverse("scenarios:list"),
        reverse("scenarios:detail", args=[scenario.pk]),
        reverse("people:chart") + f"?scenario={scenario.pk}",
        reverse("people:chart-reports", args=[org["team"].pk]) + f"?scenario={scenario.pk}",
    ]
    assert [client.get(url).status_code for url in urls] == [404] * 4
    assert (
        edit(
            client, users["employee"], scenario, action="close", seat=org["vacancy"].pk
        ).status_code
        == 404
    )
    assert not scenario.changes.exists()


def test_a_manager_sees_only_shared_scenarios_without_salaries_and_cannot_edit(
    client, org, scenario, users, hr_user, ahead
):
    hidden = scenario_create(created_by=hr_user, name="Secret", effective_on=ahead)
    scenario.shared_with.add(users["manager"])
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.SALARY, "person": org["agents"][0].holder, "salary": 41234}],
    )
    client.force_login(users["manager"])

    listed = client.get(reverse("scenarios:list")).content.decode()
    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()

    assert "Reorg North" in listed and "Secret" not in listed
    assert client.get(reverse("scenarios:detail", args=[hidden.pk])).status_code == 404
    assert "salary changes" not in page  # not their report: not even that it changes
    assert "41,234" not in page and "41234" not in page
    assert "scenario-edit" not in page
    refused = edit(client, users["manager"], scenario, action="close", seat=org["vacancy"].pk)
    assert refused.status_code == 403
    assert scenario.changes.count() == 1


def grow(org, extra: int) -> None:
    """`extra` more agents in the team the scenario moves."""
    for _n in range(extra):
        seat(manager=org["team"], role=org["roles"]["agent"], holder=PersonFactory())


@pytest.mark.parametrize("extra", [2, 12])
def test_the_scenario_chart_and_page_make_the_same_queries_at_any_size(
    client, org, scenario, users, hr_user, extra, django_assert_num_queries
):
    grow(org, extra)
    other = seat(role=org["roles"]["lead"], manager=org["middle"])
    team = list(Position.objects.filter(manager=org["team"]))
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": s, "new_manager": other} for s in team],
    )
    client.force_login(users["hr"])
    # The chart (planning/overlay.py): session, user, groups, the scenario (and whether it has
    # an edit to redo); its drafts and the pending changes (ids and values, one query), the live
    # facts (one walk up from the seats they name, the first levels), the seats drawn, the roles
    # of the picker; the changes in words are the page's. The page: its changes in words, undo,
    # redo, the roles, then the impact, problems and conflicts (b17-core's reads of the org,
    # whole and in bulk), the decisions and the scenarios to compare with.
    with django_assert_num_queries(CHART_QUERIES):
        client.get(reverse("people:chart"), {"scenario": scenario.pk})
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(reverse("scenarios:detail", args=[scenario.pk]))


def test_submitted_approved_and_applied_the_scenario_takes_effect_on_its_day(
    client, org, scenario, users, ahead
):
    other = seat(role=org["roles"]["lead"], manager=org["middle"])
    edit(client, users["hr"], scenario, action="team", seat=org["team"].pk, target=other.pk)
    client.post(reverse("scenarios:submit", args=[scenario.pk]))
    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()
    assert "waterfall-chart" in page  # HR sees the cost

    client.force_login(users["hradmin"])
    client.post(reverse("scenarios:decide", args=[scenario.pk]), {"decision": "approve"})
    client.post(reverse("scenarios:apply", args=[scenario.pk]))
    call_command("apply_due_changes", today=ahead.isoformat(), stdout=io.StringIO())

    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.APPLIED
    assert Position.objects.get(pk=org["vacancy"].pk).manager_id == other.pk
    assert scenario.decisions.get().approver == users["hradmin"]


def test_sending_back_needs_a_comment(client, org, scenario, users):
    edit(client, users["hr"], scenario, action="close", seat=org["vacancy"].pk)
    client.post(reverse("scenarios:submit", args=[scenario.pk]))
    client.force_login(users["hradmin"])
    url = reverse("scenarios:decide", args=[scenario.pk])

    silent = client.post(url, {"decision": "send_back"}, follow=True).content.decode()
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.SUBMITTED and "errorlist" not in silent
    client.post(url, {"decision": "send_back", "comment": "Keep the vacancy"})
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DRAFT
    assert scenario.decisions.get().comment == "Keep the vacancy"


def test_two_scenarios_compare_side_by_side(client, org, scenario, users, hr_user, ahead):
    other = scenario_create(created_by=hr_user, name="Reorg South", effective_on=ahead)
    scenario_edit(
        scenario=other,
        user=hr_user,
        changes=[{"kind": Kind.CLOSE_SEAT, "position": org["vacancy"]}],
    )
    client.force_login(users["hr"])
    page = client.get(reverse("scenarios:compare"), {"a": scenario.pk, "b": other.pk})

    assert page.status_code == 200
    rows = {r["label"]: (r["a"], r["b"]) for r in page.context["rows"]}
    assert rows["Vacancies"] == (1, 0)
    client.force_login(users["employee"])
    assert (
        client.get(reverse("scenarios:compare"), {"a": scenario.pk, "b": other.pk}).status_code
        == 404
    )


def test_a_manager_sees_a_shared_scenarios_structure_but_not_who_leaves_or_moves(
    client, org, scenario, users, hr_user
):
    ania = org["agents"][0].holder
    scenario.shared_with.add(users["manager"])
    scenario_edit(scenario=scenario, user=hr_user, changes=[{"kind": Kind.EXIT, "person": ania}])
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["vacancy"], "new_manager": org["middle"]}],
    )

    hr_chart = chart(client, users["hr"], scenario)
    manager_chart = chart(client, users["manager"], scenario)
    client.force_login(users["manager"])
    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()

    assert ania.full_name not in card(hr_chart, org["agents"][0].pk)
    assert ania.full_name in card(manager_chart, org["agents"][0].pk)
    assert 'data-mark="holder"' not in manager_chart
    assert "leaves on" not in page and "moves to" in page


@pytest.mark.parametrize("extra", [2, 12])
def test_expanding_a_card_in_a_scenario_makes_the_same_queries_at_any_size(
    client, org, scenario, users, hr_user, extra, django_assert_num_queries
):
    grow(org, extra)
    team = list(Position.objects.filter(manager=org["team"]))
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": s, "new_manager": org["middle"]} for s in team],
    )
    client.force_login(users["hr"])
    # session, user, groups, the scenario; its drafts and the pending changes (one query), one
    # walk up from the seats they name, the seat and its reports (live, and moved under it)
    with django_assert_num_queries(REPORTS_QUERIES):
        answer = client.get(
            reverse("people:chart-reports", args=[org["middle"].pk]), {"scenario": scenario.pk}
        )
    assert answer.content.decode().count('data-mark="moved"') == extra + 3


@pytest.mark.parametrize("language", ["de", "pl"])
def test_the_cost_waterfall_draws_in_german_and_polish(client, org, scenario, users, language):
    """Decimal commas in an SVG's coordinates left the chart empty: numbers there are not
    localized."""
    edit(client, users["hr"], scenario, action="close", seat=org["vacancy"].pk)
    page = client.get(
        reverse("scenarios:detail", args=[scenario.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    chart = page[page.index('<ol class="waterfall-chart"') :]
    chart = chart[: chart.index("</ol>")]
    coordinates = re.findall(r'\b(?:x|y|width|height|viewBox)="([^"]*)"', chart)
    assert coordinates and not any("," in value for value in coordinates)


# ---------------------------------------------------------------- sharing


def share(client, user, scenario, follow=False, **fields):
    client.force_login(user)
    return client.post(reverse("scenarios:share", args=[scenario.pk]), fields, follow=follow)


def header(client) -> str:
    body = client.get(reverse("roles:list")).content.decode()
    return body.split('<header class="topbar">')[1].split("</header>")[0]


def test_hr_shares_a_scenario_with_a_manager_who_finds_it_in_the_menu_and_stops_sharing(
    client, org, scenario, users
):
    client.force_login(users["hr"])
    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()
    assert 'class="scenario-share"' in page and '<option value="mia">' in page

    answer = share(client, users["hr"], scenario, username="mia")

    assert answer.status_code == 302
    assert list(scenario.shared_with.all()) == [users["manager"]]
    client.force_login(users["manager"])
    assert f'href="{reverse("scenarios:list")}">Shared scenarios<' in header(client)
    listed = client.get(reverse("scenarios:list")).content.decode()
    assert "Scenarios shared with you" in listed and "Reorg North" in listed
    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()
    assert 'class="scenario-share"' not in page and "Stop sharing" not in page

    share(client, users["hr"], scenario, remove=users["manager"].pk)

    assert not scenario.shared_with.exists()
    client.force_login(users["manager"])
    listed = client.get(reverse("scenarios:list")).content.decode()
    assert "Reorg North" not in listed and "No scenario is shared with you yet." in listed
    assert client.get(reverse("scenarios:detail", args=[scenario.pk])).status_code == 404


def test_sharing_is_for_managers_and_only_hr_shares(client, org, scenario, users):
    refusals = {
        name: share(client, users["hr"], scenario, username=name, follow=True)
        for name in ("emil", "hanna", "nobody")
    }
    assert "Share with managers" in refusals["emil"].content.decode()
    assert "Share with managers" in refusals["hanna"].content.decode()
    assert "No active account has this username." in refusals["nobody"].content.decode()
    assert share(client, users["manager"], scenario, username="mia").status_code == 404
    scenario.shared_with.add(users["manager"])
    assert share(client, users["manager"], scenario, username="mia").status_code == 403
    assert share(client, users["employee"], scenario, username="emil").status_code == 404
    assert list(scenario.shared_with.all()) == [users["manager"]]


def test_an_employee_sees_no_scenario_even_one_shared_with_their_account(
    client, org, scenario, users
):
    scenario.shared_with.add(users["employee"])
    client.force_login(users["employee"])
    assert reverse("scenarios:list") not in header(client)
    assert client.get(reverse("scenarios:list")).status_code == 404
    assert client.get(reverse("scenarios:detail", args=[scenario.pk])).status_code == 404


BANNER = {
    "chart": "Marked cards change in the scenario.",
    "person": "Marked facts about this person change in the scenario.",
    "role": "This role's seats, vacancies and holders as the scenario would make them.",
    "analytics": "The figures include the scenario's changes.",
}


def banner_pages(org, scenario) -> dict[str, str]:
    query = f"?scenario={scenario.pk}"
    return {
        "chart": reverse("people:chart") + query,
        "person": reverse("people:detail", args=[org["agents"][0].holder_id]) + query,
        "role": org["roles"]["agent"].get_absolute_url() + query,
        "analytics": reverse("people:analytics") + query,
    }


def test_the_draft_banner_says_what_is_marked_on_each_kind_of_page(client, org, scenario, users):
    client.force_login(users["hr"])
    for kind, url in banner_pages(org, scenario).items():
        html = client.get(url).content.decode()
        banner = html[html.index('class="scenario-banner"') :].split("</div>")[0]
        assert [k for k, text in BANNER.items() if text in banner] == [kind], url


@pytest.mark.parametrize("language", ["de", "pl"])
def test_the_draft_banner_is_translated(client, org, scenario, users, language):
    client.force_login(users["hr"])
    client.cookies["django_language"] = language
    for url in banner_pages(org, scenario).values():
        html = client.get(url).content.decode()
        banner = html[html.index('class="scenario-banner"') :].split("</div>")[0]
        assert not any(text in banner for text in BANNER.values()), url
        assert "Draft scenario" not in banner


# ---------------------------------------------------------------- what a page holds for whom


def people_changes(org, scenario, hr_user):
    """A scenario of two edits a manager is not shown: Ania leaves, Ben gets a raise."""
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.EXIT, "person": org["agents"][0].holder}],
    )
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.SALARY, "person": org["agents"][1].holder, "salary": 35000}],
    )


def section(html: str, css_class: str) -> str:
    start = html.index(f'<section class="{css_class}"')
    return html[start : html.index("</section>", start)]


def test_a_manager_told_how_many_changes_are_not_shown_and_never_an_empty_approval(
    client, org, scenario, users, hr_user
):
    scenario.shared_with.add(users["manager"])
    people_changes(org, scenario, hr_user)
    client.force_login(users["manager"])

    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()
    changes, approval = section(page, "scenario-changes"), section(page, "scenario-approval")

    assert "No changes yet" not in changes
    assert "Its 2 changes are not shown to you" in changes
    assert "Not submitted for approval yet." in approval
    assert "Ania" not in page and "35,000" not in page and "35000" not in page


def test_a_manager_seeing_some_changes_is_told_of_the_others(client, org, scenario, users, hr_user):
    scenario.shared_with.add(users["manager"])
    people_changes(org, scenario, hr_user)
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["vacancy"], "new_manager": org["middle"]}],
    )
    client.force_login(users["manager"])

    changes = section(
        client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode(),
        "scenario-changes",
    )

    assert "moves to" in changes
    assert "2 more changes, of who holds which seat or of pay, are not shown to you" in changes


def test_hr_sees_every_change_and_no_hidden_count_and_an_employee_still_gets_a_404(
    client, org, scenario, users, hr_user
):
    scenario.shared_with.add(users["manager"], users["employee"])
    people_changes(org, scenario, hr_user)
    client.force_login(hr_user)

    page = client.get(reverse("scenarios:detail", args=[scenario.pk])).content.decode()
    client.force_login(users["employee"])

    assert "Ania" in section(page, "scenario-changes") and "not shown to you" not in page
    assert "Not submitted for approval yet." in section(page, "scenario-approval")
    assert client.get(reverse("scenarios:detail", args=[scenario.pk])).status_code == 404


def test_the_approval_says_where_the_scenario_stands_in_every_state(
    client, org, scenario, users, hr_user
):
    scenario_edit(
        scenario=scenario,
        user=hr_user,
        changes=[{"kind": Kind.MOVE, "position": org["vacancy"], "new_manager": org["middle"]}],
    )
    scenario.shared_with.add(users["manager"])
    client.force_login(users["manager"])
    url = reverse("scenarios:detail", args=[scenario.pk])
    said = {}
    for status in (ScenarioStatus.SUBMITTED, ScenarioStatus.APPROVED, ScenarioStatus.DISCARDED):
        Scenario.objects.filter(pk=scenario.pk).update(
            status=status, submitted_at=timezone.now(), approved_at=timezone.now()
        )
        said[status] = section(client.get(url).content.decode(), "scenario-approval")

    assert "Submitted for approval" in said[ScenarioStatus.SUBMITTED]
    assert "Approved" in said[ScenarioStatus.APPROVED]
    assert "Discarded" in said[ScenarioStatus.DISCARDED]
