"""Demo and benchmark data of the feedback app: each area adds its part below. Safe to run twice."""


def seed(*, stdout) -> None:
    """The holiday calendar, some cases in every state, officers' rating links and ratings, a survey."""
    # --- calendar (holidays)
    from django.core.management import call_command

    call_command("calendar_load", stdout=stdout)
    # --- cases
    from feedback.demo.cases import seed_cases

    seed_cases(stdout=stdout)
    # --- ratings
    from feedback.demo.ratings import seed_ratings, seed_surveys

    seed_ratings(stdout=stdout)
    # --- surveys
    seed_surveys(stdout=stdout)


def seed_scale(*, n: int, stdout) -> None:
    """Province-size cases and ratings for `make bench` (feedback/demo/scale.py)."""
    from feedback.demo import scale as demo_scale

    demo_scale.seed_scale(n=n, stdout=stdout)
