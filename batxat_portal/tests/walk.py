"""What the URL walks share (test_url_walk.py, test_write_permissions.py): the URL patterns with what each view
declares, and a small world of two communes holding one row of everything, with a user for every role.

A new page needs nothing here unless its path holds an id: then say in ROWS which row fills it (docs/adding-an-app.md,
"URL walk").
"""

import contextlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import openpyxl
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from batxat_portal.models import CalendarDay
from evaluation import services as evaluation_services
from evaluation.models import Appeal, MeetingMinutes, PeriodScore, QuestionSet, ReviewRequest, WorkItem, YearResult
from feedback.models import RatingLink, Survey
from feedback.services import ratings as rating_services
from feedback.services import surveys as survey_services
from feedback.tests.factories import AttachmentFactory, FeedbackFactory
from staff import roles, services
from staff.models import (
    CorrectionRequest,
    ImportBatch,
    JobPosition,
    Qualification,
    Rank,
    SalaryStep,
    StaffMember,
)
from staff.reference_data import ranks_ensure
from staff.services import imports
from staff.tests.factories import OrgUnitFactory, StaffMemberFactory, UserFactory

# ----------------------------------------------------------------------------------------------- the URL patterns


def named_patterns(resolver=None, namespace=""):
    """(name, pattern) of every named URL, the Django admin aside (it has its own sign-in and permissions)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _layers(function):
    """A decorated view and every function it wraps (functools.wraps sets __wrapped__)."""
    seen = []
    while function is not None and function not in seen:
        seen.append(function)
        function = getattr(function, "__wrapped__", None)
    return seen


def _closure(function) -> dict:
    values = {}
    for layer in _layers(function):
        names = getattr(getattr(layer, "__code__", None), "co_freevars", ())
        for name, cell in zip(names, layer.__closure__ or (), strict=False):
            with contextlib.suppress(ValueError):  # an empty cell
                values.setdefault(name, cell.cell_contents)
    return values


@dataclass(frozen=True)
class ViewFacts:
    permissions: tuple[str, ...]  # declared on the view; () when none is
    accepts_post: bool
    only_post: bool  # a GET is refused with 405 before anything else
    is_public: bool  # login_not_required


def view_facts(pattern) -> ViewFacts:
    """What a view declares: PermissionRequiredMixin.permission_required on a class, @permission_required on a
    function (read from the decorators' closures: Django is pinned, and a change there makes views look undeclared,
    which fails the tests rather than passing them). A function view accepts POST unless a require_* decorator
    says otherwise."""
    callback = pattern.callback
    is_public = getattr(callback, "login_required", True) is False
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        declared = getattr(view_class, "permission_required", None)
        declared = (declared,) if isinstance(declared, str) else tuple(declared or ())
        methods = set(view_class.http_method_names)
        accepts_post = hasattr(view_class, "post") and "post" in methods
        only_post = accepts_post and not (hasattr(view_class, "get") and "get" in methods)
        return ViewFacts(declared, accepts_post, only_post, is_public)
    closure = _closure(callback)
    methods = closure.get("request_method_list")
    check = closure.get("test_func")
    declared = tuple(_closure(check).get("perms", ())) if check is not None else ()
    accepts_post = methods is None or "POST" in methods
    only_post = methods is not None and set(methods) <= {"POST"}
    return ViewFacts(declared, accepts_post, only_post, is_public)


# ----------------------------------------------------------------------------------------------- the world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The users of the walk: the six roles of staff/roles.py in commune A, a superuser, and a user with no role.
USERS = ("system_admin", "hr", "leader", "head", "member", "handler", "superuser", "nobody")


@dataclass
class Side:
    """The rows of one commune ("a": the users' own, "b": another)."""

    agency: object
    dept: object
    rows: dict = field(default_factory=dict)


@dataclass
class World:
    users: dict
    sides: dict  # "a" and "b"
    national: dict  # rows that belong to no unit (the holiday calendar, ranks)


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(imports.HEADERS)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _side(key: str, *, agency, dept, hr, member_user, reviewer_user) -> Side:
    side = Side(agency=agency, dept=dept)
    person = StaffMemberFactory(full_name=f"Lý Thị Mẩy {key}", org_unit=dept, user=member_user,
                                joined_service_on=date(2015, 1, 1), email=f"may{key}@example.vn")
    colleague = StaffMemberFactory(full_name=f"Giàng A Páo {key}", org_unit=dept, user=reviewer_user,
                                   joined_service_on=date(2015, 1, 1), email=f"pao{key}@example.vn")
    rows = side.rows
    rows["staffmember"] = person
    rows["orgunit"] = dept
    rows["position"] = JobPosition.objects.create(org_unit=agency, name=f"Chuyên viên văn hóa {key}",
                                                  group="professional")
    rows["qualification"] = Qualification.objects.create(staff_member=person, kind="education", level=4,
                                                         name="Cử nhân Luật")
    rows["correction"] = CorrectionRequest.objects.create(staff_member=person, requested_by=member_user,
                                                          field_name="phone", proposed_value="0912000111",
                                                          reason="Đổi số")
    rows["import_batch"] = ImportBatch.objects.create(org_unit=agency, uploaded_by=hr, file_name="can-bo.xlsx",
                                                      content=_xlsx())

    year = evaluation_services.evaluation_year_open(agency=agency, year=2026, period_kind="quarterly", user=hr)
    period = year.periods.order_by("number").first()
    rows["year"], rows["period"] = year, period
    rows["taskgroup"] = evaluation_services.task_group_save(
        group=year.task_groups.model(evaluation_year=year), members=[person, colleague], name=f"Chuyên môn {key}")
    rows["workitem"] = WorkItem.objects.create(period=period, staff_member=person, assigned_by=hr,
                                               title="Báo cáo quý", due_date=period.end_date)
    for member in (person, colleague):
        for each in year.periods.all():
            PeriodScore.objects.create(period=each, staff_member=member, task_points=Decimal(60),
                                       general_points=Decimal(30), total=Decimal(90))
    evaluation_services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=person)
    rows["result"] = evaluation_services.self_assess(result=result, text="Hoàn thành tốt.", level="httnv")
    rows["appeal"] = Appeal.objects.create(result=result, reason="Xin xem lại.")
    rows["minutes"] = MeetingMinutes.objects.create(
        evaluation_year=year, org_unit=dept, reference="BB 1/2026", original_name="bien-ban.pdf", size=len(PDF),
        uploaded_by=hr, file=ContentFile(PDF, name="bien-ban.pdf"))
    question_set = QuestionSet.objects.get(agency=agency)  # the default set, made when the year was opened
    rows["question_set"] = question_set
    review = evaluation_services.review_request_create(subject=colleague, question_set=question_set, user=hr,
                                                       deadline=timezone.localdate() + timedelta(days=7))
    rows["invitation"] = evaluation_services.review_invitation_add(review_request=review, reviewer=member_user,
                                                                   rater_group="peer")
    ReviewRequest.objects.filter(pk=review.pk).update(status=ReviewRequest.Status.OPEN)  # sent (3 reviewers aside)
    review.refresh_from_db()
    rows["review"] = review

    case = FeedbackFactory(org_unit=dept)
    rows["feedback"] = case
    rows["attachment"] = AttachmentFactory(feedback=case)
    rating_services.ratinglinks_create_missing(staff_members=StaffMember.objects.filter(pk=person.pk))
    rows["ratinglink"] = RatingLink.objects.get(staff_member=person)
    survey = survey_services.survey_create(user=hr, agency=agency, title=f"Khảo sát {key}")
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.PUBLISHED)
    survey.refresh_from_db()
    rows["survey"] = survey
    return side


