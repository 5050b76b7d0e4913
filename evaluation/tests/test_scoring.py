"""The set-based period-score job: equal to the rule over each person's products, in batches, writing only changes."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from evaluation import services, tasks
from evaluation.demo import bench
from evaluation.models import PeriodScore, QualityReview, WorkItem
from evaluation.rules import nd335_2025
from evaluation.selectors import scoring
from staff.tests.factories import StaffMemberFactory

COEFFICIENTS = [Decimal(value) for value in ("0.01", "0.33", "0.5", "1", "1", "1.25", "1.5", "2", "3.33", "7.77",
                                             "100")]
History = PeriodScore.history.model


@pytest.fixture
def year(tree, hr_officer):
    return services.evaluation_year_open(agency=tree["agency_a"], year=2026, period_kind="monthly", user=hr_officer)


@pytest.fixture
def product_year(tree, hr_officer, settings):
    settings.EVALUATION_TASK_FORMULA = "product"  # a year keeps the reading of the day it opened
    return services.evaluation_year_open(agency=tree["agency_b"], year=2027, period_kind="quarterly", user=hr_officer)


def generate(*, periods, people, user, seed: int) -> None:
    """Work, reviews and scores of every kind, written directly (the services would recompute after each)."""
    rng = random.Random(seed)
    at = timezone.make_aware(datetime(2026, 12, 1, 8, 0))
    items, reviews = [], []
    for period in periods:
        for person in people:
            kind = rng.random()
            if kind < 0.1:
                continue  # nothing in this period
            if kind < 0.2:
                # No work (any more), but a score: the head's general points, or a stale result to be reset.
                PeriodScore.objects.create(period=period, staff_member=person, task_points=Decimal("55.50"),
                                           quantity_pct=Decimal(90),
                                           general_points=rng.choice([None, Decimal("27.25"), Decimal(0)]))
                continue
            for number in range(rng.randint(1, 8)):
                done = rng.random() < 0.8
                items.append(WorkItem(period=period, staff_member=person, title=f"Việc {number}",
                                      coefficient=rng.choice(COEFFICIENTS), due_date=period.end_date,
                                      assigned_by=user, done_on=period.end_date if done else None,
                                      delays=rng.choice([0, 0, 0, 1, 2, 3, 4, 5]) if done else 0))
            if rng.random() < 0.4:
                PeriodScore.objects.create(period=period, staff_member=person,
                                           general_points=rng.choice([None, Decimal("30"), Decimal("12.5")]))
    WorkItem.objects.bulk_create(items)
    for item in WorkItem.objects.filter(period__in=periods, done_on__isnull=False):
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
            passed = rng.random() < 0.4
            reviews.append(QualityReview(work_item=item, passed=passed, reason="" if passed else "Sai",
                                         objective_cause=not passed and rng.random() < 0.3, reviewed_by=user))
    QualityReview.objects.bulk_create(reviews)
    # Review times in order, some equal (the later id then counts as the later review).
    for review in QualityReview.objects.order_by("id"):
        QualityReview.objects.filter(pk=review.pk).update(
            reviewed_at=at + timedelta(hours=review.pk // rng.choice([1, 2])))


def expected_scores(periods) -> dict[tuple[int, int], tuple]:
    """Person by person: nd335_2025.task_result over their products, the head's points kept, the total."""
    people = {(score.period_id, score.staff_member_id): score.general_points
              for score in PeriodScore.objects.filter(period__in=periods)}
    products: dict[tuple[int, int], list] = {}
    for item in WorkItem.objects.filter(period__in=periods).prefetch_related("reviews"):
        products.setdefault((item.period_id, item.staff_member_id), []).append(scoring.work_product(item))
        people.setdefault((item.period_id, item.staff_member_id), None)
    formulas = {period.pk: period.evaluation_year.rule_settings["task_formula"] for period in periods}
    expected = {}
    for (period_id, person_id), general in people.items():
        result = nd335_2025.task_result(products=products.get((period_id, person_id), []),
                                        formula=formulas[period_id])
        total = None if general is None else general + result.points
        expected[(period_id, person_id)] = (result.quantity_pct, result.quality_pct, result.timeliness_pct,
                                            result.points, general, total)
    return expected


