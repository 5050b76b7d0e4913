"""Reads of the handlers' side: the queue, a case with its steps and attachments, the choices of the actions.

A case belongs to the unit it was sent to and, once assigned, to the assigned unit as well: a person sees the cases
whose unit or assigned unit lies under one of their units (the semantics of `staff.selectors.scope_filter`, applied
to both foreign keys). Another unit's case, by list or by URL, is a 404.
"""

from datetime import date
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Func
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from batxat_portal.text import fold
from batxat_portal.workdays import Calendar, working_days_between
from feedback.models import Attachment, Feedback, FeedbackEvent, Kind
from feedback.rules import qd766
from feedback.selectors import public
from staff import roles
from staff.models import OrgUnit, User
from staff.selectors import ALL_UNITS, unit_paths_for

Status = Feedback.Status
# Still waiting for the handlers: these run against the answer deadline, appear as overdue and get escalated.
OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING_INFO)

# The statuses in which each step of the handlers may be taken (feedback.services.handling refuses the others).
ALLOWED = {
    "classify": OPEN_STATUSES,
    "accept": OPEN_STATUSES,
    "spam": OPEN_STATUSES,
    "duplicate": OPEN_STATUSES,
    "assign": OPEN_STATUSES,
    "forward": OPEN_STATUSES,
    "request_info": (Status.RECEIVED, Status.IN_PROGRESS),
    "answer": OPEN_STATUSES,
    "close": (Status.ANSWERED, Status.FORWARDED, Status.WAITING_INFO),
    "reopen": (Status.ANSWERED, Status.FORWARDED, Status.CLOSED, Status.SPAM, Status.DUPLICATE),
    "overdue_complaint": (*OPEN_STATUSES, Status.ANSWERED, Status.FORWARDED, Status.CLOSED),
}


def is_late(feedback: Feedback, *, today: date) -> bool:
    """Settled after its deadline, or still unsettled once it passed: the reading of qd766.case_timeliness (the
    first settling step against the answer deadline, or, outside competence, forwarding against its own)."""
    if feedback.within_competence:
        deadline, steps = feedback.due_on, (feedback.answered_at, feedback.closed_at)
    else:
        deadline, steps = feedback.forward_due_on, (feedback.forwarded_at, feedback.answered_at, feedback.closed_at)
    settled = next((timezone.localdate(step) for step in steps if step is not None), None)
    return qd766.case_timeliness(deadline=deadline, settled_on=settled, today=today) == qd766.LATE


def allowed_actions(feedback: Feedback, *, today: date) -> set[str]:
    """The steps a handler may take on the case now: by its status; accepting only for a complaint not accepted yet;
    recording the citizen's complaint that it is overdue only once, and only for a late case."""
    allowed = {action for action, statuses in ALLOWED.items() if feedback.status in statuses}
    if feedback.kind != Kind.COMPLAINT or feedback.accepted_on is not None:
        allowed.discard("accept")
    if feedback.overdue_complained_at is not None or not is_late(feedback, today=today):
        allowed.discard("overdue_complaint")
    return allowed


class _UnitIn(Func):
    """`unit column = ANY(ARRAY(subquery))` on PostgreSQL: the ids are computed once, so the queue indexes (unit,
    status, due date) serve both columns at once (`IN (subquery)` under an OR is checked row by row); elsewhere a
    plain `IN (subquery)`."""

    output_field = BooleanField()

    def __init__(self, column: str, units: QuerySet):
        super().__init__(F(column), Subquery(units.order_by().values("pk")))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        ids, ids_params = compiler.compile(self.source_expressions[1])
        template = "{} = ANY(ARRAY{})" if connection.vendor == "postgresql" else "{} IN {}"
        return template.format(column, ids), [*column_params, *ids_params]


