"""The citizen's side: send feedback (no account), get the code, follow it, judge the answer, add information."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from PIL import Image

from batxat_portal.tests import pdfs
from feedback import tasks
from feedback.forms.public import AttachmentsField, FeedbackSendForm, UnitField
from feedback.models import Attachment, Feedback, FeedbackEvent, Kind
from feedback.selectors import public as selectors
from feedback.services import public as services
from feedback.tests.helpers import captcha_fields
from staff.tests.factories import OrgUnitFactory, StaffMemberFactory

SEND = reverse("feedback:public_send")
TRACK = reverse("feedback:public_track")
TRACK_CASE = reverse("feedback:public_track_case")
XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


@pytest.fixture(autouse=True)
def _fresh_limits_and_media(settings, tmp_path):
    cache.clear()  # the rate limits count per address in the cache, shared by every test of a worker
    settings.MEDIA_ROOT = tmp_path
    yield
    cache.clear()


def png(size=(8, 8), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


PDF = pdfs.clean()  # one blank page; hostile ones are refused: feedback/tests/test_public_uploads.py


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def former(tree):
    """The old district (two successors) and one of its old communes (one successor), both ended on 30/06/2025."""
    district = OrgUnitFactory(name="UBND huyện Bát Xát", parent=tree["province"], level="district",
                              valid_to=date(2025, 6, 30), code="082")
    district.successors.add(tree["agency_a"], tree["agency_b"])
    old_commune = OrgUnitFactory(name="UBND thị trấn Bát Xát", parent=district, valid_to=date(2025, 6, 30),
                                 code="02683-OLD")
    old_commune.successors.add(tree["agency_a"])
    return {"district": district, "old_commune": old_commune}


def make_case(**fields) -> Feedback:
    """A case as the handlers left it, built directly (the citizen's form is tested through the pages)."""
    today = timezone.localdate()
    values = {"tracking_code": services.tracking_code_new(), "kind": Kind.REPORT, "text": "Đường vào thôn bị sạt lở.",
              "citizen_name": "Lý Thị Mai", "citizen_phone": "0912345678", "citizen_email": "mai@example.vn",
              "due_on": today + timedelta(days=14), "forward_due_on": today + timedelta(days=7), "content_hash": "x"}
    return Feedback.objects.create(**{**values, **fields})


def make_step(feedback, action, note="", is_public=True) -> FeedbackEvent:
    return FeedbackEvent.objects.create(feedback=feedback, action=action, note=note, is_public=is_public)


def send(client, **data):
    """GET the form, answer its captcha, POST."""
    fields = {"kind": Kind.REPORT, "text": "Đường vào thôn Trung Trải bị sạt lở.", **captcha_fields(client.get(SEND))}
    fields.update(data)
    return client.post(SEND, fields)


# --------------------------------------------------------------------------- sending


def test_a_citizen_sends_feedback_with_a_picture_and_a_pdf_and_gets_a_code_by_page_and_mail(
        client, tree, django_capture_on_commit_callbacks):
    page = client.get(SEND)
    assert page.status_code == 200 and 'name="unit_text"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, kind=Kind.PROPOSAL, unit=tree["dept_a"].pk, citizen_name="Lý Thị Mai",
                        citizen_phone="+84 912 345 678", citizen_email="mai@example.vn",
                        attachments=[upload("ảnh đường.png", png(), "image/png"), upload("don.pdf", PDF)])
    assert response.status_code == 302 and response.url == reverse("feedback:public_sent")
    feedback = Feedback.objects.get()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", feedback.tracking_code)
    assert (feedback.kind, feedback.org_unit, feedback.citizen_phone) == (Kind.PROPOSAL, tree["dept_a"], "0912345678")
    assert feedback.due_on > timezone.localdate() and feedback.forward_due_on < feedback.due_on
    assert feedback.sender_hash and "127.0.0.1" not in feedback.sender_hash
    files = {a.content_type: a for a in Attachment.objects.filter(feedback=feedback)}
    assert set(files) == {"image/png", "application/pdf"}
    assert files["image/png"].original_name == "ảnh đường.png"
    assert re.search(r"feedback/\d{4}/\d{2}/[0-9a-f]{32}\.png$", files["image/png"].file.name)
    assert Image.open(files["image/png"].file).size == (8, 8)  # re-encoded, still the picture
    assert files["application/pdf"].file.read() == PDF
    assert list(feedback.events.values_list("action", "is_public")) == [(FeedbackEvent.Action.RECEIVED, True)]
    thanks = client.get(response.url).content.decode()
    assert feedback.tracking_code in thanks and f'href="{TRACK_CASE}"' in thanks and "code=" not in thanks
    assert feedback.tracking_code in client.get(TRACK_CASE).content.decode()  # the case, with no code in the URL
    assert mail.outbox == []  # the request only wrote the row: the beat's sweep mails it
    assert tasks.confirmations_sweep.delay().get() == 1
    assert len(mail.outbox) == 1 and feedback.tracking_code in mail.outbox[0].body
    assert mail.outbox[0].to == ["mai@example.vn"]
    feedback.refresh_from_db()
    assert feedback.confirmation_sent_at is not None