def stored_scores(periods) -> dict[tuple[int, int], tuple]:
    return {(row[0], row[1]): row[2:] for row in PeriodScore.objects.filter(period__in=periods).values_list(
        "period_id", "staff_member_id", "quantity_pct", "quality_pct", "timeliness_pct", "task_points",
        "general_points", "total")}


def run(batch) -> int:
    return services.period_scores_batch_recompute(period_ids=batch.period_ids, staff_from=batch.staff_from,
                                                  staff_to=batch.staff_to)


def recompute_in_batches(periods, size: int) -> int:
    return sum(run(batch) for batch in scoring.score_batches(period_ids=[period.pk for period in periods], size=size))


@pytest.fixture
def generated(year, product_year, tree, hr_officer, request):
    people = [StaffMemberFactory(org_unit=tree["dept_a"]) for _ in range(45)]
    periods = [year.periods.get(number=3), year.periods.get(number=4), product_year.periods.get(number=1)]
    generate(periods=periods, people=people, user=hr_officer, seed=request.param)
    return periods


@pytest.mark.parametrize("generated", [1, 2, 3], indirect=True)
def test_the_set_based_job_gives_every_person_what_the_rule_gives_over_their_products(generated):
    periods = generated
    expected = expected_scores(periods)
    assert recompute_in_batches(periods, size=7) == len(expected)
    assert stored_scores(periods) == expected
    # Some of everything was generated: people without work, general points present and absent, failures, delays.
    assert any(values[3] == 0 for values in expected.values())
    assert any(values[5] is None for values in expected.values())
    assert any(values[5] is not None for values in expected.values())
    assert any(0 < values[1] < 100 for values in expected.values()) and any(0 < values[2] < 100
                                                                            for values in expected.values())


@pytest.mark.parametrize("generated", [4], indirect=True)
def test_the_whole_period_at_once_and_one_person_at_a_time_give_the_same_rows(generated):
    periods = generated
    for period in periods:
        services.period_scores_recompute(period_id=period.pk)
    at_once = stored_scores(periods)
    PeriodScore.objects.update(task_points=0, quality_pct=0)
    for period_id, person_id in at_once:
        services.period_score_recompute(period_id=period_id, staff_member_id=person_id)
    assert stored_scores(periods) == at_once == expected_scores(periods)


@pytest.mark.parametrize("generated", [5], indirect=True)
def test_the_floor_statement_writes_exactly_the_rows_of_the_job(generated):
    periods = [period for period in generated if period.evaluation_year.rule_settings["task_formula"] == "mean"]
    recompute_in_batches(periods, size=10)
    by_job = stored_scores(periods)
    PeriodScore.objects.filter(period__in=periods).update(task_points=0, quantity_pct=0, total=None)
    with connection.cursor() as cursor:
        cursor.execute(*bench.floor_statement([period.pk for period in periods]))
    by_floor = stored_scores(periods)
    assert by_floor.keys() == by_job.keys()
    if connection.vendor == "postgresql":
        assert by_floor == by_job
    else:  # SQLite divides in floating point: the floor is a timing, equal to the cent
        for key, values in by_job.items():
            assert all(abs((a or 0) - (b or 0)) <= Decimal("0.01") for a, b in zip(values, by_floor[key], strict=True))


@pytest.mark.parametrize("generated", [6], indirect=True)
def test_a_batch_run_twice_changes_nothing_the_second_time(generated):
    batch = scoring.score_batches(period_ids=[period.pk for period in generated], size=10)[1]
    assert run(batch) > 0
    rows = list(PeriodScore.objects.order_by("pk").values())
    history = History.objects.count()
    assert run(batch) > 0
    assert list(PeriodScore.objects.order_by("pk").values()) == rows
    assert History.objects.count() == history


