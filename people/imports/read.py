"""Step 1 of an import: bytes → rows of typed fields, or errors as (row, column, message).

Nothing here touches the database; plan.py matches the rows against the org.
Row numbers are the file's line numbers as a spreadsheet shows them (the header is row 1).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.spreadsheet import restore

from . import formats
from .dates import parse_date, settle, style_of
from .names import DEFAULT_VACANT, DEFAULT_WITHHELD, Holder, holder_of, split_name, word_key, words

# Canonical field → header spellings, compared after _header_key (case, spaces, _ and - ignored).
FIELDS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "id",
        "employee id",
        "employee number",
        "emp id",
        "personnel number",
        "staff id",
        "personalnummer",
    ),
    "post_id": (
        "post_id",
        "post id",
        "post unique reference",
        "post reference",
        "seat reference",
        "stellen id",
        "id stanowiska",
    ),
    "full_name": (
        "full_name",
        "name",
        "full name",
        "employee name",
        "name (last, first)",
        "display name",
        "post holder",
        "imię i nazwisko",
    ),
    "first_name": ("first_name", "first name", "given name", "firstname", "vorname", "imię"),
    "last_name": ("last_name", "lastName", "surname", "family name", "nachname", "nazwisko"),
    "email": ("email", "e-mail", "work email", "email address", "mail"),
    "job_title": (
        "job_title",
        "position",
        "title",
        "job",
        "role",
        "job name",
        "positionName",
        "position name",
        "generic job title",
        "stellenbezeichnung",
        "stanowisko",
    ),
    "manager_id": (
        "manager_id",
        "parentId",
        "parent id",
        "supervisor id",
        "manager employee id",
        "reports to id",
        "reports to senior post",
        "reporting senior post",
        "reports to",
        "parent",
        "vorgesetzten id",
        "id przełożonego",
    ),
    "manager_email": ("manager_email", "manager email", "supervisor email", "manager e-mail"),
    "manager_position_id": ("manager_position_id", "manager seat id"),
    "department": ("department", "department_name", "dept", "unit", "abteilung", "dział"),
    "site": ("site", "site code", "location", "office"),
    "hire_date": (
        "hire_date",
        "hire date",
        "start date",
        "date of hire",
        "hired on",
        "eintrittsdatum",
        "data zatrudnienia",
    ),
    "salary": ("salary", "annual salary", "base salary"),
    "snapshot": (
        "snapshot",
        "snapshot date",
        "date",
        "as of",
        "as of date",
        "report date",
        "stichtag",
        "stan na dzień",
    ),
    "currency": ("currency", "salary currency"),
    "position_id": ("position_id", "seat id", "position number"),
    "is_vacancy": ("is_vacancy", "vacancy", "vacant", "is vacant"),
    "dotted_line_manager_id": ("dotted_line_manager_id", "dotted line manager id"),
}
REQUIRED = ("job_title",)  # and a key and a manager column: all an org chart needs
KEYS = ("employee_id", "email", "post_id")
NAMES = ("full_name", "first_name", "last_name")
MANAGER_KEYS = ("manager_id", "manager_email", "manager_position_id")
MAX_LENGTHS = {
    "employee_id": 40,
    "post_id": 40,
    "first_name": 80,
    "last_name": 80,
    "email": 254,
    "job_title": 120,
}
TRUE = {"1", "true", "yes", "y", "x", "ja", "tak", "vacant"}
FALSE = {"", "0", "false", "no", "n", "nein", "nie"}
# A plain pattern rather than Django's validator: it runs once a cell on 100,000-row files.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# A manager cell that means "nobody": the top of a UK organogram reports to "XX".
TOP_WORDS = frozenset({"xx", "root", "none", "null", "top", "-"})
DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also takes "²", which int() refuses
# Seat numbers end up in URLs, JSON and the chart's scripts: keep them exact as a JS number.
MAX_SEAT = 2**53 - 1


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


_SPELLINGS = {_header_key(s): name for name, spellings in FIELDS.items() for s in spellings}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        column = f", {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass
class ImportRow:
    row: int
    employee_id: str = ""
    reference: str = ""  # the seat's key in a seat-first file: its post id
    holder: Holder = Holder.PERSON
    department: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    job_title: str = ""
    manager_id: str = ""
    manager_email: str = ""
    manager_position_id: int | None = None
    site: str = ""
    hire_date: datetime.date | None = None
    salary: Decimal | None = None
    currency: str = ""
    position_id: int | None = None
    is_vacancy: bool = False
    dotted_line_manager_ids: list[str] = field(default_factory=list)
    is_vacant: bool = False  # marked vacant or by a vacancy word: set once the row is read

    @property
    def name_withheld(self) -> bool:
        return self.holder == Holder.WITHHELD

    @property
    def key(self) -> str:
        return self.reference or self.employee_id or self.email


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    columns: dict[str, str]  # canonical field → the file's header
    errors: list[RowError]
    notes: list[str] = field(default_factory=list)  # what the reading decided, for the report
    seat_first: bool = False

    def has(self, name: str) -> bool:
        return name in self.columns


@dataclass
class Reading:
    """What reading the rows of a file needs: where each field is and how to read a name cell."""

    index: dict[str, int]  # field → the position of its column
    width: int
    columns: dict[str, str]
    errors: list[RowError]
    vacant: frozenset[str] = DEFAULT_VACANT
    withheld: frozenset[str] = DEFAULT_WITHHELD
    seat_first: bool = False
    date_style: str | None = None

    dates: dict[str, datetime.date | None] = field(default_factory=dict)  # text → date read
    amounts: dict[str, Decimal | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The checks of a row that apply to this file's columns, worked out once a file.
        self.emails = tuple(n for n in ("email", "manager_email") if n in self.index)
        self.seat_numbers = tuple(
            n for n in ("position_id", "manager_position_id") if n in self.index
        )
        self.lengths = tuple((n, limit) for n, limit in MAX_LENGTHS.items() if n in self.index)

    def cell(self, cells: list[str], name: str) -> str:
        """A cell of a row of `normalised` lines (stripped, as wide as the header)."""
        i = self.index.get(name)
        return "" if i is None else cells[i]

    def name(self, cells: list[str]) -> str:
        if "full_name" in self.index:
            return self.cell(cells, "full_name")
        return f"{self.cell(cells, 'first_name')} {self.cell(cells, 'last_name')}".strip()

    @staticmethod
    def name_of(raw: dict[str, str]) -> str:
        return f"{raw.get('first_name', '')} {raw.get('last_name', '')}".strip()


def read(
    data: bytes,
    *,
    mapping: dict[str, str] | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    vacant_when: list[str] | None = None,
    withheld_when: list[str] | None = None,
    date_format: str | None = None,
    snapshot: str | None = None,
    sheet: str = "",
) -> ParsedFile:
    """Parse an HRIS export into typed rows. Every problem becomes a RowError; none raises."""
    found = formats.table(data, delimiter=delimiter, encoding=encoding, sheet=sheet)
    if found.problem:
        row, message = found.problem
        return ParsedFile([], {}, [RowError(row, "", message)])
    if not any(c.strip() for c in found.header):
        return ParsedFile([], {}, [RowError(1, "", _("The file is empty."))])
    header = [c.strip() for c in found.header]
    columns, column_errors = match_columns(header, mapping or {})
    if column_errors:
        return ParsedFile([], columns, column_errors)
    index = {name: header.index(column) for name, column in columns.items()}
    reading = Reading(index, len(header), columns, [])
    lines, has_nul = _normalised(found.lines, len(header))
    lines, error = _one_snapshot(lines, reading, snapshot)
    if error is None:
        reading.date_style, error = _date_style(lines, reading, date_format)
    if error is not None:
        return ParsedFile([], columns, [error])
    if vacant_when is not None:
        reading.vacant = words(vacant_when)
    if withheld_when is not None:
        reading.withheld = words(withheld_when)
    reading.seat_first = _is_seat_first(lines, reading)
    placeholders = _placeholder_tops(lines, reading)
    rows = _rows(lines, reading, placeholders, has_nul)
    _clear_managers_of_nobody(rows, set(placeholders.values()))
    notes = found.notes + [
        _("Row %(row)s (%(key)s) is a placeholder top without a title: it is left out.")
        % {"row": number, "key": key or "-"}
        for number, key in placeholders.items()
    ]
    unused = [c for c in header if c and c not in columns.values()]
    if unused:
        notes.append(_("Columns not imported: %(columns)s.") % {"columns": ", ".join(unused)})
    return ParsedFile(rows, columns, reading.errors, notes, reading.seat_first)


@dataclass
class DetectedColumn:
    header: str
    samples: list[str]  # the first few non-blank values, for the mapping step
    field: str  # the field it is read as ("" for none), by the mapping or the known spellings


def detect_columns(
    data: bytes, *, mapping: dict[str, str] | None = None, **table_options
) -> list[DetectedColumn]:
    """The file's columns with a sample and the field each would be read as: the mapping
    step of the upload page. Empty when the file cannot be read (read() says why)."""
    found = formats.table(data, **table_options)
    if found.problem:
        return []
    header = [c.strip() for c in found.header]
    columns, _errors = match_columns(header, mapping or {})
    field_of = {column: name for name, column in columns.items()}
    detected = []
    for i, column in enumerate(header):
        values = (cells[i].strip() for _n, cells in found.lines[:50] if i < len(cells))
        samples = [v[:60] for v in values if v][:3]
        detected.append(DetectedColumn(column, samples, field_of.get(column, "")))
    return detected


def _normalised(lines: list, width: int) -> tuple[list, bool]:
    """Every row's cells stripped and padded to the header's width, our export's neutralised
    cells restored (core/spreadsheet.py), once, for every pass that follows; and whether any
    cell holds a NUL character."""
    found, has_nul = [], False
    for number, cells in lines:
        values = [c.strip() for c in cells]
        if len(values) < width:
            values += [""] * (width - len(values))
        joined = "".join(values)
        if "'" in joined:  # rare: restore only the rows that may need it
            values = [restore(v).strip() for v in values]
        has_nul = has_nul or "\x00" in joined
        found.append((number, values))
    return found, has_nul


def _rows(
    lines: list, reading: Reading, placeholders: dict[int, str], has_nul: bool
) -> list[ImportRow]:
    rows: list[ImportRow] = []
    for number, cells in lines:
        if number in placeholders:
            continue
        if has_nul and _refuse_nul(number, cells, reading.index, reading.columns, reading.errors):
            continue
        rows.append(_row(number, cells, reading))
    return rows


def _one_snapshot(
    lines: list, reading: Reading, snapshot: str | None
) -> tuple[list, RowError | None]:
    """A file of several snapshots (a date column with more than one value) is refused unless
    --snapshot names one: importing them all would apply each in turn, the last winning."""
    if "snapshot" not in reading.index:
        return lines, None
    column = reading.columns["snapshot"]
    values = sorted({reading.cell(cells, "snapshot") for _number, cells in lines})
    if snapshot:
        chosen = [(n, cells) for n, cells in lines if reading.cell(cells, "snapshot") == snapshot]
        if chosen:
            return chosen, None
        message = _("No row has %(v)s in this column; it holds: %(values)s.")
        return [], RowError(1, column, message % {"v": snapshot, "values": ", ".join(values[:20])})
    if len(values) <= 1:
        return lines, None
    latest = max(values, key=lambda v: (parse_date(v) or datetime.date.min, v))
    message = _(
        "The file holds %(n)s snapshots of the org (%(values)s). Import one at a time: "
        "choose it with --snapshot (on the import page: “Snapshot”), e.g. %(latest)s for the "
        "latest."
    ) % {"n": len(values), "values": ", ".join(values[:20]), "latest": latest}
    return [], RowError(1, column, message)


def _date_style(lines: list, reading: Reading, given: str | None):
    """Day or month first for dates like 03/04/2020: --date-format, else what the file settles."""
    if given or "hire_date" not in reading.index:
        return style_of(given), None
    style, ambiguous = settle([reading.cell(cells, "hire_date") for _n, cells in lines])
    if not ambiguous:
        return style, None
    message = _(
        "Dates like 03/04/2020 can be 3 April or 4 March, and no date of the file tells which: "
        "name the order with --date-format DD/MM/YYYY or MM/DD/YYYY (on the import page: "
        "“Date order”)."
    )
    return None, RowError(1, reading.columns["hire_date"], message)


def _is_seat_first(lines: list, reading: Reading) -> bool:
    """One row a post rather than a person: a post id column, no name column at all, or a name
    cell that says the seat is vacant or its holder withheld. Then a blank name is a holder
    not disclosed (junior posts are published without names), not a vacancy."""
    if "post_id" in reading.index or not any(n in reading.index for n in NAMES):
        return True
    said = reading.vacant | reading.withheld
    return any(word_key(reading.name(cells)) in said for _number, cells in lines)


def _placeholder_tops(lines: list, reading: Reading) -> dict[int, str]:
    """Rows that only hold the chart together (a `root` row): no manager, no title and no
    name but their own key. Row number → key."""
    found = {}
    for number, cells in lines:
        if reading.cell(cells, "job_title") or any(reading.cell(cells, k) for k in MANAGER_KEYS):
            continue
        key = next((reading.cell(cells, k) for k in KEYS if reading.cell(cells, k)), "")
        name = word_key(reading.name(cells))
        if not name or name == word_key(key) or name in TOP_WORDS:
            found[number] = key
    return found


def _clear_managers_of_nobody(rows: list[ImportRow], placeholders: set[str]) -> None:
    """Rows that report to a placeholder top, or to "XX", are tops."""
    keys = {r.reference for r in rows} | {r.employee_id for r in rows}
    for row in rows:
        value = row.manager_id
        if value and (
            value in placeholders or (value.casefold() in TOP_WORDS and value not in keys)
        ):
            row.manager_id = ""


def _refuse_nul(number: int, cells: list[str], index: dict, columns: dict, errors: list) -> bool:
    """A NUL character (byte 0) cannot be stored in PostgreSQL's text: refuse it in the preview."""
    bad = [name for name, i in index.items() if i < len(cells) and "\x00" in cells[i]]
    for name in bad:
        errors.append(
            RowError(number, columns[name], _("Contains a NUL character (byte 0); remove it."))
        )
    return bool(bad)