def build_world() -> World:
    """Two communes, A (every user's own) and B (another one), each with one row of everything a path names."""
    services.roles_sync()
    province = OrgUnitFactory(name="Tỉnh Lào Cai", kind="province", level="province", parent=None)
    agencies = {"a": OrgUnitFactory(name="UBND xã Bát Xát", parent=province, code="W-A"),
                "b": OrgUnitFactory(name="UBND xã Y Tý", parent=province, code="W-B")}
    depts = {key: OrgUnitFactory(name="Phòng Văn hóa - Xã hội", kind="department", parent=agency, code=f"W-{key}-VH")
             for key, agency in agencies.items()}

    def user(username, role=None, units=(), **fields):
        return UserFactory(username=username, roles=[role] if role else [], org_units=list(units), **fields)

    users = {
        "system_admin": user("w_admin", roles.SYSTEM_ADMIN),
        "hr": user("w_hr", roles.HR_OFFICER, [agencies["a"]]),
        "leader": user("w_leader", roles.AGENCY_LEADER, [agencies["a"]]),
        "head": user("w_head", roles.DEPARTMENT_HEAD, [depts["a"]]),
        "member": user("w_member", roles.STAFF_MEMBER, [depts["a"]]),
        "handler": user("w_handler", roles.FEEDBACK_HANDLER, [agencies["a"]]),
        "superuser": user("w_root", is_superuser=True, is_staff=True),
        "nobody": user("w_nobody", None, [agencies["a"]]),
    }
    others = {"hr": user("w_hr_b", roles.HR_OFFICER, [agencies["b"]]),
              "member": user("w_member_b", roles.STAFF_MEMBER, [depts["b"]]),
              "reviewer_a": user("w_reviewer_a", roles.STAFF_MEMBER, [depts["a"]]),
              "reviewer_b": user("w_reviewer_b", roles.STAFF_MEMBER, [depts["b"]])}
    sides = {
        "a": _side("a", agency=agencies["a"], dept=depts["a"], hr=users["hr"], member_user=users["member"],
                   reviewer_user=others["reviewer_a"]),
        "b": _side("b", agency=agencies["b"], dept=depts["b"], hr=others["hr"], member_user=others["member"],
                   reviewer_user=others["reviewer_b"]),
    }
    ranks_ensure(Rank, SalaryStep)
    national = {"calendar_day": CalendarDay.objects.create(day=date(2026, 9, 2), name="Quốc khánh"),
                "rank": Rank.objects.order_by("pk").first()}
    return World(users=users, sides=sides, national=national)


