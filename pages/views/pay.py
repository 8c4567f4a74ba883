"""Pay transparency pages (issue 19, docs/pay-transparency.md): the Art. 9 report for HR with its
CSV and PDF, HR's reasons for flagged gaps (Art. 10), requests for information (Art. 7) from the
worker's side and HR's, the yearly notice of the right, the pay import, and a vacancy's job ad
with its pay range (Art. 5).

Everything here but the notice and the job ad is HR's; a worker sees their own page (/pay/me/).
Figures of a group smaller than the threshold leave HR only as "too few to report"."""

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.groups import is_hr
from core.spreadsheet import neutralise
from pay import imports, services
from pay.models import InformationRequest, LegalEntity, PayRecord, WorkerCategory
from pay.report import Gap, Report, pay_report
from people.models import Person, Position, Site

from .. import pdf
from ..charts import Bar, bar_chart
from ..pay_forms import AnswerForm, AskForm, ExplainForm, PayUploadForm
from .analytics import pay_band

LANGUAGES = ("en", "de", "pl")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _refuse_unless_hr(request: HttpRequest) -> None:
    if not is_hr(request.user):
        raise PermissionDenied(_("Pay transparency is for HR."))


# ---------------------------------------------------------------- the report (Art. 9, 10)


@dataclass
class Scope:
    year: int
    site: Site | None
    currency: str
    problem: str = ""
    entity: LegalEntity | None = None


def _scope(request: HttpRequest) -> Scope:
    """The year, site and currency asked for; what was wrong with the query, if anything."""
    today = timezone.localdate()
    year_text, site_text = request.GET.get("year", ""), request.GET.get("site", "")
    currency = request.GET.get("currency", "").upper()[:3]
    problem = ""
    year = today.year
    if year_text:
        if year_text.isdigit() and 2000 <= int(year_text) <= 2100:
            year = int(year_text)
        else:
            problem = _("“%(value)s” is not a year; showing %(year)s.") % {
                "value": year_text[:10],
                "year": year,
            }
    site = None
    if site_text:
        known = site_text.isdigit() and len(site_text) < 10  # a longer number overflows SQLite
        site = Site.objects.filter(pk=site_text).first() if known else None
        if site is None:
            problem = _("There is no site “%(value)s”; showing every site.") % {
                "value": site_text[:20]
            }
    entity, problem = _entity(request.GET.get("entity", ""), problem)
    return Scope(year, site, currency if currency.isalpha() else "", problem, entity)


def _entity(text: str, problem: str) -> tuple[LegalEntity | None, str]:
    """The legal entity asked for (?entity=), or what was wrong with it."""
    if not text:
        return None, problem
    known = text.isdigit() and len(text) < 10
    entity = LegalEntity.objects.filter(pk=text).first() if known else None
    if entity is None:
        return None, _("There is no legal entity “%(value)s”; showing every site.") % {
            "value": text[:20]
        }
    return entity, problem


def _percent(value) -> str:
    return "–" if value is None else f"{number_format(value, 1)} %"


@dataclass
class Line:
    """One figure of the report as it leaves the page: label, counts and value as text."""

    key: str
    label: str
    women: str
    men: str
    value: str
    flagged: bool = False
    raw: tuple = ()  # (women, men, value) for the CSV: numbers, or the withheld text


def _cell(value) -> object:
    """A CSV cell: numbers as numbers (a negative gap is no formula), any text made inert."""
    return value if isinstance(value, int | Decimal) else neutralise(value)


def _gap_line(key: str, label: str, gap: Gap, report: Report, public: bool) -> Line:
    hidden = public and gap.suppressed
    few = _("fewer than %(n)s") % {"n": report.threshold}

    def count(n: int):
        return few if public and n < report.threshold else n

    value = _("too few to report") if hidden else _percent(gap.value)
    women, men = count(gap.women), count(gap.men)
    raw = (women, men, _("too few to report") if hidden else gap.value)
    flagged = key == "g" and gap.flagged and not hidden  # Art. 10 is about categories
    return Line(key, label, str(women), str(men), value, flagged, raw)


def _shares(key: str, label: str, shares: tuple, hidden: bool) -> Line:
    if hidden:
        few = _("too few to report")
        return Line(key, label, few, few, "", raw=(few, few, ""))
    women, men = shares
    return Line(key, label, _percent(women), _percent(men), "", raw=(women, men, ""))


