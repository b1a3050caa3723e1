"""Pages of long lists that never count or skip over the whole table (issue #22).

- CappedPaginator counts up to a limit (`SELECT count(*) FROM (... LIMIT n)`):
  past it the page says "more than n" and pages past the limit still open.
- keyset_page reads the page after (or before) a row by its sort values, so
  page 2,000 of the queue costs what page 1 does (no OFFSET, no count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet

COUNT_LIMIT = 1000


class CappedPage(Page):
    """A page of a CappedPaginator: past the counted rows, whether a next
    page exists is known by reading one row more."""

    def has_next(self) -> bool:
        if self.number * self.paginator.per_page < self.paginator.count:
            return True  # within the rows counted
        if not self.paginator.count_is_capped:
            return False
        if not hasattr(self, "_has_next"):
            self._has_next = self.paginator.has_more_after(self.number)
        return self._has_next


class CappedPaginator(Paginator):
    """A Paginator whose count stops at count_limit + 1.

    `count_is_capped` says the list is longer than `count_limit`; the page
    numbers past it stay valid (an empty page past the end is still an
    EmptyPage).
    """

    count_limit = COUNT_LIMIT

    def __init__(self, object_list, per_page, *args, count_limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count_limit is not None:
            self.count_limit = count_limit

    @cached_property
    def count(self) -> int:
        items = self.object_list
        if isinstance(items, QuerySet):
            # Neither the order nor the columns shown change the count.
            return items.order_by().values("pk")[: self.count_limit + 1].count()
        return min(len(items), self.count_limit + 1)

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.count_limit

    @property
    def count_shown(self) -> int:
        """The count to print: the limit when the list is longer."""
        return min(self.count, self.count_limit)

    def validate_number(self, number) -> int:
        if not self.count_is_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > self.num_pages and not self.object_list[(number - 1) * self.per_page :][:1]:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> CappedPage:
        number = self.validate_number(number)
        if not self.count_is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    def has_more_after(self, number: int) -> bool:
        return bool(self.object_list[number * self.per_page :][:1])

    def _get_page(self, *args, **kwargs) -> CappedPage:
        return CappedPage(*args, **kwargs)


@dataclass
class KeysetPage:
    """One page of a list read by keyset; `after` / `before` are the row ids
    the next and the previous page start from (None: there is none)."""

    object_list: list
    after: int | None = None
    before: int | None = None
    count: int = 0  # of the whole list, up to COUNT_LIMIT + 1
    count_limit: int = COUNT_LIMIT
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.count_limit

    @property
    def count_shown(self) -> int:
        return min(self.count, self.count_limit)

    @property
    def has_other_pages(self) -> bool:
        return self.after is not None or self.before is not None


def beyond(row_values: dict, ordering: list[str]) -> Q:
    """Return the condition for rows that come after a row with row_values
    in ordering ("-priority", "created_at", ...; the last field unique)."""
    condition = Q()
    equal = Q()
    for name in ordering:
        field_name = name.lstrip("-")
        value = row_values[field_name]
        if value is None:  # NULLs sort as the database puts them; never here
            equal &= Q(**{f"{field_name}__isnull": True})
            continue
        lookup = "lt" if name.startswith("-") else "gt"
        condition |= equal & Q(**{f"{field_name}__{lookup}": value})
        equal &= Q(**{field_name: value})
    return condition


def reversed_ordering(ordering: list[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]


def keyset_page(
    items: QuerySet,
    *,
    ordering: list[str],
    size: int,
    after: int | None = None,
    before: int | None = None,
) -> KeysetPage:
    """Return the size rows of items (in ordering) after the row whose id is
    after, or the size rows before the row whose id is before, or the first.

    ordering must end with a unique field ("id" or "-id"). A cursor row no
    longer in items still places the page by its sort values.
    """
    fields = [name.lstrip("-") for name in ordering]
    cursor_id = after or before
    page_items = items.order_by(*ordering)
    backwards = bool(before) and not after
    if cursor_id:
        model = items.model
        values = model._base_manager.filter(pk=cursor_id).values(*fields).first()
        if values is not None:
            if backwards:
                page_items = items.filter(beyond(values, reversed_ordering(ordering)))
                page_items = page_items.order_by(*reversed_ordering(ordering))
            else:
                page_items = items.filter(beyond(values, ordering)).order_by(*ordering)
        else:
            backwards = False
    rows = list(page_items[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    page = KeysetPage(rows, count=items.order_by()[: COUNT_LIMIT + 1].count())
    if rows:
        first, last = rows[0].pk, rows[-1].pk
        if backwards:
            page.after = last
            page.before = first if more else None
        else:
            page.after = last if more else None
            # Read after a cursor row: the rows up to it make a page before.
            page.before = first if cursor_id else None
    return page