def match_columns(header: list[str], mapping: dict[str, str]) -> tuple[dict, list[RowError]]:
    """Which header holds which field: --map entries first, then the known spellings."""
    errors: list[RowError] = []
    columns: dict[str, str] = {}
    by_key = {}
    for col in header:
        by_key.setdefault(_header_key(col), col)
    for name, column in mapping.items():
        if name not in FIELDS:
            fields = ", ".join(FIELDS)
            errors.append(RowError(0, name, _("Unknown field; map one of: %(f)s.") % {"f": fields}))
        elif column and _header_key(column) not in by_key:
            errors.append(RowError(1, column, _("No such column in the file's header.")))
        elif column:
            columns[name] = by_key[_header_key(column)]
    taken = set(columns.values())
    for key, col in by_key.items():
        name = _SPELLINGS.get(key)
        if name and name not in columns and name not in mapping and col not in taken:
            columns[name] = col
            taken.add(col)
    _one_name_column_or_two(columns, mapping)
    missing = [n for n in REQUIRED if n not in columns]
    if not any(k in columns for k in KEYS):
        missing.append("employee_id")
    if not any(k in columns for k in MANAGER_KEYS):
        missing.append("manager_id")
    for name in missing:
        message = _(
            "Missing column %(field)s (or one of: %(spellings)s); name it with --map "
            "(on the import page: under “Columns”)."
        ) % {
            "field": name,
            "spellings": ", ".join(FIELDS[name][1:4]),
        }
        errors.append(RowError(1, name, message))
    return columns, errors