def _units_in_scope(user) -> QuerySet[OrgUnit] | None:
    """The units under an active user's units, as a subquery that reads them itself (None: every unit); the rows of
    `staff.selectors.scope_filter`, without a query of its own."""
    if user.is_superuser or user.has_perm("staff.access_all_units"):
        return ALL_UNITS
    own = User.org_units.through.objects.filter(
        user_id=user.pk, orgunit__path=Substr(OuterRef("path"), 1, Length("orgunit__path")))
    return OrgUnit.objects.filter(Exists(own))


def _sent_or_assigned_to(units: QuerySet[OrgUnit]) -> Q:
    return Q(_UnitIn("org_unit_id", units)) | Q(_UnitIn("assigned_unit_id", units))


def feedback_scope(queryset: QuerySet, *, user) -> QuerySet:
    """Keep the cases sent to, or assigned to, a unit under one of the user's units (one query, no lookup before)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    units = _units_in_scope(user)
    return queryset if units is ALL_UNITS else queryset.filter(_sent_or_assigned_to(units))


def case_list_for(*, user) -> QuerySet[Feedback]:
    return feedback_scope(Feedback.objects.all(), user=user)


def queue_for(*, user, filters: dict | None = None, today: date) -> QuerySet[Feedback]:
    """The cases in scope as the queue's filters say, the least time left first; what a row shows is joined.

    `filters`: status ("" = still open, "all", or a status), kind, unit (an OrgUnit in scope), overdue, sign_off
    (an answer waits for a head or leader), q."""
    filters = filters or {}
    qs = case_list_for(user=user).select_related("org_unit", "assigned_unit")
    status = filters.get("status") or ""
    if status == "":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if unit := filters.get("unit"):
        qs = qs.filter(_sent_or_assigned_to(OrgUnit.objects.filter(path__startswith=unit.path)))
    if filters.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if filters.get("sign_off"):
        qs = qs.filter(status__in=OPEN_STATUSES, draft_at__isnull=False)
    if search := (filters.get("q") or "").strip():
        # A tracking code as the citizen reads it out ("abcd efgh jkmn pqrs"), or words of the text.
        codes = {search, search.upper(), public.tracking_code_normalise(search)} - {None}
        qs = qs.filter(Q(tracking_code__in=codes) | Q(search_key__contains=fold(search)))
    return qs.only(
        "tracking_code", "kind", "status", "received_at", "accepted_on", "due_on", "org_unit__name",
        "assigned_unit__name", "escalated_at", "text", "draft_at",
    ).order_by("due_on", "id")


def with_time_left(cases: list[Feedback], *, today: date, calendar: Calendar) -> list[Feedback]:
    """Each case still open gains `days_left` (working days to its deadline), `is_overdue` and `overdue_days`."""
    for case in cases:
        is_open = case.status in OPEN_STATUSES
        case.days_left = working_days_between(today, case.due_on, calendar) if is_open else None
        case.is_overdue = is_open and case.due_on < today
        case.overdue_days = -case.days_left if case.is_overdue else 0
    return cases


def case_for(*, user, pk: int) -> Feedback:
    return get_object_or_404(case_list_for(user=user).select_related(
        "org_unit", "assigned_unit", "assigned_to", "officer", "officer__user", "answered_by", "accepted_by",
        "duplicate_of", "draft_by"), pk=pk)


def case_events(*, feedback: Feedback) -> list[FeedbackEvent]:
    return list(feedback.events.select_related("actor").order_by("at", "id"))


def case_attachments(*, feedback: Feedback) -> list[Attachment]:
    return list(feedback.attachments.order_by("id"))


def case_duplicates(*, feedback: Feedback) -> list[Feedback]:
    return list(feedback.duplicates.only("tracking_code", "received_at").order_by("received_at", "id"))


def attachment_for(*, user, feedback_pk: int, pk: int) -> Attachment:
    """An attachment of a case in scope; any other is a 404."""
    return get_object_or_404(Attachment.objects.filter(feedback__in=case_list_for(user=user).values("pk")),
                             pk=pk, feedback_id=feedback_pk)


def can_see_contact(*, user, feedback: Feedback) -> bool:
    """The citizen's name and contact (NĐ 13/2023): only with the permission, for a case in scope, and never for the
    officer the case is about (a complaint against oneself does not reveal who made it)."""
    if not user.has_perm("feedback.view_feedback_contact"):
        return False
    if feedback.officer_id and feedback.officer.user_id == user.pk:
        return False
    return feedback_scope(Feedback.objects.filter(pk=feedback.pk), user=user).exists()


# Who signs off an answer, when the unit's answers need it: a head of the unit or a leader of its agency.
SIGN_OFF_ROLES = (roles.DEPARTMENT_HEAD, roles.AGENCY_LEADER)


def answer_needs_sign_off(feedback: Feedback) -> bool:
    """Whether the answer of the case waits for a head or leader: its handling unit (the assigned one, else the one
    it was sent to) or a unit above it is listed in FEEDBACK_ANSWER_SIGN_OFF_UNITS (by code)."""
    codes = settings.FEEDBACK_ANSWER_SIGN_OFF_UNITS
    if not codes:
        return False
    unit = feedback.assigned_unit if feedback.assigned_unit_id else feedback.org_unit
    ids = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]
    return OrgUnit.objects.filter(pk__in=ids, code__in=codes).exists()


def can_sign_off(*, user, feedback: Feedback) -> bool:
    """An active head or leader whose units hold the case (sent to or assigned to a unit under them)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.groups.filter(name__in=SIGN_OFF_ROLES).exists():
        return False
    return feedback_scope(Feedback.objects.filter(pk=feedback.pk), user=user).exists()


