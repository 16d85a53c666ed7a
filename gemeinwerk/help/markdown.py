"""Staff write help articles in Markdown. It is rendered with markdown-it (CommonMark,
raw HTML off, so `<script>` stays text) and the result is sanitised with nh3 as well:
only these tags and attributes, links only to http(s), mailto, tel or this site."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "code", "pre",
    "blockquote", "br", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto", "tel"}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _html(text: str) -> str:
    tokens = _parser.parse(text)
    for token in tokens:
        # The page's title is its only h1: a "# heading" in the text becomes an h2.
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
    return str(_parser.renderer.render(tokens, _parser.options, {}))


def render(text: str) -> SafeString:
    html = _html(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


def plain(text: str) -> str:
    """The words of the text without markup, for the search document."""
    return nh3.clean(_html(text), tags=set())
