"""Demo and benchmark data of the evaluation app."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from evaluation import services
from evaluation.models import EvaluationYear, Period, WorkItem
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
    stdout.write(f"evaluation: {len(periods)} open years, {created} generated work products")
