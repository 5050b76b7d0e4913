"""Where a person falls short of their job position's requirements (NĐ 62/2020 on job positions [P]).

Pure: it compares levels the caller reads from the file and the position. Levels are the ordinals of
staff.choices (education 0-6, political theory 0-3, state management 0-3).
"""

from dataclasses import dataclass

from batxat_portal.text import fold


@dataclass(frozen=True)
class Requirements:
    education: int = 0
    fields: tuple[str, ...] = ()  # fields of study that fit; empty means any
    political_theory: int = 0
    state_management: int = 0
    rank_code: str | None = None
    rank_order: int | None = None  # lower is higher (chuyên viên cao cấp first)
    it: bool = False
    foreign_language: bool = False
    ethnic_language: bool = False


@dataclass(frozen=True)
class Holdings:
    education: int = 0
    field: str = ""
    political_theory: int = 0
    state_management: int = 0
    rank_code: str | None = None
    rank_order: int | None = None
    it: bool = False
    foreign_language: bool = False
    ethnic_language: bool = False


@dataclass(frozen=True)
class Gap:
    code: str  # education, field, political_theory, state_management, rank, it, foreign_language, ethnic_language
    required: object
    held: object


def qualification_gaps(*, required: Requirements, held: Holdings) -> list[Gap]:
    """Every requirement of the position the person does not meet, in a fixed order."""
    gaps = []
    for code in ("education", "political_theory", "state_management"):
        if getattr(held, code) < getattr(required, code):
            gaps.append(Gap(code, getattr(required, code), getattr(held, code)))
    if required.fields and held.education >= required.education and not any(
            fold(wanted) and fold(wanted) in fold(held.field) for wanted in required.fields):
        gaps.append(Gap("field", required.fields, held.field))
    if required.rank_order is not None and (held.rank_order is None or held.rank_order > required.rank_order):
        gaps.append(Gap("rank", required.rank_code, held.rank_code))
    for code in ("it", "foreign_language", "ethnic_language"):
        if getattr(required, code) and not getattr(held, code):
            gaps.append(Gap(code, True, False))
    return gaps
