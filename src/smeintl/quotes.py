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

    Chinese compounds are summed: ``3兆3579億`` is 3 × 10¹² + 3579 × 10⁸ and ``9萬9665`` is
    99 665.
    """
    scale = UNIT_SCALE.get(unit, 1)
    found: list[Fraction] = []
    compound, last_end, last_factor = Fraction(0), -1, 0
    for match in _NUMBER.finditer(normalise(quote)):
        number = Fraction(Decimal(match.group(1)))
        found.append(number)
        word = match.group(2) or match.group(3)
        adjacent = match.start() == last_end
        if not word:
            if adjacent and number < last_factor:  # the units after the last multiplier
                found.append((compound + number) / scale)
            compound, last_end = Fraction(0), -1
            continue
        factor = MULTIPLIERS[word if word in MULTIPLIERS else word.lower()]
        found.append(number * factor / scale)
        if match.group(2) and adjacent and factor < last_factor:
            compound += number * factor
            found.append(compound / scale)
        else:
            compound = number * factor
        last_end, last_factor = match.end(), factor if match.group(2) else 0
    return found


_CONVERSION = re.compile(r"(divided|multiplied) by ([\d,]+)", re.IGNORECASE)
_RATIO = re.compile(r"computed:\s*([\d,.]+)[^/;]*/\s*([\d,.]+)", re.IGNORECASE)


def _number(text: str) -> Fraction:
    return Fraction(Decimal(text.replace(",", "").rstrip(".")))


def states_value(quote: str, value: str, unit: str, note: str = "") -> bool:
    """True when ``quote`` prints ``value`` (a decimal string in ``unit``), sign aside.

    A value derived from the published form says how in ``note``, and is checked that way:
    "divided by 100" (a rate published per 100 dollars) scales the quoted numbers; "computed:
    A … / B …" requires A and B in the quote and ``value`` equal to A / B at its printed
    precision.
    """
    target = abs(Fraction(Decimal(value)))
    stated = stated_values(quote, unit)
    if target in stated:
        return True
    for verb, factor in _CONVERSION.findall(note):
        k = _number(factor)
        if any((x / k if verb.lower() == "divided" else x * k) == target for x in stated):
            return True
    ratio = _RATIO.search(note)
    if ratio:
        a, b = _number(ratio.group(1)), _number(ratio.group(2))
        plain = stated_values(re.sub(r"(?<=\d) (?=\d{3}\b)", "", quote), "")
        decimals = len(value.split(".")[1]) if "." in value else 0
        rounded = round(a / b, decimals)
        return a in plain and b in plain and Fraction(rounded) == target
    return False


#: Month names in the languages the rule sources are written in (English first).
MONTHS: dict[str, tuple[str, ...]] = {
    "en": tuple(calendar.month_name[1:]),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}


def _date_renderings(day: date) -> list[str]:
    """How a source may print ``day``: with its year, or as day and month (the year in context)."""
    d, m, y = day.day, day.month, day.year
    forms = [day.isoformat(), f"{y}年{m}月{d}日"]
    for sep in "-./":
        forms += [f"{d:02d}{sep}{m:02d}{sep}{y}", f"{d}{sep}{m}{sep}{y}"]
    names = {months[m - 1].lower() for months in MONTHS.values()}
    short = calendar.month_abbr[m].lower()
    names |= {short, short + "."}
    for name in names:
        forms += [f"{d} {name}", f"{name} {d},", f"{name} {d} ", f"{name} {d})"]
        if name == calendar.month_name[m].lower() and d in (1, calendar.monthrange(y, m)[1]):
            forms += [f"{name} {y}"]
    forms += [f"{m}月{d}日"]
    if d in (1, calendar.monthrange(y, m)[1]):
        forms += [f"{y}年{m}月"]
    return forms


_YEAR_AFTER = re.compile(r"\.?\s*,?\s*(\d{4})")


def _occurs(form: str, text: str, year: int) -> bool:
    """``form`` occurs in ``text`` and no other year follows it ("30 December 2025" is not a
    rendering of 2026-12-30)."""
    start = text.find(form)
    while start >= 0:
        end = start + len(form.rstrip(",) "))
        after_text = text[end : end + 1]
        whole_word = not (form[-1].isascii() and form[-1].isalnum() and after_text.isalnum())
        after = _YEAR_AFTER.match(text, end)
        if whole_word and (not after or int(after.group(1)) == year):
            return True
        start = text.find(form, start + 1)
    return False


def states_date(quote: str, when: str, published: str = "") -> bool:
    """True when ``quote`` gives the ISO date ``when``: in a usual English, European or Chinese
    form; as day and month (the year in context); or relative to the page's own date
    ``published`` ("today", or the weekday of ``when`` in the week up to ``published``)."""
    text = re.sub(r"\s+", " ", normalise(quote).lower()) + " "
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    day = date.fromisoformat(when)
    if any(_occurs(form, text, day.year) for form in _date_renderings(day)):
        return True
    if not published:
        return False
    page = date.fromisoformat(published)
    if "today" in text and page == day:
        return True
    weekday = calendar.day_name[day.weekday()].lower()
    return weekday in text and 0 <= (page - day).days < 7
