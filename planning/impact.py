"""What a scenario would do to the org: headcount, vacancies, spans and layers before and after,
the people whose manager changes, and (for those who may see salaries) the salary cost delta per
currency as a waterfall (issue 17). Read from the live org in bulk and the scenario's overlay
(planning/projection.py); the org is not rebuilt per change."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from people.models import Site
from roles import bands
from roles.models import Role, SalaryBand

from .models import Scenario
from .orgstate import LiveOrg, money, org_state
from .scenarios import pending_before, scenario_org
from .services import simulate


@dataclass
class Figures:
    """Counts of one group (a branch or a site), before and after."""

    key: str
    label: str
    url: str
    headcount_before: int = 0
    headcount_after: int = 0
    vacancies_before: int = 0
    vacancies_after: int = 0


@dataclass
class Impact:
    """`branches`: per branch (branch_of: the reports of the first seat from the top with more
    than one report), in the org before and after each; `sites`: per site (key "" for none).
    `spans`: {"before": {...}, "after": {...}} each with managers, mean, median, max, over (above
    the role's norm), under; `layers`: {"before": n, "after": n}; `new_managers`: [{"person",
    "name", "url", "was", "now"}] (seat ids of the manager's seat); `cost`: None unless salaries,
    else per currency {"current", "new_jobs", "departures", "comp_changes", "proposed"} as
    Decimals (current + the three deltas = proposed)."""

    branches: list[Figures] = field(default_factory=list)
    sites: list[Figures] = field(default_factory=list)
    spans: dict = field(default_factory=dict)
    layers: dict = field(default_factory=dict)
    new_managers: list[dict] = field(default_factory=list)
    cost: dict[str, dict[str, Decimal]] | None = None


def scenario_impact(scenario: Scenario, *, salaries: bool) -> Impact:
    """The impact of the scenario on its day against the org as it would be without it (the live
    org and the pending changes due by then). Three queries for the org whatever its size (the
    seats, the roles, the sites), plus those of the two simulations of the changes."""
    live = LiveOrg.read()
    managers = live.managers()
    before_projection, _failed = simulate(pending_before(scenario), live_manager=managers)
    after_projection, _failed, _mine = scenario_org(scenario, live_manager=managers)
    return _impact(live, before_projection, after_projection, salaries=salaries)


def _impact(live: LiveOrg, before_projection, after_projection, *, salaries: bool) -> Impact:
    before, after = org_state(before_projection, live), org_state(after_projection, live)
    roles = {r.pk: r for r in Role.objects.all()}
    below_before, below_after = before.reports(), after.reports()
    impact = Impact()
    impact.branches = _groups(
        before,
        after,
        branch_of(below_before),
        branch_of(below_after),
        label=lambda k: _seat_name(k, before, after, roles),
        url=lambda k: reverse("people:chart-focus", args=[k]) if k > 0 else "",
    )
    sites = dict(Site.objects.values_list("id", "name"))
    impact.sites = _groups(
        before,
        after,
        before.site,
        after.site,
        label=lambda k: sites.get(k) or _("No site"),
        url=lambda k: "",
    )
    impact.spans = {
        "before": _spans(below_before, before, roles),
        "after": _spans(below_after, after, roles),
    }
    impact.layers = {"before": layers(below_before), "after": layers(below_after)}
    impact.new_managers = _new_managers(before, after, below_before, below_after)
    if salaries:
        impact.cost = _cost(before, after, _new_seat_budgets(before, after))
    return impact


def branch_parent(below: dict) -> int | None:
    """The seat whose reports are the org's branches: the first seat from the top with more than
    one report, as on the structure analytics (people.analytics.default_branch_parent). A chain
    of one report each at the top (CCO → VP → Head of Customer Service) is not where the org
    splits; below it the branches are the call centers and key accounts a user means. None when
    the org has several tops (each is then a branch)."""
    tops = below.get(None, [])
    if len(tops) != 1:
        return None
    seat = tops[0]
    while len(below.get(seat, [])) == 1:
        seat = below[seat][0]
    return seat


def branch_of(below: dict) -> dict[int, int]:
    """Each seat's branch (its head: one of branch_parent's reports); the seats above the split
    are in none. Walked a level at a time, each level's seats given their head in one
    dict.fromkeys (100,000 seats: no Python step per seat but the list of its reports)."""
    parent = branch_parent(below)
    heads = below.get(None, []) if parent is None else below.get(parent, [])
    branch: dict[int, int] = {}
    for head in heads:
        level = [head]
        while level:
            branch.update(dict.fromkeys(level, head))
            level = [kid for seat in level for kid in below.get(seat, ())]
    return branch


def layers(below: dict) -> int:
    """How many levels the org has, from its tops down, a level at a time. A reporting loop is
    never reached from a top (each of its seats has its manager inside it), so this ends."""
    depth, level = 0, below.get(None, [])
    while level:
        depth += 1
        level = [kid for seat in level for kid in below.get(seat, ())]
    return depth


def _new_seat_budgets(before, after) -> list[tuple[Decimal, str]]:
    """(amount, currency) for each seat the scenario opens that stays vacant: the midpoint of
    its role's annual band where it sits (roles/bands.py), so opening seats shows in the cost.
    A seat a pending change opens by the scenario's day is in the org before it too: not the
    scenario's. Two queries (the bands of those roles, the sites' countries); a role without a
    band adds nothing."""
    opened = [
        s
        for s, holder in after.holder.items()
        if s < 0 and holder is None and s not in before.holder
    ]
    if not opened:
        return []
    role_ids = {after.role[s] for s in opened}
    by_role: dict[int, list[SalaryBand]] = defaultdict(list)
    for band in SalaryBand.objects.filter(role_id__in=role_ids).order_by("-effective_from"):
        by_role[band.role_id].append(band)
    countries = dict(Site.objects.values_list("id", "country"))
    budgets = []
    for seat in opened:
        location = bands.location_for_country(countries.get(after.site.get(seat), ""))
        band = bands.band_for(by_role.get(after.role[seat], []), location=location)
        if band is not None:
            budgets.append((band.midpoint, band.currency))
    return budgets


def _seat_name(key, before, after, roles) -> str:
    role = roles.get(after.role.get(key) or before.role.get(key))
    title = role.title if role else ""
    return f"{title} #{key}" if key > 0 else f"{title} ({_('new')})"


def _groups(before, after, key_before: dict, key_after: dict, *, label, url) -> list[Figures]:
    """Held and vacant seats by key (branch or site), before and after: four Counters over the
    seats, no per-seat Python beyond a dict lookup."""
    counts = {}
    for when, state, keys in (("before", before, key_before), ("after", after, key_after)):
        both = Counter(
            zip(map(keys.get, state.holder), map(bool, state.holder.values()), strict=True)
        )
        held = Counter({key: n for (key, filled), n in both.items() if filled})
        vacant = Counter({key: n for (key, filled), n in both.items() if not filled})
        counts[when] = (held, vacant)
    everything = set().union(*(c.keys() for pair in counts.values() for c in pair))
    if key_before is not before.site:
        everything.discard(None)  # a seat in no branch: a top
    figures = []
    for key in everything:
        figures.append(
            Figures(
                str(key or ""),
                str(label(key)),
                url(key) if key else "",
                headcount_before=counts["before"][0][key],
                headcount_after=counts["after"][0][key],
                vacancies_before=counts["before"][1][key],
                vacancies_after=counts["after"][1][key],
            )
        )
    return sorted(figures, key=lambda f: (f.label, f.key))


def _spans(below: dict, state, roles) -> dict:
    counts = []
    over = under = 0
    for seat, reports in below.items():
        if seat is None or not reports:
            continue
        counts.append(len(reports))
        role = roles.get(state.role.get(seat))
        if role is not None:
            fewest, most = role.span_limits
            over += len(reports) > most
            under += bool(fewest and len(reports) < fewest)
    return {
        "managers": len(counts),
        "mean": round(statistics.fmean(counts), 2) if counts else 0,
        "median": statistics.median(counts) if counts else 0,
        "max": max(counts, default=0),
        "over": over,
        "under": under,
    }


def _changed(before: dict, after: dict) -> set:
    """The keys whose value differs between two dicts (or that only one has): a set operation
    over their items, in C, not a Python loop over 100,000 seats."""
    return {key for key, _value in before.items() ^ after.items()}


def _new_managers(before, after, below_before: dict, below_after: dict) -> list[dict]:
    """People holding a seat before and after whose manager (the holder of their seat's
    manager's seat) is another person after. Only the people the changes can reach are looked
    at: those whose seat, or whose seat's manager, changes, and the reports of the seats whose
    holder changes (the org is 100,000 people, a scenario a few thousand of them at most)."""
    reheld = _changed(before.holder, after.holder)
    seats = reheld | _changed(before.manager, after.manager)
    for seat in reheld:
        seats.update(below_before.get(seat, ()))
        seats.update(below_after.get(seat, ()))
    # Where someone sat before and after, for those whose seat changes; anyone else holds the
    # same seat on both sides.
    seat_before = {before.holder[s]: s for s in reheld if before.holder.get(s) is not None}
    seat_after = {after.holder[s]: s for s in reheld if after.holder.get(s) is not None}
    detail = reverse("people:detail", args=[2**31 - 1])  # one reverse(), not one a person
    moved = []
    for seat in sorted(seats):
        person = after.holder.get(seat)
        if person is None or seat_after.get(person, seat) != seat:
            continue
        was_seat = seat_before.get(person, seat)
        if person not in seat_before and before.holder.get(seat) != person:
            continue  # seated only after
        was = before.holder.get(before.manager.get(was_seat))
        now = after.holder.get(after.manager.get(seat))
        if was != now or before.manager.get(was_seat) != after.manager.get(seat):
            moved.append(
                {
                    "person": person,
                    "url": detail.replace(str(2**31 - 1), str(person)),
                    "was": before.manager.get(was_seat),
                    "now": after.manager.get(seat),
                    "was_person": was,
                    "now_person": now,
                }
            )
    return moved


WATERFALL = ("current", "new_jobs", "departures", "comp_changes", "proposed")


def _cost(before, after, budgets=()) -> dict[str, dict[str, Decimal]]:
    """Per currency: the cost of the seats' holders before, the pay of the people seated only
    after and the budget of the vacant seats the scenario opens (new jobs), less the pay of
    those seated only before (departures), the raises of those in both, and the cost after (the
    sum of the four). People with no salary count nothing. One pass over the holders for the
    current cost; the steps only over the people who differ."""
    zero = Decimal("0.00")
    current: dict[str, float] = defaultdict(float)
    for salary, currency in before.pay.values():
        if salary is not None and currency:
            current[currency] += float(salary)
    steps: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"new_jobs": zero, "departures": zero, "comp_changes": zero}
    )

    def add(currency: str, step: str, amount) -> None:
        if amount is not None and currency:
            steps[currency][step] += money(amount)

    for amount, currency in budgets:
        add(currency, "new_jobs", amount)
    for person, (salary, currency) in before.pay.items():
        if person not in after.pay and salary is not None:
            add(currency, "departures", -money(salary))
    for person, pay in after.pay.items():
        was = before.pay.get(person)
        if was == pay:
            continue
        salary, currency = pay
        if was is None:
            add(currency, "new_jobs", salary)
        elif was[1] == currency and salary is not None and was[0] is not None:
            add(currency, "comp_changes", money(salary) - money(was[0]))
        else:  # no salary before or after, or another currency
            add(currency, "comp_changes", salary)
            add(was[1], "comp_changes", -money(was[0]) if was[0] is not None else None)
    cost = {}
    for currency in sorted(set(current) | set(steps)):
        row = {"current": money(current.get(currency, 0)), **steps[currency]}
        row["proposed"] = row["current"] + row["new_jobs"] + row["departures"]
        row["proposed"] += row["comp_changes"]
        cost[currency] = {k: row[k] for k in WATERFALL}
    return cost


def scenario_compare(a: Scenario, b: Scenario, *, salaries: bool) -> dict:
    """Two scenarios side by side: {"a": Impact, "b": Impact, "rows": [{"label", "a", "b"}]} of
    headcount, vacancies, cost (when salaries) and spans."""
    first, second = scenario_impact(a, salaries=salaries), scenario_impact(b, salaries=salaries)

    def totals(impact: Impact) -> dict:
        rows = {
            # by site: every seat has one (or none, a row too); the seats above the branches
            # are in no branch
            str(_("Headcount")): sum(f.headcount_after for f in impact.sites),
            str(_("Vacancies")): sum(f.vacancies_after for f in impact.sites),
            str(_("Managers")): impact.spans["after"]["managers"],
            str(_("Mean span")): impact.spans["after"]["mean"],
            str(_("Spans over the norm")): impact.spans["after"]["over"],
            str(_("Layers")): impact.layers["after"],
            str(_("People with a new manager")): len(impact.new_managers),
        }
        for currency, steps in sorted((impact.cost or {}).items()):
            rows[str(_("Cost (%(currency)s)") % {"currency": currency})] = steps["proposed"]
        return rows

    ta, tb = totals(first), totals(second)
    labels = list(dict.fromkeys([*ta, *tb]))
    return {
        "a": first,
        "b": second,
        "rows": [{"label": k, "a": ta.get(k), "b": tb.get(k)} for k in labels],
    }
