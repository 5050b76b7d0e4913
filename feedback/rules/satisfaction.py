"""Satisfaction scales (docs/domain-rules.md, "Citizen feedback and satisfaction"): 3 levels (rất hài lòng / hài
lòng / không hài lòng) or 5; "satisfied" means the top two levels. Levels are numbered from 1 (worst) to the scale.

Pure: no database, no settings, no Django. The labels a person reads are in feedback/models/ratings.py.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

SCALES = (3, 5)

# The criteria a citizen may rate besides the overall rating; settings.FEEDBACK_RATING_CRITERIA picks among them.
CRITERIA = ("attitude", "timeliness", "guidance")


def check_scale(scale: int) -> int:
    if scale not in SCALES:
        raise ValueError(f"a satisfaction scale has 3 or 5 levels, not {scale!r}")
    return scale


def is_satisfied(value: int, scale: int) -> bool:
    """The top two levels of the scale count as satisfied."""
    check_scale(scale)
    if not 1 <= value <= scale:
        raise ValueError(f"level {value!r} is not on a {scale}-level scale")
    return value >= scale - 1


def check_criteria(keys) -> list[str]:
    """The configured criteria, in the configured order, once each; an unknown key is a configuration error."""
    unknown = [key for key in keys if key not in CRITERIA]
    if unknown:
        raise ValueError(f"unknown rating criteria: {', '.join(unknown)}; known: {', '.join(CRITERIA)}")
    return list(dict.fromkeys(keys))


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent, one decimal (half up); None when there is nothing to count."""
    if whole <= 0:
        return None
    if not 0 <= part <= whole:
        raise ValueError("the part must lie between 0 and the whole")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share_satisfied(counts: Mapping[int, int], scale: int) -> Decimal | None:
    """The percent of ratings in the top two levels, from the number of ratings per level of one scale."""
    check_scale(scale)
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts cannot be negative")
    total = sum(counts.values())
    satisfied = sum(count for level, count in counts.items() if is_satisfied(level, scale))
    return percent(satisfied, total)
