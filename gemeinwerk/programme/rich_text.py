"""The facility's description: HTML from the profile editor (or typed into the plain
text area without JavaScript), cleaned by nh3 before it is stored. Only headings,
paragraphs, line breaks, bold, italic, lists and links stay; links only to http(s) and
e-mail addresses, and never with the power to reach back into the page (rel)."""

import re
from urllib.parse import urlsplit

import nh3

TAGS = {"h2", "h3", "p", "br", "strong", "em", "ul", "ol", "li", "a"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto"}
# Paragraphs without words: the editor leaves one at the end; they only add space.
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>")
# Dropped with all they contain, not just their tags.
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        # nh3 checks the scheme of absolute addresses only; a relative one (or one
        # with whitespace tricks) goes too: the description links elsewhere or nowhere.
        scheme = urlsplit(value.strip()).scheme.lower()
        return value.strip() if scheme in SCHEMES else None
    return value


def sanitise(html: str) -> str:
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # On nh3's own output, whose tags are written one way only: safe to match.
    return EMPTY_PARAGRAPH.sub("", clean).strip()


def text_of(html: str) -> str:
    """The words without any markup: is there a description at all?"""
    return " ".join(nh3.clean(html, tags=set()).split())
