"""The three ratios of QĐ 766/QĐ-TTg (2022) a unit is judged by each month, and the timeliness of one case.

What is counted (docs/domain-rules.md "Citizen feedback and satisfaction", read with care; the selectors in
feedback/selectors/ratios.py count exactly this in SQL):

- A PAKN is a case of a kind that waits for an answer: a report, proposal, suggestion or complaint. Praise is not
  a PAKN; spam and duplicates are not counted at all. A case belongs to the unit it concerns and to the month it
  was received in.
- A case within the agency's competence is settled when answered (or, failing an answer, closed); one outside it
  when forwarded (or, failing that, answered or closed). It is on time if settled on or before its deadline
  (`due_on`, or `forward_due_on` for forwarding), late if settled after it or still unsettled once the deadline has
  passed, and still open otherwise.
- On-time handling = PAKN within competence settled on time / PAKN within competence that are settled or late.
  A case still open before its deadline is neither yet: it stays out of the ratio (and is shown beside it), so the
  current month is not judged on cases nobody could have answered yet.
- Feedback satisfaction = (all PAKN − those the citizen marked dissatisfied or that were overdue) / all PAKN,
  competence or not (QĐ 766: "không hài lòng hoặc bị phản ánh quá hạn"). Which cases count as "overdue" is a
  reading, passed in (the setting FEEDBACK_QD766_OVERDUE_READING): OVERDUE_COMPLAINED, the decree's wording and the
  default, counts those the citizen complained about as overdue; OVERDUE_LATE counts every late case (settled after
  its deadline or still unsettled past it), complained about or not.
- Procedure (TTHC) satisfaction = (files − files rated dissatisfied or with a PAKN about them) / files. The portal
  keeps no register of one-stop files: a file is known here when a citizen rates the service and gives its dossier
  code. The files of a unit and month are the distinct dossier codes of the ratings given there that month; one is
  "bad" if a rating of it that month is dissatisfied or any PAKN (not spam or a duplicate) names its dossier code.
  Ratings without a dossier code count for the officers' satisfaction only.
- An officer's satisfaction = ratings in the top two levels / ratings.

Every ratio is a Fraction in [0, 1], or None when there is nothing to divide by.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PAKN_KINDS = ("report", "proposal", "suggestion", "complaint")  # feedback.models.Kind values; not "praise"

ON_TIME, LATE, OPEN = "on_time", "late", "open"

# Readings of "bị phản ánh quá hạn" in the feedback satisfaction ratio (docs/domain-rules.md).
OVERDUE_COMPLAINED, OVERDUE_LATE = "complained", "late"
OVERDUE_READINGS = (OVERDUE_COMPLAINED, OVERDUE_LATE)


def check_overdue_reading(reading: str) -> str:
    if reading not in OVERDUE_READINGS:
        raise ValueError(f"the reading of 'overdue' is one of {', '.join(OVERDUE_READINGS)}, not {reading!r}")
    return reading


def counts_against_satisfaction(*, dissatisfied: bool, timeliness: str, complained_overdue: bool,
                                reading: str) -> bool:
    """Whether one PAKN is taken out of the feedback satisfaction ratio: the citizen was dissatisfied, or it was
    overdue in the reading in force (complained about as overdue, or simply late)."""
    check_overdue_reading(reading)
    if dissatisfied:
        return True
    return complained_overdue if reading == OVERDUE_COMPLAINED else timeliness == LATE


def case_timeliness(*, deadline: date, settled_on: date | None, today: date) -> str:
    """ON_TIME, LATE or OPEN (not settled, deadline not passed) for one case and its deadline."""
    if settled_on is not None:
        return ON_TIME if settled_on <= deadline else LATE
    return LATE if today > deadline else OPEN


def _ratio(part: int, whole: int) -> Fraction | None:
    if part < 0 or whole < 0 or part > whole:
        raise ValueError(f"cannot take {part} out of {whole}")
    return Fraction(part, whole) if whole else None


def on_time_ratio(*, on_time: int, late: int) -> Fraction | None:
    """PAKN within competence handled on time, among those within competence already settled or late."""
    if on_time < 0 or late < 0:
        raise ValueError("counts cannot be negative")
    return _ratio(on_time, on_time + late)


def feedback_satisfaction(*, total: int, dissatisfied_or_overdue: int) -> Fraction | None:
    """(all PAKN − dissatisfied or overdue ones) / all PAKN (`counts_against_satisfaction` says which)."""
    if not 0 <= dissatisfied_or_overdue <= total:
        raise ValueError(f"{dissatisfied_or_overdue} dissatisfied or overdue out of {total}")
    return _ratio(total - dissatisfied_or_overdue, total)


def procedure_satisfaction(*, files: int, bad_files: int) -> Fraction | None:
    """(files − files rated dissatisfied or with a PAKN about them) / files."""
    if not 0 <= bad_files <= files:
        raise ValueError(f"{bad_files} bad files out of {files}")
    return _ratio(files - bad_files, files)


def officer_satisfaction(*, ratings: int, satisfied: int) -> Fraction | None:
    return _ratio(satisfied, ratings)


def as_percent(ratio: Fraction | None) -> Decimal | None:
    """A ratio as a percent with one decimal (half up), as pages and exports show it."""
    if ratio is None:
        return None
    return (Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator)).quantize(Decimal("0.1"),
                                                                                 rounding=ROUND_HALF_UP)
