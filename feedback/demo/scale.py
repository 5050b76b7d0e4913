"""Province-size feedback for `make bench`: cases and officers' ratings over the generated units and 24 months.

At the bench scale (30,000 staff) that is 1,000,000 cases and 5,000,000 ratings, every 20th of each in the one-stop
centre of xã Bát Xát (02683-HCC), whose handler `tiepnhan` and HR officer `tochuc` are the demo accounts the pages
are measured as. Below the bench scale the counts shrink with the square of the scale (`seed_demo --scale 1000` in
the test suite adds about 1,100 cases), above it in proportion. On PostgreSQL the rows are made by the database
(INSERT ... SELECT over generate_series, written in time order as real rows are); on SQLite, which `make bench`
uses without DATABASE_URL, at most 20,000 cases and 100,000 ratings are written, in batches.

Safe to repeat: cases are numbered (tracking codes BENCH000000000001...), five ratings go with each, and a run only
adds the numbers not yet there. The generated cases carry no history steps and no citizen contact.
"""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from batxat_portal.text import fold
from feedback.models import Feedback
from staff.models import OrgUnit, StaffMember

BENCH_STAFF = 30_000
CASES_AT_BENCH = 1_000_000
RATINGS_PER_CASE = 5
SQLITE_MAX_CASES = 20_000
BIG_UNIT = "02683-HCC"
BIG_SHARE = 20  # every 20th case and rating concerns the big unit
DAYS = 730  # 24 months back from now
PREFIX = "BENCH"
STAFF_PREFIX = "099"  # staff.demo.people.SCALE_PREFIX


def target_cases(n: int, *, vendor: str) -> int:
    share = n / BENCH_STAFF
    cases = round(CASES_AT_BENCH * share * min(share, 1))
    return min(cases, SQLITE_MAX_CASES) if vendor != "postgresql" else cases


def _inputs():
    """The units cases concern, the officers rated (with their units), and the big unit's."""
    units = list(OrgUnit.objects.filter(code__startswith="BENCH", valid_from__isnull=False)
                 .order_by("id").values_list("id", flat=True))
    staff = list(StaffMember.objects.filter(id_number__startswith=STAFF_PREFIX, org_unit__isnull=False)
                 .order_by("id").values_list("id", "org_unit_id"))
    big = OrgUnit.objects.filter(code=BIG_UNIT, valid_from__isnull=False).first()
    big_staff = []
    if big is not None:
        big_staff = list(StaffMember.objects.filter(org_unit=big).order_by("id").values_list("id", "org_unit_id"))
        if not big_staff:  # a commune whose centre has nobody on file: its agency's people serve the desk
            big_staff = list(StaffMember.objects.filter(org_unit__path__startswith=big.path.rsplit("/", 2)[0] + "/")
                             .exclude(id_number__startswith=STAFF_PREFIX).order_by("id")
                             .values_list("id", "org_unit_id")[:20])
    return units, staff, big, big_staff


@transaction.atomic
def seed_scale(*, n: int, stdout) -> None:
    vendor = connection.vendor
    target = target_cases(n, vendor=vendor)
    done = Feedback.objects.filter(tracking_code__startswith=PREFIX).count()
    if target <= done:
        stdout.write(f"feedback: {done} generated cases already there")
        return
    units, staff, big, big_staff = _inputs()
    if not units or not staff:
        stdout.write("feedback: no generated units or staff to give cases and ratings to")
        return
    now = timezone.now().replace(microsecond=0)
    params = {"first": done + 1, "last": target, "now": now, "span": DAYS * 86400, "big_share": BIG_SHARE,
              "big": big.pk if big else None, "units": units, "unit_count": len(units),
              "zone": timezone.get_current_timezone_name(),
              # The text's folded search key (Feedback.save() is bypassed here): the same words, folded.
              "key_head": "phan anh mau so ",
              "key_tail": ": " + fold("đường vào thôn bị sạt lở sau mưa, đề nghị sửa chữa.")}
    rated = {"first": done * RATINGS_PER_CASE + 1, "last": target * RATINGS_PER_CASE, "now": now,
             "span": DAYS * 86400, "big_share": BIG_SHARE, "staff": [row[0] for row in staff + big_staff],
             "units": [row[1] for row in staff + big_staff], "staff_count": len(staff), "big_count": len(big_staff)}
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.766)")
            cursor.execute(CASES_SQL, params)
            cursor.execute(RATINGS_SQL, rated)
        # What autovacuum does to a real database after a bulk load: fresh statistics for the planner, and the
        # visibility map that lets the ratios read the covering indexes alone. VACUUM cannot run in a transaction,
        # so it runs once the seeding commits.
        transaction.on_commit(_vacuum)
    else:
        _insert_in_batches(params, rated)
    stdout.write(f"feedback: {target - done} generated cases (now {target}), "
                 f"{(target - done) * RATINGS_PER_CASE} ratings, 1 in {BIG_SHARE} at {BIG_UNIT}")


