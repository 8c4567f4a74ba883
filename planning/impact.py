"""What a scenario would do to the org: headcount, vacancies, spans and layers before and after,
the people whose manager changes, and (for those who may see salaries) the salary cost delta per
currency as a waterfall (issue 17). Read from the live org in bulk and the scenario's overlay
(planning/projection.py); the org is not rebuilt per change."""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Scenario


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
    """`branches`: per seat directly below the top seat; `sites`: per site (key "" for none).
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
    org and the pending changes due by then)."""
    raise NotImplementedError


def scenario_compare(a: Scenario, b: Scenario, *, salaries: bool) -> dict:
    """Two scenarios side by side: {"a": Impact, "b": Impact, "rows": [{"label", "a", "b"}]} of
    headcount, vacancies, cost (when salaries) and spans."""
    raise NotImplementedError
