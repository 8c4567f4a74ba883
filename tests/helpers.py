"""Helpers shared by tests of several apps (fixtures are in conftest.py)."""

from html.parser import HTMLParser

LARGE_ORG = 100_000  # people in the session's large org (the large_org fixture)


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def body(response) -> bytes:
    """The bytes of an answer, read to the end when it is streamed (the exports)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def dom_elements(html: str) -> int:
    counter = ElementCounter()
    counter.feed(html)
    return counter.count


def problem_errors(response) -> dict:
    """An API refusal (RFC 9457 problem details) as {field path or parameter: [messages]}, or
    {"detail": message} for a problem without field errors; checks the media type."""
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == response.status_code
    if "errors" not in body:
        return {"detail": body["detail"]}
    found: dict = {}
    for error in body["errors"]:
        key = error.get("parameter") or error.get("pointer", "")[1:] or "non_field_errors"
        found.setdefault(key, []).append(error["detail"])
    return found
