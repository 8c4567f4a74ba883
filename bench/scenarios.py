"""Scenarios at scale (issue 17): `python -m bench.scenarios [--people N] [--changes N]` on an
empty database (DATABASE_URL; migrated here); builds the demo org, drafts one scenario of N moves
(default 1,000) in one edit, and times the edit, its impact (target ≤ 1 s at 100,000 people),
its problems and conflicts, and applying it (its drafts checked in one simulation and turned into
pending changes, target ≤ 5 s), then the worker on its day. Before the apply, its chart pages
beside the live ones (the chart, a card's reports, a seat in focus, a person's and a role's page;
target: within 1.5x of the live page in time and queries), each the median of seven requests
taken in turn with the live one (A, B, A, B), read again (the process keeps the checked changes
until the next write, planning/overlay.py) and read first after a write (what is kept dropped
before each), and all five read in turn after a write (only the first rebuilds), with the load
average. Prints one JSON line; `python -m bench` runs it on a fresh
database of each backend (--quick: 2,000 people and 100 changes)."""

import argparse
import datetime
import json
import os
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scenarios")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=1_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count

    from core.groups import HR_ADMIN, ensure_groups
    from people.models import Position
    from planning.impact import scenario_impact
    from planning.models import Kind, ScenarioStatus
    from planning.scenarios import (
        scenario_apply,
        scenario_conflicts,
        scenario_create,
        scenario_edit,
        scenario_problems,
    )
    from planning.services import changes_apply_due

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", people=args.people, seed=1, no_accounts=True, stdout=quiet)
    user = get_user_model().objects.create_user("bench-scenarios", is_staff=True)
    user.groups.set([ensure_groups()[HR_ADMIN]])
    managers = list(
        Position.objects.active()
        .annotate(n=Count("reports"))
        .filter(n__gt=3)
        .order_by("id")
        .values_list("id", flat=True)[:200]
    )
    leaves = Position.objects.active().filter(manager_id__isnull=False, direct_count=0)
    moves = []
    for n, (seat, manager) in enumerate(leaves.order_by("id").values_list("id", "manager_id")):
        target = managers[n % len(managers)]
        if target != manager:
            moves.append(
                {
                    "kind": Kind.MOVE,
                    "position": Position(pk=seat),
                    "new_manager": Position(pk=target),
                }
            )
        if len(moves) == args.changes:
            break
    ahead = datetime.date.today() + datetime.timedelta(days=30)
    scenario = scenario_create(created_by=user, name="Bench", effective_on=ahead)
    figures = {"people": args.people, "changes": len(moves)}

    def timed(name, fn):
        start = time.perf_counter()
        result = fn()
        figures[f"{name}_s"] = round(time.perf_counter() - start, 3)
        return result

    timed("edit", lambda: scenario_edit(scenario=scenario, user=user, changes=moves))
    figures["pages"] = pages(user, scenario, moves)
    timed("impact", lambda: scenario_impact(scenario, salaries=True))
    timed("problems", lambda: scenario_problems(scenario))
    timed("conflicts", lambda: scenario_conflicts(scenario))
    scenario.status = ScenarioStatus.APPROVED
    scenario.save()
    timed("apply", lambda: scenario_apply(scenario=scenario, user=user))
    timed("worker", lambda: changes_apply_due(today=ahead))  # on its day, all or nothing
    sys.stdout.write(json.dumps(figures) + "\n")


def pages(user, scenario, moves: list[dict]) -> dict:
    """Each scenario page beside its live page: ms and queries of both, and their ratios; read
    again and read first after a write."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from people.models import Position
    from planning import overlay

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    moved = Position.objects.filter(pk__in=[m["position"].pk for m in moves], holder__isnull=False)
    seat = moved.select_related("role").order_by("pk").first()
    manager = next(m["new_manager"].pk for m in moves if m["position"].pk == seat.pk)
    urls = {
        "chart": reverse("people:chart"),
        "reports": reverse("people:chart-reports", args=[manager]),
        "focus": reverse("people:chart-focus", args=[seat.pk]),
        "person": reverse("people:detail", args=[seat.holder_id]),
        "role": reverse("roles:detail", args=[seat.role.slug]),
    }
    query = {"scenario": scenario.pk}

    def request(url: str, data: dict, first: bool = False) -> tuple[float, int]:
        if first:
            overlay._CACHE.clear()  # as after a write to the org or to planned changes
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            assert client.get(url, data).status_code == 200
            return time.perf_counter() - start, len(queries)

    figures = {"load_average": round(os.getloadavg()[0], 2)}
    for name, url in urls.items():
        request(url, {}), request(url, query)  # warm: the URLconf, templates, caches
        live, again, first = [], [], []
        for _n in range(7):
            live.append(request(url, {}))
            again.append(request(url, query))
            first.append(request(url, query, first=True))
        live_ms = statistics.median(t for t, _q in live) * 1000
        row = {"live_ms": round(live_ms, 1), "live_queries": live[-1][1]}
        for kind, runs in (("scenario", again), ("first", first)):
            ms = statistics.median(t for t, _q in runs) * 1000
            row |= {
                f"{kind}_ms": round(ms, 1),
                f"{kind}_queries": runs[-1][1],
                f"{kind}_time_ratio": round(ms / live_ms, 2),
                f"{kind}_query_ratio": round(runs[-1][1] / live[-1][1], 2),
            }
        figures[name] = row
    # A reader after a write: every page above once, in turn (the first rebuilds what is kept,
    # the others read only the facts they add), against the same pages live.
    live_rounds, after_rounds = [], []
    for _n in range(7):
        live_rounds.append(sum(request(url, {})[0] for url in urls.values()))
        overlay._CACHE.clear()
        after_rounds.append(sum(request(url, query)[0] for url in urls.values()))
    live_ms = statistics.median(live_rounds) * 1000
    after_ms = statistics.median(after_rounds) * 1000
    figures["browse"] = {
        "live_ms": round(live_ms, 1),
        "after_write_ms": round(after_ms, 1),
        "time_ratio": round(after_ms / live_ms, 2),
    }
    return figures


if __name__ == "__main__":
    main()
