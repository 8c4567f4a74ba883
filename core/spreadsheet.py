"""CSV cells that a spreadsheet would run as a formula, made inert (OWASP, "CSV Injection").

OWASP: a cell must not begin with = + - @, a tab or a carriage return; prefix such a cell with a
single quote, quote every cell and double the quotes inside (the csv writer with QUOTE_ALL does
the last two). Spreadsheets are more lenient than the list: they read U+FF1D (full-width equals)
and its kin as =, and skip spaces and invisible characters before a formula. So the test is made
on the NFKC form of the text with leading whitespace and format characters (zero-width space,
BOM) set aside; the cell itself is kept as it was, behind the quote.
"""

import unicodedata

FORMULA_STARTS = frozenset("=+-@\t\r")


def _first_visible(text: str) -> str:
    for char in unicodedata.normalize("NFKC", text):
        if char in FORMULA_STARTS:
            return char
        if not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf")):
            return char
    return ""


def neutralise(value: object) -> str:
    """The cell's text, with a leading ' when a spreadsheet could take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if _first_visible(text) in FORMULA_STARTS else text


def restore(cell: str) -> str:
    """The text `neutralise` was given, for a cell it wrote (an import reading our own export);
    any other cell as it is, so a name that really begins with ' keeps it."""
    if cell.startswith("'") and neutralise(cell[1:]) == cell:
        return cell[1:]
    return cell