# ----------------------------------------------------------------------------------------------- paths from rows


def _pk(row_name):
    return lambda side: {"pk": side.rows[row_name].pk}


def _code(row_name):
    return lambda side: {"code": side.rows[row_name].code}


# url name -> the path's arguments from one side's rows. "national" rows are the same on both sides.
ROWS = {
    "staff:orgunit_detail": _pk("orgunit"),
    "staff:orgunit_edit": _pk("orgunit"),
    "staff:import_preview": _pk("import_batch"),
    "staff:staff_detail": _pk("staffmember"),
    "staff:staff_edit": _pk("staffmember"),
    "staff:staff_photo": _pk("staffmember"),
    "staff:staff_photo_edit": _pk("staffmember"),
    "staff:staff_paper": _pk("staffmember"),
    "staff:record_create": lambda side: {"pk": side.rows["staffmember"].pk, "kind": "qualification"},
    "staff:record_edit": lambda side: {"pk": side.rows["staffmember"].pk, "kind": "qualification",
                                       "record_pk": side.rows["qualification"].pk},
    "staff:record_delete": lambda side: {"pk": side.rows["staffmember"].pk, "kind": "qualification",
                                         "record_pk": side.rows["qualification"].pk},
    "staff:correction_decide": _pk("correction"),
    "staff:position_edit": _pk("position"),
    "evaluation:year_detail": _pk("year"),
    "evaluation:taskgroup_create": _pk("year"),
    "evaluation:taskgroup_update": lambda side: {"pk": side.rows["year"].pk, "group": side.rows["taskgroup"].pk},
    "evaluation:criteria_edit": _pk("year"),
    "evaluation:year_close": _pk("year"),
    "evaluation:period_close": _pk("period"),
    "evaluation:period_reopen": _pk("period"),
    "evaluation:period_tracking": _pk("period"),
    "evaluation:general_points": _pk("period"),
    "evaluation:work_item_review": _pk("workitem"),
    "evaluation:work_item_done": _pk("workitem"),
    "evaluation:results": _pk("year"),
    "evaluation:results_export": _pk("year"),
    "evaluation:result_inputs": _pk("result"),
    "evaluation:deadline": _pk("year"),
    "evaluation:head_proposals": _pk("year"),
    "evaluation:minutes_file": _pk("minutes"),
    "evaluation:self_assessment": _pk("result"),
    "evaluation:result_pdf": _pk("result"),
    "evaluation:appeal_create": _pk("result"),
    "evaluation:appeal_decide": _pk("appeal"),
    "evaluation:review_detail": _pk("review"),
    "evaluation:review_reviewer_search": _pk("review"),
    "evaluation:review_report": _pk("review"),
    "evaluation:review_report_export": _pk("review"),
    "evaluation:review_answer": _pk("invitation"),
    "evaluation:question_set_detail": _pk("question_set"),
    "feedback:case": _pk("feedback"),
    "feedback:case_attachment": lambda side: {"pk": side.rows["feedback"].pk,
                                              "attachment": side.rows["attachment"].pk},
    "feedback:rate": _code("ratinglink"),
    "feedback:rate_thanks": _code("ratinglink"),
    "feedback:kiosk_desk": lambda side: {"unit": side.dept.pk},
    "feedback:kiosk": _code("ratinglink"),
    "feedback:kiosk_thanks": _code("ratinglink"),
    "feedback:ratinglink_detail": _pk("staffmember"),
    "feedback:ratinglink_card": _pk("staffmember"),
    "feedback:survey_answer": _code("survey"),
    "feedback:survey_thanks": _code("survey"),
    "feedback:survey_detail": _pk("survey"),
    "feedback:survey_results": _pk("survey"),
    "feedback:survey_export": _pk("survey"),
    "feedback:survey_card": _pk("survey"),
    "rating_short": _code("ratinglink"),
}

