"""Pages without a COUNT of the whole set: fetch one row more than the page shows to know whether another follows.

Counting a table of millions of rows costs more than the page itself; a list whose total does not matter to the
reader pages this way and shows "rows 51–100" with Previous/Next links (`includes/_pager.html`).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

LAST_PAGE = 1_000_000  # beyond it a page's OFFSET could overflow the database's integers


def page_number(value) -> int:
    """The page asked for in a query string: a positive whole number (at most LAST_PAGE), anything else (typed by
    hand) is page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= LAST_PAGE else 1


@dataclass
class CountFreePage:
    object_list: list
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        """1-based index of the first row shown (0 on an empty page)."""
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)


def count_free_page(rows: Sequence | Callable[[int, int], Sequence], number, *, per_page: int) -> CountFreePage:
    """One page of `rows` (a queryset, a list, or `fetch(offset, limit)`), reading `per_page + 1` rows at most."""
    number = page_number(number)
    offset = (number - 1) * per_page
    found = list(rows(offset, per_page + 1) if callable(rows) else rows[offset:offset + per_page + 1])
    return CountFreePage(found[:per_page], number, per_page, len(found) > per_page)


class CountFreePaginationMixin:
    """For a ListView over a large table: `page_obj` is a CountFreePage and `paginator` is None; the template
    includes `includes/_pager.html` instead of `includes/_pagination.html`."""

    def paginate_queryset(self, queryset, page_size):
        page = count_free_page(queryset, self.request.GET.get(self.page_kwarg), per_page=page_size)
        return None, page, page.object_list, page.has_other_pages
