import pytest

from people.models import Assignment, Person, Position
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_promotes_a_person_from_their_page_and_the_chart_changes(page):
    person = Person.objects.filter(position__role__slug="junior-consultant").order_by("pk").first()
    old_seat = person.position
    vacancy = Position.objects.vacant().filter(role__slug="consultant").order_by("pk").first()

    page.goto(page.base + person.get_absolute_url())
    page.click("text=Promote or move this person")
    page.select_option("#id_to_position", str(vacancy.pk))
    page.fill("#id_note", "Ready in all but months")  # a reason: not every demo person is ready
    screenshot(page, "promote-form")
    page.click("button[type=submit]:has-text('Promote')")
    page.wait_for_url(page.base + person.get_absolute_url())

    assert Position.objects.get(pk=vacancy.pk).holder == person
    assert Position.objects.get(pk=old_seat.pk).holder is None
    assert Assignment.objects.get(person=person, ended_on__isnull=True).position_id == vacancy.pk
    page.goto(f"{page.base}/org/{vacancy.pk}/")
    card = page.locator(f"#seat-{vacancy.pk}")
    assert card.get_attribute("data-name") == person.full_name
    page.goto(f"{page.base}/org/{old_seat.pk}/")
    assert "vacant" in page.locator(f"#seat-{old_seat.pk}").get_attribute("class")
    screenshot(page, "promote-old-seat-vacant")
