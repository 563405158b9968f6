"""The store of processed observations: a series at a vintage, one observation, sources, rules.

``vintage="latest"`` takes, for each period, the most recent release; an ISO date takes the
release in force on that date (the latest vintage on or before it). Reads are logged to the file
named by ``SMEINTL_TRACE_READS`` so that the runner can check what a notebook declared it reads.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache

import pandas as pd

from smeintl import paths
from smeintl.derive import Input


class MissingDataError(LookupError):
    """A series, period or vintage that the sourced data does not hold."""


_TRACED: set[tuple[str, str]] = set()


def _trace(family: str) -> None:
    target = os.environ.get("SMEINTL_TRACE_READS")
    if target and (target, family) not in _TRACED:
        _TRACED.add((target, family))
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(family + "\n")


@cache
def _read(name: str) -> pd.DataFrame:
    path = paths.DATA_PROCESSED / name
    if not path.exists():
        raise FileNotFoundError(
            f"{paths.relative(path)} is missing: build the processed data first "
            "with `python -m smeintl data` (or `make data`)"
        )
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def series_table() -> pd.DataFrame:
    """Series metadata as declared in ``data/raw/series.csv`` (one row per series)."""
    return _read("series.csv").copy()


def sources() -> pd.DataFrame:
    """Every source: publisher, title, published date, URL, locator, licence, kind."""
    return _read("sources.csv").copy()


def rules() -> pd.DataFrame:
    """Dated rule events (the paper's Table 7), sorted by date."""
    _trace("rules")
    return _read("rules.csv").copy()


def paper_table(number: int) -> pd.DataFrame:
    """One of the paper's qualitative tables (9 or 10) as transcribed."""
    _trace("paper")
    return _read(f"paper/table-{number:02d}.csv").copy()


def claims() -> pd.DataFrame:
    """The register of the paper's numeric claims (``data/raw/paper/claims.csv``), as text."""
    _trace("paper")
    return _read("paper/claims.csv").copy()


@cache
def _paper_sources() -> frozenset[str]:
    table = sources()
    return frozenset(table.loc[table["kind"] == "paper", "source_id"])


def _period_order(periods: pd.Series) -> pd.Series:
    from smeintl.build import period_key

    return periods.map(period_key)


@cache
def _families() -> dict[str, str]:
    meta = _read("series.csv")
    return dict(zip(meta["series_id"], meta["family"], strict=True))


def _family(series_id: str) -> str:
    families = _families()
    if series_id not in families:
        raise MissingDataError(
            f"unknown series {series_id!r}; see smeintl.catalog() for the {len(families)} series"
        )
    return families[series_id]


def observations(family: str | None = None) -> pd.DataFrame:
    """Every record of every vintage (``value`` as float), optionally one family only."""
    if family is None:
        for name in sorted(series_table()["family"].unique()):
            _trace(name)
        frame = _read("observations.csv").drop(columns="family")
    else:
        _trace(family)
        return _family_frame(family).copy()
    frame = frame.copy()
    frame["value"] = frame["value"].astype(float)
    return frame


@cache
def _family_frame(family: str) -> pd.DataFrame:
    frame = _read(f"{family}.csv").copy()
    frame["value"] = frame["value"].astype(float)
    return frame


def _check_vintage(vintage: str) -> None:
    if vintage != "latest":
        try:
            date.fromisoformat(vintage)
        except ValueError:
            raise ValueError(f"vintage must be 'latest' or an ISO date, got {vintage!r}") from None


def series(series_id: str, vintage: str = "latest") -> pd.DataFrame:
    """One series, one row per period: the latest release, or the one in force on ``vintage``.

    A value recorded only from the paper (a source of kind ``paper``) is used for a period only
    when no public release of it is recorded.

    Columns: series_id, period, vintage, value (in the series' unit), unit, qualifier,
    source_id, also_in, note. Periods with no release by ``vintage`` are absent.
    """
    _check_vintage(vintage)
    family = _family(series_id)
    _trace(family)
    return _series(series_id, vintage, family).copy()


@cache
def _series(series_id: str, vintage: str, family: str) -> pd.DataFrame:
    frame = _family_frame(family)
    frame = frame[frame["series_id"] == series_id]
    if vintage != "latest":
        frame = frame[frame["vintage"] <= vintage]
    # The paper is the source of last resort: its printed values are claims to audit, so a
    # value from a public release wins whatever their dates; paper-only periods stay visible.
    frame = frame.assign(_from_paper=frame["source_id"].isin(_paper_sources()))
    frame = frame.sort_values(["period", "_from_paper", "vintage"], ascending=[True, False, True])
    frame = frame.groupby("period", sort=False).tail(1).drop(columns="_from_paper")
    return frame.sort_values("period", key=_period_order).reset_index(drop=True)


def vintages(series_id: str, period: str) -> pd.DataFrame:
    """Every release of one series and period, oldest first, with its source."""
    family = _family(series_id)
    _trace(family)
    frame = _family_frame(family)
    frame = frame[(frame["series_id"] == series_id) & (frame["period"] == period)]
    return frame.sort_values("vintage").reset_index(drop=True)


def observation(series_id: str, period: str, vintage: str = "latest") -> Input:
    """One value with its provenance, ready for :mod:`smeintl.derive`."""
    _check_vintage(vintage)
    family = _family(series_id)
    _trace(family)
    frame = _series(series_id, vintage, family)
    row = frame[frame["period"] == period]
    if row.empty:
        when = "" if vintage == "latest" else f" as released by {vintage}"
        raise MissingDataError(f"no sourced value of {series_id} for {period}{when}")
    record = row.iloc[0]
    return Input(
        series_id=series_id,
        period=period,
        vintage=str(record["vintage"]),
        value=float(record["value"]),
        unit=str(record["unit"]),
        qualifier=str(record["qualifier"]),
        source_id=str(record["source_id"]),
    )
