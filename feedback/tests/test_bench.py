"""The bench's pieces that must not rot unseen: the set-based generator (its SQL names every column) and the load
generator's reading of a form."""

from io import StringIO

from django.db.models import F

from feedback.demo import bench_load
from feedback.demo import scale as demo_scale
from feedback.models import Feedback, ServiceRating
from staff import demo as staff_demo


def test_the_generator_fills_cases_and_ratings_once(db):
    staff_demo.seed_scale(n=600, stdout=StringIO())  # 3 communes, 600 generated people
    target = demo_scale.target_cases(600, vendor="postgresql")
    assert target == 400  # (600 / 30,000)² of a million: small scales stay quick
    out = StringIO()
    demo_scale.seed_scale(n=600, stdout=out)
    assert Feedback.objects.filter(tracking_code__startswith="BENCH").count() == target
    assert ServiceRating.objects.count() == target * demo_scale.RATINGS_PER_CASE
    assert set(Feedback.objects.values_list("status", flat=True)) <= set(Feedback.Status.values)
    for rating in ServiceRating.objects.all()[:50]:
        rating.full_clean()  # on the scale, satisfied = top two levels, officer and unit exist
        assert rating.is_satisfied == (rating.value >= rating.scale - 1)
    assert not Feedback.objects.filter(answered_at__lt=F("received_at")).exists()
    demo_scale.seed_scale(n=600, stdout=out)
    assert "already there" in out.getvalue()
    assert ServiceRating.objects.count() == target * demo_scale.RATINGS_PER_CASE


def test_the_load_generator_posts_the_page_s_own_form_with_its_tokens():
    page = """<form action="/i18n/setlang/" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="a">
      <select name="language"><option value="vi">vi</option></select></form>
      <form method="post" enctype="multipart/form-data"><input type="hidden" name="csrfmiddlewaretoken" value="t0k">
      <input type="radio" name="kind" value="report"><input type="radio" name="kind" value="praise">
      <input type="text" name="unit_text"><input type="checkbox" name="anonymous"><input type="file" name="attachments">
      <textarea name="text"></textarea><select name="scale"><option value="3">3</option><option value="5">5</option>
      </select><input type="hidden" name="captcha_0" value="k3y"><input type="text" name="captcha_1"></form>"""
    assert bench_load.post_form(page) == {"csrfmiddlewaretoken": "t0k", "kind": "report", "unit_text": "", "text": "",
                                          "scale": "3", "captcha_0": "k3y", "captcha_1": ""}
    assert bench_load.percentile([1.0, 2.0, 3.0, 4.0, 100.0], 0.95) == 100.0
    assert bench_load.percentile([], 0.95) == 0.0
