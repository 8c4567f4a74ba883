"""Measure one org size on the database that DATABASE_URL names; print one JSON line.

Run by `python -m bench`; the database must be empty (the orchestrator makes a fresh one).
"""

import argparse
import os
import sys
import time
from html.parser import HTMLParser
from urllib.parse import quote

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
django.setup()

import orjson  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.floor import FLOORS, build_closure, drop_closure  # noqa: E402
from bench.import_100k import empty_org  # noqa: E402
from bench.stats import summary, timed, timed_in_turn  # noqa: E402
from core.groups import HR, ensure_groups  # noqa: E402
from people import search, services, tree, trigrams  # noqa: E402
from people.fold import fold  # noqa: E402
from people.models import Person, Position  # noqa: E402

AUTH_TABLES = (
    "django_session",
    "identity_accountsession",  # the sessions since issue 20 (identity/sessions.py)
    "auth_user",
    "auth_group",
    "knox_authtoken",
    "axes_",
    '"cache"',
    "core_ratelimitcount",  # the throttles' one count a request (core/ratecounts.py)
)


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def data_queries(captured) -> int:
    return sum(1 for q in captured if not any(t in q["sql"] for t in AUTH_TABLES))


def get(client: Client, url: str):
    """A request read to the end: a streamed answer (the export) reads its rows as it is sent."""
    response = client.get(url)
    if response.streaming:
        for _piece in response.streaming_content:  # the client closes it after the last piece
            pass
    return response


def measure_request(client: Client, url: str, runs: int, floor=None) -> dict:
    with CaptureQueriesContext(connection) as captured:
        response = get(client, url)
    result = {
        "url": url,
        "status": response.status_code,
        "queries": len(captured),
        "data_queries": data_queries(captured),
    }
    if response.status_code != 200:
        return result
    if floor is None:
        result |= timed(lambda: get(client, url), runs=runs)
        result["load_average"] = round(os.getloadavg()[0], 2)
    else:  # {name: read}: each alternative timed in turn with the request; the fastest, the floor
        taken = timed_in_turn({"": lambda: get(client, url)} | floor, runs=runs)
        result |= taken.pop("")
        result["load_average"] = round(os.getloadavg()[0], 2)
        medians = {name: figures["median_ms"] for name, figures in taken.items()}
        best = min(medians, key=medians.get)
        result["floor_alternatives_ms"] = medians
        result["floor_by"] = best
        result["floor_median_ms"] = medians[best]
        result["ratio"] = round(result["median_ms"] / max(medians[best], 1e-6), 2)
    return result


# What people type into search (issue 21): full and partial names, accents and their plain
# spellings, Polish letters, two-letter words, an e-mail, an employee id, nothing found.
SEARCH_TEXTS = [
    "Bottcher", "joerg bottcher", "nowak", "Łukasz", "lukasz kowalski", "Müller", "strauss",
    "an", "el", "ko wa", "a nowak", "anna.nowak", "E000123", "xyzzy",
]  # fmt: skip


