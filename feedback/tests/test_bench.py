"""The bench's pieces that must not rot unseen: the set-based generator (its SQL names every column), and the load
test's reading of a form, its citizens' addresses and locust's statistics."""

import random
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


def test_the_load_generator_reads_the_form_s_tokens_not_the_language_switcher_s():
    page = """<form action="/i18n/setlang/" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="a">
      <select name="language"><option value="vi">vi</option></select></form>
      <form method="post" enctype="multipart/form-data"><input type="hidden" name="csrfmiddlewaretoken" value="t0k">
      <input type="radio" name="kind" value="report"><textarea name="text"></textarea>
      <img src="/captcha/image/k3y/" alt="captcha"><input type="hidden" name="captcha_0" value="k3y" required
      id="id_captcha_0"><input type="text" name="captcha_1" class="form-control"></form>"""
    assert bench_load.hidden_fields(page) == {"csrfmiddlewaretoken": "t0k", "captcha_0": "k3y"}
    assert bench_load.hidden_fields("<p>no form</p>") == {}


def test_each_visitor_of_the_load_comes_from_an_address_of_its_own():
    addresses = {bench_load.citizen_address(random.Random(seed)) for seed in range(1000)}
    assert len(addresses) == 1000
    assert all(len(address.split(".")) == 4 for address in addresses)


def test_the_bench_reads_locust_s_statistics_per_request_name(tmp_path):
    stats = tmp_path / "x_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
        "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
        "99.99%,100%\n"
        "GET,feedback form GET,1800,0,12,14.1,3,80,11700,301.5,0.0,12,14,16,17,22,31,40,52,70,80,80\n"
        "POST,feedback form POST,900,2,25,27.0,9,120,0,150.2,0.3,25,27,30,32,40,61,80,95,110,120,120\n"
        ",Aggregated,2700,2,15,18.0,3,120,7800,451.7,0.3,15,18,20,22,30,45,60,80,110,120,120\n")
    assert bench_load.locust_stats(str(stats)) == [
        {"name": "feedback form GET", "requests": 1800, "failures": 0, "rps": 301.5, "median_ms": 12.0,
         "p95_ms": 31.0},
        {"name": "feedback form POST", "requests": 900, "failures": 2, "rps": 150.2, "median_ms": 25.0,
         "p95_ms": 61.0}]
