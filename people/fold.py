"""How names are compared in search: folded (issue 21).

A name matches however its letters are written: "Bottcher", "Boettcher" and "böttcher" find
"Böttcher", "Lodz" finds "Łódź". fold() makes a word plain: umlauts, their ae/oe/ue spellings, ß
and the Polish letters become plain letters, everything lower case. `folded_name()` is the same
fold written in SQL, the expression of Person.search_name, a column the database computes on
every write (save(), the import's COPY and executemany, the demo generator, SCIM, the admin),
so no write path keeps it in Python. Upper case letters are listed too: SQLite's lower(), and
PostgreSQL's in the C locale, fold only ASCII.

Its own module because the model's field needs it and people.search imports the model.
"""

from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Cast, Lower, Replace

LETTERS = {
    "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "a", "Ö": "o", "Ü": "u", "ẞ": "ss",
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
    "Ą": "a", "Ć": "c", "Ę": "e", "Ł": "l", "Ń": "n", "Ó": "o", "Ś": "s", "Ź": "z", "Ż": "z",
}  # fmt: skip
PAIRS = {"ae": "a", "oe": "o", "ue": "u"}  # German spellings of ä, ö, ü without the umlaut


def fold_letters(text: str) -> str:
    """Lower case, umlauts, ß and Polish letters plain; ae/oe/ue kept."""
    for letter, plain in LETTERS.items():
        text = text.replace(letter, plain)
    return text.lower()


def fold(text: str) -> str:
    """A word as compared: fold_letters, then ae/oe/ue as the one letter they spell."""
    text = fold_letters(text)
    for pair, plain in PAIRS.items():
        text = text.replace(pair, plain)
    return text


# The letters the database folds: all but the capitals that only all-capital writing uses (no
# Polish word begins with ą, ę or ń; ẞ is ß's capital). SQLite's parser takes at most 30 nested
# functions in one expression, and REPLACE folds one letter. A name stored in capitals with one
# of them ("WĘŻYK") is found by its other letters only.
SQL_LETTERS = {k: v for k, v in LETTERS.items() if k not in "ẞĄĘŃ"}


class JoinText(Func):
    """a || b || …: the text of each, joined without COALESCE (Concat's, on SQLite, nests one
    function per part: too deep for the parser, see SQL_LETTERS). The names are NOT NULL."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # text || text is immutable, as a generated column's expression must be.
        copy = self.copy()
        copy.set_source_expressions([Cast(e, TextField()) for e in self.get_source_expressions()])
        return copy.as_sql(compiler, connection, **extra_context)


def _replace(expression, mapping: dict[str, str]):
    for letter, plain in mapping.items():
        expression = Replace(expression, Value(letter), Value(plain))
    return expression


def folded_name():
    """ " first last  first last ": the name by fold_letters, then by fold, in SQL.

    Both, because a search word folded may begin inside a pair: "el" is in "Samuel" but not in
    its fold "samul". A search word folded is looked for in this text; the spaces keep a word
    from running over from one name into the next."""
    space = Value(" ")
    name = JoinText(space, F("first_name"), space, F("last_name"), space)
    letters = _replace(Lower(name), SQL_LETTERS)
    return JoinText(letters, _replace(letters, PAIRS))
