"""The chart of a future day, expanded in place: HR plans a move of an agent's seat to another
team leader and a new seat; the projected chart, expanded card by card in Chromium, shows the
seat under its new manager and not under its old one, and the new seat without a dead link."""

import datetime

import pytest
from django.utils import timezone

from people.models import Position
from people.tree import chain_ids
from planning import services
from planning.models import Kind
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def projected(page, day: datetime.date) -> None:
    page.goto(f"{page.base}/org/?as_of={day.isoformat()}")
    page.wait_for_selector(".controls:not([hidden])")


def open_card(page, seat_id: int) -> None:
    """Show a card's reports as a keyboard user does (focus it, Enter): load them, asking for the
    chart's day, or unfold them when loaded; a card whose reports show is left alone."""
    card = page.locator(f"#seat-{seat_id}")
    if card.locator("a.expand").count():
        before = page.locator(".card").count()
        requests = []
        page.on("request", lambda r: requests.append(r.url) if "/reports/" in r.url else None)
        card.focus()
        card.press("Enter")
        page.wait_for_function(f"() => document.querySelectorAll('.card').length > {before}")
        assert requests[-1].endswith(f"/org/{seat_id}/reports/?as_of={page.day.isoformat()}")
    elif card.locator("button.fold[aria-expanded=false]").count():
        card.focus()
        card.press("Enter")


def expand(page, seat_id: int) -> None:
    """Open every card from the top down to the seat, then the seat's own reports."""
    for seat in reversed(chain_ids(seat_id)):
        open_card(page, seat)


def under(page, manager_id: int) -> list[int]:
    """The seats drawn as direct reports of a card."""
    return page.eval_on_selector_all(
        f"#seat-{manager_id} + details.reports > ul > li > .card",
        "cards => cards.map(c => +c.dataset.seat)",
    )


def test_expanding_a_projected_chart_shows_the_reports_as_planned(page, users):
    page.day = day = timezone.localdate() + datetime.timedelta(days=30)
    page.set_viewport_size({"width": 1440, "height": 900})
    leads = Position.objects.filter(role__slug="team-leader", direct_count__gte=2)
    old_lead, new_lead = leads.order_by("pk").values_list("pk", flat=True)[:2]
    moved = Position.objects.filter(manager_id=old_lead, holder__isnull=False).order_by("pk")[0]
    agent_role = moved.role
    services.change_plan(
        planned_by=users["hr"],
        kind=Kind.MOVE,
        effective_on=day,
        position=moved,
        new_manager=Position.objects.get(pk=new_lead),
    )
    opened = services.change_plan(
        planned_by=users["hr"],
        kind=Kind.NEW_SEAT,
        effective_on=day,
        new_manager=Position.objects.get(pk=new_lead),
        role=agent_role,
    )

    projected(page, day)
    assert "A projection" in page.locator("p.projection").inner_text()
    expand(page, new_lead)
    assert moved.pk in under(page, new_lead)
    assert -opened.pk in under(page, new_lead)
    new_seat = page.locator(f"#seat--{opened.pk}")
    assert new_seat.locator(".name").inner_text() == "New seat (planned)"
    assert new_seat.locator("a.name").get_attribute("href") == f"/planning/changes/{opened.pk}/"
    page.locator(f"#seat--{opened.pk}").focus()
    screenshot(page, "projected-chart-expanded")
    expand(page, old_lead)
    assert moved.pk not in under(page, old_lead)
    assert page.locator(f"#seat-{moved.pk}").count() == 1
    # today's chart still has the seat under its old manager: nothing has happened yet
    assert Position.objects.get(pk=moved.pk).manager_id == old_lead

    # A phone opens a dated chart as the tree (whose cards expand as of the day), not the list
    # (whose links lead to today's seats).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base}/org/?as_of={day.isoformat()}")
    page.wait_for_selector(".chart-viewport .card")
    assert page.locator(".chart-viewport").is_visible()
    assert not page.locator("nav.drill").is_visible()
    screenshot(page, "projected-chart-phone")
