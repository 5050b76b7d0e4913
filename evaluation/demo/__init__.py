"""Demo and benchmark data of the evaluation app."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from evaluation import services
from evaluation.models import EvaluationYear, Period, QualityReview, WorkItem
from staff.models import OrgUnit, StaffMember, User

BENCH_YEAR = 2026
BENCH_PERIOD = 11  # November 2026
PRODUCTS_PER_PERSON = 20
BIG_AGENCY_SIZE = 2000


def seed(*, stdout) -> None:
    """An open 2026 year for xã Bát Xát with some tracked work in November, so the pages have content."""
    hr = User.objects.filter(username="tochuc").first()
    agency = OrgUnit.objects.filter(code="02683", valid_from__isnull=False).first()
    if hr is None or agency is None:
        return
    seed_reviews(agency=agency, hr=hr, stdout=stdout)
    year = EvaluationYear.objects.filter(agency=agency, year=BENCH_YEAR).first() or services.evaluation_year_open(
        agency=agency, year=BENCH_YEAR, period_kind="monthly", user=hr)
    period = year.periods.get(number=BENCH_PERIOD)
    if WorkItem.objects.filter(period=period).exists():
        return
    rng = random.Random(11)
    head = User.objects.filter(username="truongphong").first() or hr
    people = StaffMember.objects.filter(org_unit__path__startswith=agency.path, status="working")[:12]
    titles = ["Báo cáo tình hình tháng", "Tờ trình UBND xã", "Hồ sơ một cửa", "Kế hoạch công tác", "Văn bản trả lời"]
    for person in people:
        for number in range(3):
            item = services.work_item_assign(user=head, period=period, staff_member=person,
                                             title=f"{rng.choice(titles)} {number + 1}",
                                             coefficient=Decimal(rng.choice(["1", "1.5", "2"])),
                                             due_date=date(2026, 11, 10 + 5 * number))
            if number < 2:
                services.work_item_mark_done(item=item, done_on=item.due_date + timedelta(days=rng.choice([0, 0, 2])))
    services.period_scores_recompute(period_id=period.pk)
    stdout.write(f"evaluation: year {BENCH_YEAR} for {agency}, tracked work in {period}")


def seed_reviews(*, agency, hr, stdout) -> None:
    """360-degree reviews in xã Bát Xát: a closed one whose peers' averages show (the managers' group stays hidden,
    too few answers) and an open one that puts a task on the home page of `congchuc`."""
    from django.utils import timezone

    from evaluation.models import QuestionSet, ReviewInvitation, ReviewRequest

    if ReviewRequest.objects.filter(subject__org_unit__path__startswith=agency.path).exists():
        return
    users = {user.username: user for user in User.objects.filter(
        username__in=["tochuc", "lanhdao", "truongphong", "congchuc", "tiepnhan"])}
    head_file = StaffMember.objects.filter(user__username="truongphong").select_related("org_unit").first()
    if len(users) < 5 or head_file is None:
        return
    subject = StaffMember.objects.filter(org_unit=head_file.org_unit, user__isnull=True,
                                         status="working").order_by("id").first()
    if subject is None:
        return
    services.question_set_defaults_ensure(agency=agency)
    question_set = QuestionSet.objects.filter(agency=agency, is_active=True).order_by("id").first()
    today = timezone.localdate()
    rng = random.Random(360)
    closed = services.review_request_create(subject=subject, question_set=question_set, user=hr,
                                            deadline=today + timedelta(days=7),
                                            note="Đánh giá 360 độ phục vụ họp đánh giá cuối năm.")
    reviewers = [("tochuc", "peer"), ("congchuc", "peer"), ("tiepnhan", "peer"), ("truongphong", "manager"),
                 ("lanhdao", "manager")]
    for username, group in reviewers:
        services.review_invitation_add(review_request=closed, reviewer=users[username], rater_group=group)
    services.review_request_send(review_request=closed)
    questions = list(question_set.questions.all())
    for invitation in ReviewInvitation.objects.filter(request=closed).exclude(reviewer__username="lanhdao"):
        asked = [question for question in questions if question.is_asked_of(invitation.rater_group)]
        services.review_answer_submit(
            invitation=invitation, user=invitation.reviewer,
            scores={str(q.pk): rng.choice([3, 4, 4, 5]) for q in asked if q.kind == "scale"},
            comments={str(q.pk): rng.choice(["Nhiệt tình, nắm chắc chuyên môn; cần chủ động hơn khi phối hợp.",
                                             "Giữ thái độ phục vụ người dân tận tình; cải thiện báo cáo đúng hạn.",
                                             "Cần chia sẻ kinh nghiệm nhiều hơn với đồng nghiệp."])
                      for q in asked if q.kind == "text"})
    services.review_request_close(review_request=closed)
    upward = services.review_request_create(subject=head_file, question_set=question_set, user=hr,
                                            deadline=today + timedelta(days=14))
    for username, group in [("congchuc", "subordinate"), ("tochuc", "peer"), ("tiepnhan", "peer"),
                            ("lanhdao", "manager")]:
        services.review_invitation_add(review_request=upward, reviewer=users[username], rater_group=group)
    services.review_request_send(review_request=upward)
    stdout.write(f"evaluation: 360-degree reviews of {subject} (closed) and {head_file} (open, asks congchuc)")


@transaction.atomic
def seed_scale(*, n: int, stdout) -> None:
    """One open year per generated agency and 20 work products a person in November, plus a 2,000-staff agency."""
    hr = User.objects.filter(is_superuser=True).first() or User.objects.first()
    agencies = list(OrgUnit.objects.filter(code__startswith="BENCH", kind=OrgUnit.Kind.AGENCY))
    if not agencies or hr is None:
        return
    big = next(agency for agency in agencies if agency.code == "BENCH00001")
    # The quota page is measured on an agency of BIG_AGENCY_SIZE staff: gather generated people into the first one.
    department = OrgUnit.objects.filter(parent=big, kind=OrgUnit.Kind.DEPARTMENT).first() or big
    ids = list(StaffMember.objects.filter(id_number__startswith="099").order_by("id").values_list(
        "id", flat=True)[:BIG_AGENCY_SIZE])
    StaffMember.objects.filter(id__in=ids).update(org_unit=department)
    for agency in agencies:
        if not EvaluationYear.objects.filter(agency=agency, year=BENCH_YEAR).exists():
            services.evaluation_year_open(agency=agency, year=BENCH_YEAR, period_kind="monthly", user=hr)
    periods = {period.evaluation_year.agency_id: period for period in Period.objects.filter(
        evaluation_year__agency__in=agencies, evaluation_year__year=BENCH_YEAR, number=BENCH_PERIOD).select_related(
        "evaluation_year")}
    agency_of = {}
    for unit in OrgUnit.objects.filter(code__startswith="BENCH"):
        agency_of[unit.pk] = unit.pk if unit.kind == OrgUnit.Kind.AGENCY else unit.parent_id
    done = set(WorkItem.objects.filter(period__in=periods.values()).values_list("staff_member_id", flat=True))
    rng, batch, created = random.Random(5), [], 0
    for member_id, unit_id in StaffMember.objects.filter(org_unit__code__startswith="BENCH").values_list(
            "id", "org_unit_id").iterator(chunk_size=5000):
        period = periods.get(agency_of.get(unit_id))
        if period is None or member_id in done:
            continue
        for number in range(PRODUCTS_PER_PERSON):
            due = date(2026, 11, 1 + number)
            batch.append(WorkItem(period=period, staff_member_id=member_id, title=f"Sản phẩm {number + 1}",
                                  coefficient=Decimal(rng.choice(["1", "1.5", "2"])), due_date=due,
                                  assigned_by=hr, done_on=due if rng.random() < 0.9 else None,
                                  delays=1 if rng.random() < 0.1 else 0))
        if len(batch) >= 20000:
            WorkItem.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    WorkItem.objects.bulk_create(batch)
    created += len(batch)
    reviews = _seed_scale_reviews(period_ids=[period.pk for period in periods.values()], reviewer=hr)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would give a real database: the planner then sees the bulk-loaded rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evaluation_workitem, evaluation_qualityreview, evaluation_periodscore")
    stdout.write(f"evaluation: {len(periods)} open years, {created} generated work products, {reviews} quality reviews")


# Quality reviews of the generated products, picked by a hash of the product's id (the same on every database):
# (share of done products in hundredths, then the reviews in order: passed?, objective cause?). About one done product
# in five is reviewed; failures the officer caused, failures for objective reasons and final failures all occur.
REVIEW_PATTERNS = [
    (6, [(False, False), (True, False)]),  # failed once by the officer's fault, then met the standard: -25%
    (2, [(False, False)]),  # still fails: quality not met = 0
    (2, [(False, True), (True, False)]),  # failed for an objective reason: costs nothing
    (2, [(False, False), (False, False), (True, False)]),  # two failures the officer caused: -50%
    (8, [(True, False)]),  # met the standard at the first review
]


def _seed_scale_reviews(*, period_ids: list[int], reviewer) -> int:
    """Set-based: one INSERT ... SELECT per review position of each pattern; safe to repeat (skips if any exist)."""
    if not period_ids or QualityReview.objects.filter(work_item__period_id__in=period_ids).exists():
        return 0
    first = timezone.make_aware(datetime(2026, 12, 1, 8, 0))
    marks = ", ".join(["%s"] * len(period_ids))
    sql = f"""
    INSERT INTO evaluation_qualityreview (work_item_id, passed, reason, objective_cause, reviewed_by_id, reviewed_at)
    SELECT id, %s, %s, %s, %s, %s FROM evaluation_workitem
    WHERE period_id IN ({marks}) AND done_on IS NOT NULL AND (id * 7919) %% 100 >= %s AND (id * 7919) %% 100 < %s
    """  # noqa: S608 (placeholders only)
    inserted, low = 0, 0
    with connection.cursor() as cursor:
        for share, reviews in REVIEW_PATTERNS:
            for position, (passed, objective) in enumerate(reviews):
                reason = "" if passed else ("Mất điện, hệ thống lỗi" if objective else "Sai số liệu, phải sửa")
                at = connection.ops.adapt_datetimefield_value(first + timedelta(days=position))
                cursor.execute(sql, [passed, reason, objective, reviewer.pk, at, *period_ids, low, low + share])
                inserted += cursor.rowcount
            low += share
    return inserted
