"""Step 1 of an import: bytes → rows of typed fields, or errors as (row, column, message).

Nothing here touches the database; plan.py matches the rows against the org.
Row numbers are the file's line numbers as a spreadsheet shows them (the header is row 1).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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
    "first_name": ("first_name", "name", "first name", "given name", "firstname", "vorname"),
    "last_name": ("last_name", "lastName", "surname", "family name", "nachname"),
    "email": ("email", "e-mail", "work email", "email address", "mail"),
    "job_title": ("job_title", "position", "title", "job", "role", "job name"),
    "manager_id": (
        "manager_id",
        "parentId",
        "parent id",
        "supervisor id",
        "manager employee id",
        "reports to id",
    ),
    "manager_email": ("manager_email", "manager email", "supervisor email", "manager e-mail"),
    "manager_position_id": ("manager_position_id", "manager seat id"),
    "department": ("department", "department_name", "dept"),
    "site": ("site", "site code", "location", "office"),
    "hire_date": ("hire_date", "hire date", "start date", "date of hire", "hired on"),
    "salary": ("salary", "annual salary", "base salary"),
    "currency": ("currency", "salary currency"),
    "position_id": ("position_id", "seat id", "position number"),
    "is_vacancy": ("is_vacancy", "vacancy", "vacant", "is vacant"),
    "dotted_line_manager_id": ("dotted_line_manager_id", "dotted line manager id"),
}
REQUIRED = ("first_name", "last_name", "job_title", "hire_date")
KEYS = ("employee_id", "email")
MANAGER_KEYS = ("manager_id", "manager_email", "manager_position_id")
MAX_LENGTHS = {
    "employee_id": 40,
    "first_name": 80,
    "last_name": 80,
    "email": 254,
    "job_title": 120,
}
TRUE = {"1", "true", "yes", "y", "x", "ja", "tak", "vacant"}
FALSE = {"", "0", "false", "no", "n", "nein", "nie"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
# A plain pattern rather than Django's validator: it runs once a cell on 100,000-row files.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
NEUTRALISED = re.compile(r"^'[=+\-@]")
DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also takes "²", which int() refuses
# Seat numbers end up in URLs, JSON and the chart's scripts: keep them exact as a JS number.
MAX_SEAT = 2**53 - 1
# The csv module refuses a cell over 128 KB; no field we read needs a tenth of that.
MAX_CELL = 131_072


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
    is_vacant: bool = False  # marked vacant, or no holder's name: set once the row is read


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    columns: dict[str, str]  # canonical field → the file's header
    errors: list[RowError]

    def has(self, name: str) -> bool:
        return name in self.columns


def decode(data: bytes, encoding: str | None) -> tuple[str, RowError | None]:
    """The file as text; UTF-8 (with or without BOM) unless an encoding is given."""
    encoding = encoding or "utf-8-sig"
    try:
        return data.decode(encoding), None
    except LookupError:
        return "", RowError(0, "", _("Unknown encoding %(enc)s.") % {"enc": encoding})
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        suggestion = "cp1252" if _decodes(data, "cp1252") else "latin-1"
        message = _(
            "The file is not valid %(enc)s (byte 0x%(byte)02x). Save it as UTF-8, "
            "or give its encoding: try %(suggestion)s."
        ) % {"enc": encoding, "byte": data[exc.start], "suggestion": suggestion}
        return "", RowError(row, "", message)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t", "|"), key=header.count)


def read(
    data: bytes,
    *,
    mapping: dict[str, str] | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> ParsedFile:
    """Parse an HRIS export into typed rows. Every problem becomes a RowError; none raises."""
    text, error = decode(data, encoding)
    if error:
        return ParsedFile([], {}, [error])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))
    header = next(reader, None)
    if not header:
        return ParsedFile([], {}, [RowError(1, "", _("The file is empty."))])
    columns, errors = match_columns(header, mapping or {})
    if errors:
        return ParsedFile([], columns, errors)
    index = {name: header.index(col) for name, col in columns.items()}
    rows: list[ImportRow] = []
    has_nul = "\x00" in text
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if has_nul and _refuse_nul(number, cells, index, columns, errors):
                continue
            rows.append(_row(number, cells, index, len(header), columns, errors))
    except csv.Error:
        message = _(
            "This row cannot be read: a cell is longer than %(kb)s KB or a quote is not closed."
        ) % {"kb": MAX_CELL // 1024}
        errors.append(RowError(number + 1, "", message))
    return ParsedFile(rows, columns, errors)


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
    missing = [n for n in REQUIRED if n not in columns]
    if not any(k in columns for k in KEYS):
        missing.append("employee_id")
    if not any(k in columns for k in MANAGER_KEYS):
        missing.append("manager_id")
    for name in missing:
        message = _("Missing column %(field)s (or one of: %(spellings)s); name it with --map.") % {
            "field": name,
            "spellings": ", ".join(FIELDS[name][1:4]),
        }
        errors.append(RowError(1, name, message))
    return columns, errors


def _cells(cells: list[str], width: int) -> list[str]:
    values = [c.strip() for c in cells]
    if len(values) < width:
        values += [""] * (width - len(values))
    if "'" in "".join(values):  # undo the neutralising of our export; rare, so checked once
        values = [v[1:] if NEUTRALISED.match(v) else v for v in values]
    return values


def _row(
    number: int, cells: list[str], index: dict, width: int, columns: dict, errors: list
) -> ImportRow:
    values = _cells(cells, width)
    raw = {name: values[i] for name, i in index.items()}
    get = raw.get
    row = ImportRow(
        number,
        employee_id=get("employee_id", ""),
        first_name=get("first_name", ""),
        last_name=get("last_name", ""),
        job_title=get("job_title", ""),
        manager_id=get("manager_id", ""),
        site=get("site", ""),
    )
    row.currency = raw.get("currency", "").upper()
    row.email = raw.get("email", "").lower()
    row.manager_email = raw.get("manager_email", "").lower()
    if raw.get("dotted_line_manager_id"):
        ids = raw["dotted_line_manager_id"].replace(",", "|").split("|")
        row.dotted_line_manager_ids = [v.strip() for v in ids if v.strip()]

    def bad(name: str, message: str) -> None:
        errors.append(RowError(number, columns[name], message))

    for name in ("email", "manager_email"):
        if raw.get(name) and not EMAIL.fullmatch(raw[name]):
            bad(
                name,
                _("%(v)s is not an e-mail address; fix it, or skip the column with --map %(f)s=.")
                % {"v": raw[name], "f": name},
            )
    for name in ("position_id", "manager_position_id"):
        if raw.get(name):
            if DIGITS.fullmatch(raw[name]) and 0 < int(raw[name]) <= MAX_SEAT:
                setattr(row, name, int(raw[name]))
            else:
                bad(
                    name,
                    _("A seat number is a whole number from 1 to %(max)s, not %(v)s.")
                    % {"max": MAX_SEAT, "v": raw[name][:40]},
                )
    if raw.get("is_vacancy", "").lower() in TRUE:
        row.is_vacancy = True
    elif raw.get("is_vacancy", "").lower() not in FALSE:
        bad("is_vacancy", _("Write yes or no, not %(v)s.") % {"v": raw["is_vacancy"]})
    for name, limit in MAX_LENGTHS.items():
        if len(raw.get(name, "")) > limit:
            bad(name, _("Longer than %(n)s characters; shorten it.") % {"n": limit})
    if row.currency and not (len(row.currency) == 3 and row.currency.isalpha()):
        bad("currency", _("%(v)s is not a currency code; write e.g. EUR.") % {"v": row.currency})
    if raw.get("salary"):
        row.salary = parse_amount(raw["salary"])
        if row.salary is None:
            bad("salary", _("%(v)s is not an amount; write e.g. 32000.00.") % {"v": raw["salary"]})
    if raw.get("hire_date"):
        row.hire_date = parse_date(raw["hire_date"])
        if row.hire_date is None:
            bad("hire_date", _("%(v)s is not a date; write YYYY-MM-DD.") % {"v": raw["hire_date"]})
    row.is_vacant = row.is_vacancy or not (row.first_name or row.last_name)
    if not row.is_vacant:
        if not (row.employee_id or row.email):
            bad("employee_id" if "employee_id" in columns else "email", _("Give an employee ID."))
        if not row.job_title:
            bad("job_title", _("Give the job title."))
        if not raw.get("hire_date"):
            bad("hire_date", _("Give the hire date."))
    elif not row.job_title:
        bad("job_title", _("Give the job title of the vacant seat."))
    return row


def parse_date(value: str) -> datetime.date | None:
    """ISO dates and timestamps (the date part as written), DD.MM.YYYY and YYYY/MM/DD."""
    if len(value) > 10 and value[10] in "T ":
        value = value[:10]
    if len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_amount(value: str) -> Decimal | None:
    """32000, 32000.50, 32,000.50 or 32.000,50; None when it is not a non-negative amount."""
    text = re.sub(r"[\s\u00a0']", "", value)
    if "," in text and "." in text:
        thousands = "," if text.rfind(",") < text.rfind(".") else "."
        text = text.replace(thousands, "")
    if text.count(",") == 1 and len(text.split(",")[1]) != 3:
        text = text.replace(",", ".")
    text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        return None
    return amount.quantize(Decimal("0.01"))
