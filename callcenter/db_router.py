"""Read replicas (DATABASE_REPLICA_URLS, docs/deploy.md): reads that tolerate lag go to a replica.

Only the reads of a safe request (GET, HEAD, OPTIONS) may go to a replica, and only while the
client has not written lately. Everything else reads the primary: writes and the reads around
them, every query inside a transaction, the worker and management commands (no request at all),
and the tables that must never lag (sessions, the lockout, API tokens, the cache table with the
throttle counts).

"Lately" is a pin: a request that writes pins its client to the primary for REPLICA_PIN_SECONDS,
so that the page after a form post (or the API read after an API write) sees the write. Browsers
carry the pin in a cookie; API clients, which often keep no cookies, by their Authorization
header, remembered in the shared cache. A client that forges the cookie only reads the primary.
"""

import hashlib
import itertools
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read right after being written by design, or by another server: lag there is a bug.
# identity: the sessions (identity/sessions.py since issue 20), the provisioning tokens.
ALWAYS_PRIMARY = frozenset({"sessions", "identity", "axes", "knox", "django_cache", "auth", "core"})


class _Request:
    """What the router knows of the request being served (nothing outside one)."""

    def __init__(self, may_lag: bool) -> None:
        self.may_lag = may_lag
        self.wrote = False


_current: ContextVar[_Request | None] = ContextVar("db_router_request", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in connections if alias != DEFAULT_DB_ALIAS]


class ReplicaRouter:
    """Installed only when DATABASE_REPLICA_URLS names replicas (callcenter/settings.py)."""

    def __init__(self) -> None:
        self._turns = itertools.cycle(replica_aliases() or [DEFAULT_DB_ALIAS])

    def db_for_read(self, model, **hints) -> str:
        state = _current.get()
        if (
            state is None
            or not state.may_lag
            or state.wrote
            or model._meta.app_label in ALWAYS_PRIMARY
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return next(self._turns)

    def db_for_write(self, model, **hints) -> str:
        state = _current.get()
        if state is not None and model._meta.app_label not in ALWAYS_PRIMARY:
            state.wrote = True  # the rest of this request, and the client's next ones, read here
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, copied: a row from a replica is a row of the primary

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


def _client_key(request: HttpRequest) -> str | None:
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if not authorization:
        return None
    return "primary-pin:" + hashlib.sha256(authorization.encode()).hexdigest()


def _pinned(request: HttpRequest, now: float) -> bool:
    try:
        if float(request.COOKIES.get(PIN_COOKIE, "0")) > now:
            return True
    except ValueError:
        pass  # a cookie we did not write: no pin
    key = _client_key(request)
    return key is not None and cache.get(key) is not None


class PinToPrimaryAfterWrites:
    """Marks which requests may read a replica, and pins a client that wrote to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        may_lag = request.method in SAFE_METHODS and not _pinned(request, now)
        state = _Request(may_lag)
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state.wrote or request.method not in SAFE_METHODS:
            self._pin(request, response, now)
        return response

    def _pin(self, request: HttpRequest, response: HttpResponse, now: float) -> None:
        seconds = settings.REPLICA_PIN_SECONDS
        response.set_cookie(
            PIN_COOKIE,
            f"{now + seconds:.0f}",
            max_age=seconds,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        key = _client_key(request)
        if key is not None:
            cache.set(key, 1, seconds)
