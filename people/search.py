"""Search over people, seats and roles: one query per kind, a fixed number of hits each."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField

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
    hits = _sqlite_hits(text, limit) if connection.vendor == "sqlite" else _hits(text)
    return Person.objects.filter(pk__in=hits[:limit]).select_related("position__role", "site")


# Sorted by an expression the name order index cannot give: the planners otherwise walk that
# index for the first `limit` hits, through 60,000 people before the first "Nowak" at 100k.
BY_NAME = [NoIndex(F("last_name")), NoIndex(F("first_name")), "pk"]


def _hits(text: str) -> QuerySet[Person]:
    """On PostgreSQL: trigram GIN indexes under search_name and the e-mail (0011, 0012)."""
    exact = Q(employee_id__iexact=text) | Q(email__icontains=text)
    # A trigram index has nothing to look up for words of one or two letters: PostgreSQL's
    # planner then weighs walking the name order against reading everyone by its statistics.
    short = all(len(fold(word)) < 3 for word in text.split())
    by_name = ["last_name", "first_name", "pk"] if short else BY_NAME
    return Person.objects.filter(words(text) | exact).order_by(*by_name).values("pk")


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


def _seats(text: str, roles: list[Role]) -> QuerySet[Position]:
    """A seat by its number (#123), or the vacant seats of the roles found."""
    number = SEAT_NUMBER.match(text)
    found = Q(pk=int(number.group(1))) if number else Q(pk__in=[])
    if roles:
        found |= Q(holder__isnull=True, role__in=roles)
    return Position.objects.active().for_chart().filter(found).order_by("pk")


def search(text: str, *, limit: int = 10) -> Results:
    """Hits for `text` (already cleaned by clean_query); at most `limit` of each kind."""
    roles = list(_roles(text)[:limit])
    return Results(
        query=text,
        people=list(_people(text, limit)),
        roles=roles,
        seats=list(_seats(text, roles)[:limit]),
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
