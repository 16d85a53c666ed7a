"""Date formats per language (settings.FORMAT_MODULE_PATH), on top of Django's own.

Templates never spell a date format out: they name one of these, e.g.
`{{ day|date:"DAY_MONTH_FORMAT" }}`, so that each language writes dates its own way
(Polish needs the month in the genitive: "3 marca", not "3 marzec").

Names Django does not know (DAY_MONTH_FORMAT, DAY_MONTH_YEAR_FORMAT) must be defined in
every language: for an unknown name Django prints the name itself. A test holds that.
"""

from django.utils.translation import gettext_noop

CUSTOM_FORMATS = ("DAY_MONTH_FORMAT", "DAY_MONTH_YEAR_FORMAT")

# Django's Polish catalogue capitalises the days ("Wtorek"); in a Polish sentence they
# are written small ("wtorek, 3 marca"). Our catalogue re-translates them (LOCALE_PATHS
# comes first), and labels that stand alone (a table row, a choice) add `capfirst`.
# Listed here so that `makemessages` keeps them in our catalogue.
WEEKDAY_NAMES = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)
