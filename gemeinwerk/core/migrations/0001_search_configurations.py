"""The `polish` text search configuration that gemeinwerk.core.search parses with.

PostgreSQL ships no Polish configuration. Where the server has the Hunspell files
`pl_pl.dict` and `pl_pl.affix` in its tsearch_data directory (Debian: hunspell-pl, then
pg_updatedicts), `polish` maps words to a `polish_hunspell` dictionary, then to
`simple`; elsewhere `polish` is a plain copy of `simple`, so search works everywhere
and finds exact Polish words only. Nothing happens on other databases.

The dictionary is looked for once, here. A server that gets it later needs, by hand,
HUNSPELL and the ALTER ... MAPPING below, then an UPDATE that sets each searchable
table's `search_document` to itself, so that `search_vector` is parsed again.
"""

from django.db import DatabaseError, migrations, transaction

HUNSPELL = (
    "CREATE TEXT SEARCH DICTIONARY polish_hunspell "
    "(TEMPLATE = ispell, DictFile = pl_pl, AffFile = pl_pl)"
)
WORD_TOKENS = "asciiword, word, hword, hword_part, hword_asciipart, asciihword"


def create_polish(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        # PostgreSQL reads the files when the dictionary is created: a missing file
        # fails here, inside a savepoint, and leaves the migration's transaction usable.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(HUNSPELL)
        hunspell = True
    except DatabaseError:
        hunspell = False
    schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION polish (COPY = simple)")
    if hunspell:
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION polish "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH polish_hunspell, simple"
        )


def drop_polish(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS polish")
    schema_editor.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS polish_hunspell")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_polish, drop_polish, elidable=False)]
