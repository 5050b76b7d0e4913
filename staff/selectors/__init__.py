"""Reads of the staff app, and the one scope helper every app uses to narrow rows to a user's units."""

from collections import Counter
from contextlib import contextmanager
from datetime import date
from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Collate, Concat, NullIf, Trim
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.shortcuts import get_object_or_404
from django.utils import timezone

from batxat_portal.dates import add_months
from batxat_portal.paging import CountFreePage, count_free_page
from batxat_portal.text import fold
from staff.choices import QualificationKind, Status
from staff.models import (
    Assignment,
    CorrectionRequest,
    Discipline,
    ImportBatch,
    JobPosition,
    Leave,
    OrgUnit,
    Qualification,
    Rank,
    Reward,
    SalaryRecord,
    StaffMember,
    SupportPolicy,
    User,
)
from staff.models.people import NAME_KEYS
from staff.rules import qualifications

ALL_UNITS = None


def unit_paths_for(user) -> list[str] | None:
    """Tree paths of the units the user is scoped to; None means every unit. Cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser or user.has_perm("staff.access_all_units"):
        return ALL_UNITS
    if not hasattr(user, "_unit_paths_cache"):
        user._unit_paths_cache = list(user.org_units.values_list("path", flat=True))
    return user._unit_paths_cache


def scope_filter(queryset: QuerySet, *, user, unit_field: str | None = "org_unit",
                 include_ancestors: bool = False) -> QuerySet:
    """Keep the rows whose org unit lies under one of the user's units.

    `unit_field` names the row's foreign key to OrgUnit (None when the rows are OrgUnits).
    `include_ancestors` also keeps rows of the units above the user's (a department head sees their
    agency's evaluation year, not only their department's rows).
    Every app calls this in its selectors, so editing a URL to another unit's row gives a 404.
    """
    paths = unit_paths_for(user)
    if paths is ALL_UNITS:
        return queryset
    if not paths:
        return queryset.none()
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    condition = Q()
    for path in paths:
        condition |= Q(**{lookup: path})
    if include_ancestors:
        ancestor_ids = {int(part) for path in paths for part in path.strip("/").split("/")[:-1]}
        condition |= Q(**{f"{unit_field}_id__in" if unit_field else "pk__in": ancestor_ids})
    return queryset.filter(condition)


def orgunit_list_for(*, user, search: str = "", status: str = "", on_date=None) -> QuerySet[OrgUnit]:
    qs = scope_filter(OrgUnit.objects.select_related("parent"), user=user, unit_field=None)
    if search:
        folded = fold(search)
        qs = qs.filter(Q(search_key__contains=folded) | Q(code__startswith=search.strip()))
    if status == "current" and on_date:
        qs = qs.valid_on(on_date)
    elif status == "ended" and on_date:
        qs = qs.filter(valid_to__lt=on_date)
    return qs.order_by("path")


def orgunit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The chain from the root down to the unit's parent, in one query."""
    ids = unit.ancestor_ids
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def user_list(*, search: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.prefetch_related("groups", "org_units").order_by("username")
    if search:
        qs = qs.filter(search_key__contains=fold(search))
    if role:
        qs = qs.filter(groups__name=role)
    return qs


AGE_BANDS = {
    "under30": (None, 30), "30-39": (30, 40), "40-49": (40, 50), "50-54": (50, 55), "55plus": (55, None),
}


def _born_between_for_ages(low: int | None, high: int | None, today: date) -> Q:
    """People aged low <= age < high on `today`, as a date-of-birth range (indexable)."""
    condition = Q()
    if low is not None:
        condition &= Q(date_of_birth__lte=_years_before(today, low))
    if high is not None:
        condition &= Q(date_of_birth__gt=_years_before(today, high))
    return condition


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


STAFF_SORTS = {
    "name": ("search_key", "id"), "-name": ("-search_key", "-id"),
    "birth": ("date_of_birth", "id"), "-birth": ("-date_of_birth", "-id"),
    "unit": ("org_unit__path", "search_key"), "-unit": ("-org_unit__path", "search_key"),
    "rank": ("rank__sort_order", "search_key"), "-rank": ("-rank__sort_order", "search_key"),
    "retirement": ("retirement_date", "id"), "-retirement": ("-retirement_date", "id"),
}


def staff_list_for(*, user, filters: dict | None = None, today: date | None = None) -> QuerySet[StaffMember]:
    """The staff a person may see, filtered as the list's form says; everything a row shows is joined.

    The name search `q` keeps the people with a word of their name starting with what was typed (name_matches).
    """
    filters = filters or {}
    qs = _staff_filtered(user=user, filters=filters, today=today)
    if search := fold(filters.get("q")):
        qs = qs.filter(name_matches(search))
    return qs.order_by(*STAFF_SORTS.get(filters.get("sort") or "name", STAFF_SORTS["name"]))


def _staff_filtered(*, user, filters: dict, today: date | None) -> QuerySet[StaffMember]:
    """Every filter of the list but the name search."""
    today = today or timezone.localdate()
    qs = scope_filter(
        StaffMember.objects.select_related("org_unit", "position", "rank"), user=user, unit_field="org_unit")
    if unit := filters.get("unit"):
        qs = qs.filter(org_unit__path__startswith=unit.path)
    for name in ("position", "rank"):
        if value := filters.get(name):
            qs = qs.filter(**{name: value})
    for name in ("category", "status", "ethnicity", "gender", "leadership_title"):
        if value := filters.get(name):
            qs = qs.filter(**{name: value})
    if filters.get("education_level") not in (None, ""):
        qs = qs.filter(education_level=filters["education_level"])
    if band := AGE_BANDS.get(filters.get("age_band") or ""):
        qs = qs.filter(_born_between_for_ages(*band, today))
    return qs


# Greater than any character of a folded name: "an" <= key < "an" + LAST_CHARACTER is "key starts with an".
LAST_CHARACTER = "\U0010ffff"


def _in_byte_order(field: str):
    """The column compared byte by byte, as its index in migration 0011 is ordered (and as Python orders str)."""
    return Collate(Cast(F(field), TextField()), "C") if connection.vendor == "postgresql" else F(field)


def _starts_with(field: str, folded: str) -> Q:
    """`field` starts with `folded`; `field <> ''` lets PostgreSQL use the partial index of a key (migration 0011)."""
    condition = Q(GreaterThanOrEqual(_in_byte_order(field), Value(folded))) & Q(
        LessThan(_in_byte_order(field), Value(folded + LAST_CHARACTER)))
    return condition if field == "search_key" else condition & ~Q(**{field: ""})


def name_matches(folded: str) -> Q:
    """People with a word of their name starting with `folded` (already folded), the words after it following:
    "van an" finds Nguyễn Văn An and Lò Văn Anh, not Văn Thị Lan; each arm is one index range (migration 0011)."""
    condition = Q()
    for key in NAME_KEYS:
        condition |= _starts_with(key, folded)
    return condition


def name_search_reads(qs: QuerySet[StaffMember], folded: str, *, wanted: int,
                      descending: bool = False) -> list[QuerySet]:
    """For each name key, the first `wanted` people whose key starts with `folded`, in the key's index order, as
    (matched key, full name, id) rows."""
    reads = []
    for key in NAME_KEYS:
        order = [_in_byte_order(key), _in_byte_order("search_key"), F("id")]
        reads.append(qs.filter(_starts_with(key, folded))
                     .order_by(*[part.desc() if descending else part.asc() for part in order])
                     .annotate(matched=F(key)).values_list("matched", "search_key", "id")[:wanted])
    return reads


# What a row of the list shows (staff_tags.staff_rows): the rest of a file is not read for a page of 50.
LIST_ROW_FIELDS = ("full_name", "leadership_title", "date_of_birth", "salary_step", "status", "org_unit__name",
                   "position__name", "rank__name")


def staff_page_for(*, user, filters: dict | None = None, page=1, per_page: int = 50) -> CountFreePage:
    """One page of the staff list without counting the whole set (batxat_portal.paging).

    A name search in name order reads each name key's index from where what was typed begins: the people whose
    matching part comes first, then by full name (typing "an" lists everyone called An before Anh). Each key gives
    at most as many rows as the pages up to this one hold, so a page costs the same whatever the size of the
    province. Any other order of a search sorts the people found.
    """
    filters = filters or {}
    search = fold(filters.get("q"))
    sort = filters.get("sort") or "name"
    if not search or sort not in ("name", "-name"):
        return count_free_page(staff_list_for(user=user, filters=filters).only(*LIST_ROW_FIELDS), page,
                               per_page=per_page)
    qs = _staff_filtered(user=user, filters=filters, today=None)
    descending = sort == "-name"

    def fetch(offset: int, limit: int) -> list[StaffMember]:
        wanted = offset + limit
        reads = name_search_reads(qs, search, wanted=wanted, descending=descending)
        if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL: the five reads in one UNION
            found = list(reads[0].union(*reads[1:], all=True))
        else:  # SQLite allows no LIMIT inside a UNION
            found = [row for read in reads for row in read]
        ids, seen = [], set()
        for _key, _name, pk in sorted(found, reverse=descending):
            if pk not in seen:  # a person found by two words of their name is listed at the first one
                seen.add(pk)
                ids.append(pk)
        ids = ids[offset:wanted]
        members = qs.only(*LIST_ROW_FIELDS).in_bulk(ids)
        return [members[pk] for pk in ids]

    return count_free_page(fetch, page, per_page=per_page)


def _files() -> QuerySet[StaffMember]:
    return StaffMember.objects.select_related("org_unit", "position__org_unit", "position__required_rank", "rank",
                                              "user").prefetch_related(
        "qualifications",
        Prefetch("assignments", queryset=Assignment.objects.select_related("org_unit", "position")),
        "leaves", "rewards", "disciplines", "support_policies",
        Prefetch("salary_records", queryset=SalaryRecord.objects.select_related("rank")),
    )


def staff_file_for(*, user, pk: int) -> StaffMember:
    """One file with every row it shows, or 404 when outside the person's units."""
    return get_object_or_404(scope_filter(_files(), user=user, unit_field="org_unit"), pk=pk)


def staff_file_or_own(*, user, pk: int, rows: bool = True) -> StaffMember:
    """A file HR (or anyone who reads files) may read in their units, or the person's own file.

    404 for a file outside the reader's units; 403 for someone who reads no files and asks for another's file.
    `rows=False` reads the person alone (for the photo), not every row of the file.
    """
    files = _files() if rows else StaffMember.objects.only("pk", "photo", "org_unit_id", "user_id")
    if user.has_perm("staff.view_staffmember"):
        own = files.filter(user=user, pk=pk).first() if user.is_authenticated else None
        return own or get_object_or_404(scope_filter(files, user=user, unit_field="org_unit"), pk=pk)
    own = files.filter(user=user, pk=pk).first() if user.is_authenticated else None
    if own is None:
        raise PermissionDenied
    return own


def staff_own_file(*, user) -> StaffMember | None:
    """The file linked to the person's own account, whatever units they are scoped to."""
    return _files().filter(user=user).first() if user.is_authenticated else None


def staff_history(*, member: StaffMember, limit: int = 50) -> list[dict]:
    """Who changed what in the file and when, newest first: the person's row and every row of the file.

    Three queries whatever the file holds (four when a change names a unit, position, rank or account): the
    person's own rows, the rows of the file's records in one UNION (RECORD_HISTORY_LABELS), and those of the
    records without a label of their own here, read as models.
    """
    entries = []
    records = list(member.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    raw = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = [] if older is None else [
            (change.field, change.old, change.new) for change in newer.diff_against(older).changes
            if change.field not in HISTORY_HIDDEN]
        if older is not None and newer.history_type == "~" and not changes:
            continue  # a save that changed nothing a person reads (e.g. a recomputation) is noise here
        raw.append((newer, changes))
    readable = _readable_values(change for _newer, changes in raw for change in changes)
    for newer, changes in raw:
        entries.append({
            "when": newer.history_date, "who": _who(newer.history_user), "what": member._meta.verbose_name,
            "type": newer.history_type,
            "changes": [(StaffMember._meta.get_field(name).verbose_name, readable(name, old), readable(name, new))
                        for name, old, new in changes],
        })
    entries += _record_history(member=member, limit=limit)
    for model in (Qualification, Assignment, Leave, Reward, Discipline, SalaryRecord, SupportPolicy):
        if model in RECORD_HISTORY_LABELS:
            continue
        for row in model.history.filter(staff_member_id=member.pk).select_related("history_user").order_by(
                "-history_date")[:limit]:
            entries.append({"when": row.history_date, "who": _who(row.history_user), "changes": [],
                            "what": model._meta.verbose_name, "type": row.history_type, "label": str(row.instance)})
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries[:limit]


HISTORY_HIDDEN = {"created_at", "updated_at", *NAME_KEYS}

# What a changed link of a file is shown as, in SQL (the models' __str__): all of them read in one UNION.
_LINK_LABELS = {
    "org_unit": lambda: F("name"),
    "position": lambda: F("name"),
    "rank": lambda: Concat(F("name"), Value(" ("), F("code"), Value(")"), output_field=CharField()),
    "user": lambda: Coalesce(NullIf(F("full_name"), Value("")), NullIf(Trim(Concat(
        F("first_name"), Value(" "), F("last_name"), output_field=CharField())), Value("")), F("username")),
}


def _readable_values(changes):
    """How to show an old or new value: names for linked rows (one query for every kind), labels for choices."""
    changes = list(changes)
    arms = []
    for field_name, label in _LINK_LABELS.items():
        ids = {value for name, *values in changes if name == field_name for value in values if value}
        if ids:
            model = StaffMember._meta.get_field(field_name).related_model
            arms.append(model.objects.filter(pk__in=ids).order_by().annotate(
                link=Value(field_name, output_field=CharField()), label=label()).values_list("link", "pk", "label"))
    names = {}
    if arms:
        for field_name, pk, label in arms[0].union(*arms[1:], all=True):
            names.setdefault(field_name, {})[pk] = label

    def readable(name, value):
        if value in (None, ""):
            return ""
        if name in _LINK_LABELS:
            return names.get(name, {}).get(value, value)
        field = StaffMember._meta.get_field(name)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return value

    return readable


def _who(user) -> str:
    return user.get_full_name() if user is not None else ""


def _leave_label(row: dict) -> str:
    return f"{_choice_label(Leave, 'kind', row['text'])} {row['day']:%d/%m/%Y}–{row['until']:%d/%m/%Y}"


def _choice_label(model, field: str, value) -> str:
    return str(dict(model._meta.get_field(field).flatchoices).get(value, value or ""))


# How the history shows a row of each kind of record, from the columns its UNION arm reads: text, other (a joined
# name or code), day, until, number. A kind missing here is read on its own, as a model, and shown as str(row).
RECORD_HISTORY_LABELS = {
    Qualification: ({"text": "name"}, lambda row: row["text"]),
    Assignment: ({"text": "kind", "other": "org_unit__name"},
                 lambda row: f"{_choice_label(Assignment, 'kind', row['text'])}: {row['other'] or ''}"),
    Leave: ({"text": "kind", "day": "start_date", "until": "end_date"}, _leave_label),
    Reward: ({"text": "title"}, lambda row: row["text"]),
    SalaryRecord: ({"other": "rank__code", "day": "start_date", "number": "salary_step"},
                   lambda row: f"{row['day']:%d/%m/%Y}: {row['other'] or ''} / {row['number']}"),
    SupportPolicy: ({"text": "description"}, lambda row: row["text"]),
}
_HISTORY_COLUMNS = {"text": CharField(), "other": CharField(), "day": DateField(), "until": DateField(),
                    "number": IntegerField()}


def _record_history(*, member: StaffMember, limit: int) -> list[dict]:
    """The newest history rows of the file's records, every kind of RECORD_HISTORY_LABELS in one UNION ALL."""
    sql, params, converters = _record_history_statement(connection.vendor, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, [member.pk if param == _MEMBER_MARK else param for param in params])
        found = cursor.fetchall()
    models = list(RECORD_HISTORY_LABELS)
    entries = []
    for raw in found:
        kind_index, when, change, full_name, first_name, last_name, username, *values = [
            _converted(value, column_converters) for value, column_converters in zip(raw, converters, strict=True)]
        model = models[kind_index]
        row = dict(zip(_HISTORY_COLUMNS, values, strict=True))
        who = full_name or f"{first_name} {last_name}".strip() or username or ""  # User.get_full_name
        entries.append({"when": when, "who": who, "what": model._meta.verbose_name, "type": change, "changes": [],
                        "label": RECORD_HISTORY_LABELS[model][1](row)})
    return entries


_MEMBER_MARK = -987_654_321  # stands for the person's id in the statement compiled once


@cache
def _record_history_statement(vendor: str, limit: int) -> tuple[str, list, list]:
    """The UNION's SQL and its columns' converters, built once a process: building and compiling six annotated
    querysets cost several times what running the statement does (~5 ms of a 14 ms page)."""
    arms = []
    for index, (model, (columns, _label)) in enumerate(RECORD_HISTORY_LABELS.items()):
        # Typed NULLs where a kind has no such column: PostgreSQL will not guess a UNION's types from bare NULLs.
        values = {name: Cast(F(columns[name]) if name in columns else Value(None), output_field)
                  for name, output_field in _HISTORY_COLUMNS.items()}
        arms.append(model.history.filter(staff_member_id=_MEMBER_MARK).order_by().annotate(
            kind_index=Value(index), **{f"row_{name}": value for name, value in values.items()},
        ).values_list("kind_index", "history_date", "history_type", "history_user__full_name",
                      "history_user__first_name", "history_user__last_name", "history_user__username",
                      *(f"row_{name}" for name in _HISTORY_COLUMNS)))
    union = arms[0].union(*arms[1:], all=True).order_by("-history_date")[:limit]
    sql, params = union.query.sql_with_params()
    if list(params).count(_MEMBER_MARK) != len(arms):
        raise RuntimeError("the person's id must be a parameter of every arm of the history's UNION")
    # What Django does to each column it reads (SQLite gives dates and times as text).
    output_fields = [IntegerField(), DateTimeField(), CharField(), CharField(), CharField(), CharField(), CharField(),
                     *_HISTORY_COLUMNS.values()]
    converters = [[(converter, expression) for converter in connection.ops.get_db_converters(expression)]
                  for expression in (Value(None, output_field=field) for field in output_fields)]
    return sql, list(params), converters


def _converted(value, converters):
    for converter, expression in converters:
        value = converter(value, expression, connection)
    return value


def position_list_with_holders_for(*, user, search: str = "") -> QuerySet[JobPosition]:
    """Positions with how many working people hold each, for the positions page."""
    return position_list_for(user=user, search=search).annotate(
        holder_count=Count("holders", filter=Q(holders__status=Status.WORKING))).order_by("org_unit__path", "name")


def position_list_for(*, user, search: str = "") -> QuerySet[JobPosition]:
    qs = scope_filter(JobPosition.objects.select_related("org_unit", "required_rank"), user=user)
    if search:
        qs = qs.filter(search_key__contains=fold(search))
    return qs


def correction_requests_for(*, user, status: str = "") -> QuerySet[CorrectionRequest]:
    qs = scope_filter(CorrectionRequest.objects.select_related("staff_member", "requested_by", "decided_by"),
                      user=user, unit_field="staff_member__org_unit")
    return qs.filter(status=status) if status else qs


def forecasts_for(*, user, months: int, unit: OrgUnit | None = None, today: date | None = None) -> dict:
    """Who retires, and whose salary step is due, within `months` months (in one unit and below it, if given)."""
    today = today or timezone.localdate()
    until = add_months(today, months)
    working = staff_list_for(user=user, filters={"status": Status.WORKING, "unit": unit}, today=today)
    return {
        "retiring": working.filter(retirement_date__gte=today, retirement_date__lte=until).order_by(
            "retirement_date", "search_key"),
        "steps_due": working.filter(next_step_due__lte=until).order_by("next_step_due", "search_key"),
        "until": until,
    }


def staff_gaps(*, member: StaffMember) -> list[qualifications.Gap]:
    """What the person lacks for their position; empty without a position. Reads no more rows."""
    position = member.position
    if position is None:
        return []
    required_rank = position.required_rank
    return qualifications.qualification_gaps(
        required=qualifications.Requirements(
            education=position.required_education,
            fields=tuple(part.strip() for part in position.required_fields.split(",") if part.strip()),
            political_theory=position.required_political_theory,
            state_management=position.required_state_management,
            rank_code=required_rank.code if required_rank else None,
            rank_order=required_rank.sort_order if required_rank else None,
            it=position.requires_it, foreign_language=position.requires_foreign_language,
            ethnic_language=position.requires_ethnic_language,
        ),
        held=qualifications.Holdings(
            education=member.education_level, field=member.education_field,
            political_theory=member.political_theory, state_management=member.state_management,
            rank_code=member.rank.code if member.rank else None,
            rank_order=member.rank.sort_order if member.rank else None,
            it=member.has_it_certificate, foreign_language=member.has_foreign_language,
            ethnic_language=member.has_ethnic_language,
        ),
    )


STATISTICS_DIMENSIONS = ["rank", "education_level", "political_theory", "age_band", "gender", "ethnicity", "category"]


def staff_statistics(*, user, as_of: date) -> dict:
    """Head counts of the people in service on `as_of`, per unit and per dimension, in set-based SQL.

    Everything is read as it was that day: the unit from the career history (so a 2024 report shows the
    old units), the rank from the salary history, education and political theory from the award dates of
    the qualifications. Where a history has no row for that day, the current value stands in.
    """
    unit_that_day = Assignment.objects.filter(
        staff_member=OuterRef("pk"), start_date__lte=as_of,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of)).order_by("-start_date").values("org_unit")[:1]
    age_band = Case(
        *[When(_born_between_for_ages(low, high, as_of), then=Value(key)) for key, (low, high) in AGE_BANDS.items()],
        default=Value(""), output_field=CharField(),
    )
    rank_that_day = SalaryRecord.objects.filter(staff_member=OuterRef("pk"), start_date__lte=as_of).order_by(
        "-start_date", "-id").values("rank")[:1]

    def level_that_day(kind):
        """The highest level of a kind of qualification awarded by that day (undated ones count as held)."""
        return Coalesce(Subquery(
            Qualification.objects.filter(staff_member=OuterRef("pk"), kind=kind)
            .filter(Q(awarded_on__isnull=True) | Q(awarded_on__lte=as_of))
            .order_by().values("staff_member").annotate(top=Max("level")).values("top")[:1]), Value(0))

    in_service = (
        scope_filter(StaffMember.objects.all(), user=user, unit_field="org_unit")
        .filter(Q(joined_service_on__isnull=True) | Q(joined_service_on__lte=as_of))
        .filter(Q(left_service_on__gt=as_of) | Q(left_service_on__isnull=True, status=Status.WORKING))
        .annotate(
            unit_id=Coalesce(Subquery(unit_that_day), F("org_unit_id"), output_field=BigIntegerField()),
            rank_that_day=Coalesce(Subquery(rank_that_day), F("rank_id"), output_field=BigIntegerField()),
            education_that_day=level_that_day(QualificationKind.EDUCATION),
            political_theory_that_day=level_that_day(QualificationKind.POLITICAL_THEORY),
            age_band=age_band,
        )
    )
    # One grouped query over every dimension at once; each table is then a sum over the groups.
    fields = {dimension: dimension for dimension in STATISTICS_DIMENSIONS} | {
        "rank": "rank_that_day", "education_level": "education_that_day",
        "political_theory": "political_theory_that_day"}
    tables = {dimension: {} for dimension in STATISTICS_DIMENSIONS}
    unit_ids = set()
    with _without_jit():
        groups = list(in_service.values("unit_id", *fields.values()).annotate(n=Count("id")).order_by()
                      .values_list("unit_id", *fields.values(), "n"))
    counters = [Counter() for _dimension in fields]
    for unit_id, *values, n in groups:  # tuples, and one Counter per dimension: ~28,000 groups on 30,000 staff
        for counter, value in zip(counters, values, strict=True):
            counter[unit_id, value] += n
    for dimension, counter in zip(fields, counters, strict=True):
        tables[dimension] = dict(counter)
        unit_ids.update(unit_id for unit_id, _value in counter)
    units = OrgUnit.objects.in_bulk(unit_ids)
    return {"as_of": as_of, "tables": tables, "units": sorted(units.values(), key=lambda unit: unit.path)}


@contextmanager
def _without_jit():
    """PostgreSQL compiles a query to machine code when its estimated cost is high. The statistics' lookups per
    person make the estimate huge though the query itself runs in about 0.1 s on 30,000 staff: compiling took 0.9 s
    of the 1 s the page cost. Off for this query only (SET LOCAL ends with the transaction)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


def import_batches_for(*, user) -> QuerySet[ImportBatch]:
    return scope_filter(ImportBatch.objects.select_related("org_unit", "uploaded_by"), user=user)


# One row of a page, found within what the user may see (404 otherwise), so views never build a query themselves.

def filter_units_for(*, user) -> QuerySet[OrgUnit]:
    """The units the staff list's filter offers: the user's, without the province itself."""
    return orgunit_list_for(user=user).exclude(kind=OrgUnit.Kind.PROVINCE)


def current_leave(*, member: StaffMember, today: date):
    """The leave the person is on today, if any, among their prefetched or loaded leaves."""
    return next((leave for leave in member.leaves.all() if leave.start_date <= today <= leave.end_date), None)


def staff_record_for(*, model, member: StaffMember, pk):
    """One record (qualification, career step, leave, ...) of this person's file; 404 for another person's."""
    return get_object_or_404(model, pk=pk, staff_member=member)


def own_correction_requests(*, member: StaffMember) -> list[CorrectionRequest]:
    """The person's own correction requests, with who decided them."""
    return list(member.correction_requests.select_related("decided_by"))


def correction_request_for(*, user, pk) -> CorrectionRequest:
    return get_object_or_404(correction_requests_for(user=user), pk=pk)


# The rows of a file a person may ask to correct, in the order the file shows them: kind -> related name.
FILE_ROWS = {"qualification": "qualifications", "assignment": "assignments", "salary": "salary_records",
             "leave": "leaves", "reward": "rewards", "discipline": "disciplines", "support": "support_policies"}


def own_file_row_choices(*, member: StaffMember) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rows of a file read by staff_own_file, grouped by kind, as ("kind:id", label) choices; no query."""
    groups = []
    for kind, related in FILE_ROWS.items():
        manager = getattr(member, related)
        rows = [(f"{kind}:{row.pk}", row.file_label()) for row in manager.all()]
        if rows:
            groups.append((str(manager.model._meta.verbose_name_plural).capitalize(), rows))
    return groups


def correction_row(*, item: CorrectionRequest):
    """The row of the file a correction request is about, as it is now; None when removed since (or not a row)."""
    related = FILE_ROWS.get(item.field_name)
    if not item.is_row or related is None:
        return None
    return getattr(item.staff_member, related).filter(pk=item.record_id).first()


def position_for(*, user, pk) -> JobPosition:
    return get_object_or_404(position_list_for(user=user), pk=pk)


def import_batch_for(*, user, pk) -> ImportBatch:
    return get_object_or_404(import_batches_for(user=user), pk=pk)


def rank_list() -> QuerySet[Rank]:
    """Every rank with its salary scale."""
    return Rank.objects.prefetch_related("steps")


def rank_for(*, pk) -> Rank:
    return get_object_or_404(Rank, pk=pk)


def forecast_page(*, user, months: int, unit: OrgUnit | None, rows: int) -> dict:
    """The forecast page: the first `rows` of each list and how many there are in all."""
    forecast = forecasts_for(user=user, months=months, unit=unit)
    return {"until": forecast["until"],
            "retiring": list(forecast["retiring"][:rows]), "retiring_count": forecast["retiring"].count(),
            "steps_due": list(forecast["steps_due"][:rows]), "steps_due_count": forecast["steps_due"].count()}
