# British English, as the source strings are: "Tuesday 3 March", "3 March 2026".
DAY_MONTH_FORMAT = "l j F"
DAY_MONTH_YEAR_FORMAT = "l j F Y"
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y, P"
