"""Demo and benchmark data of the feedback app: each area adds its part below. Safe to run twice."""


def seed(*, stdout) -> None:
    """The holiday calendar, some cases in every state, officers' rating links and ratings, a survey."""
    # --- calendar (holidays)
    from django.core.management import call_command

    call_command("calendar_load", stdout=stdout)
    # --- cases
    from feedback.demo_cases import seed_cases

    seed_cases(stdout=stdout)
    # --- ratings
    # --- surveys
