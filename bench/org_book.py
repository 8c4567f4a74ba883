"""Time and memory of the org book PDF of a branch of about 2,000 seats.

`make bench` runs `python -m bench.org_book --people 2000` on a fresh database of each backend
(DATABASE_URL): it loads the demo org of that many people in child processes (the top seat's
branch is the whole org: 2,049 seats; the orgs of the other figures have no branch of that size
under the book's cap) and asks for the top seat's A4 PDF as an HR user. With --quick (CI) it runs
`--seats 200` on the org bench/measure.py loaded: the branch closest to 200 seats, no new
database. Either way it prints one JSON line with wall and CPU seconds and this process's peak
resident memory before and after the request (the process is the server's stand-in: Django and
WeasyPrint loaded). Targets (issue 15): 30 s and 300 MB for 2,000 seats.

`python bench/org_book.py [PEOPLE]` alone does the same on a temporary SQLite database.
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    import django

    django.setup()


def book_of(seat, username: str) -> dict:
    """The PDF of one seat's book as `username`; time, size and peak memory."""
    try:
        import weasyprint  # noqa: F401 - imported before measuring, as in a warm server
    except OSError as missing:  # Pango is missing: the PDF answers 503, nothing to measure
        return {"status": f"no PDF ({str(missing)[:80]})"}
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    response = client.get(f"/org/book/{seat.pk}/pdf/?paper=a4&orientation=portrait")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if response.status_code != 200:
        return {"status": f"HTTP {response.status_code}"}
    return {
        "seats": seat.seat_count + 1,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": after.ru_maxrss // 1024,  # Linux: KiB
        "before_mb": before.ru_maxrss // 1024,
        "pdf_mb": round(len(response.content) / 1e6, 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


def load_org(people: int) -> None:
    """The demo org of `people` into the empty database DATABASE_URL names, in child processes:
    the loading's memory must not count in this process's peak."""
    for args in (
        ["migrate", "-v0"],
        ["load_demo", "--people", str(people), "--seed", "1", "--no-accounts"],
    ):
        subprocess.run([sys.executable, "manage.py", *args], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def book_of_the_top(people: int) -> dict:
    """Load the demo org of `people` (its top seat's branch is every seat: 2,049 at 2,000 people)
    and measure the book of the top seat as an HR user."""
    load_org(people)
    _setup()
    from django.contrib.auth import get_user_model

    from core.groups import HR, ensure_groups
    from people.models import Position

    user = get_user_model().objects.create_user("book-bench", password="book-bench-pw-2026")
    user.groups.set([ensure_groups()[HR]])
    return book_of(Position.objects.active().get(manager=None), user.username)


def branch_near(seats: int):
    """The seat whose branch is closest to `seats` seats in the org loaded already."""
    from people.models import Position

    candidates = Position.objects.active().filter(seat_count__gte=seats // 2)
    return min(
        candidates.only("id", "seat_count"),
        key=lambda p: abs(p.seat_count + 1 - seats),
        default=None,
    ) or Position.objects.active().get(manager=None)


def bench_main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.org_book")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--people", type=int, help="load the demo org of PEOPLE; book its top seat")
    how.add_argument("--seats", type=int, help="the branch closest to SEATS in the org loaded")
    parser.add_argument("--user", default="bench", help="with --seats: an HR user of that org")
    args = parser.parse_args()
    if args.people:
        print(json.dumps(book_of_the_top(args.people)))
        return
    _setup()
    print(json.dumps(book_of(branch_near(args.seats), args.user)))


def standalone(people: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/book.sqlite3"
        print(f"{datetime.date.today()} {json.dumps(book_of_the_top(people))}")


if __name__ == "__main__":
    if __package__:  # python -m bench.org_book
        bench_main()
    else:
        standalone(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
