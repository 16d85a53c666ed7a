"""Full-text search that any app can reuse: German and Polish word forms.

A searchable model has a `search_document` TextField, filled with `document(...)` by
the service that saves the object, a `search_vector = search_vector_field()` that the
database computes from it, and `*search_index(...)` in `Meta.indexes`; a selector calls
`search(queryset, query)`. docs/development.md ("Search") shows the steps.

On PostgreSQL `search_vector` is a stored tsvector column: the document parsed with the
built-in `german` configuration (Snowball stemming, stop words) and with `polish` (a
Hunspell dictionary, created by core's migration 0001; a copy of `simple` where the
dictionary is missing), under a GIN index. A query is parsed the same two ways, in
websearch syntax (`"exact phrase"`, `or`, `-excluded`), and the two parses are OR-ed.
The vector is stored, not computed in an index expression, because parsing costs about
0.2 ms a document with Hunspell: PostgreSQL takes it for much less and, for a broad
query, parses every row rather than reading the index (33 s for three common words on
300,000 rows).

On SQLite (and any other database) the column stays empty and a fallback strips common
German and Polish inflection endings from each query word (`stem()`) and requires every
stem to occur in the stored document. It finds Angehörige/Angehörigen,
Gruppe/Selbsthilfegruppen, zakupy/zakupach, rodzina/rodzinie; it cannot follow changes
inside the word (Sucht/Süchte, ręka/ręce), it does not rank, and it matches inside
longer words.

Only the newest MAX_RESULTS matches are ranked and returned, so a broad word costs
little more than a narrow one (ARCHITECTURE.md, "Search facts").
"""

import re
import unicodedata
from typing import Any, cast

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.db import connections, models
from django.db.backends.ddl_references import Statement
from django.db.models import F, Q, QuerySet

# The text search configurations of documents and queries; `polish` comes from core's
# migration 0001, which every migration that adds a search column must depend on.
CONFIGS = ("german", "polish")
SEARCH_MIGRATION = ("core", "0001_search_configurations")

# A query returns the newest MAX_RESULTS matches (or `limit`, if larger), best first.
MAX_RESULTS = 500

# What a query may cost: longer input is cut, further words are ignored.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12

# The fallback keeps stems of at least this many letters.
MIN_STEM = 4

