"""The feedback app keeps its layers (docs/architecture.md): views read through selectors and write through
services, so no view builds a query of its own; which steps a case allows now is a read, in the selectors."""

import re
from pathlib import Path

from feedback.selectors import handling as handling_selectors
from feedback.services import handling as handling_services

VIEWS = Path(__file__).resolve().parent.parent / "views"
# A manager or a queryset method in a view means a query built outside the selectors.
QUERY = re.compile(r"\.objects\b|\.(filter|exclude|annotate|aggregate|exists|values|values_list|"
                   r"select_related|prefetch_related|order_by|in_bulk)\(")


def test_no_feedback_view_builds_a_query():
    found = [f"{path.name}:{number}: {line.strip()}" for path in sorted(VIEWS.glob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), 1) if QUERY.search(line)]
    assert found == []


def test_the_allowed_steps_are_a_selector_not_a_service():
    assert callable(handling_selectors.allowed_actions)
    assert not hasattr(handling_services, "allowed_actions")
