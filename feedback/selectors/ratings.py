"""Reads of officers' rating links and ratings. Every figure is an aggregate query (counts, shares), never a loop
over ratings, and nothing read here can tell who gave a rating: a rating row holds nothing about the rater."""

from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, F, FloatField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from batxat_portal.dates import month_start
from feedback.models import RatingLink, ServiceRating
from staff import selectors as staff_selectors
from staff.choices import Status
from staff.models import OrgUnit, StaffMember
from staff.selectors import scope_filter

MAX_CARDS = 200  # cards printed at once for a unit
SUMMARY_MONTHS = 12


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def in_period(start: date, end: date) -> Q:
    """Ratings given from `start` to `end`, both days included, on the indexed timestamp."""
    return Q(created_at__gte=_start_of(start), created_at__lt=_start_of(end + timedelta(days=1)))


def months_back(today: date, months: int = SUMMARY_MONTHS) -> date:
    """The first day of the month `months - 1` months before today's: the last `months` calendar months."""
    return month_start(today, -(months - 1))


def _share(satisfied: str = "satisfied", total: str = "total"):
    """Percent satisfied, computed by the database (a float; the page rounds it)."""
    return Cast(F(satisfied), FloatField()) * Value(100.0) / Cast(F(total), FloatField())


# --------------------------------------------------------------------------- links


def officers_for(*, user, search: str = "", unit: OrgUnit | None = None, today: date | None = None,
                 with_ratings: bool = False) -> QuerySet[StaffMember]:
    """The working officers of the person's units with their link; with `with_ratings`, their number of ratings and
    of satisfied ratings over the last 12 months (one subquery each, on the officer-and-time index)."""
    from batxat_portal.text import fold

    qs = scope_filter(StaffMember.objects.filter(status=Status.WORKING).select_related("org_unit", "rating_link"),
                      user=user, unit_field="org_unit")
    if search:
        qs = qs.filter(search_key__contains=fold(search))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if with_ratings:
        since = _start_of(months_back(today or timezone.localdate()))
        recent = ServiceRating.objects.filter(staff_member=OuterRef("pk"), created_at__gte=since).order_by()
        counted = recent.values("staff_member").annotate(n=Count("id")).values("n")
        satisfied = recent.filter(is_satisfied=True).values("staff_member").annotate(n=Count("id")).values("n")
        qs = qs.annotate(rating_total=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
                         rating_satisfied=Coalesce(Subquery(satisfied, output_field=IntegerField()), 0))
        qs = qs.annotate(rating_share=Case(When(rating_total=0, then=None), default=_share(
            "rating_satisfied", "rating_total"), output_field=FloatField()))
    return qs.order_by("org_unit__path", "search_key", "id")


def officer_for(*, user, pk: int) -> StaffMember:
    """One officer of the person's units (whatever their status, so a leaver's link can be switched off)."""
    qs = scope_filter(StaffMember.objects.select_related("org_unit__parent", "rating_link"), user=user,
                      unit_field="org_unit")
    return get_object_or_404(qs, pk=pk)


def units_for(*, user) -> QuerySet[OrgUnit]:
    return staff_selectors.orgunit_list_for(user=user)


def unit_for(*, user, pk) -> OrgUnit:
    return get_object_or_404(units_for(user=user), pk=pk)


def cards_for(*, user, unit: OrgUnit) -> list[RatingLink]:
    """The active links of the working officers of a unit and the units under it, as printed cards."""
    qs = scope_filter(_usable_links(), user=user, unit_field="staff_member__org_unit")
    return list(qs.filter(staff_member__org_unit__path__startswith=unit.path).order_by(
        "staff_member__org_unit__path", "staff_member__search_key", "id")[:MAX_CARDS])


def _usable_links() -> QuerySet[RatingLink]:
    return RatingLink.objects.filter(is_active=True, staff_member__status=Status.WORKING).select_related(
        "staff_member__org_unit__parent")


def link_public(*, code: str) -> RatingLink | None:
    """The link a citizen opened, if it is in use; None for an unknown or switched-off code. Only what the public
    pages show and a rating records is read: the officer's name and unit, never the rest of their file."""
    return (_usable_links().filter(code=code)
            .only("code", "is_active", "staff_member", "staff_member__full_name", "staff_member__status",
                  "staff_member__org_unit", "staff_member__org_unit__name", "staff_member__org_unit__parent",
                  "staff_member__org_unit__parent__name")
            .first())


