"""Importing an HRIS export into the org, in the steps its modules are named after:

formats.py  bytes → a table of text cells: CSV (encoding, delimiter detected) or .xlsx; size caps
read.py     the table → typed rows (columns matched by name or a mapping), or row errors; no
            database (names.py: vacancy/withheld words and name splitting; dates.py: dates)
plan.py     rows matched to the org's people, seats, roles and sites; every check that needs the org
changes.py  what a checked plan changes, row by row, and the report of it
write.py    the changes written in bulk, with history and recounted seat counts
export.py   the org in the columns read.py reads, so export → import round-trips
pending.py  a checked file waiting for the API's confirm step

import_people is all or nothing. The whole org is read once into dicts, every row is matched and
checked against it (unknown managers, loops, a second top, duplicates), and only a file without
errors is written, in one transaction, with bulk writes and a recount of the seat counts at the
end. A dry run stops after the checks.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from core.locks import POSITION_TREE, lock_tree

from . import read, write
from .changes import ImportReport, diff
from .plan import Org, Plan, Progress

__all__ = ["ImportReport", "import_people", "org_imported"]

# Sent inside the import's transaction once its rows are written (never on a dry run or with
# errors): the rows went in around save(), so what is kept from seats and people (the ladder's
# skill fits) is recomputed by its listeners.
org_imported = Signal()


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """An import keeps a few objects a row alive until it ends; the cyclic garbage collector
    would walk all of them again and again (about a sixth of the time at 100,000 rows)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_people(
    *,
    data: bytes,
    mapping: dict[str, str] | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    create_roles: bool = False,
    roles_under: str = "",
    tops_under: str = "",
    vacant_when: list[str] | None = None,
    withheld_when: list[str] | None = None,
    date_format: str | None = None,
    snapshot: str | None = None,
    sheet: str = "",
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update people and seats from an HRIS export; all or nothing.

    Returns what was (or, on a dry run or with errors, would be) created, updated and left alone,
    and every error as (row, column, message). Writes only when there are no errors: people,
    seats, dotted lines, assignments (opened and closed with reason `import` for everyone who
    changes seat) and the seat counts, in one transaction under the reporting-line lock.
    """
    progress = progress or (lambda stage, done, total: None)
    with _without_cycle_collection():
        parsed = read.read(
            data,
            mapping=mapping,
            delimiter=delimiter,
            encoding=encoding,
            vacant_when=vacant_when,
            withheld_when=withheld_when,
            date_format=date_format,
            snapshot=snapshot,
            sheet=sheet,
        )
    report = ImportReport(rows=len(parsed.rows), notes=parsed.notes)
    if parsed.errors and not parsed.rows:
        report.errors = parsed.errors
        return report
    with transaction.atomic(), _without_cycle_collection():
        lock_tree(POSITION_TREE)
        progress(_("checking"), 0, len(parsed.rows))
        plan = Plan(parsed, Org.load(), create_roles, progress, tops_under, roles_under)
        plan.check()
        report.errors = plan.errors
        report.notes = plan.notes
        report.new_roles = sorted(plan.new_roles.values())
        if report.errors:
            return report
        changes = diff(plan, report)
        if not dry_run:
            report.moves = write.write(plan, changes, actor=actor, progress=progress)
            org_imported.send(sender=import_people)  # for data derived from seats (ladder)
            report.applied = True
    return report
