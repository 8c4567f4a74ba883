"""The client's address, the same for the sign-in lockout (django-axes) and the API throttles (DRF).

Behind proxies REMOTE_ADDR is the nearest proxy's, and X-Forwarded-For is a list anyone can start:
each proxy appends the address the request came from. With TRUSTED_PROXY_COUNT = n proxies of ours
in front, the n-th entry from the right was written by our outermost proxy: that is the client, and
whatever stands left of it the client wrote itself. With 0, the default, the header is ignored, so a
client cannot pick its own address to dodge a limit. The rule is DRF's NUM_PROXIES rule; an entry
that is not an address (only a client can write one) counts as REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return remote
    entries = forwarded.split(",")
    candidate = entries[-min(trusted, len(entries))].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