def report_lines(report: Report, *, public: bool) -> list[Line]:
    """Every figure (a)-(g) as a line; `public`: for a CSV or PDF, small groups withheld."""
    lines = [
        _gap_line("a", _("(a) Mean pay gap"), report.mean, report, public),
        _gap_line("b", _("(b) Mean gap of variable pay"), report.variable_mean, report, public),
        _gap_line("c", _("(c) Median pay gap"), report.median, report, public),
        _gap_line("d", _("(d) Median gap of variable pay"), report.variable_median, report, public),
    ]
    lines.append(
        _shares(
            "e",
            _("(e) Share receiving variable pay (women / men)"),
            (report.variable_women_pct, report.variable_men_pct),
            public and report.variable_share_suppressed,
        )
    )
    for q in report.quartiles:
        label = _("(f) Quartile %(n)s: share of women / men") % {"n": q.number}
        lines.append(
            _shares(f"f{q.number}", label, (q.women_pct, q.men_pct), public and q.suppressed)
        )
    for c in report.categories:
        name = str(c.category) if c.category else _("No category")
        for key, label, gap in (
            ("g", _("(g) %(name)s: pay gap"), c.total),
            ("g-basic", _("(g) %(name)s: basic pay gap"), c.basic),
            ("g-variable", _("(g) %(name)s: variable pay gap"), c.variable),
        ):
            lines.append(_gap_line(key, label % {"name": name}, gap, report, public))
    return lines


def _charts(report: Report, *, public: bool = False) -> dict:
    """The quartile and category charts; `public`: for the PDF, a group under the threshold is
    drawn as no bar, written "too few to report", as its table line."""
    few = _("too few to report")
    quartile_bars = []
    for q in report.quartiles:
        hidden = public and q.suppressed
        for sex, pct, kind in ((_("women"), q.women_pct, "women"), (_("men"), q.men_pct, "men")):
            label = _("Quartile %(n)s, %(who)s") % {"n": q.number, "who": sex}
            value, text = (0.0, few) if hidden else (float(pct or 0), _percent(pct))
            quartile_bars.append(Bar(label, value, text, kind=kind))
    category_bars = []
    for c in report.categories:
        name = str(c.category) if c.category else _("No category")
        if public and c.total.suppressed:
            category_bars.append(Bar(name, 0.0, few))
            continue
        value, kind = abs(float(c.total.value or 0)), "over" if c.flagged else ""
        category_bars.append(Bar(name, value, _percent(c.total.value), kind=kind))
    return {
        "quartiles": bar_chart(quartile_bars, title=_("Women and men in each pay quartile")),
        "categories": bar_chart(category_bars, title=_("Pay gap per category of workers")),
    }


def _report_context(request: HttpRequest) -> dict:
    scope = _scope(request)
    report = pay_report(
        year=scope.year,
        site_id=scope.site.pk if scope.site else None,
        entity_id=scope.entity.pk if scope.entity else None,
        currency=scope.currency,
    )
    today = timezone.localdate()
    found = services.flags(report, today=today)
    flagged = [(c, found[c.category.pk if c.category else None]) for c in report.flagged]
    return {
        "scope": scope,
        "report": report,
        "flagged": flagged,
        "due": services.report_due(report.year),
        "joint_from": services.joint_assessment_from(report.year),
        "years": sorted(set(PayRecord.objects.values_list("year", flat=True)), reverse=True),
        "sites": Site.objects.order_by("name"),
        "entities": LegalEntity.objects.order_by("name"),
        "query": request.GET.urlencode(),
    }


def report_page(request: HttpRequest) -> HttpResponse:
    """The Art. 9 report of a year and site with the Art. 10 flags, for HR."""
    _refuse_unless_hr(request)
    context = _report_context(request)
    report = context["report"]
    context |= {"lines": report_lines(report, public=False), "charts": _charts(report)}
    status = 400 if context["scope"].problem else 200
    return render(request, "pay/report.html", context, status=status)


def _filename(context: dict, ending: str) -> str:
    scope = context["scope"]
    site = f"-{scope.site.code}" if scope.site else ""
    entity = f"-{slugify(scope.entity.name)}" if scope.entity else ""
    return f"pay-gap-{scope.year}{entity}{site}-{context['report'].currency or 'none'}.{ending}"


