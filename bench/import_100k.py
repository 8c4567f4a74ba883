"""How long 100,000 rows take to import on SQLite: `python bench/import_100k.py [PEOPLE]`.

Generates the demo org into a temporary SQLite database, exports it, empties the org (roles and
sites stay, as they would in a new installation set up for the import) and times import_people.
The target is 10 s for 100,000 rows. `run()` is for a benchmark suite that calls it.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORG_TABLES = [  # children first
    "people_assignment",
    "people_personskill",
    "people_position_dotted_line_managers",
    "people_position",
    "people_person",
]


def run(people: int = 100_000) -> dict[str, float]:
    """Time an import of `people` rows into an empty org; returns seconds and row counts."""
    import datetime
    import io

    from django.core.management import call_command
    from django.db import connection

    from ladder import demo
    from people.exporting import write_csv
    from people.imports import import_people
    from people.models import Person, Position

    call_command("migrate", verbosity=0)
    demo.load_seed_content()
    demo.generate_org(people=people, seed=1, as_of=datetime.date(2026, 1, 1))
    stream = io.StringIO()
    write_csv(stream, with_salary=True)
    data = stream.getvalue().encode()
    with connection.cursor() as cursor:
        for table in ORG_TABLES:
            cursor.execute(f"DELETE FROM {table}")
    started = time.perf_counter()
    report = import_people(data=data)
    seconds = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    again = time.perf_counter()
    unchanged = import_people(data=data, dry_run=True)
    recheck = time.perf_counter() - again
    return {
        "rows": report.rows,
        "seconds": seconds,
        "reimport_dry_run_seconds": recheck,
        "unchanged": len(unchanged.unchanged),
        "people": Person.objects.count(),
        "seats": Position.objects.count(),
    }


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = tempfile.mkdtemp(prefix="bench-import-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    result = run(people)
    print(
        f"import_people: {result['rows']:,} rows in {result['seconds']:.1f} s "
        f"({result['rows'] / result['seconds']:,.0f} rows/s; target ≤ 10 s for 100,000); "
        f"a dry re-import finds {result['unchanged']:,} unchanged in "
        f"{result['reimport_dry_run_seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
