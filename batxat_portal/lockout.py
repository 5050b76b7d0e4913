"""Sign-in lockouts (django-axes): what a run of wrong passwords locks, until when, and the page that says so.

A run of wrong passwords can only lock the one who typed them:
- AXES_FAILURE_LIMIT failures for one user name from one address lock that pair (user name, address), whatever the
  browser. The same account from another address, and other accounts from the same address, still sign in: a
  stranger cannot lock `quantri` out by typing its name.
- AXES_ADDRESS_FAILURE_LIMIT failures from one address, across any names, lock the address (password spraying). It
  is set well above the pair's limit, since a whole office may share one address.
A failure counts for AXES_COOLOFF_TIME after the last failure of its (user name, address, browser) record, as axes
counts them; a lock therefore ends when its newest records no longer add up to the limit (`lock_end`).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q, Sum
from django.shortcuts import render
from django.utils import timezone


def lock_end(records, *, limit: int, cool_off: timedelta) -> datetime | None:
    """When the lock made of `records` ((time of the last failure, failures) of each record) ends, or None if they
    never add up to `limit`. A record counts until `cool_off` after its last failure, so the lock lasts as long as
    the newest records still reach the limit; the caller compares the end with now."""
    total = 0
    for when, failures in sorted(records, key=lambda record: record[0], reverse=True):
        total += failures
        if total >= limit:
            return when + cool_off
    return None


@dataclass(frozen=True)
class Lock:
    ip_address: str
    username: str | None  # None: the whole address is locked, whatever the name
    failures: int
    until: datetime

    @property
    def whole_address(self) -> bool:
        return self.username is None


def _cool_off() -> timedelta:
    return get_cool_off()


def _locks(rows, now: datetime) -> list[Lock]:
    """The locks in force among `rows` (username, ip_address, attempt_time, failures_since_start)."""
    pairs, addresses = defaultdict(list), defaultdict(list)
    for username, ip_address, when, failures in rows:
        pairs[(username, ip_address)].append((when, failures))
        addresses[ip_address].append((when, failures))
    cool_off = _cool_off()
    locks = []
    for (username, ip_address), records in pairs.items():
        until = lock_end(records, limit=settings.AXES_FAILURE_LIMIT, cool_off=cool_off)
        if until and until > now:
            locks.append(Lock(ip_address, username or "", sum(f for _, f in records), until))
    for ip_address, records in addresses.items():
        until = lock_end(records, limit=settings.AXES_ADDRESS_FAILURE_LIMIT, cool_off=cool_off)
        if until and until > now:
            locks.append(Lock(ip_address, None, sum(f for _, f in records), until))
    return sorted(locks, key=lambda lock: (lock.until, lock.ip_address, lock.username or ""), reverse=True)


def _recent(now: datetime):
    return AccessAttempt.objects.filter(attempt_time__gte=now - _cool_off())


def current_locks(*, username: str | None = None, now: datetime | None = None) -> list[Lock]:
    """Every lock in force now, or those of the pairs of `username`, the latest to end first (one query)."""
    now = now or timezone.now()
    rows = _recent(now)
    if username is not None:
        rows = rows.filter(username=username)
    return _locks(rows.values_list("username", "ip_address", "attempt_time", "failures_since_start"), now)


def locks_on(*, ip_address: str, username: str | None, now: datetime | None = None) -> list[Lock]:
    """The locks that refuse `username` signing in from `ip_address`: the address's, then the pair's (one query)."""
    now = now or timezone.now()
    rows = _recent(now).filter(ip_address=ip_address).values_list(
        "username", "ip_address", "attempt_time", "failures_since_start")
    return [lock for lock in _locks(rows, now)
            if lock.whole_address or lock.username == (username or "")]


def lift(*, ip_address: str, username: str | None = None) -> int:
    """Forget the failures of the pair (username, ip_address), or of the whole address when username is None;
    returns how many records went."""
    if not ip_address:
        raise ValueError("An address is needed: without one every lock would be lifted.")
    return axes_reset(ip=ip_address, username=username)


class PairAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler, counting failures per (user name, address) and per address (see the module)."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures held against this request: the pair's, or the pair's limit itself once the address has
        reached its own ceiling (axes locks when this reaches AXES_FAILURE_LIMIT)."""
        username = get_client_username(request, credentials)
        totals = _recent(request.axes_attempt_time or timezone.now()).filter(
            ip_address=request.axes_ip_address).aggregate(
            pair=Sum("failures_since_start", filter=Q(username=username)),
            address=Sum("failures_since_start"))
        pair, address = totals["pair"] or 0, totals["address"] or 0
        if address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page of a locked pair or address (AXES_LOCKOUT_CALLABLE): what is locked and until when, with the
    form still there for other accounts when only the pair is locked."""
    username = get_client_username(request, credentials)
    locks = locks_on(ip_address=request.axes_ip_address, username=username)
    lock = next((lock for lock in locks if lock.whole_address), None) or (locks[0] if locks else None)
    context = {
        "lock": lock,
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", "") if request.method == "POST" else request.GET.get("next", ""),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
