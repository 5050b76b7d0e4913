"""Feedback rows for tests, built directly (not through the citizen's form), with simple working-day deadlines."""

import secrets

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from batxat_portal.workdays import add_working_days
from feedback.models import Attachment, Feedback, FeedbackEvent, Kind


class FeedbackFactory(DjangoModelFactory):
    """A case received today; `org_unit` is required (a unit of the `tree` fixture)."""

    class Meta:
        model = Feedback

    tracking_code = factory.LazyFunction(lambda: secrets.token_hex(10).upper())
    kind = Kind.REPORT
    org_unit = None
    text = factory.Sequence(lambda n: f"Đường vào thôn {n} bị sạt lở, xin sửa giúp.")
    citizen_name = "Lý Thị Mai"
    citizen_phone = "0912345678"
    citizen_email = "mai@example.vn"
    due_on = factory.LazyFunction(lambda: add_working_days(timezone.localdate(), 10))
    forward_due_on = factory.LazyFunction(lambda: add_working_days(timezone.localdate(), 5))
    content_hash = factory.LazyFunction(lambda: secrets.token_hex(32))


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    feedback = factory.SubFactory(FeedbackFactory)
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%test\n", name="anh.pdf"))
    original_name = "biên bản.pdf"
    content_type = "application/pdf"
    size = 15


class FeedbackEventFactory(DjangoModelFactory):
    class Meta:
        model = FeedbackEvent

    feedback = factory.SubFactory(FeedbackFactory)
    action = FeedbackEvent.Action.RECEIVED
    is_public = True
