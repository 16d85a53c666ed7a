"""Pages of long public lists, with links that keep the list's filters.

A city has hundreds of groups: one page with all of them is too heavy to send and to
read (docs/performance.md, "Page speed"). Every page is a plain link, so that a filter
state together with its page stays a shareable URL that works without JavaScript.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 20


def page_of(
    items: QuerySet[Any] | Sequence[Any], number: str | int | None, *, per_page: int = PER_PAGE
) -> Page[Any]:
    """The page `number` of `items`; a queryset is sliced in the database.

    A number that is not a number gives the first page, one beyond the end the last:
    an old or hand-edited link still shows results instead of an error.
    """
    return Paginator(items, per_page).get_page(number)


@dataclass(frozen=True)
class Pagination:
    page: Page[Any]
    previous_url: str | None
    next_url: str | None

    @property
    def needed(self) -> bool:
        return self.page.paginator.num_pages > 1


def page_url(request: HttpRequest, number: int) -> str:
    """This list's URL on page `number`, with every other query parameter kept."""
    query = request.GET.copy()
    if number > 1:
        query["page"] = str(number)
    else:
        query.pop("page", None)  # page 1 has one address: the list without ?page
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def pagination(request: HttpRequest, page: Page[Any]) -> Pagination:
    return Pagination(
        page=page,
        previous_url=page_url(request, page.previous_page_number())
        if page.has_previous()
        else None,
        next_url=page_url(request, page.next_page_number()) if page.has_next() else None,
    )
