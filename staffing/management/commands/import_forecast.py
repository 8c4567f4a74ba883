from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.imports.formats import MAX_BYTES
from staffing.services import forecast_import


class Command(BaseCommand):
    help = (
        "Import a forecast (CSV or .xlsx: site, queue, interval start and length, offered, AHT, "
        "ACW, optional agents needed); all or nothing, a message for every bad row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", default="", help="the forecast's name (default: the file's)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report; store nothing"
        )
        parser.add_argument("--delimiter", default=None, help="CSV delimiter (default: detected)")
        parser.add_argument("--sheet", default="", help="the .xlsx sheet (default: the first)")

    def handle(self, *args, file: Path, name: str, dry_run: bool, delimiter, sheet, **options):
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(f"{file} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        try:
            reading, forecast = forecast_import(
                data=file.read_bytes(),
                name=name or file.name,
                dry_run=dry_run,
                delimiter=delimiter,
                sheet=sheet,
            )
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None
        if reading.errors:
            for error in reading.errors:
                self.stderr.write(str(error))
            if reading.more_errors:
                self.stderr.write(f"… and {reading.more_errors} more.")
            raise CommandError("Nothing was imported.")
        demand = reading.demand
        what = f"{demand.intervals} intervals of {demand.interval_minutes} minutes"
        if forecast is None:
            self.stdout.write(f"Dry run: {what} are fine; nothing stored.")
        else:
            self.stdout.write(f"Imported forecast {forecast.pk} ({forecast.name}): {what}.")
