"""The help centre's articles: questions and answers (FAQ) and handbook pages per area,
one row per language. Translations of one article share its `slug`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.search import search_index, search_vector_field


class Area(models.TextChoices):
    VERIFICATION = "verification", _("Getting verified")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood help")
    GROUPS = "groups", _("Self-help groups and the meeting room")
    FACILITIES = "facilities", _("The facility programme")
    PRIVACY = "privacy", _("Privacy and your data")


class Kind(models.TextChoices):
    FAQ = "faq", _("Question and answer")
    HANDBOOK = "handbook", _("Handbook page")


class Article(models.Model):
    area = models.CharField(_("area"), max_length=20, choices=Area)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.FAQ)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=80,
        help_text=_("The same in every language, so that the translations belong together."),
    )
    title = models.CharField(
        _("title"), max_length=160, help_text=_("For a question and answer: the question.")
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: ## for a heading, - for a list item, **bold**, [text](address) for a link."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Smaller numbers come first.")
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Staff who wrote the current text; kept when they leave (the text stays).
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_document = models.TextField(default="", editable=False)
    search_vector = search_vector_field()

    class Meta:
        ordering = ["area", "kind", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="help_article_slug_language")
        ]
        indexes = [*search_index("help_article_search")]

    def __str__(self) -> str:
        return self.title