def _vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) feedback_feedback, feedback_servicerating")


CASES_SQL = """
WITH s AS (
    SELECT g, random() AS r1, random() AS r2, random() AS r3,
           %(now)s::timestamptz - (random() * %(span)s) * interval '1 second' AS received
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
), t AS (
    SELECT s.*,
           CASE WHEN g %% %(big_share)s = 0 AND %(big)s::bigint IS NOT NULL THEN %(big)s::bigint
                ELSE (%(units)s::bigint[])[1 + (g * 7919) %% %(unit_count)s] END AS unit_id,
           (received AT TIME ZONE %(zone)s)::date AS received_on,
           CASE WHEN r3 < 0.02 THEN 'spam' WHEN r3 < 0.03 THEN 'duplicate'
                WHEN r2 < 0.05 THEN 'forwarded'
                WHEN received < %(now)s::timestamptz - interval '30 days' AND r1 < 0.92 THEN
                     CASE WHEN r1 < 0.6 THEN 'closed' ELSE 'answered' END
                WHEN r1 < 0.4 THEN 'answered'
                WHEN r1 < 0.96 THEN 'in_progress' ELSE 'received' END AS status
    FROM s
)
INSERT INTO feedback_feedback (tracking_code, kind, org_unit_id, procedure_code, dossier_code, text, citizen_name,
    citizen_phone, citizen_email, status, within_competence, received_at, due_on, forward_due_on, forwarded_to,
    forwarded_at, answer, answered_at, closed_at, citizen_satisfied, content_hash, sender_hash, search_key,
    accepted_on, draft_answer)
SELECT 'BENCH' || lpad(g::text, 12, '0'),
       (ARRAY['report', 'proposal', 'suggestion', 'complaint', 'praise'])[1 + g %% 5],
       unit_id, '', CASE WHEN g %% 5 = 0 THEN 'HS' || lpad((g * 5)::text, 12, '0') ELSE '' END,
       'Phản ánh mẫu số ' || g || ': đường vào thôn bị sạt lở sau mưa, đề nghị sửa chữa.', '', '', '',
       status, r2 >= 0.05, received, received_on + 14, received_on + 7,
       CASE WHEN status = 'forwarded' THEN 'Sở Nông nghiệp và Môi trường' ELSE '' END,
       CASE WHEN status = 'forwarded' THEN LEAST(received + r1 * 9 * interval '1 day', %(now)s::timestamptz) END,
       CASE WHEN status IN ('answered', 'closed') THEN 'Đơn vị đã kiểm tra và trả lời.' ELSE '' END,
       CASE WHEN status IN ('answered', 'closed')
            THEN LEAST(received + (1 + r2 * 18) * interval '1 day', %(now)s::timestamptz) END,
       CASE WHEN status = 'closed' THEN LEAST(received + (3 + r2 * 18) * interval '1 day', %(now)s::timestamptz) END,
       CASE WHEN status IN ('answered', 'closed') AND r3 >= 0.3 THEN r3 < 0.85 END,
       md5('bench-' || g), '', %(key_head)s || g || %(key_tail)s,
       CASE WHEN g %% 5 = 3 THEN received_on END,  -- complaints: accepted the day they arrived
       ''
FROM t
ORDER BY received  -- rows arrive in time order, as real ones do: a month's cases lie together on disk
"""

RATINGS_SQL = """
WITH s AS (
    SELECT g, random() AS r1, %(now)s::timestamptz - (random() * %(span)s) * interval '1 second' AS rated_at,
           CASE WHEN g %% %(big_share)s = 0 AND %(big_count)s > 0
                THEN %(staff_count)s + 1 + (g / %(big_share)s) %% GREATEST(%(big_count)s, 1)
                ELSE 1 + (g * 7919) %% %(staff_count)s END AS i,
           CASE WHEN g %% 5 = 0 THEN 5 ELSE 3 END AS scale
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
), t AS (
    SELECT s.*, CASE WHEN scale = 3 THEN CASE WHEN r1 < 0.6 THEN 3 WHEN r1 < 0.9 THEN 2 ELSE 1 END
                     ELSE CASE WHEN r1 < 0.4 THEN 5 WHEN r1 < 0.75 THEN 4 WHEN r1 < 0.88 THEN 3
                               WHEN r1 < 0.95 THEN 2 ELSE 1 END END AS value
    FROM s
)
INSERT INTO feedback_servicerating (staff_member_id, org_unit_id, scale, value, is_satisfied, criteria, comment,
    dossier_code, channel, created_at)
SELECT (%(staff)s::bigint[])[i], (%(units)s::bigint[])[i], scale, value, value >= scale - 1, '{}'::jsonb, '',
       CASE WHEN g %% 10 < 4 THEN 'HS' || lpad(g::text, 12, '0') ELSE '' END,
       CASE WHEN g %% 7 = 0 THEN 'kiosk' ELSE 'link' END, rated_at
FROM t
ORDER BY rated_at
"""


