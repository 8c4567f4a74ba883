"""HR promotes a not-yet-ready person into a vacancy made in the same step (issue 16), in English
and German; no page of the flow scrolls sideways at 1440 or 390 px in en/de/pl."""

import pytest

from ladder.models import Promotion
from ladder.readiness import career_options
from people.models import Person, Position
from roles.models import Role
from tests.browser.conftest import click_and_wait, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def not_ready_for_a_promotion() -> tuple[Person, object]:
    """A person in the demo org and a promotion (not a lateral move) they are not ready for."""
    people = Person.objects.filter(position__isnull=False, salary__isnull=False).order_by(
        "position__role__career_level", "pk"
    )
    for person in people.select_related("position__role")[:200]:
        for option in career_options(person, include_salary=True):
            if option.kind == "up" and option.verdict != "ready" and option.band:
                return person, option
    pytest.fail("the demo org has nobody short of a promotion")


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def in_language(page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])


@pytest.mark.parametrize("language", ["en", "de"])
def test_hr_promotes_a_not_ready_person_into_a_new_vacancy_with_a_reason_and_salary(page, language):
    errors = console_errors(page)
    in_language(page, language)
    person, option = not_ready_for_a_promotion()
    manager_seat = person.position.manager_id
    new_salary = int(option.band.minimum) + 500

    page.goto(page.base + person.get_absolute_url())
    click_and_wait(page, f"a[href='/ladder/promote/{person.pk}/']")
    assert page.locator(".promote-readiness").count() == 1
    date = page.input_value("#id_effective")
    assert len(date) == 10 and date[4] == "-"  # ISO, so the browser keeps it in any language
    page.select_option("#id_new_seat_role", str(option.to_role_id))
    assert page.input_value("#id_new_seat_manager") == str(manager_seat)
    page.fill("#id_new_salary", str(new_salary))
    click_and_wait(page, "button.primary")
    assert page.locator("#id_note + small + .problem, .field.has-errors .problem").count() >= 1
    assert not Promotion.objects.exists()  # refused: not ready and no reason given
    page.fill("#id_note", "Leads the pilot team already")
    screenshot(page, f"promote-guided-{language}")
    click_and_wait(page, "button.primary")
    page.wait_for_url(page.base + person.get_absolute_url())

    new_seat = Position.objects.get(holder=person)
    assert (new_seat.role_id, new_seat.manager_id) == (option.to_role_id, manager_seat)
    assert Person.objects.get(pk=person.pk).salary == new_salary
    confirmation = page.locator("ul.messages li.success").inner_text()
    title = Role.objects.get(pk=option.to_role_id).title_de if language == "de" else None
    title = title or option.to_role_title
    assert person.full_name in confirmation and f"{title} (" in confirmation
    assert title in page.locator("section.assignments").inner_text()
    changes = page.locator("section.changes").inner_text()
    assert f"{new_salary:,}".replace(",", "") in changes.replace(",", "").replace(".", "")
    screenshot(page, f"promote-guided-done-{language}")
    page.goto(f"{page.base}/org/{new_seat.pk}/")
    assert person.full_name in page.locator(f"#seat-{new_seat.pk}").inner_text()
    assert errors == []


@pytest.mark.parametrize("language", ["en", "de", "pl"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_person_page_and_the_promote_form_never_scroll_sideways(page, language, width):
    errors = console_errors(page)
    in_language(page, language)
    person, _option = not_ready_for_a_promotion()
    page.set_viewport_size({"width": width, "height": 900})
    for url in (person.get_absolute_url(), f"/ladder/promote/{person.pk}/"):
        page.goto(page.base + url)
        scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            screenshot(page, f"too-wide-{language}-{width}-{url.strip('/').replace('/', '-')}")
        assert scroll <= inner, f"{url} is {scroll} px wide at {width} px in {language}"
    screenshot(page, f"promote-form-{language}-{width}")
    assert errors == []
