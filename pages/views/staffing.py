"""/planning/: demand against capacity, the seat gap and hiring waves (docs/staffing.md).

HR sees every site; a manager only the site of the seat they hold; everyone else is refused.
The what-if controls are a GET form: nothing is saved, the page computes again.
"""

import datetime
from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.groups import is_hr
from people.models import Site
from staffing import plan
from staffing.access import plan_sites
from staffing.erlang import ImpossibleTarget
from staffing.openings import gap_scenario
from staffing.services import forecast_import

from ..forms import ForecastUploadForm, GapScenarioForm, PlanningForm, QuickDemandForm
from ..staffing_charts import interval_chart, wave_timeline, week_chart


def planning(request: HttpRequest) -> HttpResponse:
    sites = plan_sites(request.user)
    if not sites and is_hr(request.user):  # an org without sites yet: nothing to plan
        return render(request, "staffing/planning.html", {"no_sites": True})
    if not sites:
        raise PermissionDenied(_("Staffing plans are for HR and for managers of a site."))
    # Without a choice, the first site (the menu shows it); an empty choice is "All sites".
    data = request.GET.copy()
    data.setdefault("site", str(sites[0].pk))
    form = PlanningForm(data, sites=sites)
    what_if, chosen_site, week = plan.WhatIf(), None, None
    if form.is_valid():
        what_if = form.what_if()
        chosen_site = form.cleaned_data["site"]
        week = form.cleaned_data["week"]
    else:  # the errors are shown; the plan as stored, of the site if that was valid
        chosen_site = form.cleaned_data.get("site", sites[0])
    # One site's plan (a what-if then computes one site's week); "All sites" shows every
    # site in the gap table.
    shown = [chosen_site] if chosen_site else sites
    try:
        figures = plan.build(sites=shown, week=week, what_if=what_if)
    except ImpossibleTarget:
        form.add_error("level", _("No number of agents meets this service level."))
        figures = plan.build(sites=shown, week=week)
    except plan.NoWfmAgents:
        form.add_error("agents", _("This forecast has no agents needed from a WFM tool."))
        figures = plan.build(sites=shown, week=week, what_if=replace(what_if, theirs=False))
    chosen_site = chosen_site or sites[0]
    charts, compared = {}, {}
    if figures.forecast is not None and figures.week:
        agents = figures.intervals.get(chosen_site.pk)
        if agents is None:
            agents = plan.week_agents(
                figures.forecast, chosen_site, figures.week, plan.WhatIf(), {}
            )
        compared = _compared(figures, chosen_site, agents)
        parameters = figures.parameters[chosen_site.pk]
        charts["interval"] = interval_chart(
            agents.ours,
            figures.forecast.interval_minutes,
            figures.week,
            available=figures.agents_now.get(chosen_site.pk, 0),
            parameters=parameters,
            theirs=agents.theirs,
            title=_("Agents needed per interval at %(site)s, week of %(week)s")
            % {"site": chosen_site, "week": date_format(figures.week)},
        )
        charts["weeks"] = week_chart(
            figures,
            chosen_site,
            title=_("FTE needed per week and agents on hand at %(site)s") % {"site": chosen_site},
        )
    # The charts and the hiring classes are of one site (the chosen one, else the first); the
    # gap table shows every site shown.
    waves = [w for w in figures.waves if w.site.pk == chosen_site.pk]
    titles = {n.role_id: n.role_title for n in figures.needs if n.role_id}
    for wave in waves:  # the role's title; agents are one class for all the agent roles
        wave.label = titles.get(wave.role_id) or _("Agents")
    charts["waves"] = wave_timeline(
        waves,
        datetime.date.today(),
        title=_("Hiring classes at %(site)s: hiring, then training") % {"site": chosen_site},
    )
    for need in figures.needs:  # one string a row: the table has a row a site and role
        need.queue_text = ", ".join(
            f"{queue.name} ({number_format(fte, 1)})" for queue, fte in need.queues
        )
    return render(
        request,
        "staffing/planning.html",
        {
            "form": form,
            "plan": figures,
            "site": chosen_site,
            "charts": charts,
            "waves": waves,
            "compared": compared,
            "quick": _quick(request, sites),
            "today": datetime.date.today(),
            "gap_form": _gap_form(request, figures, chosen_site, form),
        },
    )


