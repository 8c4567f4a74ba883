"""Structure analytics for HR (/org/analytics/, its CSV tables) and the lists of vacancies and
out-of-norm spans that everyone signed in may open from the chart (docs/analytics.md)."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.groups import is_hr
from people import analytics
from people.analytics import Structure
from people.models import Position
from planning import overlay_lists
from planning.impact import scenario_impact
from roles import bands
from roles.models import Role, SalaryBand, Track

from ..charts import Bar, bar_chart
from ..tables import Column, Table, csv_response, sort_table
from .scenario_mode import scenario_overlay, seats_shown
from .scenarios import scenario_or_404

SHOWN_SPANS = 25  # rows of the spans table on the page; the list and the CSV have them all
LIST_PAGE = 50
SPAN_BUCKETS = (
    (1, 1),
    (2, 4),
    (5, 9),
    (10, 14),
    (15, 20),
    (21, 25),
    (26, 30),
    (31, 35),
    (36, None),
)
FLAGS = ("norm", "over", "under", "single")


def _number(value, places: int = 0) -> str:
    return number_format(value, places, force_grouping=True)


def _focus(seat_id: int) -> str:
    return reverse("people:chart-focus", args=[seat_id])


def _norm_text(limits: tuple[int | None, int]) -> str:
    fewest, most = limits
    return f"{fewest}–{most}" if fewest else f"≤ {most}"


def _flag_text(span) -> str:
    texts = {"over": _("over the norm"), "under": _("under the norm"), "": ""}
    flags = [texts[span.norm]] + ([_("single report")] if span.single else [])
    return ", ".join(f for f in flags if f)


def _tables(figures: Structure, query) -> dict[str, Table]:
    spans = [
        Column("name", _("Manager"), lambda s: s.name or _("Vacant")),
        Column("role", _("Role"), lambda s: s.role.title),
        Column("direct", _("Direct reports"), lambda s: s.direct, numeric=True),
        Column("norm", _("Norm"), lambda s: _norm_text(s.limits)),
        Column("flag", _("Flag"), _flag_text),
        Column("seat", _("Seat"), lambda s: s.seat_id, numeric=True),
    ]
    layers = [
        Column("level", _("Layer"), lambda r: r.level, numeric=True),
        Column("seats", _("Seats"), lambda r: r.seats, numeric=True),
        Column("people", _("People"), lambda r: r.people, numeric=True),
        Column("vacant", _("Vacant"), lambda r: r.vacant, numeric=True),
        Column("managers", _("Managers"), lambda r: r.managers, numeric=True),
    ]
    currencies = sorted({c for b in figures.branches for c in b.cost})
    for branch in figures.branches:  # the cost cells of the page's table, one a currency
        branch.cost_cells = [(c, branch.cost.get(c)) for c in currencies]
    branches = [
        Column("name", _("Branch"), lambda b: b.name or _("Vacant")),
        Column("role", _("Role"), lambda b: b.role.title),
        Column("seats", _("Seats"), lambda b: b.seats, numeric=True),
        Column("people", _("Headcount"), lambda b: b.people, numeric=True),
        Column("vacant", _("Vacant"), lambda b: b.vacant, numeric=True),
        Column("rate", _("Vacancy rate %"), lambda b: b.vacancy_pct, numeric=True),
        *[
            Column(
                f"cost_{c}",
                _("Salary cost %(currency)s") % {"currency": c},
                lambda b, c=c: b.cost.get(c),
                numeric=True,
            )
            for c in currencies
        ],
        Column("seat", _("Seat"), lambda b: b.seat_id, numeric=True),
    ]
    tenure = [
        Column("role", _("Role"), lambda t: t.role.title),
        Column("people", _("People"), lambda t: t.people, numeric=True),
        Column("median", _("Median months in role"), lambda t: t.median_months, numeric=True),
        Column("mean", _("Mean months in role"), lambda t: t.mean_months, numeric=True),
    ]
    return {
        "spans": sort_table("spans", spans, figures.spans, query, "-direct"),
        "layers": sort_table("layers", layers, figures.layers, query, "level"),
        "branches": sort_table("branches", branches, figures.branches, query, "-people"),
        "tenure": sort_table("tenure", tenure, figures.tenure, query, "-median"),
    }


def _span_chart(figures: Structure) -> dict:
    bars = []
    for low, high in SPAN_BUCKETS:
        count = sum(
            1 for s in figures.spans if s.direct >= low and (high is None or s.direct <= high)
        )
        if low == high:  # "1 report", "1 unterstellte Person", "1 podwładny": a plural form
            text = ngettext("%(n)s report", "%(n)s reports", low) % {"n": low}
        else:
            label = f"{low}–{high}" if high else f"{low}+"
            text = _("%(n)s reports") % {"n": label}
        bars.append(Bar(text, count, _number(count)))
    return bar_chart(bars, title=_("Managers by number of direct reports"))


def _charts(figures: Structure, tables: dict[str, Table]) -> dict:
    branches = tables["branches"].rows
    cost_bars = [
        Bar(
            f"{b.name or b.role.title} · {currency}",
            float(amount),
            f"{_number(amount)} {currency}",
            _focus(b.seat_id),
        )
        for b in branches
        for currency, amount in sorted(b.cost.items())
    ]
    return {
        "spans": _span_chart(figures),
        "layers": bar_chart(
            [
                Bar(_("Layer %(n)s") % {"n": r.level}, r.seats, _number(r.seats))
                for r in figures.layers
            ],
            title=_("Seats per layer from the top"),
        ),
        "vacancies": bar_chart(
            [
                Bar(
                    b.name or b.role.title,
                    b.vacancy_pct,
                    f"{_number(b.vacancy_pct, 1)} %",
                    _focus(b.seat_id),
                    "vacant",
                )
                for b in branches
            ],
            title=_("Vacancy rate per branch"),
        ),
        "tenure": bar_chart(
            [
                Bar(t.role.title, float(t.median_months), _number(t.median_months, 1))
                for t in tables["tenure"].rows
            ],
            title=_("Median months in role"),
        ),
        "headcount": bar_chart(
            [
                Bar(b.name or b.role.title, b.people, _number(b.people), _focus(b.seat_id))
                for b in branches
            ],
            title=_("Headcount per branch"),
        ),
        "cost": bar_chart(cost_bars, title=_("Salary cost per branch")),
    }


def _figures(request: HttpRequest) -> tuple[Structure, str]:
    """The figures with the branches asked for (?under=<seat>), or the default ones and what
    was wrong with the request."""
    today = datetime.date.today()
    asked = request.GET.get("under", "")
    if not asked:
        return analytics.structure(today=today), ""
    problem = _("“%(value)s” is not a seat number; the branches shown are the default ones.")
    if asked.isdigit() and len(asked) < 19:
        try:
            return analytics.structure(branches_under=int(asked), today=today), ""
        except LookupError:
            problem = _("There is no seat %(value)s; the branches shown are the default ones.")
    return analytics.structure(today=today), problem % {"value": asked[:40]}


def _refuse_unless_hr(request: HttpRequest) -> None:
    if not is_hr(request.user):
        raise PermissionDenied(_("The structure analytics are for HR."))


def analytics_page(request: HttpRequest) -> HttpResponse:
    """Spans, layers, vacancies, time in role, headcount and cost per branch: HR only.
    ?scenario=<id>: spans, layers and vacancies as that scenario would make them."""
    if "scenario" in request.GET:
        return analytics_in_scenario(request)
    _refuse_unless_hr(request)
    figures, problem = _figures(request)
    tables = _tables(figures, request.GET)
    problems = [problem] if problem else []
    unknown = _("Unknown sort order “%(value)s”; the table is in its usual order.")
    problems += [unknown % {"value": t.problem[:40]} for t in tables.values() if t.problem]
    context = {
        "figures": figures,
        "tables": tables,
        "charts": _charts(figures, tables),
        "shown_spans": tables["spans"].rows[:SHOWN_SPANS],
        "problems": problems,
        "query": request.GET.urlencode(),
    }
    return render(request, "people/analytics.html", context, status=400 if problems else 200)


def analytics_in_scenario(request: HttpRequest) -> HttpResponse:
    """The scenario's spans, layers, seats and vacancies against the org without it on its day
    (the live org and the pending changes due by then), per branch too: planning/impact.py."""
    scenario = scenario_or_404(request, request.GET.get("scenario"))
    _refuse_unless_hr(request)
    impact = scenario_impact(scenario, salaries=False)
    totals = {}
    for when in ("before", "after"):
        vacant = sum(getattr(f, f"vacancies_{when}") for f in impact.sites)
        seats = vacant + sum(getattr(f, f"headcount_{when}") for f in impact.sites)
        totals[when] = {
            "seats": seats,
            "vacant": vacant,
            "vacancy_pct": 100 * vacant / seats if seats else 0,
        }
    context = {"scenario": scenario, "impact": impact, "totals": totals}
    return render(request, "people/analytics_scenario.html", context)


def analytics_csv(request: HttpRequest) -> HttpResponse:
    """One table of the analytics as CSV (?table=spans|layers|branches|tenure), sorted as asked."""
    _refuse_unless_hr(request)
    name = request.GET.get("table", "")
    figures, problem = _figures(request)
    tables = _tables(figures, request.GET)
    if name not in tables or problem or tables[name].problem:
        message = problem or _("Ask for one of the tables: %(names)s.") % {
            "names": ", ".join(tables)
        }
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    today = datetime.date.today().isoformat()
    return csv_response(tables[name], f"org-{name}-{today}.csv")


def vacancies(request: HttpRequest) -> HttpResponse:
    """Every vacant seat, highest roles first, with the seat it reports to; paginated.
    ?scenario=<id>: the vacant seats as that scenario would make them."""
    if "scenario" in request.GET:
        return vacancies_in_scenario(request)
    seats = (
        Position.objects.vacant()
        .select_related("role", "site", "manager__holder", "manager__role")
        .order_by("-role__career_level", "role__title", "pk")
    )
    seats = seats.prefetch_related(_NEWEST_BANDS)
    page = Paginator(seats, LIST_PAGE).get_page(request.GET.get("page"))
    for seat in page:  # Art. 5 pay transparency: the range of the role at the seat's site
        seat.pay_band = pay_band(seat)
    total = Position.objects.active().count()
    context = {"page": page, "total": total}
    return render(request, "people/analytics_vacancies.html", context)


def vacancies_in_scenario(request: HttpRequest) -> HttpResponse:
    """The seats the scenario leaves or makes vacant (opened, vacated, kept vacant), highest
    roles first, with the seat each reports to; paginated. The live list's seats as ids and
    roles, merged with the seats the scenario touches (planning/overlay_lists.py); then the
    page's seats: constant queries, nothing of the whole org built."""
    mode = scenario_overlay(request)
    overlay = mode.overlay
    vacant = overlay_lists.vacancies(overlay)
    page = Paginator(vacant, LIST_PAGE).get_page(request.GET.get("page"))
    seats, managers = overlay_lists.shown(overlay, page)
    by_pk = {seat.pk: seat for seat in seats_shown(mode, [*seats, *managers.values()])}
    context = {
        "scenario": mode.scenario,
        "page": page,
        "rows": [(by_pk[s.pk], by_pk.get(s.manager)) for s in seats],
        "total": overlay_lists.seat_count(overlay),
        "keep": f"scenario={mode.scenario.pk}&",
    }
    return render(request, "people/analytics_vacancies_scenario.html", context)


