"""The address a request came from, for lockouts and rate limits.

Behind N trusted reverse proxies (TRUSTED_PROXY_COUNT), the client is the N-th address from the right
of X-Forwarded-For; with none, X-Forwarded-For is ignored, since anyone can send it.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_ip_for_axes(request, *args, **kwargs) -> str:
    return client_ip(request)
