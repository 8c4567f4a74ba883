"""Where the API's throttles count: one round trip a request, shared by every worker and host.

Each throttle key (`throttle_user_42`) has a fixed window that opens with its first request and
lasts the policy's duration; a request adds one to the window's count and reads the count back in
the same statement. Every throttle of a request is counted at once (an anonymous request has two).

- **Redis** (CACHES is Django's RedisCache, `REDIS_URL`): `SET NX EX`, `INCR`, `PTTL` in one
  pipeline; a window's key expires with it.
- **The database** (CACHES is the DatabaseCache, the default): the table `core_ratelimitcount`, one
  row a key, written with one `INSERT … ON CONFLICT … DO UPDATE … RETURNING` (PostgreSQL, SQLite
  3.35 or later). Django's cache for the same count read the entry, counted the cache table to
  decide on culling, then BEGIN, SELECT, UPDATE, COMMIT: six queries. Rows of ended windows are
  deleted by each process at most once every RATELIMIT_PURGE_SECONDS; a row left over is harmless
  (its next request opens a new window).
- **Any other cache** (local memory: development, the tests): in the cache, read then written.
"""

import math
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection

# key -> (requests counted in the window, when the window ends: seconds since the epoch)
Counts = dict[str, tuple[int, float]]
TABLE = "core_ratelimitcount"


def count(windows: Iterable[tuple[str, int]], now: float) -> Counts:
    """Adds one request to each (key, window seconds); the counts with this request."""
    windows = list(windows)
    if not windows:
        return {}
    return _store().count(windows, now)


def read(keys: Iterable[str], now: float) -> Counts:
    """The counts of the keys' open windows, without counting (a key with none is left out)."""
    keys = list(keys)
    if not keys:
        return {}
    return _store().read(keys, now)


def _store():
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return RedisCounts(cache)
    if isinstance(cache, DatabaseCache):
        return DatabaseCounts()
    return CacheCounts(cache)


class DatabaseCounts:
    def count(self, windows: list[tuple[str, int]], now: float) -> Counts:
        table = connection.ops.quote_name(TABLE)
        sql = (
            f'INSERT INTO {table} ("key", "hits", "expires") {_rows(len(windows))} '
            'ON CONFLICT ("key") DO UPDATE SET '
            f'"hits" = CASE WHEN {table}."expires" > %s THEN {table}."hits" + 1 ELSE 1 END, '
            f'"expires" = CASE WHEN {table}."expires" > %s THEN {table}."expires" '
            'ELSE excluded."expires" END '
            'RETURNING "key", "hits", "expires"'
        )
        params = [value for key, seconds in windows for value in (key, now + seconds)]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, now, now])
            counts = {key: (hits, expires) for key, hits, expires in cursor.fetchall()}
        _purge_now_and_then(now)
        return counts

    def read(self, keys: list[str], now: float) -> Counts:
        table = connection.ops.quote_name(TABLE)
        marks = ", ".join(["%s"] * len(keys))
        sql = f'SELECT "key", "hits", "expires" FROM {table} WHERE "key" IN ({marks})'
        with connection.cursor() as cursor:
            cursor.execute(sql, keys)
            return {key: (hits, exp) for key, hits, exp in cursor.fetchall() if exp > now}


def _rows(count: int) -> str:
    """The rows to insert. On PostgreSQL, outside a transaction of the caller's, the statement
    also turns off its own commit's wait for the WAL flush (set_config(…, true) lasts until that
    commit): 4.1 → 0.09 ms a count, median, on this machine. A crash may lose the counts of the
    last fraction of a second, which a rate limit can afford; a transaction of the caller's
    would commit its own writes so too, so there the commit waits."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return "VALUES " + ", ".join(["(%s, 1, %s)"] * count)
    values = ", ".join(["(%s, 1, %s::double precision)"] * count)
    return (
        f"SELECT * FROM (VALUES {values}) AS counted "
        "WHERE (SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL"
    )


_last_purge: float | None = None  # this process's; None until its first count


def _purge_now_and_then(now: float) -> None:
    global _last_purge
    if _last_purge is None:
        _last_purge = now
    if now - _last_purge < settings.RATELIMIT_PURGE_SECONDS:
        return
    _last_purge = now
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM {connection.ops.quote_name(TABLE)} WHERE "expires" <= %s', [now]
        )


class RedisCounts:
    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache

    def count(self, windows: list[tuple[str, int]], now: float) -> Counts:
        keys = [self.cache.make_and_validate_key(key) for key, _seconds in windows]
        pipe = self.cache._cache.get_client(write=True).pipeline()
        for key, (_name, seconds) in zip(keys, windows, strict=True):
            pipe.set(key, 0, ex=seconds, nx=True)  # opens the window, unless it is open
            pipe.incr(key)
            pipe.pttl(key)
        answers = pipe.execute()
        return {
            name: (answers[3 * n + 1], now + max(answers[3 * n + 2], 0) / 1000)
            for n, (name, _seconds) in enumerate(windows)
        }

    def read(self, keys: list[str], now: float) -> Counts:
        pipe = self.cache._cache.get_client().pipeline()
        for key in keys:
            made = self.cache.make_and_validate_key(key)
            pipe.get(made)
            pipe.pttl(made)
        answers = pipe.execute()
        return {
            key: (int(answers[2 * n]), now + answers[2 * n + 1] / 1000)
            for n, key in enumerate(keys)
            if answers[2 * n] is not None and answers[2 * n + 1] > 0
        }


class CacheCounts:
    """A read and a write a key: not atomic, so only for a cache of one process."""

    def __init__(self, cache) -> None:
        self.cache = cache

    def count(self, windows: list[tuple[str, int]], now: float) -> Counts:
        counts = {}
        for key, seconds in windows:
            hits, expires = self.cache.get(key) or (0, 0.0)
            if expires <= now:
                hits, expires = 0, now + seconds
            counts[key] = (hits + 1, expires)
            self.cache.set(key, counts[key], math.ceil(expires - now))
        return counts

    def read(self, keys: list[str], now: float) -> Counts:
        found = self.cache.get_many(keys)
        return {key: value for key, value in found.items() if value[1] > now}
