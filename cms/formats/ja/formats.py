# A date with its weekday, as Japanese notices write it: 2026年12月15日(火) 13:30.
DATETIME_FORMAT = "Y年n月j日(D) H:i"
