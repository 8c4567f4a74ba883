"""Search on SQLite through the trigram index of migration 0013 (issue 21).

A word of three letters or more is a phrase of trigrams: `name : "nowak"` finds the people
whose folded name has "nowak" in it, as `search_name LIKE '%nowak%'` did by reading everyone.
A word of two letters has no trigram of its own; it is in a name exactly when a trigram of the
name begins with it (names and e-mails are stored between spaces, so every letter but the last
space is followed by two more), and the index lists its trigrams: `name : ("an " OR "ann" …)`.
A one-letter word begins hundreds of trigrams, too many to list quickly; it is tested in the
names the other words found.

The index answers with at most MANY + 1 people. More than MANY: the text is common ("an",
"demo-callcenter" in every e-mail), the first hits in name order are near the start of that
order, and search walks the name-order index instead of sorting thousands of hits.
"""

import json
from contextlib import contextmanager

from django.db import connection

from .fold import fold

TABLE = "people_person_search"
TERMS = "people_person_search_terms"
# Sorting 2,000 hits by name at 100,000 people takes a few milliseconds; walking the name order
# to the tenth of more than 2,000 hits spread over it reads about 500 people.
MANY = 2_000
LAST = "\U0010ffff"  # sorts after every letter: term < prefix + LAST is "begins with prefix"
INSERT_TRIGGER = f"{TABLE}_insert"  # migration 0013's
# Fewer people than this are indexed by the trigger, one at a time.
BULK = 1_000


@contextmanager
def people_indexed_in_bulk(ids: list[int]):
    """The people `ids`, inserted inside, are indexed for search in one statement at the end
    instead of one trigger a row: 100,000 people 11.5 s -> 0.8 s (FTS5 takes a sorted batch far
    faster than rows one by one). SQLite only, and only inside a transaction: SQLite's write
    lock (the connection's IMMEDIATE transactions) keeps every other writer out while the
    trigger is off, and an error rolls its drop back with the rows. Elsewhere, or for fewer
    than BULK people, the trigger indexes them as usual."""
    if connection.vendor != "sqlite" or len(ids) < BULK or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [INSERT_TRIGGER]
        )
        found = cursor.fetchone()
        if found is None:  # no index here (a database migrated without it)
            yield
            return
        cursor.execute(f"DROP TRIGGER {INSERT_TRIGGER}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {TABLE} (rowid, name, email)
            SELECT id, search_name, ' ' || email || ' ' FROM people_person
            WHERE id IN (SELECT value FROM json_each(%s)) ORDER BY id""",
            [json.dumps(sorted(ids))],
        )
        cursor.execute(found[0])


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _beginnings(cursor, parts: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """For each (column, two letters), the index's trigrams in `column` that begin with them:
    one query for all."""
    if not parts:
        return {}
    select = f"SELECT %s, term FROM {TERMS} WHERE col = %s AND term >= %s AND term < %s"
    cursor.execute(
        " UNION ALL ".join([select] * len(parts)),
        [p for i, (column, text) in enumerate(parts) for p in (i, column, text, text + LAST)],
    )
    terms: dict[tuple[str, str], list[str]] = {part: [] for part in parts}
    for i, term in cursor.fetchall():
        terms[parts[i]].append(term)
    return terms


def _match(cursor, text: str) -> tuple[str, list[str]]:
    """The FTS5 query for `text` (every word in the names, or the whole text in an e-mail) and
    the one-letter words it leaves to test; no query when the index cannot answer."""
    words = [fold(word) for word in text.split()]
    asked = [("name", word) for word in words if len(word) > 1] + [("email", text.lower())]
    pairs = _beginnings(cursor, [(column, t) for column, t in asked if len(t) == 2])

    def query(column: str, t: str) -> str:
        if len(t) > 2:
            return f"{column} : {_phrase(t)}"
        if len(t) < 2:  # one letter: tested in the rows found, or the caller walks
            return ""
        either = " OR ".join(_phrase(term) for term in pairs[column, t])
        return f"{column} : ({either})" if either else ""

    *names, email = [query(column, t) for column, t in asked]
    every = " AND ".join(f"({q})" for q in names) if names and all(names) else ""
    return " OR ".join(f"({q})" for q in (every, email) if q), [w for w in words if len(w) == 1]


MATCHING = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"


def query(text: str) -> tuple[str, list[str]]:
    """The FTS5 query for `text` and the one-letter words it leaves to test (people.search)."""
    with connection.cursor() as cursor:
        return _match(cursor, text)


def found(text: str, limit: int) -> list[int] | None:
    """The ids of the first `limit` people by name whose folded names have every word of
    `text` or whose e-mail has it (people.search), from the index; None when more than MANY
    (or only one-letter words): search then walks the name order."""
    with connection.cursor() as cursor:
        match, letters = _match(cursor, text)
        if len(letters) == len(text.split()):  # no word the index can look for
            return None
        if not match:
            return []
        tests, params = "", [match]
        if letters:  # a name with every letter, or the e-mail (which the index checked)
            each = " AND ".join(["instr(p.search_name, %s) > 0"] * len(letters))
            tests = f"AND (({each}) OR instr(lower(p.email), %s) > 0)"
            params += [*letters, text.lower()]
        # At most MANY + 1 hits, sorted here: their rows are read for the tests anyway.
        cursor.execute(
            f"""WITH hits AS (
                SELECT p.id, p.last_name, p.first_name
                FROM {TABLE} s JOIN people_person p ON p.id = s.rowid
                WHERE s.{TABLE} MATCH %s {tests} LIMIT {MANY + 1}
            )
            SELECT id, (SELECT count(*) FROM hits) FROM hits
            ORDER BY last_name, first_name, id LIMIT %s""",
            [*params, limit],
        )
        rows = cursor.fetchall()
    return [pk for pk, _n in rows] if not rows or rows[0][1] <= MANY else None