NATIONAL_ROWS = {
    "calendar_edit": lambda world: {"pk": world.national["calendar_day"].pk},
    "calendar_delete": lambda world: {"pk": world.national["calendar_day"].pk},
    "staff:rank_edit": lambda world: {"pk": world.national["rank"].pk},
    "staff:user_edit": lambda world: {"pk": world.users["member"].pk},
    "staff:user_unlock": lambda world: {"pk": world.users["member"].pk},
    # Arguments that are not rows: a link that is not valid tells the same to everyone.
    "password_reset_confirm": lambda world: {"uidb64": "x", "token": "x"},
    "captcha-image": lambda world: {"key": "x"},
    "captcha-image-2x": lambda world: {"key": "x"},
    "captcha-audio": lambda world: {"key": "x"},
}

# Query strings a page needs to answer at all: the search-as-you-type answers (batxat_portal.widgets.search_results
# wants the field it fills), and pages that take a unit of one side as a parameter.
SEARCH = {"q": "phong", "field": "f"}
SEARCHES = {
    "staff:orgunit_search", "staff:user_search", "staff:position_search", "evaluation:review_subject_search",
    "evaluation:review_reviewer_search", "feedback:handling_unit_search", "feedback:handling_officer_search",
    "feedback:ratinglink_unit_search", "feedback:public_unit_search", "feedback:public_officer_search",
}
SIDE_QUERIES = {
    "feedback:ratinglink_cards": lambda side: {"unit": side.dept.pk},
}

# Pages of one's own staff file: a person without a file gets a 404 there.
OWN_FILE = {"staff:correction_create"}

# Pages about the signed-in person's own records (no permission declared: whose row it is decides). The world's
# rows of commune A belong to `member`; those of commune B to someone else.
OWN_RECORDS = {
    "evaluation:work_item_done", "evaluation:self_assessment", "evaluation:appeal_create",
    "evaluation:review_answer",
}


def path_arguments(pattern) -> set[str]:
    """The names a path takes, from path() converters or re_path() groups."""
    return set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)


def sees_every_unit(user) -> bool:
    return user.is_superuser or user.has_perm("staff.access_all_units")