def _one_name_column_or_two(columns: dict[str, str], mapping: dict[str, str]) -> None:
    """`name` beside `lastName` is a first name (the Oracle sample); a file with both a full name
    and its parts is read by the parts."""
    if "full_name" not in columns or "full_name" in mapping:
        return
    is_name = _header_key(columns["full_name"]) == "name"
    if is_name and "last_name" in columns and "first_name" not in columns:
        columns["first_name"] = columns.pop("full_name")
    if "full_name" in columns and ("first_name" in columns or "last_name" in columns):
        del columns["full_name"]


def _row(number: int, cells: list[str], reading: Reading) -> ImportRow:
    index, columns, errors = reading.index, reading.columns, reading.errors
    raw = {name: cells[i] for name, i in index.items()}
    get = raw.get
    row = ImportRow(
        number,
        employee_id=get("employee_id", ""),
        first_name=get("first_name", ""),
        last_name=get("last_name", ""),
        job_title=get("job_title", ""),
        manager_id=get("manager_id", ""),
        site=get("site", ""),
        department=get("department", ""),
    )
    row.currency = raw.get("currency", "").upper()
    row.email = raw.get("email", "").lower()
    row.manager_email = raw.get("manager_email", "").lower()
    if raw.get("dotted_line_manager_id"):
        ids = raw["dotted_line_manager_id"].replace(",", "|").split("|")
        row.dotted_line_manager_ids = [v.strip() for v in ids if v.strip()]

    def bad(name: str, message: str) -> None:
        errors.append(RowError(number, columns[name], message))

    for name in reading.emails:
        if raw[name] and not EMAIL.fullmatch(raw[name]):
            bad(
                name,
                _("%(v)s is not an e-mail address; fix it, or skip the column with --map %(f)s=.")
                % {"v": raw[name], "f": name},
            )
    for name in reading.seat_numbers:
        if raw[name]:
            if DIGITS.fullmatch(raw[name]) and 0 < int(raw[name]) <= MAX_SEAT:
                setattr(row, name, int(raw[name]))
            else:
                bad(
                    name,
                    _("A seat number is a whole number from 1 to %(max)s, not %(v)s.")
                    % {"max": MAX_SEAT, "v": raw[name][:40]},
                )
    vacancy = raw.get("is_vacancy")
    if vacancy:
        if vacancy.lower() in TRUE:
            row.is_vacancy = True
        elif vacancy.lower() not in FALSE:
            bad("is_vacancy", _("Write yes or no, not %(v)s.") % {"v": vacancy})
    for name, limit in reading.lengths:
        if len(raw[name]) > limit:
            bad(name, _("Longer than %(n)s characters; shorten it.") % {"n": limit})
    if row.currency and not (len(row.currency) == 3 and row.currency.isalpha()):
        bad("currency", _("%(v)s is not a currency code; write e.g. EUR.") % {"v": row.currency})
    # Amounts and dates repeat down a column (a few thousand hire dates among 100,000 rows):
    # each distinct text is read once a file.
    if text := raw.get("salary"):
        amounts = reading.amounts
        row.salary = (
            amounts[text] if text in amounts else amounts.setdefault(text, parse_amount(text))
        )
        if row.salary is None:
            bad("salary", _("%(v)s is not an amount; write e.g. 32000.00.") % {"v": raw["salary"]})
    if text := raw.get("hire_date"):
        dates = reading.dates
        if text in dates:
            row.hire_date = dates[text]
        else:
            row.hire_date = dates[text] = parse_date(text, reading.date_style)
        if row.hire_date is None:
            bad("hire_date", _("%(v)s is not a date; write YYYY-MM-DD.") % {"v": raw["hire_date"]})
    _read_holder(row, raw, reading, bad)
    if not row.is_vacant:
        if not row.key:
            bad(next(k for k in KEYS if k in columns), _("Give an employee ID."))
        if not row.job_title:
            bad("job_title", _("Give the job title."))
    elif not row.job_title:
        bad("job_title", _("Give the job title of the vacant seat."))
    return row


