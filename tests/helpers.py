"""Helpers shared by tests of several apps (fixtures are in conftest.py)."""

from html.parser import HTMLParser

LARGE_ORG = 100_000  # people in the session's large org (the large_org fixture)


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def dom_elements(html: str) -> int:
    counter = ElementCounter()
    counter.feed(html)
    return counter.count
