"""The API's throttles say where a client stands: `RateLimit-Policy` and `RateLimit` headers in
the form of the IETF draft (draft-ietf-httpapi-ratelimit-headers-09 and -10, structured fields):

    RateLimit-Policy: "user";q=3000;w=60
    RateLimit: "user";r=2987;t=41

q is the quota of the policy, w its window in seconds, r what is left of it and t the seconds
until the window ends. The draft's current form, not the older `RateLimit-Limit/-Remaining/-Reset`
triple, which it dropped. The numbers are the throttles' own counts (core/rest.py throttles,
counted in core/ratecounts.py: a fixed window a client that opens with its first request): the
ones that decide a 429.
"""

import math
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import ratecounts

ATTRIBUTE = "ratelimit_states"
COUNTS = "ratelimit_counts"  # on the request: every throttle's count, from one round trip


class ReportsRateLimit:
    """A mixin for DRF's SimpleRateThrottle classes: counts in core.ratecounts (a fixed window a
    key, every throttle of the request in one round trip) and records what each check counted."""

    def allow_request(self, request, view) -> bool:
        self.key = None
        if not self.applies(request, view):
            return True
        self.now = self.timer()
        counts = getattr(request._request, COUNTS, None)
        if counts is None or self.key not in counts:  # the first throttle counts them all
            windows = _windows(request, view) if counts is None else {}
            windows.setdefault(self.key, self.duration)
            counts = (counts or {}) | ratecounts.count(windows.items(), self.now)
            setattr(request._request, COUNTS, counts)
        self.hits, self.expires = counts[self.key]
        self._record(request)
        return self.hits <= self.num_requests

    def applies(self, request, view) -> bool:
        """Sets the key (and a scoped throttle's rate); False when this throttle does not count
        the request."""
        if getattr(self, "rate", None) is None:
            return False
        self.key = self.get_cache_key(request, view)
        return self.key is not None

    def wait(self) -> float:
        return max(0.0, self.expires - self.now)

    def _record(self, request) -> None:
        remaining = max(0, self.num_requests - self.hits)
        reset = max(0, math.ceil(self.expires - self.now))
        states = getattr(request._request, ATTRIBUTE, {})
        states[self.scope] = (self.num_requests, self.duration, remaining, reset)
        setattr(request._request, ATTRIBUTE, states)


def _applying(request, view) -> list[ReportsRateLimit]:
    throttles = [t for t in view.get_throttles() if isinstance(t, ReportsRateLimit)]
    return [t for t in throttles if t.applies(request, view)]


def _windows(request, view) -> dict[str, int]:
    return {t.key: t.duration for t in _applying(request, view)}


def peek_throttles(request, view) -> None:
    """Records the standing of a request refused before the throttles ran (not signed in, not
    allowed), without counting it: one read for all its throttles."""
    if view is None or hasattr(request._request, ATTRIBUTE):
        return
    throttles = _applying(request, view)
    if not throttles:
        return
    now = throttles[0].timer()
    counts = ratecounts.read({t.key for t in throttles}, now)
    for throttle in throttles:
        throttle.now = now
        throttle.hits, throttle.expires = counts.get(throttle.key, (0, now + throttle.duration))
        throttle._record(request)


def headers(states: dict[str, tuple[int, int, int, int]]) -> dict[str, str]:
    policy = ", ".join(f'"{name}";q={q};w={w}' for name, (q, w, _r, _t) in states.items())
    standing = ", ".join(f'"{name}";r={r};t={t}' for name, (_q, _w, r, t) in states.items())
    return {"RateLimit-Policy": policy, "RateLimit": standing}


class RateLimitHeaders:
    """Adds the headers to every answer whose throttles were checked (every API view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        states = getattr(request, ATTRIBUTE, None)
        if states:
            for name, value in headers(states).items():
                response[name] = value
        return response