_NEWEST_BANDS = Prefetch("role__salary_bands", SalaryBand.objects.order_by("-effective_from", "pk"))


def pay_band(seat: Position) -> SalaryBand | None:
    """The band of a seat's role at its site (issue 19: every vacancy shows its pay range)."""
    country = seat.site.country if seat.site_id else ""
    location = bands.location_for_country(country)
    return bands.band_for(seat.role.salary_bands.all(), location=location)


_LISTS = {
    "norm": Position.objects.out_of_norm,
    "over": Position.objects.over_span,
    "under": Position.objects.under_span,
    "single": Position.objects.single_report,
}


def spans(request: HttpRequest) -> HttpResponse:
    """Managers outside their role's span-of-control norm (?flag=norm, the default), over or under
    it, or with a single report; paginated."""
    flag = request.GET.get("flag", "norm")
    problem = ""
    if flag not in FLAGS:
        problem = _("Unknown list “%(value)s”; showing managers outside the norm.") % {
            "value": flag[:40]
        }
        flag = "norm"
    if "scenario" in request.GET:
        return spans_in_scenario(request, flag, problem)
    chosen = _LISTS[flag]()
    seats = chosen.select_related("role", "site", "holder").order_by("-direct_count", "pk")
    page = Paginator(seats, LIST_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(seat, _norm_text(seat.role.span_limits)) for seat in page],
        "flag": flag,
        "problem": problem,
        "default_most": settings.SPAN_OF_CONTROL_NORM,
        "scenario_query": "",
    }
    return render(request, "people/analytics_spans.html", context, status=400 if problem else 200)


