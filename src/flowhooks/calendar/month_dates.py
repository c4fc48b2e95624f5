"""Fast reading of the commonest spoken form, a day and a month name ("4 November 2019").

dateparser reads these too, but at about a millisecond each; callers and flows send this
form more than any other, so it is read here directly (English and Hindi month names,
ordinals, "of", an optional year). A date without a year is the next such date on or
after today (a caller naming today's date means today).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "जनवरी": 1,
    "february": 2, "feb": 2, "फ़रवरी": 2, "फरवरी": 2,
    "march": 3, "mar": 3, "मार्च": 3,
    "april": 4, "apr": 4, "अप्रैल": 4,
    "may": 5, "मई": 5,
    "june": 6, "jun": 6, "जून": 6,
    "july": 7, "jul": 7, "जुलाई": 7,
    "august": 8, "aug": 8, "अगस्त": 8,
    "september": 9, "sep": 9, "sept": 9, "सितंबर": 9, "सितम्बर": 9,
    "october": 10, "oct": 10, "अक्टूबर": 10, "अक्तूबर": 10,
    "november": 11, "nov": 11, "नवंबर": 11, "नवम्बर": 11,
    "december": 12, "dec": 12, "दिसंबर": 12, "दिसम्बर": 12,
}  # fmt: skip
_MONTH = r"([a-z]+\.?|[\u0900-\u097F]+)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_DAY_MONTH = re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}$", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+{_DAY}{_YEAR}$", re.IGNORECASE)
MAX_YEARS_AHEAD = 8


def parse_month_date(text: str, today: date) -> date | None:
    """Read "4 November 2019", "8 december", "December 8th, 2019", "8 दिसंबर"; else None."""
    if match := _DAY_MONTH.match(text):
        day_text, month_text, year_text = match.groups()
    elif match := _MONTH_DAY.match(text):
        month_text, day_text, year_text = match.groups()
    else:
        return None
    month = MONTHS.get(month_text.lower().rstrip("."))
    if month is None:
        return None
    day = int(day_text)
    if year_text is not None:
        try:
            return date(int(year_text), month, day)
        except ValueError:
            return None
    for year in range(today.year, today.year + MAX_YEARS_AHEAD + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None
