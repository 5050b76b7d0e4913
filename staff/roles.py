"""Roles are groups, declared once here. `manage.py sync_roles` makes the database match.

Each later app adds the permissions its pages need to the roles that use them.
A permission says what a person may do; their org units say to which rows.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    label: str
    description: str
    permissions: list[str] = field(default_factory=list)


SYSTEM_ADMIN = "System admin"
HR_OFFICER = "HR officer"
AGENCY_LEADER = "Agency leader"
DEPARTMENT_HEAD = "Department head"
STAFF_MEMBER = "Staff member"
FEEDBACK_HANDLER = "Feedback handler"

ROLES: dict[str, Role] = {
    SYSTEM_ADMIN: Role(
        label=_("System administrator"),
        description=_("Manages accounts, roles and the organisation tree for every unit."),
        permissions=[
            "staff.access_all_units",
            "staff.view_orgunit", "staff.add_orgunit", "staff.change_orgunit",
            "staff.view_user", "staff.add_user", "staff.change_user",
            "staff.view_staffmember", "staff.view_jobposition",
            "batxat_portal.view_calendarday", "batxat_portal.add_calendarday", "batxat_portal.change_calendarday",
            "batxat_portal.delete_calendarday",
        ],
    ),
    HR_OFFICER: Role(
        label=_("HR officer"),
        description=_("Keeps staff records, positions, recruitment, training and evaluation cycles."),
        permissions=[
            "staff.view_orgunit", "staff.add_orgunit", "staff.change_orgunit",
            "staff.view_staffmember", "staff.add_staffmember", "staff.change_staffmember",
            "staff.export_staffmember", "staff.import_staffmember",
            "staff.view_jobposition", "staff.add_jobposition", "staff.change_jobposition",
            "staff.view_correctionrequest", "staff.change_correctionrequest",
            "staff.view_rank", "staff.change_rank",
            "evaluation.view_evaluationyear", "evaluation.add_evaluationyear", "evaluation.add_taskgroup",
            "evaluation.change_taskgroup", "evaluation.view_workitem", "evaluation.view_periodscore",
            "evaluation.view_yearresult", "evaluation.change_yearresult",
            "evaluation.view_reviewrequest", "evaluation.add_reviewrequest", "evaluation.change_reviewrequest",
            "evaluation.view_questionset", "evaluation.add_questionset", "evaluation.change_questionset",
            "evaluation.change_evaluationyear", "evaluation.change_period", "evaluation.add_criterion",
            "evaluation.change_criterion", "evaluation.delete_criterion",
            "batxat_portal.view_calendarday", "batxat_portal.add_calendarday", "batxat_portal.change_calendarday",
            "batxat_portal.delete_calendarday",
            "feedback.view_feedback", "feedback.view_feedback_contact", "feedback.view_feedback_ratios",
            "feedback.view_ratinglink", "feedback.add_ratinglink", "feedback.change_ratinglink",
            "feedback.view_servicerating", "feedback.view_survey", "feedback.add_survey", "feedback.change_survey",
        ],
    ),
    AGENCY_LEADER: Role(
        label=_("Agency leader"),
        description=_("Approves classifications and plans, reads the dashboards."),
        permissions=["staff.view_orgunit", "staff.view_staffmember", "staff.export_staffmember",
                     "staff.view_jobposition", "evaluation.view_evaluationyear", "evaluation.view_workitem",
                     "evaluation.view_periodscore", "evaluation.view_yearresult", "evaluation.approve_yearresult",
                     "evaluation.decide_appeal", "evaluation.view_reviewrequest",
                     "feedback.view_feedback", "feedback.view_feedback_ratios"],
    ),
    DEPARTMENT_HEAD: Role(
        label=_("Department head"),
        description=_("Reviews and scores the staff of their own unit."),
        permissions=["staff.view_orgunit", "staff.view_staffmember", "evaluation.view_evaluationyear",
                     "evaluation.view_workitem", "evaluation.add_workitem", "evaluation.add_qualityreview",
                     "evaluation.view_periodscore", "evaluation.change_periodscore",
                     "evaluation.propose_yearresult", "evaluation.view_reviewrequest",
                     "evaluation.add_reviewrequest", "evaluation.change_reviewrequest", "evaluation.view_questionset",
                     # Feedback about their unit; contacts only of the cases in their scope.
                     "feedback.view_feedback", "feedback.handle_feedback", "feedback.view_feedback_contact",
                     # Officers' rating links and ratings of their unit; a kiosk at the unit's desk.
                     "feedback.view_ratinglink", "feedback.view_servicerating", "feedback.add_servicerating",
                     # QĐ 766 ratios and officers' satisfaction of their own unit.
                     "feedback.view_feedback_ratios"],
    ),
    STAFF_MEMBER: Role(
        label=_("Staff member"),
        description=_("Self-assessment, reviews asked of them, their own record and training."),
        permissions=[],
    ),
    FEEDBACK_HANDLER: Role(
        label=_("Feedback handler"),
        description=_("Triages and answers citizen feedback."),
        permissions=["feedback.view_feedback", "feedback.handle_feedback", "feedback.view_feedback_contact",
                     # A kiosk at the one-stop desk for the officers of their units.
                     "feedback.view_ratinglink", "feedback.add_servicerating"],
    ),
}


def role_label(group_name: str) -> str:
    role = ROLES.get(group_name)
    return role.label if role else group_name
