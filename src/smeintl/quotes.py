"""Does a quoted sentence state the recorded value? The check behind every raw record's ``quote``.

A record's ``quote`` is the source's own sentence or table cell, verbatim, so it prints the value
the way the publisher did: ``"45.47 trillion yuan"``, ``"243329亿元"``, ``"USD 992 billion"``,
``"７８万家"``, ``"17,600 firms"``, ``"up 3.8 percent"``. :func:`stated_values` reads every number
of a quote, after normalising full-width characters (NFKC) and thousands separators, in the
record's own unit: ``"243329亿元"`` read for a value in ``RMB trillion`` gives 24.3329. A record
passes when one of them equals its value exactly (``Fraction`` arithmetic, so 5.0 equals 5).

Rule events quote a date; :func:`states_date` accepts the usual English and Chinese renderings
("30 December 2025", "December 30, 2025", "2025年12月30日", ISO), and a month-year rendering
("from January 2026") for a date on the first or last day of that month.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import Decimal
from fractions import Fraction

#: Multipliers a source prints after a number, and the factor each stands for.
MULTIPLIERS: dict[str, int] = {
    "万亿": 10**12,
    "萬億": 10**12,
    "兆": 10**12,
    "亿": 10**8,
    "億": 10**8,
    "万": 10**4,
    "萬": 10**4,
    "trillion": 10**12,
    "trn": 10**12,
    "tn": 10**12,
    "t": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
}

#: The scale of a record's unit: a value in "RMB trillion" counts trillions.
UNIT_SCALE: dict[str, int] = {"RMB trillion": 10**12, "USD trillion": 10**12}

_SEPARATOR = re.compile(r"(?<=\d)[,\u2009\u202f\u00a0'](?=\d{3}(?!\d))")
_ASCII_UNITS = "|".join(sorted((k for k in MULTIPLIERS if k.isascii()), key=len, reverse=True))
_CJK_UNITS = "|".join(sorted((k for k in MULTIPLIERS if not k.isascii()), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:({_CJK_UNITS})|(?:({_ASCII_UNITS})(?![a-z])))?",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC), thousands separators removed."""
    text = unicodedata.normalize("NFKC", text)
    previous = None
    while previous != text:  # "1,234,567" needs one pass per separator
        previous, text = text, _SEPARATOR.sub("", text)
    return text


def stated_values(quote: str, unit: str) -> list[Fraction]:
    """Every number of ``quote`` as printed and, where a multiplier follows it, in ``unit``.

    Chinese compounds are summed: ``3兆3579億`` is 3 × 10¹² + 3579 × 10⁸.
    """
    scale = UNIT_SCALE.get(unit, 1)
    found: list[Fraction] = []
    compound, last_end, last_factor = Fraction(0), -1, 0
    for match in _NUMBER.finditer(normalise(quote)):
        number = Fraction(Decimal(match.group(1)))
        found.append(number)
        word = match.group(2) or match.group(3)
        if not word:
            compound, last_end = Fraction(0), -1
            continue
        factor = MULTIPLIERS[word if word in MULTIPLIERS else word.lower()]
        found.append(number * factor / scale)
        if match.group(2) and match.start() == last_end and factor < last_factor:
            compound += number * factor
            found.append(compound / scale)
        else:
            compound = number * factor
        last_end, last_factor = match.end(), factor
    return found


def states_value(quote: str, value: str, unit: str) -> bool:
    """True when ``quote`` prints ``value`` (a decimal string in ``unit``), sign aside."""
    target = abs(Fraction(Decimal(value)))
    return target in stated_values(quote, unit)


def _date_renderings(day: date) -> list[str]:
    month = calendar.month_name[day.month].lower()
    short = calendar.month_abbr[day.month].lower()
    forms = [day.isoformat(), f"{day.year}年{day.month}月{day.day}日"]
    for name in {month, short, short + "."}:
        forms += [f"{day.day} {name} {day.year}", f"{name} {day.day}, {day.year}"]
        forms += [f"{name} {day.day} {day.year}"]
    last = calendar.monthrange(day.year, day.month)[1]
    if day.day in (1, last):
        forms += [f"{month} {day.year}", f"{day.year}年{day.month}月"]
    return forms


def states_date(quote: str, when: str) -> bool:
    """True when ``quote`` gives the ISO date ``when`` in a usual English or Chinese form."""
    text = re.sub(r"\s+", " ", normalise(quote).lower())
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    return any(form in text for form in _date_renderings(date.fromisoformat(when)))
