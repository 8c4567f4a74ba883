"""Importing an HRIS export into the org: match rows to people, seats and roles, check, write.

import_people is all or nothing. The whole org is read once into dicts, every row is matched and
checked against it (unknown managers, loops, a second top, duplicates), and only a file without
errors is written, in one transaction, with bulk writes and a recount of the seat counts at the
end. A dry run stops after the checks. The file's rows are read by people/importing.py.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from callcenter.locks import POSITION_TREE, lock_tree

from . import bulk, importing
from .import_plan import Org, Plan, PlanRow, Progress
from .importing import ParsedFile, RowError


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # row numbers
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    changes: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, status, who, what
    new_roles: list[str] = field(default_factory=list)
    people_created: int = 0
    people_updated: int = 0
    seats_created: int = 0
    seats_updated: int = 0
    moves: int = 0
    rows: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# What an updated row changes, in the file's column names.
FIELD_LABELS = {"site_id": "site", "salary_currency": "currency"}
SEAT_LABELS = {
    "manager_id": "manager_id",
    "role_id": "job_title",
    "site_id": "site",
    "holder_id": "position_id",
}


@dataclass
class Changes:
    """What the file changes. New people and seats have keys (a new seat keeps its number from
    the file if it has one) that are swapped for ids when they are written."""

    new_people: dict[int, dict] = field(default_factory=dict)  # key → fields
    changed_people: dict[int, dict] = field(default_factory=dict)  # pk → fields that change
    new_seats: dict[int, dict] = field(default_factory=dict)  # key → fields
    changed_seats: dict[int, dict] = field(default_factory=dict)  # pk → all seat fields
    dotted: dict[int, set[int]] = field(default_factory=dict)  # seat key → manager seat keys
    # Filled while writing, for the history: assignments the import closed and opened.
    closed_assignments: list[int] = field(default_factory=list)
    opened_assignments: list[int] = field(default_factory=list)


def _person_fields(row: PlanRow, columns: ParsedFile) -> dict:
    src = row.src
    wanted = {
        "employee_id": row.eid,
        "first_name": src.first_name[:80],
        "last_name": src.last_name[:80],
        "hire_date": src.hire_date,
    }
    optional = {
        "email": ("email", src.email),
        "site": ("site_id", row.site),
        "salary": ("salary", src.salary),
        "currency": ("salary_currency", src.currency[:3]),
    }
    for column, (name, value) in optional.items():
        if columns.has(column):
            wanted[name] = value
    return wanted


def _diff(plan: Plan, report: ImportReport) -> Changes:
    """What the file changes, row by row; fills the report's created / updated / unchanged."""
    changes = Changes()
    org = plan.org
    has_site = plan.parsed.has("site")
    for row in plan.rows:
        created = updated = False
        what: list[str] = []
        holder: int | None = None
        if not row.src.is_vacant:
            wanted = _person_fields(row, plan.parsed)
            if row.person is None:
                holder = -row.src.row
                changes.new_people[holder] = wanted
                created = True
            else:
                holder = row.person["pk"]
                diff = {k: v for k, v in wanted.items() if row.person[k] != v}
                if diff:
                    changes.changed_people[holder] = diff
                    updated = True
                    what += [FIELD_LABELS.get(k, k) for k in diff]
        seat = {"manager_id": row.manager, "role_id": row.role, "holder_id": holder}
        old = org.seats.get(row.seat)
        seat["site_id"] = row.site if has_site or old is None else old["site_id"]
        if old is None:
            changes.new_seats[row.seat] = seat
            created = True
        elif seat_diff := [k for k, v in seat.items() if old[k] != v]:
            changes.changed_seats[row.seat] = seat
            updated = True
            what += [SEAT_LABELS[k] for k in seat_diff]
        if row.dotted is not None and row.dotted != org.dotted.get(row.seat, set()):
            changes.dotted[row.seat] = row.dotted
            updated = True
            what.append("dotted_line_manager_id")
        status = report.created if created else report.updated if updated else report.unchanged
        status.append(row.src.row)
        if created or updated:
            who = f"{row.src.first_name} {row.src.last_name} ({row.eid})" if holder else ""
            who = who or _("Vacant seat: %(title)s") % {"title": row.src.job_title}
            label = _("created") if created else _("updated")
            report.changes.append((row.src.row, label, who, ", ".join(dict.fromkeys(what))))
    report.people_created = len(changes.new_people)
    report.people_updated = len(changes.changed_people)
    report.seats_created = len(changes.new_seats)
    report.seats_updated = len(changes.changed_seats)
    return changes


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
    parsed = importing.read(data, mapping=mapping, delimiter=delimiter, encoding=encoding)
    report = ImportReport(rows=len(parsed.rows))
    if parsed.errors and not parsed.rows:
        report.errors = parsed.errors
        return report
    with transaction.atomic(), _without_cycle_collection():
        lock_tree(POSITION_TREE)
        progress(_("checking"), 0, len(parsed.rows))
        plan = Plan(parsed, Org.load(), create_roles, progress)
        plan.check()
        report.errors = plan.errors
        report.new_roles = sorted(plan.new_roles.values())
        if report.errors:
            return report
        changes = _diff(plan, report)
        if not dry_run:
            report.moves = bulk.write(plan, changes, actor=actor, progress=progress)
            report.applied = True
    return report