def _search_index_sql(text: str) -> tuple[str, list]:
    """The index alone, no sort and no seats: FTS5 MATCH on SQLite (people.trigrams), the
    trigram GIN index under `search_name LIKE` on PostgreSQL; the first 10 hits."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            match, _letters = trigrams._match(cursor, text)
        table = trigrams.TABLE
        return f"SELECT rowid FROM {table} WHERE {table} MATCH %s LIMIT 10", [match or '""']
    words = " AND ".join(["search_name LIKE %s"] * len(text.split()))
    sql = f"SELECT id FROM people_person WHERE ({words}) OR UPPER(email) LIKE %s LIMIT 10"
    return sql, [f"%{fold(w)}%" for w in text.split()] + [f"%{text.upper()}%"]


def _raw(sql: str, params: list):
    def read():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return read


def measure_search(client: Client, runs: int) -> dict:
    """The search-as-you-type answer for each of SEARCH_TEXTS, `runs` times each: median and
    p95 over all of them, the most queries any took, and the floor: the app's people query
    raw (`sql`) and the index alone (`index`), timed over the same texts."""
    urls = [f"/search/results/?q={quote(text)}" for text in SEARCH_TEXTS]
    queries = {}
    for text, url in zip(SEARCH_TEXTS, urls, strict=True):
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        queries[text] = data_queries(captured)
    people_sql = [search._people(text, 10).query.sql_with_params() for text in SEARCH_TEXTS]
    reads = {
        "page": [lambda url=url: get(client, url) for url in urls],
        "sql": [_raw(sql, list(params)) for sql, params in people_sql],
        "index": [_raw(*_search_index_sql(text)) for text in SEARCH_TEXTS],
    }
    samples = {name: [] for name in reads}
    for name, each in reads.items():
        for read in each:
            read()  # warm-up
        for _run in range(runs):
            for read in each:
                started = time.perf_counter()
                read()
                samples[name].append((time.perf_counter() - started) * 1000)
    floors = {name: summary(samples[name])["median_ms"] for name in ("sql", "index")}
    best = min(floors, key=floors.get)
    result = summary(samples["page"]) | {
        "texts": len(SEARCH_TEXTS),
        "data_queries": max(queries.values()),
        "queries_by_text": queries,
        "load_average": round(os.getloadavg()[0], 2),
        "floor_alternatives_ms": floors,
        "floor_p95_ms": {name: summary(samples[name])["p95_ms"] for name in floors},
        "floor_by": best,
        "floor_median_ms": floors[best],
    }
    result["ratio"] = round(result["median_ms"] / max(floors[best], 1e-6), 2)
    return result


def seat_near(seat_count: int) -> Position | None:
    """The seat whose subtree is closest in size to seat_count (not the top)."""
    candidates = Position.objects.exclude(manager=None).filter(seat_count__gte=seat_count // 2)
    return min(
        candidates.only("id", "seat_count"),
        key=lambda p: abs(p.seat_count - seat_count),
        default=None,
    )


def measure_hire(runs: int) -> dict:
    vacancies = list(Position.objects.vacant().exclude(manager=None).values_list("id", flat=True))
    samples, queries = [], 0
    for i, seat_id in enumerate(vacancies[:runs]):
        person = Person.objects.create(
            employee_id=f"BENCH{i}", first_name="Bench", last_name=str(i), hire_date="2026-01-01"
        )
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            services.person_hire(
                person=person, position=Position(pk=seat_id), started_on=person.hire_date
            )
            samples.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    if not samples:
        return {"status": "no vacancy"}
    return summary(samples) | {"queries": queries}


def measure_team_move(runs: int, size: int = 1000) -> dict:
    team = seat_near(size)
    if team is None:
        return {"status": "no team"}
    home = team.manager
    # The other manager must not sit inside the team, or the move would make a loop.
    inside = {pk for pk, _depth in tree.subtree_ids(team.pk)} | {home.pk}
    same_role = Position.objects.filter(role_id=home.role_id).values_list("id", flat=True)
    managers = Position.objects.filter(direct_count__gt=0).values_list("id", flat=True)
    away_id = next((pk for pk in same_role if pk not in inside), None) or next(
        pk for pk in managers if pk not in inside
    )
    away = Position.objects.get(pk=away_id)
    samples, queries = [], 0
    for i in range(runs):
        target = away if i % 2 == 0 else home
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            services.position_move(position=team, new_manager=target)
            samples.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return summary(samples) | {"team_seats": team.seat_count + 1, "queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--empty-org", action="store_true", help="empty the org (roles and sites stay) and stop"
    )
    args = parser.parse_args()
    if args.empty_org:
        empty_org()
        return
    call_command("migrate", verbosity=0)
    call_command("createcachetable")  # the API's throttle counts (settings.CACHES)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", people=args.people, seed=1, no_accounts=True, stdout=quiet)
    load_s = time.perf_counter() - started
    user = get_user_model().objects.create_user("bench", password="bench-pw-2026")
    user.groups.set([ensure_groups()[HR]])
    client = Client()
    client.force_login(user)

    started = time.perf_counter()
    closure_rows = build_closure()  # the floor's closure table (bench/floor.py)
    closure = {"rows": closure_rows, "build_s": round(time.perf_counter() - started, 2)}
    top = Position.objects.top().get()
    lead = Position.objects.filter(role__slug="team-leader").order_by("-direct_count").first()
    agent = Position.objects.filter(manager=lead).first()
    sub1k, sub10k = seat_near(1000), seat_near(10_000)
    runs = args.runs
    figures = {
        "load_demo_s": round(load_s, 2),
        "org_page": measure_request(client, "/org/", runs),
        "children": measure_request(
            client, f"/api/v1/positions/{lead.pk}/children/", runs, FLOORS["children"](lead.pk)
        ),
        "chain": measure_request(
            client, f"/api/v1/positions/{agent.pk}/chain/", runs, FLOORS["chain"](agent.pk)
        ),
        "people_list_50": measure_request(client, "/api/v1/people/?page_size=50", runs),
        "people_list_100": measure_request(client, "/api/v1/people/?page_size=100", runs),
        "export": measure_request(
            client, "/api/v1/org/export/", max(5, runs // 5), FLOORS["export"]()
        ),
        # The largest role and the one with the most paths in: "who is ready" at scale.
        "role_consultant": measure_request(client, "/roles/consultant/", runs),
        "role_team_leader": measure_request(client, "/roles/team-leader/", runs),
        "search": measure_search(client, max(5, runs // 3)),
    }
    for name, seat in (("subtree_1k", sub1k), ("subtree_10k", sub10k)):
        if seat is not None and seat.seat_count >= (500 if name == "subtree_1k" else 5000):
            figures[name] = measure_request(
                client,
                f"/api/v1/positions/{seat.pk}/subtree/",
                max(5, runs // 3),
                FLOORS["subtree"](seat.pk),
            ) | {"seats": seat.seat_count + 1}
    page = client.get("/org/")
    if page.status_code == 200:
        counter = ElementCounter()
        counter.feed(page.content.decode())
        figures["org_page"]["dom_elements"] = counter.count
    drop_closure()  # before the writes: nothing keeps it up to date
    figures["closure_table"] = closure
    figures["hire"] = measure_hire(runs)
    figures["move_team_1k"] = measure_team_move(max(6, runs // 3))
    figures["people"] = args.people
    figures["seats"] = Position.objects.count()
    figures["top_seat"] = top.pk
    figures["session_cookie"] = f"sessionid={client.cookies['sessionid'].value}"
    figures["load_paths"] = [
        f"/api/v1/positions/{pk}/children/"
        for pk in Position.objects.filter(direct_count__gt=0)
        .order_by("id")
        .values_list("id", flat=True)[:200]
    ]
    figures["org_paths"] = ["/org/"]  # the chart from the top, as HR (needs a login)
    figures["children_seat"] = lead.pk
    sys.stdout.write(orjson.dumps(figures).decode() + "\n")


if __name__ == "__main__":
    main()
