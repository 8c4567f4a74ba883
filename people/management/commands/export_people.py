from pathlib import Path

from django.core.management.base import BaseCommand

from people.imports.export import write_csv


class Command(BaseCommand):
    help = "Write the org to a CSV that import_people reads back (one row a seat)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV to write; - for standard output")
        parser.add_argument("--no-salary", action="store_true", help="leave out salaries")

    def handle(self, *args, file, no_salary, **options):
        if str(file) == "-":
            count = write_csv(self.stdout, with_salary=not no_salary)
            return
        with file.open("w", encoding="utf-8", newline="") as stream:
            count = write_csv(stream, with_salary=not no_salary)
        self.stdout.write(f"Wrote {count:,} seats to {file}.")
