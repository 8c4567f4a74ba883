"""The API's throttles say where a client stands: `RateLimit-Policy` and `RateLimit` headers in
the form of the IETF draft (draft-ietf-httpapi-ratelimit-headers-09 and -10, structured fields):

    RateLimit-Policy: "user";q=3000;w=60
    RateLimit: "user";r=2987;t=41

q is the quota of the policy, w its window in seconds, r what is left of it and t the seconds
until the oldest counted request leaves the window. The draft's current form, not the older
`RateLimit-Limit/-Remaining/-Reset` triple, which it dropped. The numbers are DRF's own throttle
counts in the shared cache (core/rest.py throttles, settings CACHES): the ones that decide a 429.
"""

import math
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ATTRIBUTE = "ratelimit_states"


class ReportsRateLimit:
    """A mixin for DRF's SimpleRateThrottle classes: records what each check counted."""

    def allow_request(self, request, view) -> bool:
        self.key = None
        allowed = super().allow_request(request, view)
        if self.key is not None:
            self._record(request)
        return allowed

    def peek(self, request, view) -> None:
        """Record the standing without counting this request (one refused before the throttles
        ran: not signed in, not allowed)."""
        if getattr(self, "rate", None) is None:  # a scoped throttle learns its rate on a check
            return
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        self._record(request)

    def _record(self, request) -> None:
        remaining = max(0, self.num_requests - len(self.history))
        oldest = self.history[-1] if self.history else self.now
        reset = max(0, math.ceil(self.duration - (self.now - oldest)))
        states = getattr(request._request, ATTRIBUTE, {})
        states[self.scope] = (self.num_requests, self.duration, remaining, reset)
        setattr(request._request, ATTRIBUTE, states)


def peek_throttles(request, view) -> None:
    if view is None or hasattr(request._request, ATTRIBUTE):
        return
    for throttle in view.get_throttles():
        if isinstance(throttle, ReportsRateLimit):
            throttle.peek(request, view)


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
