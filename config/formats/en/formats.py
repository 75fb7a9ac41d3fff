"""English dates as the Polish pages write them (day, month, year; 24-hour clock), the same
on every page: "4 December 2026", "4 December 2026, 11:36" rather than Django's American
defaults ("Dec. 4, 2026, 11:36 a.m.")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in Poland
