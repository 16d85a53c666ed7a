"""Writing the help centre: staff save and delete articles, each change audited."""

import html
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gemeinwerk import audit
from gemeinwerk.core.permissions import may
from gemeinwerk.core.search import document
from gemeinwerk.help.audit_actions import AuditAction
from gemeinwerk.help.markdown import plain
from gemeinwerk.help.models import Article

FIELDS = ("area", "kind", "language", "slug", "title", "body", "position")


def _check(actor: Any) -> None:
    if not may(actor, "help.edit"):
        raise PermissionDenied("only staff write the help centre")


def refresh_search_document(article: Article) -> None:
    # The title counts like the text: most searches are for words of a question.
    article.search_document = document(article.title, html.unescape(plain(article.body)))


def _summary(article: Article) -> dict[str, Any]:
    return {"slug": article.slug, "language": article.language, "title": article.title}


@transaction.atomic
def save_article(*, actor: Any, data: dict[str, Any], article: Article | None = None) -> Article:
    """A new article (`article` None) or a change to one. The form has checked `data`."""
    _check(actor)
    created = article is None
    before = None if article is None else _summary(article)
    article = article or Article()
    for name in FIELDS:
        setattr(article, name, data[name])
    article.updated_at = timezone.now()
    article.updated_by = actor
    refresh_search_document(article)
    article.full_clean()
    article.save()
    audit.record(
        actor=actor,
        action=AuditAction.ARTICLE_CREATED if created else AuditAction.ARTICLE_CHANGED,
        target=article,
        before=before,
        after=_summary(article),
    )
    return article


@transaction.atomic
def delete_article(*, actor: Any, article: Article) -> None:
    _check(actor)
    audit.record(
        actor=actor, action=AuditAction.ARTICLE_DELETED, target=article, before=_summary(article)
    )
    article.delete()
