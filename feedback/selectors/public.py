"""Reads of the citizen's side: the units and officers a citizen may name, and a case as its tracking code shows it.

Nothing here needs an account. A unit is named among the units valid today; a former unit (the old district and its
communes before 1 July 2025) leads to its successors. A case read by its tracking code carries no personal data.
"""

import re
from datetime import date

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from batxat_portal.text import fold
from feedback.models import Feedback, FeedbackEvent
from staff.choices import Status as StaffStatus
from staff.models import OrgUnit, StaffMember

# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand is not mistaken.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 16  # 16 symbols of 5 bits: 80 bits
TRACKING_GROUP = 4
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
SELECTABLE_KINDS = (OrgUnit.Kind.AGENCY, OrgUnit.Kind.DEPARTMENT)
SEARCH_LIMIT = 10
_MAX_SUCCESSION_STEPS = 5
# Steps whose note is the citizen's own text: the tracking page says they happened, never what was written.
_CITIZEN_WRITTEN = (FeedbackEvent.Action.RECEIVED, FeedbackEvent.Action.INFO_ADDED)


def tracking_code_normalise(raw: str | None) -> str | None:
    """"abcd efgh-jkmn pqrs" -> "ABCD-EFGH-JKMN-PQRS"; None when it cannot be a tracking code."""
    if not raw:
        return None
    symbols = re.sub(r"[\s\-_.]", "", raw.upper()[:64]).translate(_READ_AS)
    if len(symbols) != TRACKING_LENGTH or any(ch not in TRACKING_ALPHABET for ch in symbols):
        return None
    return "-".join(symbols[i:i + TRACKING_GROUP] for i in range(0, TRACKING_LENGTH, TRACKING_GROUP))


# --------------------------------------------------------------------------- units


def _current(today: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def unit_label(unit: OrgUnit) -> str:
    """"Phòng Kinh tế – UBND xã Bát Xát": many communes have a department of the same name."""
    if unit.kind == OrgUnit.Kind.DEPARTMENT and unit.parent_id:
        return f"{unit.name} – {unit.parent.name}"
    return unit.name


def _units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind__in=SELECTABLE_KINDS).select_related("parent")


def unit_search(term: str, *, today: date, limit: int = SEARCH_LIMIT) -> list[OrgUnit]:
    """Units whose name (or their agency's name), without diacritics, holds every word typed, or whose code is the
    term: current units first, then former ones (each with `is_current` set)."""
    words = fold(term).split()[:6]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(search_key__contains=word) | Q(parent__search_key__contains=word)
    units = (_units().filter(condition | Q(code__iexact=term.strip())).prefetch_related("successors")
             .annotate(former=Case(When(_current(today), then=Value(0)), default=Value(1), output_field=IntegerField()))
             .order_by("former", "path")[:limit])
    found = list(units)
    for unit in found:
        unit.is_current = not unit.former
    return found


def unit_get(pk, *, today: date) -> OrgUnit | None:
    """A unit a citizen may name (current or former), or None."""
    try:
        unit = _units().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
    if unit is not None:
        unit.is_current = unit.is_valid_on(today)
    return unit


def current_successors(unit: OrgUnit, *, today: date) -> list[OrgUnit]:
    """The units valid today that took over a former unit's work, following successions of successions."""
    found, seen, frontier = [], {unit.pk}, [unit.pk]
    for _ in range(_MAX_SUCCESSION_STEPS):
        if not frontier:
            break
        following = list(OrgUnit.successors.through.objects.filter(from_orgunit_id__in=frontier)
                         .exclude(to_orgunit_id__in=seen).values_list("to_orgunit_id", flat=True))
        seen.update(following)
        rows = {row.pk: row for row in _units().filter(pk__in=following)}
        frontier = []
        for pk in following:
            row = rows.get(pk)
            if row is None:
                continue
            if row.is_valid_on(today):
                row.is_current = True
                found.append(row)
            else:
                frontier.append(pk)
    return sorted({row.pk: row for row in found}.values(), key=lambda row: row.path)


# --------------------------------------------------------------------------- officers


def _officers(unit: OrgUnit) -> QuerySet[StaffMember]:
    return (StaffMember.objects.filter(org_unit__path__startswith=unit.path, status=StaffStatus.WORKING)
            .select_related("org_unit__parent").order_by("search_key", "id"))


def officer_search(term: str, *, unit: OrgUnit, limit: int = SEARCH_LIMIT) -> list[StaffMember]:
    """Working officers of the unit (and the units under it) whose name holds every word typed."""
    words = fold(term).split()[:6]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(search_key__contains=word)
    return list(_officers(unit).filter(condition)[:limit])


def officer_get(pk, *, unit: OrgUnit | None) -> StaffMember | None:
    """A working officer of the unit (any working officer when no unit is known yet), or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if unit is None:
        return (StaffMember.objects.filter(pk=pk, status=StaffStatus.WORKING)
                .select_related("org_unit__parent").first())
    return _officers(unit).filter(pk=pk).first()


def officer_label(officer: StaffMember) -> str:
    return f"{officer.full_name} – {unit_label(officer.org_unit)}"


# --------------------------------------------------------------------------- a case, by its tracking code


def feedback_for_tracking(*, code: str | None = None, pk: int | None = None) -> Feedback | None:
    """The case, its unit and its public steps (two queries), or None: by its tracking code (normalised first), or
    by the id a look-up by code left in the citizen's session."""
    if pk is not None:
        if not isinstance(pk, int):
            return None
        where = Q(pk=pk)
    else:
        code = tracking_code_normalise(code)
        if code is None:
            return None
        where = Q(tracking_code=code)
    public_steps = FeedbackEvent.objects.filter(is_public=True).order_by("at", "id")
    feedback = (Feedback.objects.select_related("org_unit__parent")
                .prefetch_related(Prefetch("events", queryset=public_steps, to_attr="public_steps"))
                .filter(where).first())
    if feedback is not None:
        for step in feedback.public_steps:
            # The citizen's own words are never echoed, and the current answer has its own place on the page.
            hidden = step.action in _CITIZEN_WRITTEN or (
                step.action == FeedbackEvent.Action.ANSWERED and step.note.strip() == feedback.answer.strip())
            step.shown_note = "" if hidden else step.note
        questions = [step.note for step in feedback.public_steps if step.action == FeedbackEvent.Action.INFO_REQUESTED]
        feedback.info_question = questions[-1] if questions else ""
    return feedback


def feedback_id_for_tracking(*, code: str | None) -> int | None:
    """The id of the case with this tracking code (normalised first), or None: one query, for the look-up."""
    code = tracking_code_normalise(code)
    if code is None:
        return None
    return Feedback.objects.filter(tracking_code=code).values_list("pk", flat=True).first()


def can_rate(feedback: Feedback) -> bool:
    """The citizen judges a published answer once."""
    return (feedback.citizen_satisfied is None and feedback.answered_at is not None and bool(feedback.answer)
            and feedback.status in (Feedback.Status.ANSWERED, Feedback.Status.CLOSED))


def can_add_info(feedback: Feedback) -> bool:
    return feedback.status == Feedback.Status.WAITING_INFO