def link_for_kiosk(*, user, code: str) -> RatingLink:
    """A kiosk rates only the officers of the signed-in person's units."""
    qs = scope_filter(_usable_links(), user=user, unit_field="staff_member__org_unit")
    return get_object_or_404(qs, code=code)


def desk_links(*, user, unit: OrgUnit) -> list[RatingLink]:
    return cards_for(user=user, unit=unit)


# --------------------------------------------------------------------------- figures


def ratings_by_officer(*, user, start: date, end: date) -> QuerySet:
    """Per officer, the ratings given in the person's units from `start` to `end` (both included): `total`,
    `satisfied` and `share` (percent satisfied, a float). One aggregate query."""
    qs = scope_filter(ServiceRating.objects.filter(in_period(start, end)), user=user, unit_field="org_unit")
    return (qs.values("staff_member_id", "staff_member__full_name", "staff_member__search_key")
            .annotate(total=Count("id"), satisfied=Count("id", filter=Q(is_satisfied=True)))
            .annotate(share=_share())
            .order_by("staff_member__search_key", "staff_member_id"))


def ratings_by_unit_month(*, user, start: date, end: date, unit: OrgUnit | None = None) -> QuerySet:
    """Per unit (where the officer worked when rated) and month, `total`, `satisfied` and `share`. One query."""
    qs = scope_filter(ServiceRating.objects.filter(in_period(start, end)), user=user, unit_field="org_unit")
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return (qs.annotate(month=TruncMonth("created_at"))
            .values("org_unit_id", "org_unit__name", "org_unit__path", "month")
            .annotate(total=Count("id"), satisfied=Count("id", filter=Q(is_satisfied=True)))
            .annotate(share=_share())
            .order_by("org_unit__path", "month"))


def officer_summary(*, staff_member: StaffMember, criteria: list[tuple[str, str]], today: date) -> dict:
    """An officer's last 12 months: totals, months, and per criterion the share satisfied (3 queries). Comments come
    separately (`officer_comments`), by month only."""
    since = months_back(today)
    ratings = ServiceRating.objects.filter(staff_member=staff_member, created_at__gte=_start_of(since)).order_by()
    aggregates = {"total": Count("id"), "satisfied": Count("id", filter=Q(is_satisfied=True))}
    for key, _label in criteria:
        value = Cast(KeyTextTransform(key, "criteria"), IntegerField())
        aggregates[f"{key}__total"] = Count("id", filter=Q(criteria__has_key=key))
        ratings = ratings.alias(**{f"crit_{key}": value})
        aggregates[f"{key}__satisfied"] = Count("id", filter=Q(**{f"crit_{key}__gte": F("scale") - 1}))
    totals = ratings.aggregate(**aggregates)
    months = list(ratings.annotate(month=TruncMonth("created_at")).values("month").annotate(
        total=Count("id"), satisfied=Count("id", filter=Q(is_satisfied=True))).annotate(share=_share())
        .order_by("-month"))
    return {
        "since": since, "total": totals["total"], "satisfied": totals["satisfied"],
        "share": totals["satisfied"] * 100 / totals["total"] if totals["total"] else None,
        "months": months,
        "criteria": [{"key": key, "label": label, "total": totals[f"{key}__total"],
                      "satisfied": totals[f"{key}__satisfied"],
                      "share": (totals[f"{key}__satisfied"] * 100 / totals[f"{key}__total"]
                                if totals[f"{key}__total"] else None)} for key, label in criteria],
    }


def officer_comments(*, staff_member: StaffMember, today: date) -> QuerySet:
    """The comments of the last 12 months with their month only, sorted by text within a month, so their order
    says nothing of when they came; never the rating, the dossier code, the day or the time."""
    since = months_back(today)
    return (ServiceRating.objects.filter(staff_member=staff_member, created_at__gte=_start_of(since))
            .exclude(comment="").annotate(month=TruncMonth("created_at")).values("month", "comment")
            .order_by("-month", "comment"))


def own_staff_member(*, user) -> StaffMember | None:
    return StaffMember.objects.filter(user=user).select_related("org_unit").first()
