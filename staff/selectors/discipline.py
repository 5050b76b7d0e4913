"""Reads of the discipline decisions grouped into violations (staff.rules.discipline), for the file and other apps."""

from collections.abc import Iterable
from datetime import date

from staff.models import Discipline
from staff.rules.discipline import Decision, decision_years, violations


def _decision(row: Discipline) -> Decision:
    return Decision(id=row.pk, effective_on=row.effective_on, same_violation_as=row.same_violation_as_id)


def violations_by_person(*, staff_ids: Iterable[int]) -> dict[int, list[tuple[date, ...]]]:
    """Per person, each violation as the effective dates of its decisions (one query whatever the number of people).
    Every decision of the person is read, whatever its year: the year a violation counts in depends on all of them."""
    by_person: dict[int, list[Decision]] = {}
    rows = Discipline.objects.filter(staff_member_id__in=list(staff_ids)).values_list(
        "staff_member_id", "pk", "effective_on", "same_violation_as_id")
    for member_id, pk, effective_on, linked in rows:
        by_person.setdefault(member_id, []).append(Decision(id=pk, effective_on=effective_on, same_violation_as=linked))
    return {member_id: [tuple(decision.effective_on for decision in violation) for violation in violations(decisions)]
            for member_id, decisions in by_person.items()}


def with_violation_years(rows: Iterable[Discipline]) -> list[Discipline]:
    """The file's decisions (already read), each with `violation` set: the evaluation year its violation counts in,
    whether this decision is the one that counts, and the violation's first decision. No query."""
    rows = list(rows)
    years = decision_years([_decision(row) for row in rows])
    for row in rows:
        row.violation = years[row.pk]
    return rows
