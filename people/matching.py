"""Who search finds, as a condition on people (issue 21): every word of the text in the folded
names (people.fold), or the whole text in an e-mail or as the employee id, written so that the
search indexes serve it: trigram GIN indexes on PostgreSQL, the FTS5 table on SQLite
(people.trigrams). people.search picks the first hits by name from it; the API filters by it.

No model here: the people QuerySet's search() uses it, and people.search reads the models.
"""

from django.db import connection
from django.db.models import Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.db.models.lookups import Exact

from . import trigrams
from .fold import fold


def words(text: str) -> Q:
    words = Q()
    for word in text.split():
        words &= Q(search_name__contains=fold(word))
    return words


def employee_id(text: str) -> Q:
    """Case-insensitive, as UPPER(employee_id) is indexed on both databases (0011, 0013)."""
    return Q(Exact(Upper("employee_id"), Upper(Value(text))))


def matching(text: str) -> Q:
    """Every word in the folded names, or the whole text in an e-mail or as the employee id:
    who search finds, as a condition for a filter over all of them (the API's `?search=`),
    read from the trigram indexes on both databases."""
    exact = employee_id(text) | Q(email__icontains=text)
    if connection.vendor != "sqlite":
        return words(text) | exact
    query, letters = trigrams.query(text)
    if len(letters) == len(text.split()):  # no word the index can look for
        return words(text) | exact
    if not query:
        return employee_id(text)
    found = Q(pk__in=RawSQL(trigrams.MATCHING, [query]))
    if letters:
        found &= words(" ".join(letters)) | Q(email__icontains=text)
    return found | employee_id(text)