def test_a_text_file_named_png_is_refused_and_everything_typed_comes_back(client, tree):
    response = send(client, unit_text="Phòng Văn hóa", text="Thủ tục cấp giấy khai sinh quá chậm.",
                    citizen_name="Giàng A Sử", attachments=[upload("anh.png", b"just text, not a picture")])
    page = response.content.decode()
    assert response.status_code == 200 and not Feedback.objects.exists()
    assert 'id="id_attachments_errors"' in page and "anh.png" in page
    assert "Thủ tục cấp giấy khai sinh quá chậm." in page and 'value="Giàng A Sử"' in page
    assert 'value="Phòng Văn hóa"' in page and f'value="{tree["dept_a"].pk}" ' in page  # the unit, matched


def test_too_many_files_or_one_too_big_are_refused(settings, tree):
    field = AttachmentsField()
    with pytest.raises(ValidationError, match="3"):
        field.clean([upload(f"{n}.pdf", PDF) for n in range(4)])
    settings.FEEDBACK_MAX_ATTACHMENT_BYTES = 1000
    with pytest.raises(ValidationError, match="big.pdf"):
        field.clean([upload("big.pdf", PDF + b"0" * 1000)])
    assert [f.content_type for f in field.clean([upload("a.pdf", PDF), upload("b", png(), "image/png")])] == [
        "application/pdf", "image/png"]


def test_pictures_are_checked_by_content_and_re_encoded_without_their_metadata():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của tôi"  # camera make; GPS would be stripped the same way
    Image.new("RGB", (10, 6)).save(out, format="JPEG", exif=exif)
    checked = services.attachment_check(upload("photo.pdf", out.getvalue()))  # the name says PDF: the content rules
    assert (checked.content_type, checked.extension) == ("image/jpeg", "jpg")
    assert "exif" not in Image.open(io.BytesIO(checked.content)).info
    webp = io.BytesIO()
    Image.new("RGB", (4, 4)).save(webp, format="WEBP")
    assert services.attachment_check(upload("x.jpg", webp.getvalue())).content_type == "image/webp"
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, format="GIF")
    for name, content in (("anim.gif", gif.getvalue()), ("empty.png", b""), ("page.html", b"<html>%PDF-")):
        with pytest.raises(ValidationError, match=re.escape(name)):
            services.attachment_check(upload(name, content))


def test_the_send_page_is_light_and_costs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(SEND)
    assert response.status_code == 200
    assert len(response.content) < 40_000
    assert "<select" not in response.content.decode().split('id="main"')[1]  # no list of every unit


def test_staying_anonymous_drops_the_name_and_contact(client, tree):
    send(client, unit=tree["agency_a"].pk, anonymous="on", citizen_name="Lò Văn Pả", citizen_email="pa@example.vn")
    feedback = Feedback.objects.get()
    assert (feedback.citizen_name, feedback.citizen_phone, feedback.citizen_email) == ("", "", "")


