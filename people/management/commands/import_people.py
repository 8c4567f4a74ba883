import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.imports import ImportReport, import_people
from people.imports.formats import MAX_BYTES
from people.imports.names import VACANT_WORDS, WITHHELD_WORDS
from people.imports.read import FIELDS
from people.models import ImportMapping


class Progress:
    """Rows per second and an estimate of the time left, on one line of stderr, for long imports."""

    LONG = 10_000

    def __init__(self, stream):
        self.stream = stream
        self.stage = ""
        self.started = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < self.LONG:
            return
        if stage != self.stage:
            self.stage, self.started = stage, time.perf_counter()
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0
        self.stream.write(
            f"\r{stage}: {done:,}/{total:,} rows, {rate:,.0f} rows/s, ETA {eta:.0f} s "
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.stage:
            self.stream.write("\n")


def parse_map(values: list[str]) -> dict[str, str]:
    mapping = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep:
            raise CommandError(f"--map takes FIELD=COLUMN, not {value!r}.")
        mapping[name.strip()] = column.strip()
    return mapping


def saved_mapping(name: str | None) -> dict[str, str]:
    if not name:
        return {}
    saved = ImportMapping.objects.filter(name=name).first()
    if saved is None:
        names = ", ".join(ImportMapping.objects.values_list("name", flat=True)) or "none"
        raise CommandError(f"No mapping is called {name!r}; saved mappings: {names}.")
    return dict(saved.columns)


class Command(BaseCommand):
    help = "Create or update people and seats from an HRIS export (CSV or .xlsx); all or nothing."
    # Django's system checks of the whole project (URLs, admin, templates) took 1.1 s before each
    # import, a tenth of the 10 s a 100,000-row import may take; they belong to deployment
    # (`check --deploy`, CI) and `runserver`, as `migrate` leaves them to its own.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report; write nothing"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"read FIELD from COLUMN (empty COLUMN: ignore it); fields: {', '.join(FIELDS)}",
        )
        parser.add_argument(
            "--mapping",
            metavar="NAME",
            help="a mapping saved on the upload page (--map entries win over it)",
        )
        parser.add_argument(
            "--create-roles", action="store_true", help="create roles for unknown job titles"
        )
        parser.add_argument(
            "--roles-under",
            default="",
            metavar="ROLE",
            help="with --create-roles: the new roles' parent (a role's slug, title or alias)",
        )
        parser.add_argument(
            "--tops-under",
            default="",
            metavar="ID",
            help="a file with several tops: put them under this seat (its post or employee ID)",
        )
        parser.add_argument(
            "--vacant-when",
            action="append",
            metavar="WORD",
            help="a name that means the seat is empty (repeatable); "
            f"default: {', '.join(VACANT_WORDS)}",
        )
        parser.add_argument(
            "--withheld-when",
            action="append",
            metavar="WORD",
            help="a name that means the holder is not disclosed (repeatable); "
            f"default: {', '.join(WITHHELD_WORDS)}",
        )
        parser.add_argument(
            "--date-format",
            metavar="FORMAT",
            help="DD/MM/YYYY or MM/DD/YYYY for dates like 03/04/2020 (or a strptime pattern)",
        )
        parser.add_argument(
            "--snapshot", metavar="VALUE", help="a file of several snapshots: import this one"
        )
        parser.add_argument("--sheet", default="", help="the sheet of an .xlsx (default: first)")
        parser.add_argument("--delimiter", help="the column separator (detected: , ; tab |)")
        parser.add_argument(
            "--encoding", help="the file's encoding (detected: UTF-8 ±BOM, UTF-16, cp1252)"
        )

    def handle(self, *args, file, dry_run, map, create_roles, delimiter, encoding, **options):
        """Import the file, or exit with every problem by row and column; writes all or nothing."""
        try:
            if file.stat().st_size > MAX_BYTES:  # refused before it is read, let alone parsed
                raise CommandError(f"{file} is larger than {MAX_BYTES // 2**20} MB.")
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        progress = Progress(sys.stderr)
        started = time.perf_counter()
        report = import_people(
            data=data,
            mapping=saved_mapping(options["mapping"]) | parse_map(map),
            delimiter=delimiter,
            encoding=encoding,
            create_roles=create_roles,
            roles_under=options["roles_under"],
            tops_under=options["tops_under"],
            vacant_when=options["vacant_when"],
            withheld_when=options["withheld_when"],
            date_format=options["date_format"],
            snapshot=options["snapshot"],
            sheet=options["sheet"],
            dry_run=dry_run,
            progress=progress,
        )
        progress.finish()
        elapsed = time.perf_counter() - started
        for note in report.notes:
            self.stdout.write(note)
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} problem(s) in {file}; nothing was written. "
                "Fix them and import again."
            )
        self.stdout.write(self.summary(report, dry_run, elapsed))

    def summary(self, report: ImportReport, dry_run: bool, elapsed: float) -> str:
        verb = "Would import" if dry_run else "Imported"
        text = (
            f"{verb} {report.rows:,} rows in {elapsed:.1f} s: {len(report.created):,} created, "
            f"{len(report.updated):,} updated, {len(report.unchanged):,} unchanged "
            f"({report.people_created:,} new people, {report.seats_created:,} new seats, "
            f"{report.moves:,} people changed seats; {report.vacancies:,} vacant seats, "
            f"{report.withheld:,} holders not named)."
        )
        if report.new_roles:
            text += f" New roles: {', '.join(report.new_roles)}."
        return text + (" Nothing was written (dry run)." if dry_run else "")