def report_csv(request: HttpRequest) -> HttpResponse:
    """The report as CSV, small groups as "too few to report"."""
    _refuse_unless_hr(request)
    context = _report_context(request)
    if context["scope"].problem:
        return HttpResponse(context["scope"].problem, status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "csv")}"'
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow(["figure", "label", "women", "men", "gap_percent", "currency"])
    for line in report_lines(context["report"], public=True):
        row = [line.key, line.label, *line.raw, context["report"].currency]
        writer.writerow([_cell(cell) for cell in row])
    return response


def report_pdf(request: HttpRequest) -> HttpResponse:
    """The report as a PDF in English, German or Polish (?language=), small groups withheld."""
    _refuse_unless_hr(request)
    if refused := _no_pdf():
        return refused
    language = request.GET.get("language", translation.get_language())
    if language not in LANGUAGES:
        language = "en"
    with translation.override(language):
        context = _report_context(request)
        if context["scope"].problem:
            return HttpResponse(context["scope"].problem, status=400, content_type="text/plain")
        report = context["report"]
        charts = _charts(report, public=True)
        context |= {
            "lines": report_lines(report, public=True),
            "charts": {name: _svg_for_pdf(chart) for name, chart in charts.items()},
            "language": language,
        }
        html = render_to_string("pay/report_pdf.html", context, request=request)
    return _pdf_response(request, html, _filename(context, f"{language}.pdf"))


def _svg_for_pdf(chart: dict) -> str:
    """The page's chart (people/_bars.html) with its styles inside the SVG: WeasyPrint draws an
    inline SVG with the SVG's own style sheet only, not the document's."""
    svg = render_to_string("people/_bars.html", {"chart": chart})
    with open(finders.find("css/pay-pdf-charts.css"), encoding="utf-8") as css:
        style = f"<style>{css.read()}</style>"
    start = svg.index(">", svg.index("<svg")) + 1
    return mark_safe(svg[:start] + style + svg[start:])  # the escaped template, our CSS


def _no_pdf() -> HttpResponse | None:
    if pdf.unavailable():
        message = _("PDFs cannot be made on this server yet.")
        return HttpResponse(message, status=503, content_type="text/plain")
    return None


