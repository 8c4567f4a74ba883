"""How long 100,000 rows take to import on SQLite: `python bench/import_100k.py [PEOPLE]`.

Generates the demo org into a temporary SQLite database (`load_demo`, in a child process), exports
it (`export_people`), empties the org (roles and sites stay, as in an installation set up for its
first import) and times import_people on the file, then a dry re-import of the same file. The
target is 10 s for 100,000 rows. `run(path_to_csv)` is for a benchmark suite that calls it.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The org's history goes too: an installation set up for its first import has none.
HISTORY_TABLES = [
    "people_historicalperson",
    "people_historicalposition",
    "people_historicalassignment",
]


def org_tables() -> list[str]:
    """People, seats and assignments and every table whose foreign keys point into them, as
    far as they reach (skills held, promotions, planned changes, pay records, accounts' links),
    children first, so each can be emptied in turn."""
    from django.apps import apps

    from people.models import Assignment, Person, Position

    models = apps.get_models(include_auto_created=True)
    order: list = []
    visiting: set = set()

    def visit(target) -> None:  # children before the table they point into
        if target in order or target in visiting:
            return
        visiting.add(target)
        for child in models:
            if child is not target and _points_into(child, target):
                visit(child)
        order.append(target)

    for root in (Person, Position, Assignment):
        visit(root)
    return [m._meta.db_table for m in order]


def _points_into(model, target) -> bool:
    return any(
        field.is_relation
        and field.many_to_one | field.one_to_one
        and field.remote_field.model is target
        and getattr(field, "db_constraint", False)
        for field in model._meta.local_fields
    )


def empty_org() -> None:
    """Empty the org as an installation is before its first import: roles and sites only.
    PostgreSQL truncates: DELETE would leave every row and index entry of the generated org
    dead in place, and each re-imported employee ID would meet its dead twin in the unique
    index, a state no first import is in. SQLite's DELETE without WHERE drops the pages."""
    from django.db import connection

    tables = org_tables() + HISTORY_TABLES
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            return
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def run(csv_path: Path) -> dict[str, float]:
    """Empty the org, import the file and re-import it dry; returns seconds and counts."""
    from people.imports import import_people
    from people.models import Person, Position

    empty_org()
    data = csv_path.read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    report = import_people(data=data)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.ok, report.errors[:5]
    started = time.perf_counter()
    again = import_people(data=data, dry_run=True)
    return {
        "rows": report.rows,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "reimport_dry_run_seconds": time.perf_counter() - started,
        "unchanged": len(again.unchanged),
        "people": Person.objects.count(),
        "seats": Position.objects.count(),
    }


def main() -> None:
    people = sys.argv[1] if len(sys.argv) > 1 else "100000"
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
    try:
        manage("migrate", "--verbosity", "0")
        manage("createcachetable")
        manage("load_demo", "--people", people, "--no-accounts")
        manage("export_people", str(folder / "org.csv"))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        result = run(folder / "org.csv")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"import_people: {result['rows']:,} rows in {result['seconds']:.1f} s, "
        f"{result['cpu_seconds']:.1f} s of CPU "
        f"({result['rows'] / result['seconds']:,.0f} rows/s; target ≤ 10 s for 100,000 people); "
        f"a dry re-import finds {result['unchanged']:,} rows unchanged in "
        f"{result['reimport_dry_run_seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
