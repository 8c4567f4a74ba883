"""HR plans the move of a team leader's seat to another manager for a day ahead, from the person
page through the admin; the person page says so; the worker, run with --today past the day,
applies it; the live chart shows the move and the history records it on its day."""

import datetime
import shutil

import pytest
from django.core.management import call_command
from django.utils import formats, timezone

from people.models import Person, Position
from planning.models import PlannedChange, Status
from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_plans_a_seat_move_and_it_takes_effect_on_its_day(page):
    lead = Person.objects.filter(position__role__slug="team-leader").order_by("pk").first()
    seat = lead.position
    new_manager = (
        Position.objects.filter(role=seat.manager.role)
        .exclude(pk=seat.manager_id)
        .order_by("pk")
        .first()
    )
    day = timezone.localdate() + datetime.timedelta(days=20)

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(page.base + lead.get_absolute_url())
    page.click("text=Plan a change…")
    assert page.input_value("#id_kind") == "move"
    assert page.input_value("#id_position") == str(seat.pk)
    page.fill("#id_effective_on", day.isoformat())
    page.fill("#id_new_manager", str(new_manager.pk))
    page.fill("#id_note", "The Berlin teams get a second manager")
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")

    change = PlannedChange.objects.get()
    page.goto(page.base + lead.get_absolute_url())
    words = page.locator(f"#planned-{change.pk}").inner_text()
    long_day = formats.date_format(day, "DATE_FORMAT")
    assert f"Seat #{seat.pk} moves to" in words and long_day in words
    assert new_manager.role.title in words
    shot = screenshot(page, "planned-move")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + lead.get_absolute_url())
    screenshot(page, "planned-move-phone")
    docs = ARTIFACTS.parent / "docs" / "screenshots"
    if docs.is_dir():
        shutil.copy(shot, docs / "planned-move.png")

    call_command("apply_due_changes", today=(day + datetime.timedelta(days=3)).isoformat())

    change.refresh_from_db()
    assert change.status == Status.APPLIED
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{page.base}/org/{new_manager.pk}/")
    assert page.locator(f"#seat-{seat.pk}").get_attribute("data-manager") == str(new_manager.pk)
    record = Position.history.filter(id=seat.pk).latest()
    assert (record.manager_id, record.history_date.date()) == (new_manager.pk, day)
    assert record.history_change_reason == f"Planned change #{change.pk} of {day.isoformat()}"
    page.goto(f"{page.base}/org/{seat.pk}/")
    changes = page.locator("section.changes").inner_text()
    assert formats.date_format(day, "SHORT_DATE_FORMAT") in changes
    screenshot(page, "planned-move-applied")
