from django.urls import reverse

from batxat_portal.bench import Job, Measurement


def _recompute_all() -> int:
    from evaluation import services
    from evaluation.models import Period

    periods = Period.objects.filter(evaluation_year__agency__code__startswith="BENCH", number=11)
    return sum(services.period_scores_recompute(period_id=period_id)
               for period_id in periods.values_list("pk", flat=True))


def _big_agency_results_url() -> str:
    from evaluation import services
    from evaluation.models import EvaluationYear

    year = EvaluationYear.objects.filter(agency__code="BENCH00001", year=2026).get()
    if not year.results.exists():
        services.year_results_refresh(evaluation_year=year)
    return reverse("evaluation:results", kwargs={"pk": year.pk})


def _big_agency_refresh() -> int:
    from evaluation import services
    from evaluation.models import EvaluationYear

    return services.year_results_refresh(evaluation_year=EvaluationYear.objects.get(agency__code="BENCH00001",
                                                                                     year=2026))


MEASUREMENTS = [
    Job("period scores, every generated person (20 products each)", _recompute_all, repeat=2),
    Job("year results of a 2,000-staff agency", _big_agency_refresh, repeat=2),
    Measurement("quota page, 2,000-staff agency (leader)", _big_agency_results_url, "quantri"),
]
