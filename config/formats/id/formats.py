# Indonesian dates and numbers, one way across the app: "5 Desember 2026",
# "5 Des 2026" where space is short, "1.234.567,5". Django's own Indonesian
# short format (d-m-Y) read as a third style beside these on one page.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y H.i T"
SHORT_DATETIME_FORMAT = "j M Y H.i T"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