# Common inflection endings, German and Polish together; the longest that leaves a
# long enough stem is stripped. Endings only: derivations (-ung, -keit, -ość) stay.
_SUFFIXES = tuple(
    sorted(
        {
            # German: plural, case and comparison endings
            "e", "en", "em", "er", "es", "n", "s", "ern", "ens", "nen",
            # Polish: noun and adjective case endings
            "a", "ą", "ę", "i", "o", "u", "y", "ie", "iu", "om", "ów", "ej",
            "ym", "ach", "ami", "ego", "emu", "ich", "ych", "imi", "ymi", "owi", "owie",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip

_WORD = re.compile(r"\w+")
# Control characters (PostgreSQL refuses NUL) become spaces; invisible formatting such
# as soft hyphens, and lone surrogates, go.
_INVISIBLE = {"Cc": " ", "Cf": "", "Cs": ""}


def normalise(text: str) -> str:
    """Text as it is stored and searched: NFKC, case-folded, single spaces.

    Umlauts and Polish letters stay; case folding turns "ß" (and "ẞ") into "ss", in
    documents and queries alike. Control and formatting characters go.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    visible = "".join(_INVISIBLE.get(unicodedata.category(char), char) for char in folded)
    return " ".join(visible.split())


def document(*parts: str | None) -> str:
    """The value for a model's `search_document`: the normalised parts, joined."""
    return " ".join(text for text in (normalise(part or "") for part in parts) if text)


def stem(word: str) -> str:
    """The fallback's stem of one normalised word: one inflection ending stripped."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def search[M: models.Model](
    queryset: QuerySet[M],
    query: str,
    *,
    field: str = "search_document",
    vector: str = "search_vector",
    limit: int | None = None,
) -> QuerySet[M]:
    """The rows of `queryset` that match `query`, best first.

    The result holds the newest matches (highest primary key, an integer), at most
    MAX_RESULTS or `limit`, whichever is larger. On PostgreSQL they are ordered by
    rank and carry `search_rank`; elsewhere they are ordered newest first. Filters
    may come before or after searching; the queryset's own ordering is replaced, and
    with `limit` the result is sliced. A query without any word (empty, only
    punctuation or emoji) returns the queryset unchanged. Any input is safe: it
    reaches the database only as a parameter.
    """
    text = normalise(query)[:MAX_QUERY_LENGTH]
    if not _WORD.search(text):
        return queryset
    postgresql = connections[queryset.db].vendor == "postgresql"
    if postgresql:
        tsquery = _tsquery(text)
        condition = Q(SearchVectorExact(F(vector), tsquery))
    else:
        condition = _fallback_condition(text, field)
    # `pk + 0` keeps PostgreSQL from walking the primary key backwards, testing row
    # after row until enough match: it collects the matches from the index instead.
    newest = queryset.filter(condition).order_by((F("pk") + 0).desc()).values("pk")
    results = queryset.filter(pk__in=newest[: max(MAX_RESULTS, limit or 0)])
    if postgresql:
        ranked = results.annotate(search_rank=SearchRank(F(vector), tsquery))
        results = cast("QuerySet[M]", ranked.order_by("-search_rank", "-pk"))
    else:
        results = results.order_by("-pk")
    return results[:limit] if limit is not None else results


def search_vector_field(field: str = "search_document") -> models.GeneratedField:
    """The `search_vector` field: `field` parsed by PostgreSQL, stored; empty elsewhere."""
    return models.GeneratedField(
        expression=DocumentVector(field), output_field=VectorColumn(), db_persist=True
    )


def search_index(
    name: str, vector: str = "search_vector", *, condition: Q | None = None
) -> list[models.Index]:
    """The GIN index on `vector` that `search()` reads, for `Meta.indexes`.

    A list, so that `Meta.indexes = [*search_index(...)]` stays valid should search
    need more indexes. `name`: at most 30 characters, unlike any table's name (say
    "<table>_search"). PostgreSQL only. `condition` makes it a partial index, for
    a model whose searches always filter the same way (only visible rows): the index
    then holds only those rows, and a search reads no others.
    """
    return [SearchIndex(fields=[vector], name=name, condition=condition)]


class VectorColumn(models.Field[Any, Any]):
    """A tsvector column on PostgreSQL, a text column that stays NULL elsewhere.

    Django's SearchVectorField would need django.contrib.postgres installed.
    """

    description = "Text search vector"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class DocumentVector(models.Func):
    """What `search_vector` holds: the document parsed with every configuration."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = VectorColumn()

    def __init__(self, field: str) -> None:
        super().__init__(*(SearchVector(field, config=config) for config in CONFIGS))

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **kwargs: Any) -> Any:
        return "NULL", ()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, **extra_context)


class SearchIndex(models.Index):
    """A GIN index on PostgreSQL; nothing at all on other databases.

    Django's GinIndex needs django.contrib.postgres installed (check postgres.E005) and
    turns into a B-tree index over the column on SQLite.
    """

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return _skipped(self)
        return super().create_sql(model, schema_editor, using=" USING gin", **kwargs)

    def remove_sql(self, model: Any, schema_editor: Any, **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return _skipped(self)
        return super().remove_sql(model, schema_editor, **kwargs)


def _skipped(index: models.Index) -> Statement:
    # The schema editor executes whatever it is given; an SQL comment does nothing and
    # says why in `sqlmigrate`.
    return Statement("-- %(name)s: a PostgreSQL search index", name=index.name)


def _tsquery(text: str) -> SearchQuery:
    german, polish = (SearchQuery(text, config=c, search_type="websearch") for c in CONFIGS)
    return german | polish


def _fallback_condition(text: str, field: str) -> Q:
    """Every word's stem must occur; `or` separates alternatives, `-word` excludes."""
    lookup = f"{field}__contains"
    combined, current, words = Q(), Q(), 0
    for chunk in text.split():
        if chunk == "or":
            combined, current = combined | current, Q()
            continue
        excluded = chunk.startswith("-")
        for word in _WORD.findall(chunk)[: MAX_WORDS - words]:
            words += 1
            condition = Q(**{lookup: stem(word)})
            current &= ~condition if excluded else condition
    return combined | current
