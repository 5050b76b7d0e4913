"""Regular salary-step raises (nâng bậc lương thường xuyên) under Thông tư 03/2021/TT-BNV."""

from datetime import date
from decimal import Decimal

from batxat_portal.dates import add_months


def next_step_due(
    *, step: int, step_count: int, years_per_step: int, step_since: date, delay_months: int = 0
) -> date | None:
    """Date the next salary step is due, None at the top (TT 08/2013/TT-BNV điều 2, sửa đổi bởi TT 03/2021/TT-BNV)."""
    if step < 1 or step_count < 1 or years_per_step < 1 or delay_months < 0:
        raise ValueError("step, step_count and years_per_step must be >= 1 and delay_months >= 0")
    if step >= step_count:
        # At the last step the raise becomes the phụ cấp thâm niên vượt khung, which is a different rule.
        return None
    # A step held since 29/02 (or the 31st) falls due on the last day of the target month when that day is missing.
    return add_months(step_since, years_per_step * 12 + delay_months)


def coefficient_for(*, coefficients: list[Decimal] | tuple[Decimal, ...], step: int) -> Decimal:
    """Salary coefficient (hệ số lương) of a 1-based step on a scale (NĐ 204/2004/NĐ-CP, bảng lương)."""
    if not 1 <= step <= len(coefficients):
        raise ValueError(f"Step {step} is outside the scale of {len(coefficients)} steps")
    return coefficients[step - 1]
