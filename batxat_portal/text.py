"""Accent-folded search keys: typing "nguyen van" finds "Nguyễn Văn"."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(value: str | None) -> str:
    """Lower case, no diacritics, single spaces; "Nguyễn  Văn Đức" -> "nguyen van duc"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