@pytest.mark.parametrize(("typed", "kept"), [("0912 345 678", "0912345678"), ("+84-983.111.222", "0983111222"),
                                             ("0214 3880 123", "02143880123")])
def test_vietnamese_phone_numbers_are_accepted_and_normalised(typed, kept):
    form = FeedbackSendForm(data={"citizen_phone": typed})
    form.is_valid()
    assert "citizen_phone" not in form.errors and form.cleaned_data["citizen_phone"] == kept


@pytest.mark.parametrize("typed", ["12345", "0112345678", "+1 415 555 0100", "09123456789"])
def test_other_phone_numbers_are_refused_with_an_example(typed):
    form = FeedbackSendForm(data={"citizen_phone": typed})
    assert form.has_error("citizen_phone", code="phone")


def test_a_text_longer_than_the_setting_is_refused(settings, db):
    settings.FEEDBACK_TEXT_MAX_CHARS = 20
    form = FeedbackSendForm(data={"text": "x" * 21})
    assert "text" in form.errors and 'maxlength="20"' in str(form["text"])


# --------------------------------------------------------------------------- units and officers


def test_a_former_unit_leads_to_its_only_successor(tree, former):
    field = UnitField()
    assert field.clean({"pk": str(former["old_commune"].pk), "text": ""}) == tree["agency_a"]
    assert "UBND xã Bát Xát" in field.widget.note
    assert UnitField().clean({"pk": "", "text": "thị trấn Bát Xát"}) == tree["agency_a"]


def test_a_former_unit_with_several_successors_asks_the_citizen_to_choose(tree, former):
    field = UnitField()
    with pytest.raises(ValidationError) as refused:
        field.clean({"pk": str(former["district"].pk), "text": ""})
    assert refused.value.code == "choose"
    assert {pk for pk, _label in field.widget.options} == {str(tree["agency_a"].pk), str(tree["agency_b"].pk)}


def test_a_typed_name_matching_several_units_offers_them_and_an_exact_one_is_taken(tree):
    field = UnitField()
    with pytest.raises(ValidationError) as refused:
        field.clean({"pk": "", "text": "Phòng Kinh tế"})
    assert refused.value.code == "choose"
    labels = [label for _pk, label in field.widget.options]
    assert "Phòng Kinh tế – UBND xã Bát Xát" in labels and "Phòng Kinh tế – UBND xã Y Tý" in labels
    assert UnitField().clean({"pk": "", "text": "kinh te y ty"}) == tree["dept_b"]
    assert UnitField().clean({"pk": "", "text": "02701"}) == tree["agency_b"]
    with pytest.raises(ValidationError) as refused:
        UnitField().clean({"pk": "", "text": "Sở Ngoại vụ"})
    assert refused.value.code == "no_match"
    with pytest.raises(ValidationError):
        UnitField().clean({"pk": str(tree["province"].pk), "text": ""})  # not a unit a citizen names


def test_the_service_refuses_a_former_unit_or_an_officer_of_another_unit(tree, former):
    with pytest.raises(ValidationError):
        services.feedback_submit(kind=Kind.REPORT, org_unit=former["old_commune"], text="x")
    officer = StaffMemberFactory(org_unit=tree["dept_b"])
    with pytest.raises(ValidationError):
        services.feedback_submit(kind=Kind.REPORT, org_unit=tree["dept_a"], text="x", officer=officer)


def test_the_officer_is_chosen_among_the_unit_s_officers_typed_or_picked(client, tree):
    officer = StaffMemberFactory(full_name="Sần Thị Mỷ", org_unit=tree["dept_a"])
    StaffMemberFactory(full_name="Sần Thị Mỷ", org_unit=tree["dept_b"])
    results = client.get(reverse("feedback:public_officer_search"),
                         {"field": "officer", "officer_text": "san thi", "unit": tree["dept_a"].pk}).content.decode()
    assert results.count('type="radio"') == 1 and f'value="{officer.pk}"' in results
    send(client, unit=tree["dept_a"].pk, officer_text="Sần Thị Mỷ")  # as typed without JavaScript
    assert Feedback.objects.get().officer == officer
    other = StaffMemberFactory(full_name="Hoàng Văn Nam", org_unit=tree["dept_b"])
    response = send(client, unit=tree["dept_a"].pk, officer=other.pk, text="Khác")
    assert 'id="id_officer_errors"' in response.content.decode()
    assert Feedback.objects.count() == 1


