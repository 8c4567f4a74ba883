"""The chart in Chromium for `make bench`: first paint's DOM elements, the layout of ~1,500 cards.

`python -m bench.chart_layout --cookie sessionid=… [--runs N]`, with DATABASE_URL naming an org
that bench/measure.py loaded (it signs in the HR user whose cookie this is). Serves the app on a
free port (`runserver --insecure`: the static files without collectstatic), opens `/org/` in
headless Chromium at 1440 x 900 and counts the elements of the first view, then opens the largest
branch the chart draws at once (at most `people.chart.BRANCH_LIMIT` seats) with Expand branch,
then the largest branches and teams shown beside it, until about 1,500 cards are laid out, and
lays them out again and again. The times are the Performance API's: static/js/chart.js measures
every layout as "chart-layout"; the same with the browser's reflow after it is measured here as
"chart-layout-reflow". Prints one JSON line. Targets (issue 15): ≤ 1,500 elements on the first
paint at 100,000 people, the layout of 1,500 cards ≤ 50 ms.

The Chromium tests (tests/browser/test_chart_layout.py) run the same functions on a small org.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1440, "height": 900}

DOM_ELEMENTS = "() => document.getElementsByTagName('*').length"
# Lays the shown chart out `runs` times; returns the durations of the Performance API's measures.
LAYOUTS = """(runs) => {
  performance.clearMeasures('chart-layout'); performance.clearMeasures('chart-layout-reflow');
  for (let i = 0; i < runs; i++) {
    window.orgChart.layout();
    performance.mark('chart-layout-reflow-start');
    window.orgChart.layout();
    document.body.offsetHeight;  // the browser's style and layout of the moved cards
    performance.measure('chart-layout-reflow', {start: 'chart-layout-reflow-start'});
  }
  const ms = name => performance.getEntriesByName(name, 'measure').map(e => e.duration);
  return {layout: ms('chart-layout'), reflow: ms('chart-layout-reflow'),
          cards: window.orgChart.cards};
}"""


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"median_ms": round(pick(0.5), 2), "p95_ms": round(pick(0.95), 2)}


def first_paint(page, base: str) -> int:
    """The elements of `/org/` once chart.js has drawn its first view."""
    page.goto(base + "/org/")
    page.wait_for_function("() => window.orgChart && window.orgChart.cards > 0")
    return page.evaluate(DOM_ELEMENTS)


# What to open next within the budget: the shown card with the largest branch that fits and is
# not open yet (Expand branch), else the shown card with the largest team not shown that fits
# (its reports, one level). Null when nothing fits.
NEXT_OPENING = """(budget) => {
  const shown = window.orgChart.cards, nodes = window.orgChart.nodes();
  const bySize = (key) => (a, b) => b.card.dataset[key] - a.card.dataset[key];
  const branches = nodes.filter(n => +n.card.dataset.seats > n.kids.length
    && shown + +n.card.dataset.seats <= budget && !n.li.closest('[data-bench-opened]'));
  if (branches.length) {
    const n = branches.sort(bySize('seats'))[0];
    n.li.dataset.benchOpened = '1';
    return {seat: +n.card.dataset.seat, branch: true};
  }
  const teams = nodes.filter(n => !n.kids.length && +n.card.dataset.direct > 0
    && shown + +n.card.dataset.direct <= budget);
  if (!teams.length) return null;
  return {seat: +teams.sort(bySize('direct'))[0].card.dataset.seat, branch: false};
}"""
OPEN_TEAM = """(seat) => {
  const card = document.getElementById('seat-' + seat);
  (card.querySelector('a.expand') || card.querySelector('button.fold')).click();
}"""


def open_branches(page, base: str, seat_id: int, budget: int = 1500) -> int:
    """The chart around a seat, then Expand branch on it and on the largest branches shown
    beside it, then single teams, while the cards stay within `budget`; the cards shown."""
    page.goto(f"{base}/org/{seat_id}/")
    page.wait_for_function("() => window.orgChart && window.orgChart.cards > 0")
    while (opening := page.evaluate(NEXT_OPENING, budget)) is not None:
        before = page.evaluate("window.orgChart.cards")
        if opening["branch"]:
            page.focus(f"#seat-{opening['seat']}")  # selects the card
            page.click("button[data-action=expand-all]")
        else:
            page.evaluate(OPEN_TEAM, opening["seat"])
        page.wait_for_function(f"() => window.orgChart.cards > {before}", timeout=120_000)
    return page.evaluate("window.orgChart.cards")


def layout_times(page, runs: int) -> dict:
    """Median and p95 of `runs` layouts of the chart shown, as the Performance API measured them."""
    measured = page.evaluate(LAYOUTS, runs)
    return {
        "cards": measured["cards"],
        "runs": len(measured["layout"]),
        **_stats(measured["layout"]),
        "with_reflow": _stats(measured["reflow"]),
    }


def measure(base: str, cookie: str, seat_id: int, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    name, _, value = cookie.partition("=")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(viewport=DESKTOP)
            context.add_cookies([{"name": name, "value": value, "url": base}])
            page = context.new_page()
            elements = first_paint(page, base)
            open_branches(page, base, seat_id)
            return {"first_paint_elements": elements} | layout_times(page, runs)
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _largest_drawable_branch() -> tuple[int, int]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django

    django.setup()
    from people.chart import BRANCH_LIMIT
    from people.models import Position

    seat = (
        Position.objects.active()
        .filter(seat_count__lte=BRANCH_LIMIT)
        .order_by("-seat_count", "id")
        .only("id", "seat_count")
        .first()
    )
    return seat.pk, seat.seat_count


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.chart_layout")
    parser.add_argument("--cookie", required=True, help="sessionid=… of a signed-in HR user")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(json.dumps({"status": f"no Chromium at {CHROMIUM}"}))
        return
    seat_id, seats = _largest_drawable_branch()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        figures = measure(base, args.cookie, seat_id, args.runs)
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(json.dumps(figures | {"branch_seat": seat_id, "branch_seats": seats + 1}))


if __name__ == "__main__":
    main()
