"""Strings of Django and allauth that their own catalogues do not translate (yet) into
German or Polish. Marking them here puts them into our catalogues, which take
precedence (LOCALE_PATHS)."""

from django.utils.translation import gettext_noop

FRAMEWORK_STRINGS = [
    # Django 6.1's empty choice of select fields; no de/pl translation in Django yet.
    gettext_noop("- Select an option -"),
]
