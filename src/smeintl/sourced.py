"""Sourced values looked up with their provenance: the data side every exhibit shares.

* :func:`find` and :func:`level_in`: one sourced value at a vintage, a level in RMB or in USD
  (the publisher's own USD figure, else converted with a *sourced* annual average rate, never an
  invented one);
* :func:`cell` and :func:`provenance_table`: a paper table's cell as the latest sourced release
  beside the number the paper prints (read from the claims register by claim id), with the kind
  of its source and a plain statement of how the two compare.

How these values look on the page (formats, links to evidence, source lines) is
:mod:`smeintl.presentation`'s business, not this module's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from smeintl import derive
from smeintl.derive import Input
from smeintl.presentation import PAPER_ONLY, QUALIFIER_WORDS, Printed, attach, cite, number
from smeintl.store import (
    MissingDataError,
    claims,
    in_force,
    observation,
    observation_or_none,
    released_by,
    series_table,
    source_record,
    vintages,
)

RATE_SERIES = "cny_per_usd_annual_avg"


def find(series_id: str, period: str, vintage: str = "latest") -> Input | None:
    """The sourced value of ``series_id`` for ``period`` as released by ``vintage``, or None.

    A record whose source is the paper itself (kind ``paper``) is used only when no release of
    the period from any other source exists by ``vintage``: the exhibits reproduce the paper from
    the publishers' releases, not from the paper. An unknown series is an error
    (MissingDataError), not a missing value: a typo must not pass for a gap in the data.
    """
    return observation_or_none(series_id, period, vintage)  # releases preferred to the paper


def previous_year(period: str) -> str:
    """``"2025"`` → ``"2024"``."""
    return str(int(period[:4]) - 1)


def unit_label(currency: str) -> str:
    """The level unit of a table or figure: ``RMB trillion`` or ``USD trillion``."""
    return f"{currency} trillion"


def in_currency(level: Input, currency: str, vintage: str = "latest") -> tuple[Input, list[str]]:
    """``level`` (RMB trillion) in ``currency``, with the source ids of any rate used.

    USD divides by the sourced annual average rate (RMB per USD) of the level's year, as released
    by ``vintage`` (:func:`smeintl.derive.convert`). No sourced rate: MissingDataError naming the
    year and the series; a rate is never assumed.
    """
    if currency == "RMB":
        return level, []
    if currency != "USD":
        raise ValueError(f"currency must be RMB or USD, got {currency!r}")
    year = level.period[:4]
    when = "" if vintage == "latest" else f" as released by {vintage}"
    try:
        rate = find(RATE_SERIES, year, vintage)
    except MissingDataError:
        rate = None
        why = f"the series {RATE_SERIES} is not in data/raw/series.csv"
    else:
        why = f"{RATE_SERIES} has no value for {year}{when}"
    if rate is None:
        raise MissingDataError(
            f"cannot report {level.series_id} for {level.period} in USD: no sourced RMB-per-USD "
            f"annual average rate for {year} ({why}). Add the sourced rate to data/raw/fx.csv, "
            "or use currency='RMB'; no rate is assumed."
        )
    converted = derive.convert(level, rate, name=f"{level.series_id} in USD")
    result = Input(
        level.series_id,
        level.period,
        max(level.vintage, rate.vintage),
        converted.value,
        converted.unit,
        level.qualifier,
        level.source_id,
    )
    return result, [rate.source_id]


def level_in(
    series_id: str, period: str, vintage: str, currency: str
) -> tuple[Input | None, list[str]]:
    """A sourced level in ``currency`` and the source ids behind it; (None, []) if not released.

    In USD the publisher's own USD figure (series ``<series_id>_usd``) comes first; otherwise
    the RMB level is converted with a sourced annual rate. With neither, the cell stays empty
    (None) rather than take an unsourced rate.
    """
    if currency == "USD" and f"{series_id}_usd" in _usd_series():
        published = find(f"{series_id}_usd", period, vintage)
        if published is not None:
            return published, [published.source_id]
    level = find(series_id, period, vintage)
    if level is None:
        return None, []
    try:
        converted, rate_sources = in_currency(level, currency, vintage)
    except MissingDataError:
        if currency == "USD":
            return None, []
        raise
    return converted, [level.source_id, *rate_sources]


@cache
def _usd_series() -> frozenset[str]:
    ids = series_table()["series_id"]
    return frozenset(ids[ids.str.endswith("_usd")])


def value_or_nan(x: Input | derive.Derived | None, digits: int | None = None) -> float:
    """``x.value`` (rounded to ``digits`` if given), or NaN when ``x`` is None."""
    if x is None:
        return math.nan
    return round(x.value, digits) if digits is not None else float(x.value)


STATUS = {
    "official": "publisher's own release",
    "news": "news report of the release",
    "aggregator": "secondary (aggregator)",
    "paper": PAPER_ONLY,
}
NOT_RELEASED = "not released by this vintage"


def paper_claims() -> pd.DataFrame:
    """The claims register: every number the paper prints, one row per location (``claim_id``).

    Read from ``data/processed/paper/claims.csv`` (family ``paper``); ``value`` stays text,
    because dates and numbers share the column.
    """
    return claims()


def paper_value(claim_id: str) -> float:
    """The number the paper prints at ``claim_id`` (in the claim's unit)."""
    register = paper_claims().set_index("claim_id")
    if claim_id not in register.index:
        raise KeyError(f"claim {claim_id!r} is not in data/raw/paper/claims.csv")
    return float(register.loc[claim_id, "value"])


def source_kind(source_id: str) -> str:
    """``official``, ``news``, ``aggregator`` or ``paper`` (the paper itself)."""
    return source_record(source_id)["kind"]


def lookup(series_id: str, period: str, vintage: str = "latest") -> dict | None:
    """One sourced value with its provenance, or ``None`` when it was not released by ``vintage``.

    Keys: series_id, period, vintage, value, unit, qualifier, source_id, kind, status, source.
    """
    try:
        obs = observation(series_id, period, vintage)
    except MissingDataError:
        return None
    kind = source_kind(obs.source_id)
    return {
        "series_id": series_id,
        "period": period,
        "vintage": obs.vintage,
        "value": obs.value,
        "unit": obs.unit,
        "qualifier": obs.qualifier,
        "source_id": obs.source_id,
        "kind": kind,
        "status": STATUS[kind],
        "source": cite(obs.source_id),
    }


def releases(series_id: str, period: str, vintage: str = "latest") -> pd.DataFrame:
    """Every record of one series and period released by ``vintage``, oldest first, with the
    kind of its source (``official``, ``news``, ``aggregator`` or ``paper``)."""
    return _releases(series_id, period, in_force(series_id, vintage)).copy()


@cache
def _releases(series_id: str, period: str, vintage: str) -> pd.DataFrame:
    frame = released_by(vintages(series_id, period), vintage).copy()
    frame["kind"] = [source_kind(s) for s in frame["source_id"]]
    return frame.reset_index(drop=True)


def check_against_paper(
    value: float | None,
    qualifier: str,
    kind: str,
    printed: float | None,
    printed_qualifier: str = "",
) -> str:
    """How the value we show compares with the paper's printed number, in words."""
    if value is None:
        return NOT_RELEASED
    if kind == "paper":
        return PAPER_ONLY
    if printed is None:
        return "not printed in the paper"
    if not math.isclose(value, printed, abs_tol=1e-9):
        return f"differs: source {number(value, qualifier=qualifier)}, paper {number(printed)}"
    if qualifier != printed_qualifier and not (printed_qualifier == "about" and not qualifier):
        said = QUALIFIER_WORDS.get(qualifier, "").strip() or "exactly"
        wrote = QUALIFIER_WORDS.get(printed_qualifier, "").strip() or "exactly"
        return f"same number; source says '{said}', paper '{wrote}'"
    return "matches the paper"


@dataclass(frozen=True)
class Row:
    """One cell of a paper table: a label, the series and period behind it, and its claim id."""

    indicator: str
    column: str
    series_id: str
    period: str
    claim_id: str | None = None


def cell(row: Row, vintage: str = "latest", claims: pd.DataFrame | None = None) -> dict:
    """One cell with provenance: the latest *sourced* release by ``vintage`` (a record of the
    paper itself only when nothing else was found), beside the number the paper prints.

    A record whose source is the paper (kind ``paper``) never hides a sourced value: where the
    data hold both (e.g. customs days 10 found, 11 printed), the sourced value is shown and the
    paper's is given beside it. ``claims`` (indexed by ``claim_id``) replaces the register.
    """
    if claims is None:
        found = _cell_in_force(row, in_force(row.series_id, vintage))
    else:
        found = _cell(row, vintage, claims)
    return found | {"_evidence": dict(found["_evidence"])}


@cache
def _claims_register() -> pd.DataFrame:
    return paper_claims().set_index("claim_id")


@cache
def _cell_in_force(row: Row, vintage: str) -> dict:
    # a sweep asks for the same cell at many dates between two releases of its series
    return _cell(row, vintage, _claims_register())


def _cell(row: Row, vintage: str, claims: pd.DataFrame) -> dict:
    recs = releases(row.series_id, row.period, vintage)
    sourced = recs[recs["kind"] != "paper"]
    paper = recs[recs["kind"] == "paper"]
    shown = sourced.iloc[-1] if len(sourced) else (paper.iloc[-1] if len(paper) else None)
    unit = str(shown["unit"]) if shown is not None else _unit(row.series_id)
    printed_as: Printed | Input | None = None
    if row.claim_id and row.claim_id in claims.index:
        printed = float(claims.loc[row.claim_id, "value"])
        printed_q = str(claims.loc[row.claim_id, "qualifier"])
        printed_as = Printed(row.claim_id, printed, unit, printed_q)
    elif len(paper):
        printed, printed_q = float(paper.iloc[-1]["value"]), str(paper.iloc[-1]["qualifier"])
        printed_as = Input.from_record(row.series_id, row.period, paper.iloc[-1])
    else:
        printed, printed_q = None, ""
    value = None if shown is None else float(shown["value"])
    qualifier = "" if shown is None else str(shown["qualifier"])
    kind = "" if shown is None else str(shown["kind"])
    return {
        "indicator": row.indicator,
        "column": row.column,
        "value": math.nan if value is None else value,
        "qualifier": qualifier,
        "unit": unit,
        "paper_prints": math.nan if printed is None else printed,
        "paper_qualifier": printed_q,
        "check": check_against_paper(value, qualifier, kind, printed, printed_q),
        "source_status": STATUS[kind] if kind else NOT_RELEASED,
        "source": cite(str(shown["source_id"])) if shown is not None else "",
        "released": str(shown["vintage"]) if shown is not None else "",
        "series_id": row.series_id,
        "period": row.period,
        "source_id": str(shown["source_id"]) if shown is not None else "",
        "_evidence": {
            "value": None if shown is None else Input.from_record(row.series_id, row.period, shown),
            "paper_prints": printed_as,
        },
    }


def provenance_table(rows: Sequence[Row], vintage: str = "latest") -> pd.DataFrame:
    """One line per cell (see :func:`cell`).

    Columns: indicator, column, value (float, in ``unit``; NaN when nothing was released by
    ``vintage``), qualifier, unit, paper_prints (float or NaN), paper_qualifier, check,
    source_status, source, released (the vintage of the value shown), series_id, period,
    source_id. The record shown and the paper's claim are attached to each row's ``value`` and
    ``paper_prints`` (:func:`smeintl.presentation.attach`).
    """
    cells = [cell(row, vintage) for row in rows]
    evidence = {
        (i, column): x
        for i, c in enumerate(cells)
        for column, x in c.pop("_evidence").items()
        if x is not None
    }
    return attach(pd.DataFrame(cells), evidence)


@cache
def _unit(series_id: str) -> str:
    meta = series_table().set_index("series_id")
    return str(meta.loc[series_id, "unit"]) if series_id in meta.index else ""
