"""The cost waterfall's labels and amounts never overlap or leave the chart, in Polish (the longest
labels) on a wide screen and a phone, and the scenario's page fits both (issue 17)."""

import pytest
from django.urls import reverse

from planning.models import Kind
from planning.scenarios import scenario_create, scenario_edit
from tests.people.factories import PersonFactory
from tests.planning import conftest as planning

pytestmark = pytest.mark.django_db(transaction=True)
ahead = planning.ahead

BOXES = """figure => {
    const box = e => {
        const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    };
    const texts = [...figure.querySelectorAll('.label, .amount')];
    return {
        chart: box(figure.querySelector('.waterfall-chart')),
        texts: texts.map(e => [e.textContent, ...box(e)]),
    };
}"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_waterfalls_texts_never_overlap_in_polish_at_1440_and_390(
    browser, live_server, org, users, client, ahead
):
    """Millions in every step, all four steps present: the longest texts the chart has."""
    scenario = scenario_create(created_by=users["hr"], name="Wiosna", effective_on=ahead)
    ania, ben = org["agents"][0].holder, org["agents"][1].holder
    newcomer = PersonFactory(first_name="Nowa", salary=3300000, salary_currency="EUR")
    for change in (
        {"kind": Kind.HIRE, "person": newcomer, "position": org["vacancy"]},  # new jobs
        {"kind": Kind.EXIT, "person": ania},  # departures
        {"kind": Kind.SALARY, "person": ben, "salary": 3412345},  # pay changes
    ):
        scenario_edit(scenario=scenario, user=users["hr"], changes=[change])
    client.force_login(users["hr"])
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    url = live_server.url + reverse("scenarios:detail", args=[scenario.pk])
    for width in (1440, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="pl")
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(url, wait_until="load")
        found = page.locator("figure.waterfall").first.evaluate(BOXES)
        # the whole page fits the screen too (the edit form's fieldset once made it 428 px)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        context.close()

        assert page_width <= width, f"the scenario's page is {page_width} px wide at {width}"

        texts, chart = found["texts"], found["chart"]
        labels = {"Obecny koszt", "Nowe etaty", "Odejścia", "Zmiany wynagrodzeń"}
        assert labels | {"Proponowany koszt"} <= {t[0] for t in texts}
        for i, a in enumerate(texts):
            assert chart[0] <= a[1] and a[3] <= chart[2], f"{a[0]!r} leaves the chart at {width}"
            for b in texts[i + 1 :]:
                assert not overlap(a[1:], b[1:]), f"{a[0]!r} and {b[0]!r} overlap at {width} px"
