# A date with its weekday, as English notices write it: Tue 15 Dec 2026, 13:30.
DATETIME_FORMAT = "D j M Y, H:i"
