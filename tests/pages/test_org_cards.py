"""The chart from the top writes its cards in Python (pages/cards.py) for speed: the markup must be
the template's (templates/people/_card.html), character for character, in every language."""

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from pages.cards import cards_html
from people import chart
from people.access import date_scope
from people.models import Person, Position
from tests.people.factories import PersonFactory, SiteFactory, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_org(org) -> dict:
    """The small org with every kind of card: an assistant with a photo, dotted lines, a site,
    a withheld name, a name to escape, a long tenure and a headcount in the thousands."""
    assistant = seat(
        role=org["roles"]["agent"],
        manager=org["top"],
        holder=PersonFactory(last_name="O'Brien <b>", photo_url="https://example.com/a.png?x=1&y"),
    )
    Position.objects.filter(pk=assistant.pk).update(is_assistant=True, site=SiteFactory())
    Position.objects.filter(pk=org["top"].pk).update(headcount=12345, site=org["site"])
    Person.objects.filter(pk=org["middle"].holder_id).update(
        name_withheld=True, hire_date="2015-03-01"
    )
    org["team"].dotted_line_managers.add(org["top"])
    org["agents"][0].dotted_line_managers.add(org["top"], org["middle"])
    return org


@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_the_cards_written_in_python_are_the_templates_cards(busy_org, users, language):
    with translation.override(language):
        nodes = chart.top_of_org()
        chart.with_dotted_lines(nodes)
        chart.with_tenure(nodes, date_scope(users["hr"]), timezone.localdate())
        card = get_template("people/_card.html")
        from_template = "".join(card.render({"node": node}) for node in nodes)

        assert cards_html(nodes) == from_template
    assert "O&#x27;Brien &lt;b&gt;" in from_template
    assert 'data-tenure="' in from_template
    assert from_template.count('class="card') == 7


def test_the_chart_page_draws_the_cards_once(busy_org, client, users):
    client.force_login(users["hr"])
    body = client.get(reverse("people:chart")).content.decode()

    assert body.count('class="card') == 7
    assert body.count(f'id="seat-{busy_org["top"].pk}"') == 1


def new_seat(pk: int, org: dict) -> Position:
    """A seat a change opens, as the overlay draws it: no id of its own (-change id), vacant."""
    return Position(
        pk=pk,
        manager_id=org["top"].pk,
        role=org["roles"]["agent"],
        holder=None,
        is_assistant=False,
        direct_count=0,
        seat_count=0,
        headcount=0,
    )


@pytest.mark.parametrize("language", ["en", "de", "pl"])
@pytest.mark.parametrize("hr", [True, False])
def test_a_scenarios_cards_written_in_python_are_the_templates_cards(busy_org, language, hr):
    """A scenario's chart writes its cards in Python too: its marks, a seat it opens (no page),
    a seat a pending change opens (a link to the change for HR only) and links that keep
    `?scenario=`."""
    with translation.override(language):
        nodes = chart.top_of_org()
        marked = list(chart.walk(nodes))
        for node, mark in zip(marked[1:5], ["moved", "closed", "role", "holder"], strict=True):
            node.mark, node.mark_label = mark, f"{mark} <label>"
        opened, planned = (new_seat(pk, busy_org) for pk in (-41, -42))
        new, pending = chart.Node(opened), chart.Node(planned)
        new.mark, new.mark_label, new.planned = "new", "new seat", 41
        pending.mark, pending.mark_label, pending.planned = "", "", 42
        nodes[0].children += [new, pending]
        card = get_template("people/_card.html")
        context = {"scenario": Position(pk=7), "hr": hr, "chart_day": timezone.localdate()}
        from_template = "".join(card.render({"node": node, **context}) for node in nodes)

        assert cards_html(nodes, scenario=7, hr=hr) == from_template
    assert from_template.count("?scenario=7") >= 10
    assert from_template.count('data-mark="') == 5
    assert ("/planning/changes/42/" in from_template) is hr
    assert "&lt;label&gt;" in from_template
