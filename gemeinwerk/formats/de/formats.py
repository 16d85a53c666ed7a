# "Dienstag, 3. März"
DAY_MONTH_FORMAT = "l, j. F"
DAY_MONTH_YEAR_FORMAT = "l, j. F Y"
