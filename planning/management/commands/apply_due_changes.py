"""Apply the planned changes that are due: run daily from cron or a timer; `make run` runs it."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from planning.services import changes_apply_due


def _day(raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        message = f"--today takes a date as YYYY-MM-DD, e.g. 2027-03-01; not {raw!r}."
        raise CommandError(message) from None


class Command(BaseCommand):
    help = (
        "Apply every pending planned change that takes effect on or before today, in date order; "
        "safe to run twice, late, or twice at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            help="act as if today were this day (YYYY-MM-DD): for catching up and for tests",
        )
        parser.add_argument(
            "--every",
            help="keep running, a pass every SECONDS (a whole number, at least 1); default: once",
        )

    def handle(self, *args, today: str | None, every: str | None, **options) -> None:
        day = _day(today) if today is not None else None
        pause = None
        if every is not None:
            if not every.isdigit() or int(every) < 1:
                raise CommandError(
                    f"--every takes a whole number of seconds, at least 1; not {every!r}."
                )
            pause = int(every)
        while True:
            self._pass(day or timezone.localdate())
            if pause is None:
                return
            time.sleep(pause)
            close_old_connections()  # a worker that runs for days: no stale connection

    def _pass(self, day: datetime.date) -> None:
        report = changes_apply_due(today=day)
        for change in report.applied:
            self.stdout.write(
                f"applied #{change.pk}: {change.get_kind_display()}, {change.effective_on}"
            )
        for change in report.failed:
            self.stdout.write(
                f"failed #{change.pk}: {change.get_kind_display()}, {change.effective_on}: "
                f"{change.failure_reason}"
            )
        if report.failed:
            self.stderr.write(f"{len(report.failed)} planned change(s) failed; HR sees them.")