CASE_INSERT = """
INSERT INTO feedback_feedback (tracking_code, kind, org_unit_id, procedure_code, dossier_code, text, citizen_name,
    citizen_phone, citizen_email, status, within_competence, received_at, due_on, forward_due_on, forwarded_to,
    forwarded_at, answer, answered_at, closed_at, citizen_satisfied, content_hash, sender_hash, search_key,
    accepted_on, draft_answer)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '')
"""
RATING_INSERT = """
INSERT INTO feedback_servicerating (staff_member_id, org_unit_id, scale, value, is_satisfied, criteria, comment,
    dossier_code, channel, created_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def _case_row(g: int, rng: random.Random, p: dict) -> tuple:
    """One case as the SQL above makes it (SQLite path)."""
    r1, r2, r3 = rng.random(), rng.random(), rng.random()
    received = p["now"] - timedelta(seconds=rng.random() * p["span"])
    status = ("spam" if r3 < 0.02 else "duplicate" if r3 < 0.03 else "forwarded" if r2 < 0.05
              else ("closed" if r1 < 0.6 else "answered") if received < p["now"] - timedelta(days=30) and r1 < 0.92
              else "answered" if r1 < 0.4 else "in_progress" if r1 < 0.96 else "received")
    unit = p["big"] if g % p["big_share"] == 0 and p["big"] else p["units"][(g * 7919) % p["unit_count"]]
    received_on = timezone.localtime(received).date()
    done = status in ("answered", "closed")
    answered = min(received + timedelta(days=1 + r2 * 18), p["now"]) if done else None
    ops = connection.ops
    return (f"{PREFIX}{g:012d}", ["report", "proposal", "suggestion", "complaint", "praise"][g % 5], unit, "",
            f"HS{g * 5:012d}" if g % 5 == 0 else "", f"Phản ánh mẫu số {g}: đường vào thôn bị sạt lở sau mưa.",
            "", "", "", status, r2 >= 0.05, ops.adapt_datetimefield_value(received),
            ops.adapt_datefield_value(received_on + timedelta(days=14)),
            ops.adapt_datefield_value(received_on + timedelta(days=7)),
            "Sở Nông nghiệp và Môi trường" if status == "forwarded" else "",
            ops.adapt_datetimefield_value(min(received + timedelta(days=r1 * 9), p["now"]))
            if status == "forwarded" else None,
            "Đơn vị đã kiểm tra và trả lời." if done else "", ops.adapt_datetimefield_value(answered),
            ops.adapt_datetimefield_value(min(received + timedelta(days=3 + r2 * 18), p["now"]))
            if status == "closed" else None,
            (r3 < 0.85) if done and r3 >= 0.3 else None, f"bench-{g}", "",
            fold(f"Phản ánh mẫu số {g}: đường vào thôn bị sạt lở sau mưa."),
            ops.adapt_datefield_value(received_on) if g % 5 == 3 else None)


def _rating_row(g: int, rng: random.Random, p: dict) -> tuple:
    r1 = rng.random()
    rated_at = p["now"] - timedelta(seconds=rng.random() * p["span"])
    if g % p["big_share"] == 0 and p["big_count"]:
        i = p["staff_count"] + (g // p["big_share"]) % p["big_count"]
    else:
        i = (g * 7919) % p["staff_count"]
    scale = 5 if g % 5 == 0 else 3
    levels = (0.6, 0.9) if scale == 3 else (0.4, 0.75, 0.88, 0.95)
    value = scale - sum(r1 >= cut for cut in levels)
    return (p["staff"][i], p["units"][i], scale, value, value >= scale - 1, "{}", "",
            f"HS{g:012d}" if g % 10 < 4 else "", "kiosk" if g % 7 == 0 else "link",
            connection.ops.adapt_datetimefield_value(rated_at))


def _insert_in_batches(cases: dict, ratings: dict, batch: int = 5000) -> None:
    rng = random.Random(766)
    for sql, make, p in ((CASE_INSERT, _case_row, cases), (RATING_INSERT, _rating_row, ratings)):
        with connection.cursor() as cursor:
            for start in range(p["first"], p["last"] + 1, batch):
                stop = min(start + batch, p["last"] + 1)
                cursor.executemany(sql, [make(g, rng, p) for g in range(start, stop)])
