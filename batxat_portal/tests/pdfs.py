"""Small PDFs made in the tests: a clean one, and hostile ones of each kind batxat_portal.uploads refuses."""

import io
import zlib

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _script(code: str = "app.alert('x')") -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)})


def clean() -> bytes:
    """One blank A4 page, opening on its first page (a harmless /OpenAction)."""
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")])
    return _written(writer)


def document_script() -> bytes:
    writer = _writer()
    # The /Names /JavaScript tree: scripts run when the document opens.
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(_script())])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    return _written(writer)


def open_action_script() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_script())
    return _written(writer)


def page_aa_script() -> bytes:
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script()})
    return _written(writer)


def launch() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    return _written(writer)


def embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("hoa-don.exe", b"MZ\x90\x00 not really a program")
    return _written(writer)


def rich_media() -> bytes:
    writer = _writer()
    annotation = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/RichMedia"),
        NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)])}))
    writer.pages[0][NameObject("/Annots")] = ArrayObject([annotation])
    return _written(writer)


def xfa_form() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp:xdp/>")})
    return _written(writer)


def hand_made(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF written by hand from `objects` (object n is objects[n - 1]), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start)
    return bytes(out)


PAGE_TREE = [b"<< /Type /Catalog /Pages 2 0 R %s >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]


def obfuscated_name() -> bytes:
    """/OpenAction << /S /J#61vaScript /J#53 (...) >>: #61 is "a", #53 is "S"; valid PDF syntax, so a viewer runs it."""
    catalog = PAGE_TREE[0] % b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    return hand_made([catalog, *PAGE_TREE[1:]])


def script_in_object_stream() -> bytes:
    """The script sits compressed in an object stream, its names obfuscated too: the file's bytes never show it."""
    inside = b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    header = b"5 0 "
    data = zlib.compress(header + inside)
    stream = (b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(data))
              + data + b"\nendstream")
    catalog = PAGE_TREE[0] % b"/OpenAction 5 0 R"
    return hand_made([catalog, *PAGE_TREE[1:], stream])


def orphan_object() -> bytes:
    """An object no cross-reference table lists: a viewer that repairs the file still finds it."""
    good = hand_made([PAGE_TREE[0] % b"", *PAGE_TREE[1:]])
    return good.replace(b"xref\n", b"9 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\nxref\n", 1)


HOSTILE = {
    "document script": document_script, "/OpenAction script": open_action_script, "page /AA script": page_aa_script,
    "/Launch": launch, "embedded file": embedded_file, "/RichMedia": rich_media, "/XFA form": xfa_form,
    "obfuscated /J#61vaScript": obfuscated_name, "script in an object stream": script_in_object_stream,
    "object outside the xref": orphan_object,
}
