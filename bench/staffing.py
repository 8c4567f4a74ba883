"""Staffing from demand (issue 18): `python -m bench.staffing [--quick]` on an empty, migrated
database (DATABASE_URL); prints one JSON line.

Full: a year x 48 intervals a day x 20 queues x 10 sites (3.5 million intervals) with handle
times that vary by interval (so nearly every interval is a distinct Erlang problem, as in a WFM
export); measures computing and storing the agents needed (target ≤ 10 s), reading the stored
plan for the planning page (≤ 100 ms) and a what-if of one site and week (≤ 200 ms).
Erlang A (queues with a patience) in bulk: the same intervals computed again as if every queue
had a patience of 240 s (not stored), against the chain one (traffic, handle time) pair at a
time, as before the closed form, timed on a sample and scaled to the intervals.
--quick (CI): 8 weeks x 5 queues x 3 sites.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time


def _times(fn, runs: int) -> dict:
    fn()  # warm-up
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        taken.append((time.perf_counter() - start) * 1000)
    taken.sort()
    return {
        "median_ms": round(statistics.median(taken), 1),
        "p95_ms": round(taken[min(len(taken) - 1, int(len(taken) * 0.95))], 1),
    }


def _erlang_a(demand, queues: list, sample: int = 1500) -> dict:
    """Erlang A over every interval of the demand, a queue at a time as the import does."""
    import numpy as np

    from staffing.erlang import Target, agents_needed, agents_needed_many

    target = Target(level=0.8, seconds=20, max_occupancy=0.85, patience_seconds=240)
    per_queue = {}
    for (_site, queue, _day), (offered, aht, acw, _theirs) in demand.days.items():
        per_queue.setdefault(queue, []).append((offered, aht + acw))
    start, cpu, intervals = time.perf_counter(), time.process_time(), 0
    for days in per_queue.values():
        offered = np.concatenate([o for o, _h in days])
        handle = np.concatenate([h for _o, h in days])
        agents_needed_many(offered * handle / (demand.interval_minutes * 60), handle, target)
        intervals += len(offered)
    after_s, after_cpu = time.perf_counter() - start, time.process_time() - cpu
    # before: the chain per distinct pair, on the first queue's first intervals, scaled
    offered, handle = (
        np.concatenate(x)[:sample] for x in zip(*per_queue[queues[0].pk], strict=True)
    )
    a = np.ceil(offered * handle / (demand.interval_minutes * 60) * 1000 - 1e-6) / 1000
    start = time.perf_counter()
    for x, h in {(x, h) for x, h in zip(a, np.ceil(handle), strict=True) if x > 0}:
        agents_needed(x, h, target)
    before_per_interval = (time.perf_counter() - start) / sample
    return {
        "intervals": intervals,
        "after_s": round(after_s, 2),
        "after_cpu_s": round(after_cpu, 2),
        "before_sample_intervals": sample,
        "before_estimated_s": round(before_per_interval * intervals, 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.staffing")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django

    django.setup()
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from core.groups import HR, ensure_groups
    from people.models import Site
    from roles.models import Role
    from staffing import plan
    from staffing.imports import Demand
    from staffing.models import Queue, SiteStaffing
    from staffing.services import forecast_create

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    weeks, queues_n, sites_n = (8, 5, 3) if args.quick else (52, 20, 10)
    days = weeks * 7 + (0 if args.quick else 1)  # a year: 365 days
    agent = Role.objects.create(title="Agent", slug="agent", track="individual", career_level=1)
    sites = [
        Site.objects.create(code=f"S{i:02d}", name=f"Site {i}", country="DE")
        for i in range(sites_n)
    ]
    for site in sites:
        SiteStaffing.objects.create(site=site)
    queues = [
        Queue.objects.create(code=f"Q{i:02d}", name=f"Queue {i}", role=agent)
        for i in range(queues_n)
    ]
    rng = np.random.default_rng(18)
    shape = np.concatenate([np.zeros(14), np.sin(np.linspace(0.2, np.pi - 0.2, 28)), np.zeros(6)])
    monday = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    demand = Demand(interval_minutes=30)
    for site in sites:
        for queue in queues:
            base = rng.uniform(5, 120)
            for d in range(days):
                offered = np.round(shape * base * rng.uniform(0.8, 1.2, 48), 1)
                aht = np.round(rng.normal(300, 25, 48), 1)
                day = monday + datetime.timedelta(days=d)
                demand.days[(site.pk, queue.pk, day)] = [offered, aht, np.full(48, 30.0), None]
    intervals = len(demand.days) * 48
    start, cpu = time.perf_counter(), time.process_time()
    forecast_create(name="bench", demand=demand)
    compute_s, compute_cpu = time.perf_counter() - start, time.process_time() - cpu

    user = get_user_model().objects.create_user("bench-hr", password="x")
    user.groups.set([ensure_groups()[HR]])
    client = Client()
    client.force_login(user)
    one = sites[0]
    week = monday + datetime.timedelta(weeks=1)
    result = {
        "intervals": intervals,
        "compute_and_store_s": round(compute_s, 2),
        # the wall clock of a shared machine measures its load too: the CPU time beside it
        "compute_and_store_cpu_s": round(compute_cpu, 2),
        "load_average": round(os.getloadavg()[0], 2),
        "plan_all_sites": _times(lambda: plan.build(sites=sites), args.runs),
        "plan_one_site": _times(lambda: plan.build(sites=[one]), args.runs),
        "page_hr": _times(lambda: client.get("/planning/", HTTP_HOST="127.0.0.1"), args.runs),
        "page_hr_all_sites": _times(
            lambda: client.get("/planning/?site=", HTTP_HOST="127.0.0.1"), args.runs
        ),
        "what_if_one_site_week": _times(
            lambda: plan.build(
                sites=[one], week=week, what_if=plan.WhatIf(level=0.9, aht_factor=1.1)
            ),
            args.runs,
        ),
        "what_if_page": _times(
            lambda: client.get(
                f"/planning/?site={one.pk}&week={week}&level=90&aht=110", HTTP_HOST="127.0.0.1"
            ),
            args.runs,
        ),
    }
    result["erlang_a"] = _erlang_a(demand, queues)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