def _pdf_response(request: HttpRequest, html: str, name: str) -> HttpResponse:
    """The HTML as a PDF download, styled by the pay PDFs' stylesheet."""
    with open(finders.find("css/pay-pdf.css"), encoding="utf-8") as css:
        body = pdf.htmls_to_pdf(
            [html], base_url=request.build_absolute_uri("/"), stylesheets=[css.read()]
        )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def explain(request: HttpRequest) -> HttpResponse:
    """HR records the reason for a category's gap or the remedy (?category=&year=)."""
    _refuse_unless_hr(request)
    category_text, year_text = request.GET.get("category", ""), request.GET.get("year", "")
    numbers = category_text.isdigit() and len(category_text) < 10 and year_text.isdigit()
    if not (numbers and len(year_text) == 4):
        return render(
            request,
            "pay/explain.html",
            {"problem": _("Choose a flagged category from the report.")},
            status=400,
        )
    category = get_object_or_404(WorkerCategory, pk=category_text)
    year = int(year_text)
    form = ExplainForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.gap_explain(
            category=category,
            year=year,
            reason=form.cleaned_data["reason"],
            remedy=form.cleaned_data["remedy"],
            decided_on=form.cleaned_data["decided_on"],
            by=request.user,
        )
        messages.success(request, _("The reason is recorded."))
        return redirect(reverse("pay:report") + f"?year={year}")
    history = category.gapexplanation_set.filter(year=year).order_by("-decided_on", "-id")
    context = {"form": form, "category": category, "year": year, "history": history}
    return render(request, "pay/explain.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------- Art. 7: requests


def requests_list(request: HttpRequest) -> HttpResponse:
    """Every request for information, open ones first by their deadline, for HR."""
    _refuse_unless_hr(request)
    rows = InformationRequest.objects.select_related("person").order_by(
        "answered_on", "due_on", "pk"
    )[:500]
    context = {"rows": rows, "today": timezone.localdate()}
    return render(request, "pay/requests.html", context)


def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request: the generated answer for HR to review, edit and send."""
    _refuse_unless_hr(request)
    info = get_object_or_404(InformationRequest.objects.select_related("person"), pk=request_id)
    draft = services.request_draft(info)
    form = AnswerForm(request.POST or None, initial={"answer": draft.text})
    if request.method == "POST" and not info.is_answered and form.is_valid():
        services.request_answer(
            info_request=info,
            answer=form.cleaned_data["answer"],
            by=request.user,
            today=timezone.localdate(),
        )
        messages.success(request, _("The answer is sent; the worker sees it on their page."))
        return redirect("pay:requests")
    context = {"info": info, "draft": draft, "form": form, "today": timezone.localdate()}
    return render(request, "pay/request_detail.html", context, status=400 if form.errors else 200)


def my_pay(request: HttpRequest) -> HttpResponse:
    """A worker's own pay data, their requests for information and the answers; asking one."""
    me = Person.objects.filter(user=request.user).select_related("pay_profile").first()
    if me is None:
        messages.info(request, _("Your account is not linked to a person in the org."))
        return redirect("home")
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_ask(
            person=me, question=form.cleaned_data["question"], today=timezone.localdate()
        )
        messages.success(request, _("Your request is sent to HR; they answer within two months."))
        return redirect("pay:mine")
    context = {
        "me": me,
        "profile": getattr(me, "pay_profile", None),
        "records": me.pay_records.order_by("-year")[:5],
        "requests": me.pay_requests.order_by("-asked_on", "-pk"),
        "form": form,
    }
    return render(request, "pay/mine.html", context, status=400 if form.errors else 200)


def notice(request: HttpRequest) -> HttpResponse:
    """The yearly notice to every worker of their right to information (Art. 7(3)); as a page,
    or in the language asked (?language=en|de|pl) as a text file (?download=1) or a PDF
    (?download=pdf), to send to every worker."""
    language = request.GET.get("language", translation.get_language())
    if language not in LANGUAGES:
        language = "en"
    context = {"year": timezone.localdate().year, "languages": LANGUAGES, "language": language}
    download = request.GET.get("download")
    if download not in ("1", "pdf"):
        return render(request, "pay/notice.html", context)
    name = f"pay-information-notice-{context['year']}-{language}"
    if download == "pdf":
        if refused := _no_pdf():
            return refused
        with translation.override(language):
            html = render_to_string("pay/notice_pdf.html", context, request=request)
        return _pdf_response(request, html, f"{name}.pdf")
    with translation.override(language):
        text = render_to_string("pay/notice.txt", context, request=request)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.txt"'
    return response


def upload(request: HttpRequest) -> HttpResponse:
    """The pay import for HR: a CSV or .xlsx, every row checked, written only when all are good."""
    _refuse_unless_hr(request)
    form = PayUploadForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            result = imports.import_pay(
                upload.read(),
                year=form.cleaned_data["year"],
                dry_run=form.cleaned_data["dry_run"],
            )
            status = 400 if result.errors else 200
    if form.errors:
        status = 400
    errors = result.errors[:200] if result else []
    context = {"form": form, "result": result, "error_rows": errors}
    return render(request, "pay/upload.html", context, status=status)


# ---------------------------------------------------------------- Art. 5: vacancies


GENDER_NEUTRAL = {"de": "(m/w/d)", "pl": "(k/m)", "en": ""}


def job_ad(seat: Position, language: str) -> dict:
    """A vacancy's job-ad snippet: title in a gender-neutral form, the band of its role at its
    site as the pay range; no question about pay history (banned in Poland since 2025-12-24)."""
    suffix = GENDER_NEUTRAL.get(language, "")
    return {"title": f"{seat.role.title} {suffix}".strip(), "band": pay_band(seat)}


def vacancy_ad(request: HttpRequest, position_id: int) -> HttpResponse:
    """The job-ad snippet of a vacant seat, to copy into an advert."""
    seat = Position.objects.vacant().select_related("role", "site").filter(pk=position_id).first()
    if seat is None:
        raise Http404(_("There is no vacant seat with this number."))
    context = {"seat": seat, **job_ad(seat, translation.get_language() or "en")}
    context["today"] = datetime.date.today()
    return render(request, "pay/vacancy_ad.html", context)
