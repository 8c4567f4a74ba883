"""Dates as HR files write them: ISO (with a time and Z), dd.mm.yyyy, yyyy/mm/dd, Excel serial
numbers, and dd/mm/yyyy or mm/dd/yyyy, which one file must settle or --date-format must name."""

import datetime
import re

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")
SERIAL = re.compile(r"\d{4,5}(?:\.0+)?")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01; Excel's 1900 leap bug
DAY_FIRST, MONTH_FIRST = "DD/MM/YYYY", "MM/DD/YYYY"
STYLES = {"dd/mm/yyyy": DAY_FIRST, "dmy": DAY_FIRST, "mm/dd/yyyy": MONTH_FIRST, "mdy": MONTH_FIRST}


def style_of(given: str | None) -> str | None:
    """--date-format as DAY_FIRST, MONTH_FIRST or a strptime pattern; None when not given."""
    if not given:
        return None
    return STYLES.get(given.strip().casefold(), given.strip())


def settle(values: list[str]) -> tuple[str | None, bool]:
    """The slash style a column's values settle: (style, ambiguous). A day above 12 in the
    first place says day first, in the second place month first; both is not settled."""
    first = second = seen = False
    for value in values:
        match = SLASHED.fullmatch(value)
        if match:
            seen = True
            first |= int(match[1]) > 12
            second |= int(match[2]) > 12
    if first != second:
        return (DAY_FIRST if first else MONTH_FIRST), False
    return None, seen


def parse_date(value: str, style: str | None = None) -> datetime.date | None:
    """The date a cell holds, or None when it holds none the formats above can read."""
    if style and "%" in style:
        try:
            return datetime.datetime.strptime(value, style).date()
        except ValueError:
            return None
    if len(value) > 10 and value[10] in "T ":
        value = value[:10]  # the date part as written: a time or a Z does not move the day
    parts = _parts(value, style)
    if parts is None:
        if SERIAL.fullmatch(value):
            return EXCEL_EPOCH + datetime.timedelta(days=int(float(value)))
        return None
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


def _parts(value: str, style: str | None) -> tuple[int, int, int] | None:
    if match := ISO.fullmatch(value) or YEAR_FIRST.fullmatch(value):
        return int(match[1]), int(match[2]), int(match[3])
    if match := DOTTED.fullmatch(value):
        return int(match[3]), int(match[2]), int(match[1])
    if (match := SLASHED.fullmatch(value)) and style in (DAY_FIRST, MONTH_FIRST):
        day, month = (match[1], match[2]) if style == DAY_FIRST else (match[2], match[1])
        return int(match[3]), int(month), int(day)
    return None
