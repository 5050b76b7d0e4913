"""Every PDF upload refuses scripts, embedded files, automatic actions and files it cannot read (batxat_portal.uploads).

The hostile PDFs are made here (batxat_portal/tests/pdfs.py), each small and each carrying one thing a viewer would
run or open."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter

from batxat_portal import uploads
from batxat_portal.tests import pdfs


def scanned_page(seed: int = 7) -> bytes:
    """A 'scan': a JPEG of noise in a PDF, as Pillow writes it; binary data where any byte sequence may occur."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (400, 300), bytes(rng.randrange(256) for _ in range(400 * 300 * 3)))
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=72)
    return out.getvalue()


@pytest.mark.parametrize("make", [pdfs.clean, scanned_page], ids=["blank page", "scanned page"])
def test_an_ordinary_pdf_is_accepted(make):
    uploads.pdf_check(make(), name="bien-ban.pdf")


@pytest.mark.parametrize("label", sorted(pdfs.HOSTILE))
def test_a_hostile_pdf_is_refused_with_a_vietnamese_message_naming_the_file(label):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        uploads.pdf_check(pdfs.HOSTILE[label](), name="don-thu.pdf")
    assert refused.value.code == "pdf_unsafe"
    message = refused.value.messages[0]
    assert "“don-thu.pdf”" in message and "không được chấp nhận" in message


@pytest.mark.parametrize("label", sorted(set(pdfs.HOSTILE) - {"object outside the xref"}))
def test_the_parsed_objects_alone_refuse_what_the_file_holds(label, monkeypatch):
    """The scan of the raw bytes aside, reading the objects (names decoded, object streams opened) finds each one;
    only an object no cross-reference lists needs the scan of the bytes."""
    monkeypatch.setattr(uploads, "_bytes_check", lambda data: None)
    with pytest.raises(uploads.PdfRefused) as refused:
        uploads.pdf_inspect(pdfs.HOSTILE[label]())
    assert refused.value.reason == "unsafe"


def test_obfuscated_names_are_read_as_what_they_spell():
    data = pdfs.obfuscated_name()
    assert b"/JavaScript" not in data and b"/J#61vaScript" in data
    assert uploads._names_in(b"/J#61vaScript /#4C#61unch /Embedded#46ile") >= {"JavaScript", "Launch", "EmbeddedFile"}
    data = pdfs.script_in_object_stream()
    assert b"JavaScript" not in data and b"J#61vaScript" not in data  # compressed: only opening the stream shows it


def _encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n this is not a PDF at all",
    pdfs.clean()[:300],  # cut short
    pdfs.hand_made([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),  # no page
    b"not even the header",
], ids=["garbage", "truncated", "no page", "no header"])
def test_a_pdf_that_cannot_be_read_is_refused(data):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        uploads.pdf_check(data, name="hong.pdf")
    assert refused.value.code == "pdf_unreadable" and "“hong.pdf”" in refused.value.messages[0]


def test_a_pdf_locked_by_a_password_is_refused_as_unreadable():
    with pytest.raises(uploads.PdfRefused) as refused:
        uploads.pdf_inspect(_encrypted())
    assert refused.value.reason == "unreadable"


def test_an_opening_action_that_only_shows_a_page_is_harmless_and_one_that_chains_a_script_is_not():
    go_to = b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"
    uploads.pdf_inspect(pdfs.hand_made([pdfs.PAGE_TREE[0] % go_to, *pdfs.PAGE_TREE[1:]]))
    chained = b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (http://x.invalid) >> >>"
    with pytest.raises(uploads.PdfRefused):
        uploads.pdf_inspect(pdfs.hand_made([pdfs.PAGE_TREE[0] % chained, *pdfs.PAGE_TREE[1:]]))
