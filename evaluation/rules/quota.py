"""The HTXSNV quota of both regimes: at most 20% of those rated HTTNV, per agency and group of similar tasks.

Sources: NĐ 90/2020 as amended by NĐ 48/2023; NĐ 335/2025 [C]. The caller counts one agency and one group of staff
with similar tasks at a time; grouping is not this module's business.

Subtlety of the default reading "httnv": the allowance grows with the HTTNV count, so demoting an HTXSNV to HTTNV
both removes an excess and can raise the allowance. 3 HTXSNV and 14 HTTNV allow 2 (excess 1); demote one and 15 HTTNV
allow 3, so the 2 left fit with room to spare, yet promoting the demoted person back brings the allowance down to 2
again. `max_htxsnv_kept` gives the largest number that can stay.
"""

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from evaluation.rules.common import Level

READINGS = ("httnv", "httnv_plus_htxsnv")  # 20% of HTTNV [C wording] or of HTXSNV + HTTNV [U]
DEFAULT_SHARE = Decimal("0.20")


def htxsnv_quota(*, counts: Mapping[Level, int], reading: str = "httnv", share: Decimal = DEFAULT_SHARE) -> int:
    """Most staff one group may rate HTXSNV: 20% of the HTTNV count, rounded down (NĐ 48/2023; NĐ 335/2025 [C])."""
    if reading not in READINGS:
        raise ValueError(f"Unknown reading {reading!r}; expected one of {READINGS}")
    if not 0 <= share <= 1:
        raise ValueError(f"share must lie between 0 and 1, got {share}")
    if any(count < 0 for count in counts.values()):
        raise ValueError("Counts must be >= 0")
    base = counts.get(Level.HTTNV, 0)
    if reading == "httnv_plus_htxsnv":
        base += counts.get(Level.HTXSNV, 0)
    # Decimal keeps 20% of 10 at exactly 2: a float 0.2 * 15 could fall a hair under 3 and floor to 2.
    return math.floor(share * base)


@dataclass(frozen=True)
class QuotaCheck:
    allowed: int
    proposed_htxsnv: int
    respected: bool
    excess: int  # HTXSNV over the allowance, reported even when an exception covers it


def check_quota(
    *,
    levels: Sequence[Level],
    reading: str = "httnv",
    share: Decimal = DEFAULT_SHARE,
    exception_granted: bool = False,
) -> QuotaCheck:
    """Whether a group's proposed levels keep HTXSNV within its quota, or an exception was granted (NĐ 335/2025 [C])."""
    return check_counts(counts=Counter(Level(level) for level in levels), reading=reading, share=share,
                        exception_granted=exception_granted)


def check_counts(
    *,
    counts: Mapping[Level, int],
    reading: str = "httnv",
    share: Decimal = DEFAULT_SHARE,
    exception_granted: bool = False,
) -> QuotaCheck:
    """`check_quota` from the number of proposals at each level, as a GROUP BY counts them."""
    counts = {Level(level): count for level, count in counts.items()}
    allowed = htxsnv_quota(counts=counts, reading=reading, share=share)
    proposed = counts.get(Level.HTXSNV, 0)
    excess = max(proposed - allowed, 0)
    # An exception from the competent authority lifts the cap; who granted it is recorded by the caller.
    return QuotaCheck(allowed=allowed, proposed_htxsnv=proposed, respected=excess == 0 or exception_granted,
                      excess=excess)


def max_htxsnv_kept(*, counts: Mapping[Level, int], reading: str = "httnv", share: Decimal = DEFAULT_SHARE) -> int:
    """Most of the proposed HTXSNV that can stay when the others are demoted to HTTNV (NĐ 335/2025 quota [C])."""
    proposed = counts.get(Level.HTXSNV, 0)
    httnv = counts.get(Level.HTTNV, 0)
    for kept in range(proposed, -1, -1):
        after = {**counts, Level.HTXSNV: kept, Level.HTTNV: httnv + proposed - kept}
        if kept <= htxsnv_quota(counts=after, reading=reading, share=share):
            return kept
    return 0  # pragma: no cover - kept == 0 always fits
