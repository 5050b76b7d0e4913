"""The feedback app keeps its layers (docs/architecture.md): which steps a case allows now is a read, so it lives in
the selectors (batxat_portal/tests/test_layers.py checks that no views module builds a query)."""

from feedback.selectors import handling as handling_selectors
from feedback.services import handling as handling_services


def test_the_allowed_steps_are_a_selector_not_a_service():
    assert callable(handling_selectors.allowed_actions)
    assert not hasattr(handling_services, "allowed_actions")
