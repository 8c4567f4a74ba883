"""HTML to PDF with WeasyPrint, which needs Pango from the system (Debian: libpango-1.0-0,
libpangoft2-1.0-0). Imported on first use: a machine without Pango still serves every page, and
the book page says how to enable the PDF."""

import io
from collections.abc import Iterable
from functools import cache

HOW_TO_ENABLE = (
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (Debian, Ubuntu); "
    "brew install pango (macOS); then restart the server"
)


@cache
def unavailable() -> str:
    """Why PDFs cannot be made here, or "" when they can."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as exc:  # OSError: a system library is missing
        return str(exc)
    return ""


def _fetch_nothing(url: str, *args, **kwargs):
    """The book is made from its HTML and the stylesheets given: nothing is fetched, so a URL in
    the data (a photo) cannot make the server request anything."""
    raise ValueError(f"not fetched: {url}")


def htmls_to_pdf(htmls: Iterable[str], *, base_url: str, stylesheets: list[str]) -> bytes:
    """One PDF of the pages of every HTML document in turn, styled by `stylesheets` (CSS text).

    Each document is laid out and written alone, then the parts are joined (pypdf), so memory
    follows the largest part, not the whole: links between parts are lost, text is not.
    """
    import weasyprint
    from pypdf import PdfWriter

    css = [weasyprint.CSS(string=text, url_fetcher=_fetch_nothing) for text in stylesheets]
    joined = PdfWriter()
    for html in htmls:
        page = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetch_nothing)
        joined.append(io.BytesIO(page.write_pdf(stylesheets=css)))
    joined.compress_identical_objects()  # each part embeds the same fonts
    out = io.BytesIO()
    joined.write(out)
    return out.getvalue()