def queue_summary(*, user, today: date) -> dict:
    """How many cases in scope are overdue and how many wait for a unit, and the nearest of their deadlines, in one
    query (the home page's to-do line)."""
    cases = feedback_scope(Feedback.objects.filter(status__in=OPEN_STATUSES), user=user)
    return cases.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        unassigned=Count("pk", filter=Q(assigned_unit__isnull=True)),
        next_due=Min("due_on", filter=Q(due_on__lt=today) | Q(assigned_unit__isnull=True)),
    )


def unit_choices_for(*, user, today: date) -> QuerySet[OrgUnit]:
    """The current units under the person's units: where a case can be assigned, or the queue narrowed to."""
    paths = unit_paths_for(user)
    qs = OrgUnit.objects.valid_on(today)
    if paths is ALL_UNITS:
        return qs.order_by("path")
    if not paths:
        return qs.none()
    return qs.filter(reduce(or_, (Q(path__startswith=path) for path in paths))).order_by("path")


def unit_search(*, user, term: str, today: date) -> QuerySet[OrgUnit]:
    """Current units of one's units whose name (without diacritics) starts or contains the term, or whose code starts
    with it (the choosers' search-as-you-type)."""
    return unit_choices_for(user=user, today=today).filter(
        Q(search_key__contains=fold(term)) | Q(code__startswith=term))


def officer_search(*, user, term: str) -> QuerySet[User]:
    """Accounts that handle feedback in one's units whose name or username (without diacritics) contains the term."""
    return officer_choices_for(user=user).filter(search_key__contains=fold(term))


def officer_choices_for(*, user) -> QuerySet[User]:
    """Active accounts that handle feedback in the person's units: whom a case can be given to."""
    handlers = User.objects.filter(is_active=True, groups__permissions__codename="handle_feedback",
                                   groups__permissions__content_type__app_label="feedback")
    paths = unit_paths_for(user)
    if paths is not ALL_UNITS:
        if not paths:
            return handlers.none()
        handlers = handlers.filter(reduce(or_, (Q(org_units__path__startswith=path) for path in paths)))
    return User.objects.filter(pk__in=handlers.values("pk")).order_by("search_key", "id")


def officer_can_take(*, officer: User, unit: OrgUnit) -> bool:
    """The account handles feedback and would see a case assigned to the unit."""
    if not officer.is_active or not officer.has_perm("feedback.handle_feedback"):
        return False
    paths = unit_paths_for(officer)
    return paths is ALL_UNITS or any(unit.path.startswith(path) for path in paths)

