"""Printable official forms: the self-assessment and classification form as an A4 PDF (WeasyPrint, DejaVu fonts)."""

import re

from batxat_portal.paper import PaperUnavailable, pdf_from_template
from evaluation.models import YearResult
from evaluation.rules.common import SCORE_THRESHOLD, Regime
from evaluation.selectors import year_end as year_end_selectors

__all__ = ["PaperUnavailable", "place_of", "self_assessment_pdf"]

# "UBND xã Bát Xát" -> "Bát Xát": the place printed before the date of the signatures.
_AGENCY_PREFIX = re.compile(
    r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+"
    r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


def place_of(agency_name: str) -> str:
    """The place name in an agency's name ("UBND xã Bát Xát" -> "Bát Xát"), or "" when it has none."""
    match = _AGENCY_PREFIX.match(agency_name)
    return agency_name[match.end():].strip() if match else ""


def self_assessment_pdf(*, result: YearResult) -> bytes:
    """The self-assessment and classification form of one year result, in Vietnamese, ready to sign.

    `result` should come with its year, agency and person (unit, position, rank) already joined.
    """
    year = result.evaluation_year
    scores = year_end_selectors.paper_period_scores(result=result)
    # The score band's detail is a machine note in English; the form shows the score itself just above.
    reasons = [{**reason, "detail": ""} if reason.get("code") == SCORE_THRESHOLD else reason
               for reason in result.reasons]
    return pdf_from_template("evaluation/paper/self_assessment.html", {
        "result": result, "year": year, "person": result.staff_member, "scores": scores, "reasons": reasons,
        "is_nd335": year.regime == Regime.ND335_2025, "place": place_of(year.agency.name)})
