"""One lock per tree, held for the rest of the current transaction.

On PostgreSQL a transaction-scoped advisory lock, taken before any row lock, so two structural
writes to the same tree run one after the other. SQLite runs every transaction IMMEDIATE (see
settings), which already takes the database write lock at BEGIN.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

ROLE_TREE = "roles.role"
POSITION_TREE = "people.position"

# Only tree_locks_off() changes this: the negative control of tests/test_concurrency.py.
_locking = True


def lock_tree(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_tree() must be called inside transaction.atomic()")
    if _locking and connection.vendor == "postgresql":
        key = zlib.crc32(name.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@contextmanager
def tree_locks_off() -> Iterator[None]:
    """For tests only: run without the PostgreSQL tree locks, to show that they are needed."""
    global _locking
    _locking = False
    try:
        yield
    finally:
        _locking = True
