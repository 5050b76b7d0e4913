"""Which discipline decisions of a file punish the same violation, and the year each violation counts in.

A decision may say it punishes the same violation as another decision of the person (typically a Party decision and an
administrative one); a decision without that link is a violation of its own. The links may chain (C → B → A): the
decisions joined by them, in any direction, are one violation.

The year a violation counts in is decided by evaluation.rules.common.violation_year (NĐ 48/2023: the first evaluation
year in which one of its decisions takes effect). The staff file shows it too, and staff may not import evaluation, so
`counted_year` below repeats that one-line reading; a test in evaluation keeps the two equal.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Decision:
    """One discipline decision as the grouping reads it."""

    id: int
    effective_on: date
    same_violation_as: int | None = None  # id of another decision of the same person, or None


def violations(decisions: Iterable[Decision]) -> list[tuple[Decision, ...]]:
    """The decisions grouped into violations, each violation's decisions by date (then id), violations by their first
    decision. A link to a decision not among `decisions` still joins the decisions that point at it."""
    decisions = list(decisions)
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for decision in decisions:
        root(decision.id)
        if decision.same_violation_as is not None:
            parent[root(decision.id)] = root(decision.same_violation_as)
    groups: dict[int, list[Decision]] = {}
    for decision in decisions:
        groups.setdefault(root(decision.id), []).append(decision)
    ordered = [tuple(sorted(group, key=lambda d: (d.effective_on, d.id))) for group in groups.values()]
    return sorted(ordered, key=lambda group: (group[0].effective_on, group[0].id))


def counted_year(effective_dates: Iterable[date]) -> int:
    """The evaluation year a violation counts in: the year its first decision takes effect (see the module's note)."""
    return min(effective_dates).year


@dataclass(frozen=True)
class DecisionYear:
    """What the file says beside one decision."""

    counted_year: int  # the evaluation year its violation counts in
    counts: bool  # this decision is the one that makes the violation count (its first)
    first: Decision  # the violation's first decision
    decisions: int  # how many decisions the violation has


def decision_years(decisions: Iterable[Decision]) -> Mapping[int, DecisionYear]:
    """For each decision (by id): the year its violation counts in and whether this decision is the one that counts."""
    years = {}
    for violation in violations(decisions):
        year = counted_year(decision.effective_on for decision in violation)
        for decision in violation:
            years[decision.id] = DecisionYear(counted_year=year, counts=decision is violation[0], first=violation[0],
                                              decisions=len(violation))
    return years
