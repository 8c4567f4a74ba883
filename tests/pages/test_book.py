"""The org book of a branch: every person of the branch exactly once, the cover's head count,
page references, the paper choices, the cap and the refusals."""

import datetime
import io
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages import pdf
from people.book import branch_book
from people.models import Person, Position
from tests.conftest import require
from tests.people.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db) -> Position:
    """A demo org of 150 people; its top seat is the branch."""
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", people=150, seed=3, as_of=datetime.date(2026, 11, 1),
                     no_accounts=True, stdout=quiet)  # fmt: skip
    return Position.objects.get(manager=None)


def branch_people(top: Position) -> list[Person]:
    seats = {top.pk}
    frontier = [top.pk]
    while frontier:
        frontier = list(Position.objects.filter(manager__in=frontier).values_list("pk", flat=True))
        seats.update(frontier)
    return list(Person.objects.filter(position__in=seats))


def pdf_text(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_every_person_is_listed_once_and_every_team_once(demo):
    book = branch_book(demo.pk)
    listed = [m.seat_id for t in book.teams for m in t.members] + [book.top.seat_id]
    assert sorted(listed) == sorted(Position.objects.values_list("pk", flat=True))
    leaders = [t.leader.seat_id for t in book.teams]
    assert sorted(leaders) == sorted(
        Position.objects.filter(direct_count__gt=0).values_list("pk", flat=True)
    )
    assert book.people == 150 and len(book.index) == 150


def test_a_team_longer_than_a_page_goes_on_over_pages_and_later_pages_follow(demo):
    book = branch_book(demo.pk, rows_per_page=5)
    long = next(t for t in book.teams if len(t.members) > 5)
    assert [len(p) for p in long.pages][:1] == [5]
    after = book.teams[book.teams.index(long) + 1]
    assert after.page == long.page + len(long.pages)
    for team in book.teams:
        for member in team.members:
            if member.team is not None:
                assert member.team.page > team.page  # "continued on page N" points forward


def test_the_print_page_lists_every_employee_id_once(client, users, demo):
    client.force_login(users["hr"])
    response = client.get(f"/org/book/{demo.pk}/?paper=letter&orientation=landscape")
    assert response.status_code == 200
    body = response.content.decode()
    for person in branch_people(demo):
        assert body.count(person.employee_id) == 1, person.employee_id
    assert "css/book-letter-landscape.css" in body
    assert re.search(r"continued on page \d+", body)


@pytest.mark.parametrize("page", ["", "?paper=a4&orientation=portrait"])
def test_the_book_pages_make_the_same_queries_for_a_bigger_branch(
    client, users, demo, django_assert_num_queries, page
):
    client.force_login(users["hr"])
    url = f"/org/book/{demo.pk}/{page}" if page else "/org/book/"
    client.get(url)  # the session and the groups are read once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    lead = Position.objects.filter(role__slug="team-leader").order_by("pk").first()
    for i in range(12):  # twelve more teams of three, one level deeper than the demo goes
        boss = seat(role=lead.role, manager=lead, holder=PersonFactory(first_name=f"B{i}"))
        for _ in range(3):
            seat(role=lead.role, manager=boss, holder=PersonFactory())
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_pdf_has_every_person_of_the_branch_exactly_once_and_the_headcount(client, users, demo):
    require(not pdf.unavailable(), f"needs WeasyPrint with Pango: {pdf.unavailable()}")
    client.force_login(users["hr"])
    response = client.get(f"/org/book/{demo.pk}/pdf/?paper=a4&orientation=portrait")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    text = "\n".join(pages)
    for person in branch_people(demo):
        assert text.count(person.employee_id) == 1, person.employee_id
    assert "Headcount" in pages[0] and "150" in pages[0]
    assert re.search(r"continued on page \d+", text)
    assert "Index of names" in text


@pytest.mark.parametrize(("paper", "orientation"), [("letter", "landscape"), ("a4", "landscape")])
def test_the_pdf_comes_on_the_paper_asked_for(client, users, demo, paper, orientation):
    require(not pdf.unavailable(), f"needs WeasyPrint with Pango: {pdf.unavailable()}")
    from pypdf import PdfReader

    head = Position.objects.filter(role__slug="call-center-manager").first()
    client.force_login(users["hr"])
    response = client.get(f"/org/book/{head.pk}/pdf/?paper={paper}&orientation={orientation}")
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    points = {"letter": (792, 612), "a4": (842, 595)}[paper]
    assert (round(float(box.width)), round(float(box.height))) == points


def test_a_branch_over_the_cap_is_refused_with_a_message(client, users, demo, settings):
    settings.ORG_BOOK_MAX_SEATS = 20
    client.force_login(users["hr"])
    for url in (f"/org/book/{demo.pk}/", f"/org/book/{demo.pk}/pdf/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "the org book takes at most 20" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/org/book/{top}/?paper=a3", 400, "Choose A4 or Letter, portrait or landscape."),
        ("/org/book/{top}/?orientation=diagonal", 400, "Choose A4 or Letter"),
        ("/org/book/?seat=abc", 400, "Choose a seat and HTML or PDF."),
        ("/org/book/?seat={top}&output=docx", 400, "Choose a seat and HTML or PDF."),
        ("/org/book/987654/", 404, ""),
    ],
)
def test_bad_choices_are_refused_with_a_message(client, users, demo, url, status, message):
    client.force_login(users["hr"])
    response = client.get(url.format(top=demo.pk))
    assert response.status_code == status
    assert message in response.content.decode()


def test_the_choice_leads_to_the_book(client, users, demo):
    client.force_login(users["hr"])
    response = client.get(f"/org/book/?seat={demo.pk}&paper=letter&orientation=portrait&output=pdf")
    assert response.status_code == 302
    assert response["Location"] == f"/org/book/{demo.pk}/pdf/?paper=letter&orientation=portrait"
    choices = client.get("/org/book/").context["choices"]
    assert choices[0] == demo  # the biggest branch first


def test_without_pango_the_page_says_how_to_enable_the_pdf(client, users, demo, monkeypatch):
    monkeypatch.setattr(pdf, "unavailable", lambda: "cannot load library 'libpango-1.0-0'")
    client.force_login(users["hr"])
    page = client.get("/org/book/").content.decode()
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in page
    response = client.get(f"/org/book/{demo.pk}/pdf/")
    assert response.status_code == 503
    assert client.get(f"/org/book/{demo.pk}/").status_code == 200  # the print page still works


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_the_book_is_for_hr(client, users, demo, who):
    client.force_login(users[who])
    for url in (f"/org/book/{demo.pk}/", f"/org/book/{demo.pk}/pdf/", "/org/book/"):
        assert client.get(url).status_code == 403
