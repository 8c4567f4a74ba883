"""Tables sorted on the server by a query parameter (`<table>_sort=key` or `-key`), so sorting
works without JavaScript, and written as CSV with the same columns."""

import csv
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse, QueryDict

from core.spreadsheet import neutralise


@dataclass
class Column:
    key: str
    label: str
    value: Callable  # row → what the column sorts by and the CSV holds
    numeric: bool = False
    href: str = ""  # the link that sorts by this column (set by sort_table)
    sorted: str = ""  # "ascending" / "descending" when the table is sorted by it (aria-sort)


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list
    problem: str = ""  # an unknown sort asked for


def _sort_key(column: Column):
    def key(row):
        value = column.value(row)
        if column.numeric:
            return (value is None, value or 0)
        return (value is None, str(value or "").casefold())

    return key


def sort_table(
    name: str, columns: list[Column], rows: list, query: QueryDict, default: str
) -> Table:
    """The rows sorted as `<name>_sort` asks (default when absent); an unknown key is reported in
    `problem` and the default used. Each column gets the link that sorts by it."""
    param = f"{name}_sort"
    asked = query.get(param, default) or default
    by_key = {c.key: c for c in columns}
    problem = ""
    if asked.removeprefix("-") not in by_key:
        problem, asked = asked, default
    descending = asked.startswith("-")
    current = by_key[asked.removeprefix("-")]
    rows = sorted(rows, key=_sort_key(current), reverse=descending)
    for column in columns:
        again = query.copy()
        numeric_first = "-" if column.numeric else ""  # bigger numbers first on the first click
        if column is current:
            again[param] = column.key if descending else f"-{column.key}"
            column.sorted = "descending" if descending else "ascending"
        else:
            again[param] = numeric_first + column.key
        column.href = "?" + again.urlencode()
    return Table(name, columns, rows, problem)


def csv_response(table: Table, filename: str) -> HttpResponse:
    """The table as CSV, every cell quoted and none a spreadsheet would run as a formula."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([neutralise(c.value(row)) for c in table.columns])
    return response
