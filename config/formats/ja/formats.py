# Japanese dates as OTIT and JITCO documents write them (2026年12月5日), the
# same in short places; numbers grouped with commas (192,000).
DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 G:i T"
SHORT_DATETIME_FORMAT = "Y年n月j日 G:i T"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
