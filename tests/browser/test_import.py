"""The upload page in Chromium: each file of the corpus imported through the page, and the
mapping step (columns with a sample, chosen fields, a saved mapping)."""

from pathlib import Path

import pytest

from people.models import ImportMapping, Person, Position
from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import serious_violations
from tests.people.helpers import corpus_roles

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def roles(transactional_db):
    corpus_roles()


@pytest.fixture
def hr_page(browser, live_server, users, client, roles):
    client.force_login(users["hr"])
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/people/import/")
    yield page
    context.close()


CORPUS = {
    "organogram-flat.csv": ({"create_roles": True}, 15, 5, 7),
    "organogram-senior.csv": ({"create_roles": True}, 7, 3, 2),
    "one-name-no-hire-dates.csv": ({}, 8, 0, 0),
    "hris-semicolon-cp1252.csv": ({}, 6, 0, 0),
    "hris-export.xlsx": ({}, 5, 0, 0),
    "titles-padded.csv": ({"create_roles": True}, 11, 0, 0),
    "several-tops.csv": ({"tops_under": "S1"}, 6, 0, 0),
}


@pytest.mark.parametrize("name", CORPUS)
def test_each_file_of_the_corpus_imports_through_the_page(hr_page, name):
    options, seats, vacant, withheld = CORPUS[name]

    hr_page.set_input_files("#file", str(DATA / name))
    if options.get("create_roles"):
        hr_page.check("input[name=create_roles]")
    if options.get("tops_under"):
        hr_page.fill("#tops_under", options["tops_under"])
    click_and_wait(hr_page, "button:has-text('Check the file')")
    preview = (hr_page.text_content("#vacancies"), hr_page.text_content("#withheld"))
    click_and_wait(hr_page, "button:has-text('Import this file')")
    hr_page.wait_for_selector(".success")

    assert preview == (str(vacant), str(withheld))
    assert Position.objects.count() == seats
    assert Position.objects.vacant().count() == vacant
    assert Position.objects.filter(holder__name_withheld=True).count() == withheld


def test_hr_maps_unknown_columns_saves_the_mapping_and_imports(hr_page):
    hr_page.set_input_files("#file", str(DATA / "mitarbeiter-unmapped.csv"))
    click_and_wait(hr_page, "button:has-text('Check the file')")
    sample = hr_page.text_content("table.mapping tbody tr:nth-child(2) td")
    for column, field in {
        "Nr": "employee_id",
        "Mitarbeiter": "full_name",
        "Funktion": "job_title",
        "Chef": "manager_id",
        "Seit": "hire_date",
    }.items():
        hr_page.select_option(f"select[data-column='{column}']", field)
    violations = serious_violations(hr_page)  # the preview with its problems and the mapping
    hr_page.fill("#save_as", "Personio")
    click_and_wait(hr_page, "button:has-text('Check the file with these columns')")
    click_and_wait(hr_page, "button:has-text('Import this file')")
    hr_page.wait_for_selector(".success")

    assert violations == []
    assert "Katrin Vogel" in sample
    assert Position.objects.count() == 4
    assert Position.objects.get(holder__employee_id="M3").manager.holder.employee_id == "M2"
    assert Person.objects.get(employee_id="M2").last_name == "Kowalczyk"
    assert ImportMapping.objects.get(name="Personio").columns["manager_id"] == "Chef"
    hr_page.reload()
    assert hr_page.locator("#mapping option", has_text="Personio").count() == 1


@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_the_upload_page_fits_a_phone_with_its_preview(hr_page, language):
    hr_page.set_viewport_size({"width": 390, "height": 844})
    hr_page.context.set_extra_http_headers({"Accept-Language": language})
    hr_page.reload()
    assert hr_page.evaluate("document.documentElement.scrollWidth") <= 390
    hr_page.set_input_files("#file", str(DATA / "organogram-flat.csv"))
    click_and_wait(hr_page, hr_page.locator("form[enctype] button[type=submit]"))

    assert "organogram-flat.csv" in hr_page.content()
    # No sideways scrolling after the preview either (its tables of messages and of columns with
    # samples and menus wrap).
    assert hr_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(hr_page, f"import-preview-390-{language}")
