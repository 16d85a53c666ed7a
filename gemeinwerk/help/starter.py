"""The help centre's starter articles, in starter/<language>/<slug>.md: a header of
`name: value` lines, a line `---`, then the Markdown. Every installation loads them once
(`manage.py load_help_articles`, docs/operations.md) and staff adapt them in the
console; the demo loads them too. The meeting room links to "room-troubleshooting"."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from gemeinwerk.help.models import Article
from gemeinwerk.help.services import refresh_search_document

SOURCE = Path(__file__).resolve().parent / "starter"
ROOM_TROUBLESHOOTING = "room-troubleshooting"


def parse(path: Path) -> dict[str, str | int]:
    header, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    fields: dict[str, str | int] = {}
    for line in header.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    fields["position"] = int(fields.get("position", 100))
    fields["body"] = body.strip() + "\n"
    return fields


def articles() -> list[tuple[str, str, dict[str, str | int]]]:
    """(language, slug, fields) for every starter file."""
    return [
        (language, path.stem, parse(path))
        for language, _name in settings.LANGUAGES
        for path in sorted((SOURCE / language).glob("*.md"))
    ]


@transaction.atomic
def load(*, overwrite: bool) -> int:
    """Create the starter articles that are missing; with `overwrite`, bring the others
    back to the starter text as well (the demo). Returns how many were written."""
    written = 0
    for language, slug, fields in articles():
        article = Article.objects.filter(slug=slug, language=language).first()
        if article is not None and not overwrite:
            continue
        article = article or Article(slug=slug, language=language)
        for name in ("area", "kind", "title", "body", "position"):
            setattr(article, name, fields[name])
        refresh_search_document(article)
        article.full_clean()
        article.save()
        written += 1
    return written
