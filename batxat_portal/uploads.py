"""Checks shared by every upload of a PDF (citizens' feedback files, staff documents such as meeting minutes).

A PDF can carry more than pages: scripts (/JS, /JavaScript), actions that start programs (/Launch), files inside it
(/EmbeddedFile, /EmbeddedFiles, /GoToE), Flash or video players (/RichMedia), XFA forms, and actions run when it is
opened or a page is shown (/OpenAction, /AA). A document a citizen or an officer sends should hold none of them, so
`pdf_check` refuses any PDF that does, and any PDF it cannot read.

It looks three ways, so that hiding a name does not get it through:
- every object pypdf finds, through the cross-reference tables and object streams, and every object reachable from
  the trailer, with names decoded (`/J#61vaScript` is `/JavaScript`);
- the decoded content of every object stream (objects compressed together, where a name could hide from a scan of
  the file's bytes), whatever its dictionary calls it;
- the raw bytes outside the streams, names decoded again, for objects no cross-reference table lists (a viewer that
  repairs the file would still find them).
An action run on opening that only shows a page (/GoTo, or a bare destination) is harmless and accepted.
"""

import io
import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# Names that are refused wherever they appear, as a key or as a value.
FORBIDDEN_NAMES = frozenset({"JS", "JavaScript", "Launch", "EmbeddedFile", "EmbeddedFiles", "GoToE", "RichMedia",
                             "RichMediaContent", "XFA", "ImportData", "SubmitForm"})
# Keys whose value runs when the document is opened or a page or field is shown; only these actions may be there.
AUTOMATIC_KEYS = frozenset({"OpenAction", "AA"})
HARMLESS_ACTIONS = frozenset({"GoTo"})
MAX_OBJECTS = 200_000  # more than any scanned document has; a file with more is refused as unreadable

_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


class PdfRefused(Exception):
    """Why a PDF is refused: `unsafe` with what it holds, or `unreadable`."""

    def __init__(self, reason: str, found: str = ""):
        super().__init__(f"{reason}: {found}" if found else reason)
        self.reason, self.found = reason, found


def _decoded_name(raw: bytes) -> str:
    return _HEX.sub(lambda match: bytes([int(match.group(1), 16)]), raw).decode("latin-1")


def _names_in(data: bytes) -> set[str]:
    return {_decoded_name(match.group(1)) for match in _NAME.finditer(data)}


def _forbidden_in_bytes(data: bytes) -> str:
    found = sorted(_names_in(data) & FORBIDDEN_NAMES)
    return found[0] if found else ""


def _action_is_harmless(value) -> bool:
    """What /OpenAction or an /AA entry holds: a destination (an array) or a chain of /GoTo actions only."""
    from pypdf.generic import ArrayObject, DictionaryObject

    value = value.get_object() if value is not None else None
    if value is None or isinstance(value, ArrayObject):
        return True
    if not isinstance(value, DictionaryObject):
        return False
    if "/S" not in value:  # /AA: a dictionary of triggers, each an action
        return all(_action_is_harmless(entry) for entry in value.values())
    if str(value.get("/S", "")).lstrip("/") not in HARMLESS_ACTIONS:
        return False
    following = value.get("/Next")
    if following is None:
        return True
    following = following.get_object()
    return all(_action_is_harmless(entry) for entry in (following if isinstance(following, list) else [following]))


def _walk(reader) -> None:
    """Every object of the document, reached by the cross-reference tables and from the trailer."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

    roots = [reader.trailer]
    for generation, objects in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in objects]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    # Only object streams are read as PDF syntax: pictures and fonts are binary, where "/JS " occurs by chance.
    containers = {container for container, _index in reader.xref_objStm.values()}
    seen: set[tuple[int, int]] = set()
    pending = list(roots)
    visited = 0
    while pending:
        item, number = pending.pop(), None
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item, number = item.get_object(), item.idnum
        visited += 1
        if visited > MAX_OBJECTS:
            raise PdfRefused("unreadable", "too many objects")
        if isinstance(item, NameObject):
            if item.lstrip("/") in FORBIDDEN_NAMES:
                raise PdfRefused("unsafe", item.lstrip("/"))
        elif isinstance(item, DictionaryObject):
            for key, value in item.items():
                name = str(key).lstrip("/")
                if name in FORBIDDEN_NAMES:
                    raise PdfRefused("unsafe", name)
                if name in AUTOMATIC_KEYS and not _action_is_harmless(value):
                    raise PdfRefused("unsafe", name)
                pending.append(value)
            if isinstance(item, StreamObject) and (number in containers or item.get("/Type") == "/ObjStm"):
                found = _forbidden_in_bytes(item.get_data())
                if found:
                    raise PdfRefused("unsafe", found)
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _bytes_check(data: bytes) -> None:
    """The file's bytes outside its streams (pictures and fonts are binary, where "/JS " occurs by chance)."""
    found = _forbidden_in_bytes(_STREAM_BODY.sub(b"stream\nendstream", data))
    if found:
        raise PdfRefused("unsafe", found)


def pdf_inspect(data: bytes) -> None:
    """Raise PdfRefused when the bytes are not a PDF pypdf can read, or hold anything FORBIDDEN_NAMES or an unsafe
    automatic action names. No Django here: the message is `pdf_check`'s."""
    from pypdf import PdfReader

    if not data.startswith(PDF_MAGIC):
        raise PdfRefused("unreadable", "not a PDF")
    _bytes_check(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfRefused("unreadable", "protected by a password")
        if len(reader.pages) < 1:
            raise PdfRefused("unreadable", "no page")
        _walk(reader)
    except PdfRefused:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on a damaged or hostile file: all mean "refuse"
        raise PdfRefused("unreadable", f"{type(error).__name__}: {error}"[:200]) from error


def display_name(name: str, default: str = "file") -> str:
    """What an uploaded file is called, without any folder, as messages and records show it."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or default


def pdf_check(data: bytes, *, name: str) -> None:
    """Refuse, with a message naming the file, a PDF that holds scripts, embedded files or automatic actions, or that
    cannot be read. Used by every form that takes a PDF."""
    try:
        pdf_inspect(data)
    except PdfRefused as refused:
        logger.info("PDF %r refused: %s", name, refused)
        if refused.reason == "unsafe":
            raise ValidationError(
                _("“%(name)s” holds a script, an embedded file or an action that runs by itself (%(found)s), so it is "
                  "not accepted. Print it again as an ordinary PDF, or scan the paper again, and send that.")
                % {"name": name, "found": refused.found}, code="pdf_unsafe") from None
        raise ValidationError(
            _("“%(name)s” cannot be read as a PDF document: it is damaged or protected by a password. Save it "
              "again as an ordinary PDF and send that.") % {"name": name}, code="pdf_unreadable") from None