@pytest.mark.parametrize("generated", [7], indirect=True)
def test_only_the_rows_that_change_are_written_each_with_one_history_row(generated):
    period = generated[0]
    before = set(PeriodScore.objects.filter(period=period).values_list("staff_member_id", flat=True))
    last = History.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    services.period_scores_recompute(period_id=period.pk)
    written = History.objects.filter(period=period, history_id__gt=last)
    created = set(written.filter(history_type="+").values_list("staff_member_id", flat=True))
    assert created == set(PeriodScore.objects.filter(period=period).values_list("staff_member_id", flat=True)) - before
    assert written.filter(history_type="~").exists()  # the stale and the stored-but-never-computed rows
    assert written.values("id").distinct().count() == written.count()  # one history row per row written
    stamps = dict(PeriodScore.objects.filter(period=period).values_list("staff_member_id", "updated_at"))
    history = History.objects.count()

    item = WorkItem.objects.filter(period=period, done_on__isnull=True).first()
    WorkItem.objects.filter(pk=item.pk).update(done_on=period.end_date)
    services.period_scores_recompute(period_id=period.pk)
    changed = {person for person, stamp in PeriodScore.objects.filter(period=period).values_list(
        "staff_member_id", "updated_at") if stamps[person] != stamp}
    assert changed == {item.staff_member_id}
    latest = History.objects.filter(period=period).order_by("-history_id").first()
    assert History.objects.count() == history + 1
    assert (latest.staff_member_id, latest.history_type) == (item.staff_member_id, "~")
    score = PeriodScore.objects.get(period=period, staff_member_id=item.staff_member_id)
    assert latest.task_points == score.task_points and latest.total == score.total


def test_the_total_follows_the_general_points_in_the_row_when_it_is_written(year, tree, department_head,
                                                                           django_capture_on_commit_callbacks):
    person = StaffMemberFactory(org_unit=tree["dept_a"])
    period = year.periods.get(number=3)
    item = services.work_item_assign(user=department_head, period=period, staff_member=person, title="Việc",
                                     coefficient=Decimal(1), due_date=date(2026, 3, 31))
    services.general_points_record(period=period, staff_member=person, points=Decimal(25))
    with django_capture_on_commit_callbacks(execute=True):  # the recomputation queued after commit
        services.work_item_mark_done(item=item, done_on=date(2026, 3, 30))
    score = PeriodScore.objects.get()
    assert (score.task_points, score.general_points, score.total) == (Decimal("70.00"), Decimal(25), Decimal("95.00"))


def test_a_person_without_work_gets_a_row_for_the_heads_points(year, tree):
    person = StaffMemberFactory(org_unit=tree["dept_a"])
    score = services.period_score_recompute(period_id=year.periods.get(number=3).pk, staff_member_id=person.pk)
    assert (score.task_points, score.total) == (0, None)
    assert History.objects.get().history_type == "+"


# --- the batches and the nightly fan-out ------------------------------------------------------------------------------

