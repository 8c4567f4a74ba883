"""The org as a CSV in the columns read.py reads: export → import round-trips.

One row a seat: the holder (empty for a vacancy), the role, the seat it reports to (by the
manager's employee ID, or by seat number when that seat is vacant). Cells that a
spreadsheet would run as a formula are neutralised with a leading apostrophe (core/spreadsheet.py),
which the importer strips again.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterator

from core.spreadsheet import neutralise

from ..models import Position

COLUMNS = [
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "manager_id",
    "position_id",
    "manager_position_id",
    "is_vacancy",
    "site",
    "hire_date",
    "dotted_line_manager_id",
    # The integration keys (docs/api.md); the import does not read them (yet): it notes them.
    "external_id",
    "position_external_id",
]
SALARY_COLUMNS = ["salary", "currency"]


def export_rows(*, with_salary: bool, with_hire_dates: bool = True) -> Iterator[list[str]]:
    """The header, then one row a seat, managers before their reports' rows don't matter.

    Two queries whatever the size of the org: the seats with holder, role, site and manager's
    holder, and the dotted lines.
    """
    dotted: dict[int, list[str]] = defaultdict(list)
    through = Position.dotted_line_managers.through
    for src, eid in through.objects.values_list(
        "from_position_id", "to_position__holder__employee_id"
    ):
        if eid:
            dotted[src].append(eid)
    fields = [
        "holder__employee_id",
        "holder__first_name",
        "holder__last_name",
        "holder__email",
        "role__title_en",
        "manager__holder__employee_id",
        "id",
        "manager_id",
        "holder_id",
        "site__code",
        "holder__hire_date",
        "holder__salary",
        "holder__salary_currency",
        "holder__external_id",
        "external_id",
    ]
    yield COLUMNS + (SALARY_COLUMNS if with_salary else [])
    seats = Position.objects.active().order_by("id").values_list(*fields)
    for (
        eid,
        first,
        last,
        email,
        title,
        manager_eid,
        pk,
        manager,
        holder,
        site,
        hired,
        salary,
        cur,
        person_key,
        seat_key,
    ) in seats.iterator(chunk_size=5000):
        # The manager's seat number only where no one holds it: one way to say who the manager
        # is, so editing manager_id in the file is enough to move someone.
        row = [eid, first, last, email, title, manager_eid, pk, "" if manager_eid else manager]
        hired = hired if with_hire_dates else ""  # HR only: a whole-org file has no subtree
        row += ["" if holder else "yes", site, hired, "|".join(sorted(dotted.get(pk, [])))]
        row += [person_key or "", seat_key]
        if with_salary:
            row += [salary if holder else "", cur if holder else ""]
        yield [neutralise(v) for v in row]


def _writer(stream):
    return csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_ALL)  # OWASP: quote all


def write_csv(stream, *, with_salary: bool, with_hire_dates: bool = True) -> int:
    """Write the org to a text stream; returns the number of seats written."""
    writer = _writer(stream)
    count = -1
    for row in export_rows(with_salary=with_salary, with_hire_dates=with_hire_dates):
        writer.writerow(row)
        count += 1
    return count


# Rows a piece of a streamed download: about 300 KB of CSV.
ROWS_A_PIECE = 2000


def csv_pieces(*, with_salary: bool, with_hire_dates: bool = True) -> Iterator[str]:
    """The file write_csv writes, as pieces of ROWS_A_PIECE rows for a StreamingHttpResponse:
    the rows are read as the pieces are asked for, so a download of the whole org holds one
    piece in memory, not the file (issue 21)."""
    buffer = io.StringIO()
    writer = _writer(buffer)
    rows = export_rows(with_salary=with_salary, with_hire_dates=with_hire_dates)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % ROWS_A_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
