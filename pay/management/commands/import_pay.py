from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pay import imports
from people.imports.formats import MAX_BYTES


class Command(BaseCommand):
    help = (
        "Import pay for a reference year from a CSV or .xlsx keyed by employee_id (columns: "
        "docs/pay-transparency.md). All or nothing: any bad row and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, help="the year of every row without a year")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, file: Path, year: int | None, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(f"The file is larger than {MAX_BYTES // 2**20} MB.")
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("--year must be from 2000 to 2100.")
        result = imports.import_pay(file.read_bytes(), year=year, dry_run=dry_run)
        if result.errors:
            for number, message in result.errors:
                self.stderr.write(f"row {number}: {message}" if number else message)
            raise CommandError(f"{len(result.errors)} problems; nothing was written.")
        if dry_run:
            self.stdout.write(f"{len(result.rows)} rows are good; nothing was written (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{result.written} pay records written."))
