"""Bytes → a table of text cells: CSV in any of the usual encodings and delimiters, or .xlsx.

What HR teams export: CSV with `,` `;` tab or `|`, in UTF-8 (with or without BOM), Windows-1252
or UTF-16; and .xlsx from most HRIS. The encoding and delimiter are detected unless given.
Sizes are checked before anything is parsed.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_BYTES = 64 * 1024 * 1024  # 100,000 rows of a wide export are about 15 MB
MAX_XLSX_UNPACKED = 256 * 1024 * 1024  # a zip bomb is refused before openpyxl opens it
MAX_CELL = 131_072  # the csv module refuses a longer cell
DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    header: list[str] = field(default_factory=list)
    lines: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    problem: tuple[int, str] | None = None  # (row, message): the file cannot be read
    notes: list[str] = field(default_factory=list)


def table(
    data: bytes, *, delimiter: str | None = None, encoding: str | None = None, sheet: str = ""
) -> Table:
    """The file's header and non-blank rows; a file that cannot be read is a `problem`."""
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        return Table(problem=(0, _("The file is larger than %(mb)s MB.") % {"mb": limit}))
    if data.startswith(XLSX_MAGIC):
        return _xlsx(data, sheet)
    chosen = encoding or sniff_encoding(data)
    text, problem = decode(data, chosen)
    if problem:
        return Table(problem=problem)
    found = _csv(text, delimiter or sniff_delimiter(text))
    if not encoding and chosen in LEGACY_NAMES:  # a guess: say it, so wrong letters have a fix
        found.notes.append(
            _(
                "Read as %(name)s. If letters look wrong, give the file's encoding with "
                "--encoding (on the import page: “Encoding”), e.g. %(others)s."
            )
            % {
                "name": LEGACY_NAMES[chosen],
                "others": ", ".join(e for e in LEGACY if e != chosen),
            }
        )
    return found


# The one-byte encodings Excel writes "CSV" in on a German or a Polish Windows, and the older
# Central European standard; the first wins a tie (German and English text reads the same in all).
LEGACY = ("cp1252", "cp1250", "iso-8859-2")
LEGACY_NAMES = {
    "cp1252": "Windows-1252 (Western European)",
    "cp1250": "Windows-1250 (Central European)",
    "iso-8859-2": "ISO-8859-2 (Central European)",
    "latin-1": "ISO-8859-1",
}
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def sniff_encoding(data: bytes) -> str:
    """UTF-16 by its BOM or its zero bytes, UTF-8 when it decodes, else the one-byte encoding
    in which the file's non-ASCII characters read as letters (`_legacy`)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _legacy(data)
    return "utf-8-sig"


def _legacy(data: bytes) -> str:
    """Windows-1252, Windows-1250 or ISO-8859-2: the one whose reading of the file has the
    fewest non-ASCII characters that are not letters. The Polish letters are where they differ:
    "Łukasz Wiśniewski" written in Windows-1250 reads "£ukasz Wiœniewski" in Windows-1252 (£ is
    no letter) and "Łukasz Wi\x9cniewski" in ISO-8859-2 (a control character); German umlauts
    and ß are the same byte in all three. (charset-normalizer, tried first, told Polish from
    German files apart no better than chance on a few lines of names.)"""
    best, fewest = "latin-1", None
    for encoding in LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        odd = sum(1 for c in NON_ASCII.findall(text) if not c.isalpha())
        if fewest is None or odd < fewest:
            best, fewest = encoding, odd
    return best


def decode(data: bytes, encoding: str | None) -> tuple[str, tuple[int, str] | None]:
    """The file as text in the given encoding, or the detected one."""
    encoding = encoding or sniff_encoding(data)
    try:
        text = data.decode(encoding)
    except LookupError:
        return "", (0, _("Unknown encoding %(enc)s.") % {"enc": encoding})
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        suggestion = _legacy(data)
        message = _(
            "The file is not valid %(enc)s (byte 0x%(byte)02x). Save it as UTF-8, "
            "or give its encoding: try %(suggestion)s."
        ) % {"enc": encoding, "byte": data[exc.start], "suggestion": suggestion}
        return "", (row, message)
    return text.removeprefix("\ufeff"), None


def sniff_delimiter(text: str) -> str:
    """The delimiter the header line holds most of, outside quotes."""
    header = text.split("\n", 1)[0]
    unquoted = "".join(header.split('"')[::2])
    return max(DELIMITERS, key=unquoted.count)


def _csv(text: str, delimiter: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    found = Table()
    number = 1
    try:
        found.header = next(reader, [])
        for number, cells in enumerate(reader, start=2):
            if "".join(cells).strip():
                found.lines.append((number, cells))
    except csv.Error:
        message = _(
            "This row cannot be read: a cell is longer than %(kb)s KB or a quote is not closed."
        ) % {"kb": MAX_CELL // 1024}
        found.problem = (number + 1, message)
    return found


def _xlsx(data: bytes, sheet: str) -> Table:
    """The first sheet (or the one named) of a workbook; the others are named in a note."""
    import openpyxl  # imported here: only .xlsx uploads pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:
            limit = MAX_XLSX_UNPACKED // (1024 * 1024)
            message = _("The workbook unpacks to more than %(mb)s MB.") % {"mb": limit}
            return Table(problem=(0, message))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return Table(problem=(0, _("This is not an .xlsx workbook Excel can open.")))
    names = book.sheetnames
    if sheet and sheet not in names:
        message = _("The workbook has no sheet %(sheet)s; its sheets: %(names)s.")
        return Table(problem=(0, message % {"sheet": sheet, "names": ", ".join(names)}))
    chosen = sheet or names[0]
    found = Table()
    for number, values in enumerate(book[chosen].iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if number == 1:
            found.header = cells
        elif any(c.strip() for c in cells):
            found.lines.append((number, cells))
    book.close()
    if len(names) > 1:
        others = ", ".join(n for n in names if n != chosen)
        found.notes.append(
            _(
                "Read the sheet %(sheet)s; not read: %(others)s (choose one with --sheet; on "
                "the import page: “Sheet”)."
            )
            % {"sheet": chosen, "others": others}
        )
    return found


def _text(value) -> str:
    """A cell as the text a CSV export would hold: dates as ISO, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
