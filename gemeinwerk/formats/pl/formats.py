# "E" is the month in the genitive: "wtorek, 3 marca".
DAY_MONTH_FORMAT = "l, j E"
DAY_MONTH_YEAR_FORMAT = "l, j E Y"
# Django's Polish short formats use hyphens ("03-03-2026"); Polish writes dots.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
