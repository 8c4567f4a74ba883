"""What the name cell of a row says: a person's name, an empty seat, or a holder not disclosed.

Seat-first files (one row a post, as government organograms and org-chart samples are) write
"Vacant" or "N/D" where a name would be. The words are compared after word_key (case, spaces and
a final full stop ignored); the defaults are English, German and Polish, and --vacant-when /
--withheld-when replace them.
"""

import re
from enum import StrEnum


class Holder(StrEnum):
    PERSON = "person"
    VACANT = "vacant"  # the seat is empty: a vacancy
    WITHHELD = "withheld"  # the seat is filled, the file does not say by whom


VACANT_WORDS = (
    "vacant",
    "vacancy",
    "not in post",
    "eliminated",
    "open",
    "unfilled",
    "to be recruited",
    "unbesetzt",
    "vakant",
    "offen",
    "nicht besetzt",
    "frei",
    "wakat",
    "nieobsadzone",
    "nieobsadzony",
    "wolny etat",
)
WITHHELD_WORDS = (
    "n/d",
    "nd",
    "not disclosed",
    "undisclosed",
    "withheld",
    "name withheld",
    "redacted",
    "nicht veröffentlicht",
    "keine angabe",
    "anonym",
    "zastrzeżone",
    "nie ujawniono",
    "utajnione",
)

# Lower-case words that start a family name: "Ursula von der Leyen", "Rafael van der Vaart".
PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "zu",
        "zum",
        "zur",
        "vom",
        "bin",
        "ibn",
    ]
)


SPACES = re.compile(r"\s+")


def word_key(text: str) -> str:
    key = text.strip().casefold()
    if "  " in key or "\t" in key or "\n" in key:  # rare: the pattern only when needed
        key = SPACES.sub(" ", key)
    return key.rstrip(".")


def words(values: tuple[str, ...] | list[str]) -> frozenset[str]:
    return frozenset(word_key(v) for v in values if v.strip())


DEFAULT_VACANT = words(VACANT_WORDS)
DEFAULT_WITHHELD = words(WITHHELD_WORDS)


def holder_of(name: str, vacant: frozenset[str], withheld: frozenset[str]) -> Holder | None:
    """What a name cell says; None for a blank cell (the file's kind decides what that means)."""
    word = word_key(name)
    if not word:
        return None
    if word in vacant:
        return Holder.VACANT
    if word in withheld:
        return Holder.WITHHELD
    return Holder.PERSON


def split_name(name: str) -> tuple[str, str]:
    """One name column → (first name, last name).

    "Last, First" splits at the comma; "First Last" before the last word, or before a particle
    ("Anna von der Heide" → "Anna", "von der Heide"); a one-word name is a first name alone.
    "Last First" without a comma cannot be told from "First Last" and is read as the latter.
    """
    name = re.sub(r"\s+", " ", name).strip()
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    parts = name.split(" ")
    if len(parts) == 1:
        return name, ""
    for i, part in enumerate(parts[1:-1], start=1):
        if part in PARTICLES:
            return " ".join(parts[:i]), " ".join(parts[i:])
    return " ".join(parts[:-1]), parts[-1]
