"""Time and memory of the org book PDF of a 2,000-seat branch: `python bench/org_book.py [PEOPLE]`.

Loads the demo org (PEOPLE, default 2,000) into a temporary SQLite database in a child process,
then asks for the PDF of the top seat's book as HR and prints wall and CPU seconds and the
process's peak resident memory before and after. Targets (issue 15): 30 s and 300 MB.
"""

import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(people: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/book.sqlite3"
        for args in (["migrate", "-v0"], ["load_demo", "--people", str(people), "--seed", "1"]):
            subprocess.run([sys.executable, "manage.py", *args], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
        import django

        django.setup()
        import weasyprint  # noqa: F401 - imported before measuring, as in a warm server
        from django.contrib.auth import get_user_model
        from django.test import Client

        from people.models import Position

        client = Client()
        client.force_login(get_user_model().objects.get(username="hr"))
        top = Position.objects.get(manager=None)
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        response = client.get(f"/org/book/{top.pk}/pdf/?paper=a4&orientation=portrait")
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(
            f"{datetime.date.today()} book of {top.seat_count + 1} seats: status "
            f"{response.status_code}, {len(response.content) / 1e6:.1f} MB PDF, wall {wall:.1f} s, "
            f"CPU {cpu:.1f} s, peak RSS {after.ru_maxrss // 1024} MB "
            f"(before the request {before.ru_maxrss // 1024} MB)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