def _gap_form(request: HttpRequest, figures: plan.Plan, site: Site, form) -> dict | None:
    """HR's form to open the plan's missing seats as a scenario, when seats are missing."""
    if not is_hr(request.user) or not any(n.role_id and n.gap > 0 for n in figures.needs):
        return None
    day = max(figures.week or datetime.date.min, datetime.date.today() + datetime.timedelta(1))
    shown = site if form.is_valid() and form.cleaned_data["site"] else None
    name = _("Staffing %(site)s, week of %(week)s") % {
        "site": shown or _("all sites"),
        "week": date_format(figures.week) if figures.week else "",
    }
    keep = {f.html_name: f.value() for f in form if f.value() not in (None, "")}
    return {
        "form": GapScenarioForm(initial={"name": name, "effective_on": day}),
        "keep": {k: str(v) for k, v in keep.items()},
    }


@require_POST
def gap_scenario_page(request: HttpRequest) -> HttpResponse:
    """The plan's seat gap (as /planning/ shows it, what-ifs included) as a new draft scenario
    of the org, then its page; refusals go back to /planning/ with the message."""
    if not is_hr(request.user):
        raise PermissionDenied(_("Only HR can create scenarios."))
    sites = plan_sites(request.user)
    shown = PlanningForm(request.POST, sites=sites)
    asked = GapScenarioForm(request.POST)
    back = reverse("staffing:planning")
    if shown.is_valid():
        kept = {f.html_name: f.value() for f in shown if f.value() not in (None, "")}
        back += "?" + urlencode(kept)
    if not (shown.is_valid() and asked.is_valid()):
        for errors in [*shown.errors.values(), *asked.errors.values()]:
            messages.error(request, " ".join(errors))
        return redirect(back)
    site = shown.cleaned_data["site"]
    try:
        figures = plan.build(
            sites=[site] if site else sites,
            week=shown.cleaned_data["week"],
            what_if=shown.what_if(),
        )
        scenario, found = gap_scenario(
            plan=figures,
            user=request.user,
            name=asked.cleaned_data["name"],
            effective_on=asked.cleaned_data["effective_on"],
        )
    except ImpossibleTarget:
        messages.error(request, _("No number of agents meets this service level."))
        return redirect(back)
    except plan.NoWfmAgents:
        messages.error(request, _("This forecast has no agents needed from a WFM tool."))
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    placed = sum(sum(o.managers.values()) for o in found)
    messages.success(request, _("A draft scenario opens %(count)s seats.") % {"count": placed})
    for opening in found:
        if opening.unplaced:
            messages.warning(
                request,
                _(
                    "%(count)s seats of %(role)s at %(site)s were left out: no seat of the "
                    "role they report to is at that site."
                )
                % {"count": opening.unplaced, "role": opening.role.title, "site": opening.site},
            )
    return redirect(scenario.get_absolute_url())


def _compared(figures: plan.Plan, site: Site, agents: plan.WeekAgents) -> dict:
    """Ours beside the WFM tool's, per week and per interval of the chosen week; empty when the
    forecast has none of theirs for the site."""
    weeks = plan.weeks_compared(figures, site)
    if not any(w.theirs is not None for w in weeks):
        return {}
    intervals = plan.intervals_compared(agents, figures.week, figures.forecast.interval_minutes)
    if intervals is None:
        return {"weeks": weeks}
    at, by = intervals.largest
    ours, theirs = round(intervals.hours(intervals.ours)), round(intervals.hours(intervals.theirs))
    return {  # whole hours, so the difference shown is the difference of the figures shown
        "weeks": weeks,
        "ours_hours": ours,
        "theirs_hours": theirs,
        "difference_hours": ours - theirs,
        "largest_at": at,
        "largest": by,
    }


def _quick(request: HttpRequest, sites: list[Site]) -> dict:
    """The typed-in what-if: one queue, one flat interval demand; computed, not stored."""
    if "quick" not in request.GET:
        return {"form": QuickDemandForm(sites=sites)}
    form = QuickDemandForm(request.GET, sites=sites)
    if not form.is_valid():
        return {"form": form}
    return {"form": form, "result": form.result()}


def forecast_import_page(request: HttpRequest) -> HttpResponse:
    """HR uploads a forecast (CSV or .xlsx): stored whole, or every bad row listed and nothing
    stored."""
    if not is_hr(request.user):
        raise PermissionDenied(_("Importing forecasts is for HR."))
    context: dict = {"form": ForecastUploadForm()}
    if request.method == "POST":
        form = ForecastUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                reading, forecast = forecast_import(
                    data=upload.read(),
                    name=form.cleaned_data["name"] or upload.name,
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ValidationError as refusal:
                context["refusal"] = " ".join(refusal.messages)
            else:
                context |= {"reading": reading, "forecast": forecast}
    return render(request, "staffing/import.html", context)