def test_the_unit_search_answers_htmx_with_current_units_first(client, tree, former):
    results = client.get(reverse("feedback:public_unit_search"), {"field": "unit", "unit_text": "bat xat"})
    page = results.content.decode()
    assert results.status_code == 200
    assert page.index(f'value="{tree["agency_a"].pk}"') < page.index(f'value="{former["district"].pk}"')
    assert "30/06/2025" in page  # a former unit says so
    assert client.get(reverse("feedback:public_unit_search"), {"field": "x<script>"}).status_code == 400


# --------------------------------------------------------------------------- abuse


def test_the_same_text_from_the_same_address_gives_back_the_earlier_code(client, tree):
    first = send(client, unit=tree["dept_a"].pk, text="Đèn đường   thôn Lũng Pô hỏng")
    second = send(client, unit=tree["dept_a"].pk, text="đèn đường thôn lũng pô hỏng ")  # the same once folded
    assert first.status_code == second.status_code == 302
    feedback = Feedback.objects.get()
    thanks = client.get(second.url)
    assert thanks.context["duplicate"] and feedback.tracking_code in thanks.content.decode()


def test_duplicates_are_found_only_for_the_same_sender_and_within_the_window(tree):
    args = {"kind": Kind.REPORT, "org_unit": tree["dept_a"], "text": "Cầu treo bị hỏng."}
    first, created = services.feedback_submit(**args, sender_address="10.0.0.1")
    assert created
    again, created = services.feedback_submit(**args, sender_address="10.0.0.1")
    assert (again, created) == (first, False)
    other, created = services.feedback_submit(**args, sender_address="10.0.0.2")  # never someone else's code
    assert created and other != first
    later = timezone.now() + timedelta(minutes=11)
    assert services.feedback_submit(**args, sender_address="10.0.0.1", now=later)[1]
    assert services.feedback_submit(**{**args, "org_unit": tree["dept_a2"]}, sender_address="10.0.0.1")[1]


