"""Accent folding in SQL, the twin of `batxat_portal.text.fold`, for search keys filled set-based."""

import unicodedata

from django.db.models import TextField
from django.db.models.expressions import Func

from batxat_portal.text import fold


class _Folded(Func):
    """The text lower-cased and without Vietnamese diacritics, in SQL (as `batxat_portal.text.fold` does)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return (f"REGEXP_REPLACE(LOWER(TRANSLATE({sql}, %s, %s)), '\\s+', ' ', 'g')",
                    [*params, _ACCENTED, _PLAIN])
        # SQLite (the zero-setup run) has no TRANSLATE and lowers ASCII only: it calls the Python function itself.
        connection.ensure_connection()
        connection.connection.create_function("batxat_fold", 1, fold, deterministic=True)
        return f"batxat_fold({sql})", params


def folded_sql(field: str) -> Func:
    """An expression folding a text column in SQL, as `fold` does in Python: fills a search key for rows written
    without save() (set-based generators, data migrations)."""
    return _Folded(field)


def _vietnamese_letters() -> str:
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = {unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưy" for tone in tones} | {"đ"}
    letters |= {letter.upper() for letter in letters}
    return "".join(sorted(letter for letter in letters if fold(letter) != letter))


_ACCENTED = _vietnamese_letters()
_PLAIN = "".join(fold(letter) for letter in _ACCENTED)
