"""Reads of the career history (assignments) other apps need."""

from collections.abc import Iterable
from datetime import date

from staff.models import Assignment

Span = tuple[date, date]


def spans_in_unit(*, staff_ids: Iterable[int], unit_path: str, start: date, end: date) -> dict[int, list[Span]]:
    """Per person, the spans of their career steps in a unit or below it that overlap [start, end], clipped to it (an
    open step runs to `end`). One query; people without such a step are absent from the answer."""
    spans: dict[int, list[Span]] = {}
    rows = Assignment.objects.filter(staff_member_id__in=list(staff_ids), org_unit__path__startswith=unit_path,
                                     start_date__lte=end).values_list("staff_member_id", "start_date", "end_date")
    for member_id, first, last in rows:
        if last is not None and last < start:
            continue
        spans.setdefault(member_id, []).append((max(first, start), min(last or end, end)))
    return spans