def test_too_many_posts_from_one_address_get_a_429_with_the_text_kept(client, tree, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    for text in ("Một", "Hai"):
        send(client, unit=tree["dept_a"].pk, text=text)
    response = send(client, unit=tree["dept_a"].pk, text="Ba: vẫn giữ nguyên")
    page = response.content.decode()
    assert response.status_code == 429 and "Ba: vẫn giữ nguyên" in page and 'role="alert"' in page
    assert Feedback.objects.count() == 2


def test_tracking_look_ups_are_limited_per_address(client, db, settings):
    settings.FEEDBACK_TRACK_RATE = "2/h"
    assert client.get(TRACK).status_code == 200  # the empty form does not count
    for _ in range(2):
        assert client.post(TRACK, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 200
    assert client.post(TRACK, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 429
    assert client.get(TRACK, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 429  # an old link counts too


def track(client, code):
    """Look a case up as the page does (POST) and follow to the code-free case page."""
    response = client.post(TRACK, {"code": code})
    assert response.status_code == 302 and response.url == TRACK_CASE
    return client.get(TRACK_CASE)


def test_the_code_is_looked_up_by_post_and_never_put_in_an_address(client, answered):
    page = client.get(TRACK).content.decode()
    form = re.search(r'<form method="(\w+)" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    assert form.group(1, 2) == ("post", TRACK) and "csrfmiddlewaretoken" in form.group(3)
    assert 'name="code"' in form.group(3)
    response = client.post(TRACK, {"code": "7q2m k9xd 4htr b1wz"}, follow=True)
    assert [url for url, _status in response.redirect_chain] == [TRACK_CASE]
    assert response.status_code == 200 and "7Q2M-K9XD-4HTR-B1WZ" in response.content.decode()
    assert "code" not in response.wsgi_request.get_full_path()
    # the page's other forms send the code in their bodies, and come back to the code-free address
    assert "?code=" not in response.content.decode() and "code=" not in TRACK_CASE


def test_an_old_link_with_the_code_still_opens_the_case_at_an_address_without_it(client, answered):
    response = client.get(TRACK, {"code": answered.tracking_code.lower()})
    assert response.status_code == 302 and response.url == TRACK_CASE and "code" not in response["Location"]
    assert "Đã sửa xong." in client.get(response.url).content.decode()
    wrong = client.get(TRACK, {"code": "7Q2M-K9XD-4HTR-B1WY"})
    assert wrong.status_code == 302 and wrong.url == TRACK
    page = client.get(wrong.url).content.decode()
    assert "Không có phản ánh nào có mã này" in page and "7Q2M" not in page
    assert services.tracking_link(answered.tracking_code).endswith(f"{TRACK}?code={answered.tracking_code}")


def test_an_old_link_writes_nothing_to_the_database(client, answered):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(TRACK, {"code": answered.tracking_code})
    assert response.status_code == 302
    assert not [query["sql"] for query in queries.captured_queries
                if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", query["sql"], re.IGNORECASE)]


def test_the_case_page_without_a_look_up_or_with_a_forged_one_shows_the_form(client, answered):
    response = client.get(TRACK_CASE)
    assert response.status_code == 302 and response.url == TRACK
    client.cookies["feedback_tracked"] = str(answered.pk)  # unsigned: anyone could write another case's id
    assert client.get(TRACK_CASE).status_code == 302
    client.post(TRACK, {"code": answered.tracking_code})
    cookie = client.cookies["feedback_tracked"]
    assert cookie["httponly"] and cookie["path"] == TRACK_CASE and answered.tracking_code not in cookie.value
    assert client.get(TRACK_CASE).status_code == 200


def test_tracking_codes_are_random_80_bit_and_read_back_forgivingly():
    codes = {services.tracking_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", code) for code in codes)
    assert len(selectors.TRACKING_ALPHABET) ** selectors.TRACKING_LENGTH >= 2 ** 80
    assert set("".join(codes).replace("-", "")) == set(selectors.TRACKING_ALPHABET)  # every symbol is used
    assert selectors.tracking_code_normalise(" 7q2m k9xd-4htr_b1wz ") == "7Q2M-K9XD-4HTR-B1WZ"
    assert selectors.tracking_code_normalise("7Q2M-K9XD-4HTR-BIWZ") == "7Q2M-K9XD-4HTR-B1WZ"  # I read as 1
    assert selectors.tracking_code_normalise("7Q2M-K9XD-4HTR-BUWZ") is None
    assert selectors.tracking_code_normalise("7Q2M-K9XD-4HTR") is None


# --------------------------------------------------------------------------- nothing is lost


def test_with_the_broker_stopped_the_citizen_gets_the_code_and_the_sweep_mails_it_once(
        client, tree, monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.feedback_confirmation_send, "delay", broker_down)
    monkeypatch.setattr(tasks.feedback_confirmation_send, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, unit=tree["dept_a"].pk, citizen_email="mai@example.vn")
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and feedback.tracking_code in client.get(response.url).content.decode()
    assert feedback.confirmation_sent_at is None and mail.outbox == []
    assert tasks.confirmations_sweep.delay().get() == 1  # the beat's task, once the broker is back
    assert tasks.confirmations_sweep.delay().get() == 0
    assert len(mail.outbox) == 1 and feedback.tracking_code in mail.outbox[0].subject


def test_with_a_real_broker_that_does_not_answer_the_citizen_waits_on_it_for_no_time(
        client, tree, monkeypatch, django_capture_on_commit_callbacks):
    """Not a stand-in: Celery is pointed at a port where nothing listens, and every moment spent publishing to it or
    connecting to it during the citizen's POST is counted. Queuing the mail from the request cost 0.66 s there (the
    publish retries); the request now only writes the row, and the sweep mails it."""
    import time

    from kombu import Connection

    from batxat_portal.celery import app as celery_app
    from feedback.demo.bench_broker import UNREACHABLE, broker_at

    spent, depth = [], [0]

    def timed(original):
        def wrapper(*args, **kwargs):  # only the outermost call is counted: they nest
            started = time.perf_counter()
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
                if not depth[0]:
                    spent.append(time.perf_counter() - started)
        return wrapper

    monkeypatch.setattr(celery_app, "send_task", timed(celery_app.send_task))
    monkeypatch.setattr(Connection, "ensure_connection", timed(Connection.ensure_connection))
    monkeypatch.setattr(Connection, "_ensure_connection", timed(Connection._ensure_connection))
    monkeypatch.setenv("CELERY_BROKER_URL", UNREACHABLE)
    with broker_at(UNREACHABLE), django_capture_on_commit_callbacks(execute=True):
        response = send(client, unit=tree["dept_a"].pk, citizen_email="mai@example.vn")
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and feedback.tracking_code in client.get(response.url).content.decode()
    assert sum(spent) < 0.1, f"{sum(spent):.3f} s spent on the broker in the citizen's request"
    assert feedback.confirmation_sent_at is None and mail.outbox == []
    assert services.feedback_confirmations_sweep() == 1 and len(mail.outbox) == 1  # the sweep mails it


def test_the_confirmation_is_mailed_once_whoever_sends_it_and_a_failed_mail_is_tried_again(tree, monkeypatch):
    feedback = make_case(org_unit=tree["dept_a"], tracking_code=services.tracking_code_new())
    no_mail = make_case(org_unit=tree["dept_a"], citizen_email="")
    Feedback.objects.update(received_at=timezone.now() - timedelta(hours=1))

    def smtp_down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.send_mail", smtp_down)
    assert services.feedback_confirmations_sweep() == 0
    feedback.refresh_from_db()
    assert feedback.confirmation_sent_at is None  # the claim was undone
    monkeypatch.undo()
    assert services.feedback_confirmation_send(feedback_id=feedback.pk)
    assert not services.feedback_confirmation_send(feedback_id=feedback.pk)
    assert services.feedback_confirmations_sweep() == 0
    assert not services.feedback_confirmation_send(feedback_id=no_mail.pk)
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------- following a case


@pytest.fixture
def answered(tree):
    feedback = make_case(org_unit=tree["dept_a"], tracking_code="7Q2M-K9XD-4HTR-B1WZ",
                               citizen_name="Lý Thị Mai", citizen_phone="0912345678",
                               status=Feedback.Status.ANSWERED, answered_at=timezone.now(),
                               answer=f"Đã sửa xong. {XSS[0]} {XSS[1]}")
    make_step(feedback, FeedbackEvent.Action.RECEIVED)
    make_step(feedback, FeedbackEvent.Action.NOTE, "Ghi chú nội bộ: người này hay gửi", is_public=False)
    make_step(feedback, FeedbackEvent.Action.ANSWERED, feedback.answer)
    return feedback


def test_the_tracking_page_shows_the_case_and_answer_escaped_and_no_personal_data(
        client, answered, django_assert_max_num_queries):
    assert client.post(TRACK, {"code": "7q2m k9xd 4htr b1wz"}).url == TRACK_CASE
    with django_assert_max_num_queries(3):  # the case, its public steps, the rate form's captcha; no session
        response = client.get(TRACK_CASE)
    page = response.content.decode()
    assert response.status_code == 200 and "Đã sửa xong." in page
    for payload in XSS:
        assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for private in ("Lý Thị Mai", "0912345678", "mai@example.vn", answered.text, "Ghi chú nội bộ"):
        assert private not in page
    assert f"{timezone.localdate():%d/%m/%Y}" in page and f"{answered.due_on:%d/%m/%Y}" in page
    assert page.count("Đã sửa xong.") == 1  # the answer once, not again in the steps


def test_a_wrong_code_says_not_found_and_nothing_more(client, answered):
    for code in ("7Q2M-K9XD-4HTR-B1WY", "hello", "<script>alert(1)</script>"):
        response = client.post(TRACK, {"code": code})
        page = response.content.decode()
        assert response.status_code == 200 and 'role="status"' in page and "7Q2M" not in page.replace(code, "")
        assert "<script>alert(1)</script>" not in page


def test_the_citizen_judges_the_answer_once(client, answered):
    page = track(client, answered.tracking_code)
    response = client.post(reverse("feedback:public_rate"), {
        "code": answered.tracking_code, "satisfied": "no", **captcha_fields(page)})
    assert response.status_code == 302 and response.url == TRACK_CASE
    answered.refresh_from_db()
    assert answered.citizen_satisfied is False
    assert answered.events.filter(action=FeedbackEvent.Action.RATED, is_public=True).count() == 1
    page = client.get(response.url)
    assert 'name="satisfied"' not in page.content.decode()  # the form is gone
    with pytest.raises(ValidationError):
        services.feedback_rate(feedback=answered, satisfied=True)
    answered.refresh_from_db()
    assert answered.citizen_satisfied is False


def test_an_unanswered_case_cannot_be_judged(tree):
    feedback = make_case(org_unit=tree["dept_a"], status=Feedback.Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.feedback_rate(feedback=feedback, satisfied=True)


def test_the_citizen_adds_information_when_asked_and_the_case_goes_back_to_the_handlers(client, tree):
    feedback = make_case(org_unit=tree["dept_a"], tracking_code=services.tracking_code_new(),
                               status=Feedback.Status.WAITING_INFO)
    make_step(feedback, FeedbackEvent.Action.INFO_REQUESTED, "Xin cho biết số hồ sơ.")
    page = track(client, feedback.tracking_code)
    assert "Xin cho biết số hồ sơ." in page.content.decode()
    refused = client.post(reverse("feedback:public_add_info"), {
        "code": feedback.tracking_code, "text": "Số hồ sơ 000.00.12.H34", **captcha_fields(page),
        "attachments": [upload("fake.png", b"MZ not a picture")]})
    assert refused.status_code == 200 and "fake.png" in refused.content.decode()
    assert "Số hồ sơ 000.00.12.H34" in refused.content.decode()
    response = client.post(reverse("feedback:public_add_info"), {
        "code": feedback.tracking_code, "text": f"Số hồ sơ 000.00.12.H34 {XSS[0]}", **captcha_fields(refused),
        "attachments": [upload("bien-nhan.png", png(), "image/png")]})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.IN_PROGRESS and feedback.attachments.count() == 1
    assert feedback.events.get(action=FeedbackEvent.Action.INFO_ADDED).note.startswith("Số hồ sơ")
    page = client.get(response.url).content.decode()
    assert XSS[0] not in page and "Số hồ sơ 000" not in page  # the citizen's words are not echoed to the code holder
    with pytest.raises(ValidationError):
        services.feedback_info_add(feedback=feedback, text="lần nữa")


def test_follow_up_posts_with_an_unknown_code_are_not_found_and_limited(client, answered, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    assert client.post(reverse("feedback:public_rate"), {"code": "0000-0000-0000-0000"}).status_code == 404
    assert client.post(reverse("feedback:public_rate"), {"code": answered.tracking_code}).status_code == 429


def test_the_public_home_page_offers_sending_and_following_feedback(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{SEND}"' in page and f'href="{TRACK}"' in page


def test_the_demo_cases_fill_the_handlers_queue_in_every_state_once(db):
    from feedback.demo.cases import seed_cases
    from staff import demo

    demo.seed_accounts(demo.seed_units())
    out = io.StringIO()
    seed_cases(stdout=out)
    seed_cases(stdout=out)
    cases = Feedback.objects.select_related("org_unit")
    assert cases.count() == 12 and "0 new demo cases" in out.getvalue()
    assert set(cases.values_list("status", flat=True)) == set(Feedback.Status.values)
    assert cases.filter(org_unit__code="02683-HCC").count() >= 4  # the demo handler's unit
    assert all(case.org_unit.code.startswith("02683") and case.due_on >= case.received_at.date() for case in cases)
    assert not cases.filter(confirmation_sent_at__isnull=True).exists()  # the sweep mails no demo address