def _flagged(flag: str, role: Role, reports: int) -> bool:
    """Position.objects' span lists (over_span, under_span, single_report) for one seat."""
    fewest, most = role.span_limits
    over, under = reports > most, bool(fewest) and reports < fewest
    single = reports == 1 and role.track != Track.EXECUTIVE
    return {"norm": over or under, "over": over, "under": under, "single": single}[flag]


def spans_in_scenario(request: HttpRequest, flag: str, problem: str) -> HttpResponse:
    """The span lists as the scenario would make the org (its reporting lines, roles, new and
    closed seats): the live list's seats as ids and stored counts, merged with the seats whose
    counts or roles the scenario changes (planning/overlay_lists.py); constant queries."""
    mode = scenario_overlay(request)
    rows = overlay_lists.spans(
        mode.overlay, _LISTS[flag](), lambda role, reports: _flagged(flag, role, reports)
    )
    page = Paginator(rows, LIST_PAGE).get_page(request.GET.get("page"))
    seats, _managers = overlay_lists.shown(mode.overlay, [s for s, _n in page])
    shown = seats_shown(mode, seats)
    for seat, (_s, reports) in zip(shown, page, strict=True):
        seat.direct_count = reports
    context = {
        "scenario": mode.scenario,
        "page": page,
        "rows": [(seat, _norm_text(seat.role.span_limits)) for seat in shown],
        "flag": flag,
        "problem": problem,
        "default_most": settings.SPAN_OF_CONTROL_NORM,
        "scenario_query": f"scenario={mode.scenario.pk}&",
    }
    return render(request, "people/analytics_spans.html", context, status=400 if problem else 200)