@pytest.mark.parametrize("generated", [8], indirect=True)
@pytest.mark.parametrize("size", [1, 4, 13, 2000])
def test_the_batches_cover_every_person_of_every_period_exactly_once(generated, size):
    pairs = set(WorkItem.objects.filter(period__in=generated).values_list("period_id", "staff_member_id")) | set(
        PeriodScore.objects.filter(period__in=generated).values_list("period_id", "staff_member_id"))
    people = {person for _, person in pairs}
    batches = scoring.score_batches(period_ids=[period.pk for period in generated], size=size)
    assert len(batches) == -(-len(people) // size)  # batches of `size` people, the last one smaller
    assert batches[0].staff_from is None and batches[-1].staff_to is None  # open ends: later arrivals are covered
    assert all(left.staff_to == right.staff_from for left, right in zip(batches, batches[1:], strict=False))
    covered = [(period, person) for batch in batches for period, person in pairs
               if period in batch.period_ids and (batch.staff_from is None or person >= batch.staff_from)
               and (batch.staff_to is None or person < batch.staff_to)]
    assert sorted(covered) == sorted(pairs)
    assert sum(run(batch) for batch in batches) == len(pairs)
    assert stored_scores(generated).keys() == pairs


def test_a_period_without_people_has_no_batches(year):
    assert scoring.score_batches(period_ids=[year.periods.get(number=5).pk]) == []
    assert scoring.score_batches(period_ids=[]) == []


@pytest.mark.parametrize("generated", [9], indirect=True)
def test_the_nightly_job_queues_one_task_per_batch_of_the_open_periods(generated, monkeypatch):
    periods = generated
    closed = periods[1]
    closed.is_closed = True
    closed.save()
    monkeypatch.setattr(scoring, "BATCH_SIZE", 6)
    with mock.patch.object(tasks.period_scores_batch_recompute, "delay") as delay:
        queued = tasks.open_periods_recompute()
    calls = [call.args for call in delay.call_args_list]
    open_ones = [periods[0], periods[2]]
    expected = [(sorted(period.pk for period in open_ones), batch.staff_from, batch.staff_to)
                for batch in scoring.score_batches(period_ids=[period.pk for period in open_ones], size=6)]
    assert queued == len(calls) == len(expected) > 2
    assert calls == expected
    before = stored_scores([closed])
    for args in calls:  # what the workers then run; together they score every person of the open periods
        tasks.period_scores_batch_recompute.delay(*args)
    assert stored_scores(open_ones) == expected_scores(open_ones)
    assert stored_scores([closed]) == before


def test_a_batch_leaves_a_closed_period_as_it_froze(year, tree, hr_officer):
    period = year.periods.get(number=3)
    generate(periods=[period], people=[StaffMemberFactory(org_unit=tree["dept_a"]) for _ in range(5)],
             user=hr_officer, seed=11)
    period.is_closed = True
    period.save()
    before = stored_scores([period])
    assert services.period_scores_batch_recompute(period_ids=[period.pk], staff_from=None, staff_to=None) == 0
    assert stored_scores([period]) == before


def test_the_nightly_entry_runs_the_fan_out():
    from batxat_portal.celery import app

    assert app.conf.beat_schedule["nightly-period-scores"]["task"] == "evaluation.tasks.open_periods_recompute"


def test_the_job_runs_a_fixed_number_of_queries_per_batch(year, tree, hr_officer, django_assert_max_num_queries):
    people = [StaffMemberFactory(org_unit=tree["dept_a"]) for _ in range(30)]
    period = year.periods.get(number=3)
    generate(periods=[period], people=people, user=hr_officer, seed=10)
    PeriodScore.objects.all().delete()
    # The period, the locked scores, the totals, the upserts (SQLite takes 111 rows a statement), the history; and
    # here, inside the test's transaction, a savepoint and its release.
    with django_assert_max_num_queries(7):
        services.period_scores_recompute(period_id=period.pk)
    with django_assert_max_num_queries(5):
        services.period_scores_recompute(period_id=period.pk)  # nothing changed: nothing written


# --- the tracking page explains the points --------------------------------------------------------------------------

def test_the_tracking_page_explains_the_points_step_by_step(client, year, tree, department_head,
                                                          django_capture_on_commit_callbacks):
    person = StaffMemberFactory(org_unit=tree["dept_a"], full_name="Lò Văn Sáng")
    period = year.periods.get(number=3)
    first = services.work_item_assign(user=department_head, period=period, staff_member=person, title="Báo cáo",
                                      coefficient=Decimal(2), due_date=date(2026, 3, 20))
    services.work_item_assign(user=department_head, period=period, staff_member=person, title="Tờ trình",
                              coefficient=Decimal(2), due_date=date(2026, 3, 25))
    services.work_item_mark_done(item=first, done_on=date(2026, 3, 22))  # late: one delay
    services.quality_review_record(item=first, user=department_head, passed=False, reason="Sai số liệu")
    with django_capture_on_commit_callbacks(execute=True):
        services.quality_review_record(item=first, user=department_head, passed=True)
    client.force_login(department_head)
    response = client.get(reverse("evaluation:period_tracking", kwargs={"pk": period.pk}))
    steps = (
        "quantity = 2 / 4 = 50.00%",
        "product 1: quality 2 - 1 × 25% × 2 = 1.5",
        "product 1: timeliness 2 - 1 × 25% × 2 = 1.5",
        "quality = 1.5 / 2 = 75.00%",
        "timeliness = 1.5 / 2 = 75.00%",
        "combined = (50.00 + 75.00 + 75.00) / 3 = 66.67%",
        "points = 66.67% × 70 = 46.67",
    )
    [shown] = [p for p in response.context["people"] if p.pk == person.pk]
    assert shown.arithmetic == steps
    assert shown.period_score.task_points == Decimal("46.67")
    html = response.content.decode()
    assert all(f"<code>{step}</code>" in html for step in steps)
