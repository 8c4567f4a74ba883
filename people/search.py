"""Search over people, seats and roles: one query per kind, a fixed number of hits each."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet

from roles.models import Role

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


# Names match whichever way the letters are written: "Bottcher", "Boettcher" and "böttcher" find
# "Böttcher", "Lodz" finds "Łódź". A search word is folded (umlauts, their ae/oe/ue spellings, ß
# and the Polish letters become plain letters), and each plain letter is searched as any of the
# letters it stands for, with a case-insensitive regular expression, which SQLite (through
# Django's REGEXP) and PostgreSQL (~*) both run. Nothing is stored folded, so there is no column
# to keep in step with the import's bulk writes. Upper case letters are listed too: PostgreSQL in
# the C locale folds only ASCII.
LETTERS = {
    "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "a", "Ö": "o", "Ü": "u", "ẞ": "ss",
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
    "Ą": "a", "Ć": "c", "Ę": "e", "Ł": "l", "Ń": "n", "Ó": "o", "Ś": "s", "Ź": "z", "Ż": "z",
}  # fmt: skip
PAIRS = {"ae": "a", "oe": "o", "ue": "u"}  # German spellings of ä, ö, ü without the umlaut
SPELLINGS: dict[str, list[str]] = {}
for _letter, _plain in [*LETTERS.items(), *PAIRS.items()]:
    SPELLINGS.setdefault(_plain, [_plain]).append(_letter)


def fold(text: str) -> str:
    """A word as compared: lower case, umlauts, their spellings and Polish letters plain."""
    for letter, plain in LETTERS.items():
        text = text.replace(letter, plain)
    text = text.lower()
    for pair, plain in PAIRS.items():
        text = text.replace(pair, plain)
    return text


def spelled_any_way(word: str) -> str:
    """A regular expression that finds `word` however its letters are written (see fold)."""
    plain, parts, i = fold(word), [], 0
    while i < len(plain):
        piece = "ss" if plain.startswith("ss", i) else plain[i]
        options = SPELLINGS.get(piece)
        parts.append(f"({'|'.join(map(re.escape, options))})" if options else re.escape(piece))
        i += len(piece)
    return "".join(parts)


def _people(text: str, limit: int) -> QuerySet[Person]:
    """Every word must match a first or last name (however spelled, see spelled_any_way), or the
    whole text an e-mail or employee id; the first `limit` by name.

    The hits are chosen in a subquery and only they are joined to their seats: PostgreSQL
    guessed hundreds of hits and joined them to the seats by hashing all of them, which cost
    more than the search itself once the names were indexed (migration 0011_search_indexes)."""
    words = Q()
    for word in text.split():
        pattern = spelled_any_way(word)
        words &= Q(first_name__iregex=pattern) | Q(last_name__iregex=pattern)
    exact = Q(employee_id__iexact=text) | Q(email__icontains=text)
    hits = Person.objects.filter(words | exact).values("pk")[:limit]
    return Person.objects.filter(pk__in=hits).select_related("position__role", "site")


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
