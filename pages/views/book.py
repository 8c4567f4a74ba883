"""The org book of a branch for HR: a page to choose it, the book as print HTML and as PDF
(docs/analytics.md). HR only: a book of thousands of seats is seconds of server time."""

import datetime
from collections.abc import Iterator

from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.groups import is_hr
from people.book import Book, BranchTooLarge, branch_book, branch_choices

from .. import pdf

PAPERS = ("a4", "letter")
# Members a page holds below a team's heading (book.css sets one line a member).
ROWS_PER_PAGE = {"portrait": 36, "landscape": 22}
PART_PAGES = 12  # pages rendered at a time (memory)
INDEX_LINES = 40  # names a page of the index holds, about
ORIENTATIONS = ("portrait", "landscape")
OUTPUTS = ("html", "pdf")


def _refuse_unless_hr(request: HttpRequest) -> None:
    if not is_hr(request.user):
        raise PermissionDenied(_("The org book is for HR."))


def _layout(request: HttpRequest) -> tuple[str, str, str]:
    """(paper, orientation, problem) from the query; the problem names a wrong choice."""
    paper = request.GET.get("paper", "a4")
    orientation = request.GET.get("orientation", "portrait")
    if paper not in PAPERS or orientation not in ORIENTATIONS:
        return "a4", "portrait", _("Choose A4 or Letter, portrait or landscape.")
    return paper, orientation, ""


def _index(request: HttpRequest, problem: str = "", status: int = 200) -> HttpResponse:
    context = {
        "choices": branch_choices(),
        "problem": problem,
        "pdf_problem": pdf.unavailable(),
        "how_to_enable": pdf.HOW_TO_ENABLE,
        "papers": PAPERS,
        "orientations": ORIENTATIONS,
    }
    return render(request, "people/book_index.html", context, status=status)


def book_index(request: HttpRequest) -> HttpResponse:
    """The choice of branch, paper and output; a choice made leads to the book."""
    _refuse_unless_hr(request)
    if "seat" not in request.GET:
        return _index(request)
    seat, output = request.GET.get("seat", ""), request.GET.get("output", "html")
    paper, orientation, problem = _layout(request)
    if not (seat.isdigit() and len(seat) < 19) or output not in OUTPUTS or problem:
        return _index(request, problem or _("Choose a seat and HTML or PDF."), status=400)
    name = "people:book-pdf" if output == "pdf" else "people:book-html"
    query = f"?paper={paper}&orientation={orientation}"
    return redirect(reverse(name, args=[int(seat)]) + query)


def _book_context(request: HttpRequest, position_id: int) -> dict | HttpResponse:
    paper, orientation, problem = _layout(request)
    if problem:
        return _index(request, problem, status=400)
    try:
        book = branch_book(position_id, rows_per_page=ROWS_PER_PAGE[orientation])
    except BranchTooLarge as exc:
        message = _(
            "This branch has %(seats)s seats; the org book takes at most %(limit)s. "
            "Choose a seat further down."
        ) % {"seats": exc.seats, "limit": exc.limit}
        return _index(request, message, status=400)
    if book is None:
        raise Http404(_("There is no seat with this number."))
    return {
        "book": book,
        "paper": paper,
        "orientation": orientation,
        "today": datetime.date.today(),
        "pdf_url": reverse("people:book-pdf", args=[position_id]),
    }


def book_html(request: HttpRequest, position_id: int) -> HttpResponse:
    """The book as a page to print (print CSS: one team a page)."""
    _refuse_unless_hr(request)
    context = _book_context(request, position_id)
    if isinstance(context, HttpResponse):
        return context
    book = context["book"]
    whole = {"teams": book.teams, "with_cover": True, "index": book.index, "index_start": True}
    return render(request, "people/book.html", context | whole)


def _parts(book: Book) -> Iterator[dict]:
    """The book in parts of about PART_PAGES pages, each rendered alone: WeasyPrint keeps every
    page of a document in memory, 790 MB for a 2,000-seat branch in one piece."""
    teams: list = []
    pages = 0
    for team in book.teams:
        teams.append(team)
        pages += len(team.pages)
        if pages >= PART_PAGES:
            yield {"teams": teams, "with_cover": teams[0].number == 1}
            teams, pages = [], 0
    if teams:
        yield {"teams": teams, "with_cover": teams[0].number == 1}
    index = book.index
    for start in range(0, len(index), PART_PAGES * INDEX_LINES):
        part = index[start : start + PART_PAGES * INDEX_LINES]
        yield {"teams": [], "index": part, "index_start": start == 0}


def _stylesheets(paper: str, orientation: str) -> list[str]:
    names = ["css/book.css", f"css/book-{paper}-{orientation}.css", "css/book-pdf.css"]
    texts = []
    for name in names:
        with open(finders.find(name), encoding="utf-8") as css:
            texts.append(css.read())
    return texts


def book_pdf(request: HttpRequest, position_id: int) -> HttpResponse:
    """The book as a PDF made on the server; says how to enable it where Pango is missing."""
    _refuse_unless_hr(request)
    if pdf.unavailable():
        return _index(request, _("PDFs cannot be made on this server yet."), status=503)
    context = _book_context(request, position_id)
    if isinstance(context, HttpResponse):
        return context
    css = _stylesheets(context["paper"], context["orientation"])
    htmls = (
        render_to_string("people/book.html", context | part | {"for_pdf": True}, request=request)
        for part in _parts(context["book"])
    )
    body = pdf.htmls_to_pdf(htmls, base_url=request.build_absolute_uri("/"), stylesheets=css)
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"org-book-{position_id}-{context['paper']}-{context['orientation']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
