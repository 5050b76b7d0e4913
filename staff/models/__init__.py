from staff.models.imports import ImportBatch
from staff.models.org import OrgUnit, OrgUnitQuerySet, User
from staff.models.people import (
    Assignment,
    CorrectionRequest,
    Discipline,
    Leave,
    Qualification,
    Reward,
    SalaryRecord,
    StaffMember,
    SupportPolicy,
)
from staff.models.reference import JobPosition, Rank, SalaryStep

__all__ = [
    "Assignment",
    "CorrectionRequest",
    "Discipline",
    "ImportBatch",
    "JobPosition",
    "Leave",
    "OrgUnit",
    "OrgUnitQuerySet",
    "Qualification",
    "Rank",
    "Reward",
    "SalaryRecord",
    "SalaryStep",
    "StaffMember",
    "SupportPolicy",
    "User",
]