def _read_holder(row: ImportRow, raw: dict, reading: Reading, bad) -> None:
    """Who holds the row's seat: a person named in the file, nobody, or someone not disclosed;
    and the seat's own key in a seat-first file."""
    name = raw.get("full_name", "") if "full_name" in raw else reading.name_of(raw)
    said = holder_of(name, reading.vacant, reading.withheld)
    if row.is_vacancy or said == Holder.VACANT:
        row.holder = Holder.VACANT
    elif said is None:
        # A blank name is a vacancy in a person-first file, unless the file marks vacancies
        # itself (our export does) and the row names its holder by ID: then the name was withheld.
        marked = "is_vacancy" in raw and bool(row.employee_id or row.email)
        row.holder = Holder.WITHHELD if reading.seat_first or marked else Holder.VACANT
    else:
        row.holder = said
    if row.holder == Holder.PERSON and "full_name" in raw:
        row.first_name, row.last_name = split_name(name)
        if max(len(row.first_name), len(row.last_name)) > 80:
            bad("full_name", _("Longer than %(n)s characters; shorten it.") % {"n": 80})
    elif row.holder != Holder.PERSON:
        row.first_name = row.last_name = ""
    row.is_vacant = row.holder == Holder.VACANT
    row.reference = raw.get("post_id", "") or (row.employee_id if reading.seat_first else "")


# An amount as our export writes it (32000.50): read without the general rules below, which
# cost ~3 µs a cell, a third of a second on a 100,000-row file.
PLAIN_AMOUNT = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,2})?")
CENT = Decimal("0.01")
GROUPED_BY_DOTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


def parse_amount(value: str) -> Decimal | None:
    """32000, 32000.50, 32,000.50, 32.000,50 or 32.000; None when it is not a non-negative amount.
    Three digits after a lone separator are a thousands group, a dot as a comma: money is not
    written to a tenth of a cent."""
    if PLAIN_AMOUNT.fullmatch(value):
        return Decimal(value).quantize(CENT)
    text = re.sub(r"[\s\u00a0']", "", value)
    if "," in text and "." in text:
        thousands = "," if text.rfind(",") < text.rfind(".") else "."
        text = text.replace(thousands, "")
    if text.count(",") == 1 and len(text.split(",")[1]) != 3:
        text = text.replace(",", ".")
    elif "," not in text and GROUPED_BY_DOTS.fullmatch(text):
        text = text.replace(".", "")  # 32.000 in a German file: thousands, as 32,000 is in English
    text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        return None
    return amount.quantize(Decimal("0.01"))
