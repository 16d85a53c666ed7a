"""Reading the help centre: articles in the reader's language, search, and the contacts
that every help page shows (the programme office and the contact points, from records)."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from gemeinwerk.core.search import search as full_text
from gemeinwerk.help.models import Area, Article, Kind
from gemeinwerk.places.selectors import active_contact_points

SEARCH_LIMIT = 30


def in_language(language: str) -> QuerySet[Article]:
    return Article.objects.filter(language=language)


@dataclass(frozen=True)
class AreaContents:
    area: Area
    questions: list[Article]
    pages: list[Article]


def _contents(area: Area, articles: list[Article]) -> AreaContents:
    return AreaContents(
        area=area,
        questions=[a for a in articles if a.area == area and a.kind == Kind.FAQ],
        pages=[a for a in articles if a.area == area and a.kind == Kind.HANDBOOK],
    )


def areas(language: str) -> list[AreaContents]:
    """Every area with its questions and handbook pages (titles only), in the order
    staff gave them."""
    articles = list(in_language(language).defer("body", "search_document"))
    return [_contents(area, articles) for area in Area]


def area(language: str, key: str) -> AreaContents | None:
    """One area, its answers' text included (the page shows them all)."""
    if key not in Area.values:
        return None
    articles = list(in_language(language).filter(area=key).defer("search_document"))
    return _contents(Area(key), articles)


def every_article() -> QuerySet[Article]:
    """All articles for the console's list, grouped by area."""
    return Article.objects.defer("body", "search_document").order_by(
        "area", "kind", "position", "slug", "language"
    )


def article(language: str, slug: str) -> Article | None:
    """The article in the reader's language, else in the installation's, else any."""
    found = {a.language: a for a in Article.objects.filter(slug=slug)}
    for choice in (language, settings.LANGUAGE_CODE, *sorted(found)):
        if choice in found:
            return found[choice]
    return None


def search(language: str, query: str) -> list[Article]:
    """Articles in the reader's language that match `query`, best first."""
    if not query.strip():
        return []
    return list(full_text(in_language(language), query, limit=SEARCH_LIMIT))


def contacts() -> dict[str, Any]:
    """The programme office (the installation's operator) and every contact point."""
    return {
        "office": settings.GEMEINWERK_OPERATOR,
        "contact_points": active_contact_points(),
    }
