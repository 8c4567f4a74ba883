"""Search over people, seats and roles: one query per kind, a fixed number of hits each."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

from roles.models import Role

from . import trigrams
from .fold import fold
from .matching import employee_id, words
from .models import Person, Position

MIN_LENGTH = 2
MAX_LENGTH = 100
SEAT_NUMBER = re.compile(r"^#?(\d{1,12})$")


@dataclass
class Results:
    query: str
    people: list[Person] = field(default_factory=list)
    seats: list[Position] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.people or self.seats or self.roles)


# Names match however the letters are written ("Bottcher", "Boettcher" and "böttcher" find
# "Böttcher"): each search word, folded (people.fold), is looked for in Person.search_name, the
# names folded by the database. PostgreSQL reads `search_name LIKE '%word%'` from a trigram GIN
# index (migration 0012); SQLite asks its FTS5 trigram index the same (0013, people.trigrams).


class NoIndex(Func):
    """The text as it is, in a form no index is under: (x || '')."""

    template = "(%(expressions)s || '')"
    output_field = TextField()


def _people(text: str, limit: int) -> QuerySet[Person]:
    """Every word must be in a first or last name (however spelled, see people.fold), or the
    whole text in an e-mail or be an employee id; the first `limit` by name.

    The hits are chosen in a subquery and only they are joined to their seats: PostgreSQL
    guessed hundreds of hits and joined them to the seats by hashing all of them, which cost
    more than the search itself once the names were indexed."""
    if connection.vendor == "sqlite":
        hits = _sqlite_hits(text, limit)[:limit]
    else:
        hits = _hits(text, limit)
    return Person.objects.filter(pk__in=hits).select_related("position__role", "site")


# Sorted by an expression the name order index cannot give: the planners otherwise walk that
# index for the first `limit` hits, through 60,000 people before the first "Nowak" at 100k.
BY_NAME = [NoIndex(F("last_name")), NoIndex(F("first_name")), "pk"]
NAME_ORDER = ["last_name", "first_name", "pk"]


def _hits(text: str, limit: int) -> RawSQL:
    """On PostgreSQL: the first `limit` by name of the names found, of the e-mails found and the
    employee id, each read from its own index (0011, 0012, 0014) and joined by UNION.

    In one filter (`names OR e-mail OR id`) every person the name order walk passed was also
    upper-cased twice to compare the e-mail and the id, 25 of the 35 ms of "ko wa" at 100k."""
    people = Person.objects.values("pk", "last_name", "first_name")
    # A trigram index has nothing to look up for words of one or two letters: PostgreSQL's
    # planner then weighs walking the name order (0014's index holds the names searched, so
    # the walk reads no table rows) against reading everyone by its statistics.
    short = all(len(fold(word)) < 3 for word in text.split())
    order = NAME_ORDER if short else BY_NAME
    parts = [people.filter(words(text)).order_by(*order)[:limit]]
    if " " not in text:  # no e-mail address has a space (clean_query leaves single spaces)
        parts.append(people.filter(email__icontains=text).order_by(*order)[:limit])
    parts.append(people.filter(employee_id(text)).order_by(*NAME_ORDER)[:limit])
    queries = [part.query.sql_with_params() for part in parts]
    union = " UNION ".join(f"({sql})" for sql, _params in queries)
    by_name = "hits.last_name, hits.first_name, hits.pk"
    sql = f"SELECT hits.pk FROM ({union}) hits ORDER BY {by_name} LIMIT %s"
    return RawSQL(sql, [*(p for _sql, params in queries for p in params), limit])


def _sqlite_hits(text: str, limit: int) -> QuerySet[Person]:
    """On SQLite: the people the trigram index of 0013 finds (people.trigrams); when it finds
    thousands, the name order walked until the first `limit` of them."""
    people = Person.objects.all()
    found = trigrams.found(text, limit)
    if found is None:
        every = words(text) | Q(email__icontains=text) | employee_id(text)
        return people.filter(every).order_by("last_name", "first_name", "pk").values("pk")
    return people.filter(Q(pk__in=found) | employee_id(text)).order_by(*BY_NAME).values("pk")


def _roles(text: str) -> QuerySet[Role]:
    """Roles by title in any language or by an alias."""
    by_title = Q()
    for code, _name in settings.LANGUAGES:
        by_title |= Q(**{f"title_{code}__icontains": text})
    alias_of = Role.objects.filter(aliases__name__icontains=text).values("pk")
    return Role.objects.filter(by_title | Q(pk__in=alias_of)).order_by("-career_level", "title")


def _seats(text: str, roles: list[Role], limit: int) -> QuerySet[Position]:
    """A seat by its number (#123), or the first `limit` vacant seats of the roles found. The
    seats are chosen in a subquery of their own, then joined to what a hit shows: planned with
    the joins, PostgreSQL walked every seat in id order looking for vacancies of roles that had
    none (40 ms at 500,000 seats for "an"); alone, it takes them from the vacancies' index."""
    number = SEAT_NUMBER.match(text)
    found = Q(pk=int(number.group(1))) if number else Q(pk__in=[])
    if roles:
        found |= Q(holder__isnull=True, role__in=roles)
    chosen = Position.objects.active().filter(found).order_by("pk").values("pk")[:limit]
    return Position.objects.for_chart().filter(pk__in=chosen).order_by("pk")


def search(text: str, *, limit: int = 10) -> Results:
    """Hits for `text` (already cleaned by clean_query); at most `limit` of each kind."""
    roles = list(_roles(text)[:limit])
    return Results(
        query=text,
        people=list(_people(text, limit)),
        roles=roles,
        seats=list(_seats(text, roles, limit)),
    )


def clean_query(raw: str | None) -> tuple[str, str | None]:
    """The text to search for and a problem to show, if any (too short, too long)."""
    text = " ".join((raw or "").split())
    if not text:
        return "", None
    if len(text) < MIN_LENGTH and not SEAT_NUMBER.match(text):
        return "", "short"
    if len(text) > MAX_LENGTH:
        return "", "long"
    return text, None
