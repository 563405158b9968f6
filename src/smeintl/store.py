"""The store of processed observations: a series at a vintage, one observation, sources, rules.

``vintage="latest"`` takes, for each period, the most recent release; ``vintage="first"`` the
earliest public (non-paper) release of each period; a date takes the release in force on that
date (the latest vintage on or before it), given as an ISO string ``"2021-06-30"``, a
``datetime.date``/``datetime.datetime`` or a ``pandas.Timestamp``. An unknown series id names
the closest known ids. Reads are logged to the file named by ``SMEINTL_TRACE_READS`` so that the
runner can check what a notebook declared it reads.

>>> import smeintl
>>> smeintl.observation("gac_cbec_trade", "2020", vintage="2021-06-30").value
1.69
"""

from __future__ import annotations

import bisect
import difflib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Any

import pandas as pd

from smeintl import paths
from smeintl.derive import Input


class MissingDataError(LookupError):
    """A series, period or vintage that the sourced data does not hold."""


_TRACED: set[tuple[str, str]] = set()
_RECORDERS: list[set[str]] = []


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the ids of the series read inside the ``with`` block (a whole family read adds
    every series of the family).

    >>> with recording() as read:
    ...     _ = series("gac_cbec_trade")
    >>> sorted(read)
    ['gac_cbec_trade']
    """
    read: set[str] = set()
    _RECORDERS.append(read)
    try:
        yield read
    finally:
        _RECORDERS.remove(read)


def _record(series_id: str) -> None:
    for read in _RECORDERS:
        read.add(series_id)


def _record_family(family: str | None) -> None:
    if _RECORDERS:
        meta = _read("series.csv")
        if family is not None:
            meta = meta[meta["family"] == family]
        ids = meta["series_id"]
        for series_id in ids:
            _record(series_id)


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
    """Series metadata as declared in ``data/raw/series.csv`` (one row per series).

    >>> series_table().set_index("series_id").loc["gac_trade_total", "unit"]
    'RMB trillion'
    """
    return _read("series.csv").copy()


def sources() -> pd.DataFrame:
    """Every source: publisher, title, published date, URL, locator, licence, kind.

    >>> list(sources().columns[:3])
    ['source_id', 'publisher', 'title']
    """
    return _read("sources.csv").copy()


def rules() -> pd.DataFrame:
    """Dated rule events (the paper's Table 7), sorted by date.

    >>> list(rules().columns[:4])
    ['event_id', 'rule', 'event', 'date']
    """
    _trace("rules")
    return _read("rules.csv").copy()


def paper_table(number: int) -> pd.DataFrame:
    """One of the paper's qualitative tables (9 or 10) as transcribed.

    >>> list(paper_table(9).columns[:2])
    ['sector', 'main_internationalisation_mode']
    """
    _trace("paper")
    return _read(f"paper/table-{number:02d}.csv").copy()


def claims() -> pd.DataFrame:
    """The register of the paper's numeric claims (``data/raw/paper/claims.csv``), as text.

    >>> list(claims().columns[:3])
    ['claim_id', 'fact_id', 'location']
    """
    _trace("paper")
    return _read("paper/claims.csv").copy()


def source_record(source_id: str) -> dict[str, str]:
    """One row of :func:`sources` as a dict (a read-only view: do not modify it).

    >>> source_record("gac_2021_01_14_review_2020")["kind"]
    'official'
    """
    rows = _source_rows()
    if source_id not in rows:
        raise KeyError(f"source {source_id!r} is not in data/raw/sources.csv")
    return rows[source_id]


@cache
def _source_rows() -> dict[str, dict[str, str]]:
    # Looked up once per cell of every table: a dict, not a frame indexed again on each call.
    return {row["source_id"]: row for row in _read("sources.csv").to_dict("records")}


@cache
def _paper_sources() -> frozenset[str]:
    table = sources()
    return frozenset(table.loc[table["kind"] == "paper", "source_id"])


@cache
def _families() -> dict[str, str]:
    meta = _read("series.csv")
    return dict(zip(meta["series_id"], meta["family"], strict=True))


def _family(series_id: str) -> str:
    families = _families()
    if series_id not in families:
        # the same words in another order first (gac_total_trade: gac_trade_total), then spelling
        words = sorted(str(series_id).split("_"))
        close = [s for s in families if sorted(s.split("_")) == words]
        close += difflib.get_close_matches(str(series_id), families, n=3 - len(close), cutoff=0.6)
        close = list(dict.fromkeys(close))[:3]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise MissingDataError(
            f"unknown series {series_id!r}{hint} (smeintl.catalog() lists the "
            f"{len(families)} series)"
        )
    return families[series_id]


def observations(family: str | None = None) -> pd.DataFrame:
    """Every record of every vintage (``value`` as float), optionally one family only.

    >>> frame = observations("cbec")
    >>> str(frame["value"].dtype), "gac_cbec_trade" in set(frame["series_id"])
    ('float64', True)
    """
    _record_family(family)
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


def as_vintage(vintage: Any) -> str:
    """``"latest"``, ``"first"`` or the ISO date ``YYYY-MM-DD`` of a date (text, date, Timestamp).

    >>> import datetime, pandas
    >>> as_vintage(datetime.date(2021, 6, 30)), as_vintage(pandas.Timestamp("2021-06-30"))
    ('2021-06-30', '2021-06-30')
    >>> as_vintage("2021-06-30"), as_vintage("latest"), as_vintage("first")
    ('2021-06-30', 'latest', 'first')
    """
    if isinstance(vintage, str):
        if vintage in ("latest", "first"):
            return vintage
        try:
            return date.fromisoformat(vintage).isoformat()
        except ValueError:
            pass
    elif isinstance(vintage, datetime):  # also pandas.Timestamp, a datetime subclass
        if vintage.tzinfo is not None:
            raise ValueError(f"vintage must be a calendar date, without a time zone: {vintage!r}")
        return vintage.date().isoformat()
    elif isinstance(vintage, date):
        return vintage.isoformat()
    raise ValueError(
        "vintage must be 'latest', 'first', an ISO date 'YYYY-MM-DD', a datetime.date or a "
        f"pandas.Timestamp, got {vintage!r}"
    )


def series(series_id: str, vintage: Any = "latest") -> pd.DataFrame:
    """One series, one row per period: the latest release, or the one in force on ``vintage``.

    A value recorded only from the paper (a source of kind ``paper``) is used for a period only
    when no public release of it is recorded.

    Columns: series_id, period, vintage, value (in the series' unit), unit, qualifier,
    source_id, also_in, note. Periods with no release by ``vintage`` are absent.

    >>> import datetime
    >>> frame = series("gac_cbec_trade", vintage=datetime.date(2021, 6, 30))
    >>> frame.loc[frame["period"] == "2020", ["vintage", "value", "unit"]].values.tolist()
    [['2021-01-14', 1.69, 'RMB trillion']]
    >>> series("gac_total_trade")
    Traceback (most recent call last):
    smeintl.store.MissingDataError: unknown series 'gac_total_trade'; did you mean 'gac_trade_tot...
    """
    vintage = as_vintage(vintage)
    family = _family(series_id)
    _trace(family)
    _record(series_id)
    return _series(series_id, vintage, family).copy()


def released_by(frame: pd.DataFrame, vintage: Any) -> pd.DataFrame:
    """The records of ``frame`` (rows of :func:`observations` or :func:`vintages`) public at
    ``vintage``: every record for ``latest``; for ``first`` the earliest public release of each
    series and period, and the paper's records; for a date those released on or before it.

    >>> frame = vintages("gac_cbec_trade", "2024")
    >>> released_by(frame, "first")["value"].tolist()
    [2.63]
    >>> released_by(frame, "latest")["value"].tolist()
    [2.63, 2.71]
    """
    vintage = as_vintage(vintage)
    if vintage == "latest":
        return frame
    if vintage != "first":
        return frame[frame["vintage"] <= vintage]
    paper = frame["source_id"].isin(_paper_sources())
    public = frame[~paper]
    earliest = public.groupby(["series_id", "period"])["vintage"].transform("min")
    return frame[paper | frame.index.isin(public.index[public["vintage"] == earliest])]


def _series(series_id: str, vintage: str, family: str) -> pd.DataFrame:
    return _series_released(series_id, _in_force(series_id, vintage, family), family)


@cache
def _release_dates(series_id: str, family: str) -> tuple[str, ...]:
    frame = _family_frame(family)
    return tuple(sorted(set(frame.loc[frame["series_id"] == series_id, "vintage"])))


def in_force(series_id: str, vintage: Any = "latest") -> str:
    """The release date of ``series_id`` in force at ``vintage``: its latest release on or before
    that date (``latest`` and ``first`` as they are). Every date from one release of the series
    to the next sees the same records of it, so results may be kept by this date.

    >>> in_force("gac_cbec_trade", "2021-06-30")
    '2021-01-14'
    """
    vintage = as_vintage(vintage)
    family = _family(series_id)
    _trace(family)
    _record(series_id)
    return _in_force(series_id, vintage, family)


def _in_force(series_id: str, vintage: str, family: str) -> str:
    """The series' own latest release date on or before ``vintage`` (``latest`` and ``first`` as
    they are): every date between two releases sees the same records, so a sweep over many
    dates computes each series once per release, not once per date."""
    if vintage in ("latest", "first"):
        return vintage
    dates = _release_dates(series_id, family)
    i = bisect.bisect_right(dates, vintage)
    return dates[i - 1] if i else vintage


@cache
def _series_records(series_id: str, family: str) -> tuple[dict[str, Any], ...]:
    frame = _family_frame(family)
    return tuple(frame[frame["series_id"] == series_id].to_dict("records"))


@cache
def _chosen(series_id: str, vintage: str, family: str) -> tuple[dict[str, Any], ...]:
    """The record shown for each period at ``vintage``, in period order (plain rows: a sweep
    asks for hundreds of series-vintages, and a frame per step cost ~8 ms each)."""
    if vintage == "first":
        frame = _family_frame(family)
        records = released_by(frame[frame["series_id"] == series_id], vintage).to_dict("records")
    else:
        records = [
            r
            for r in _series_records(series_id, family)
            if vintage == "latest" or r["vintage"] <= vintage
        ]
    # The paper is the source of last resort: its printed values are claims to audit, so a
    # value from a public release wins whatever their dates; paper-only periods stay visible.
    # Among equals the later release wins, and on the same date the later row of the file.
    paper = _paper_sources()
    best: dict[str, tuple[tuple[bool, str], dict[str, Any]]] = {}
    for record in records:
        rank = (record["source_id"] not in paper, record["vintage"])
        period = record["period"]
        if period not in best or rank >= best[period][0]:
            best[period] = (rank, record)
    from smeintl.build import period_key

    return tuple(best[p][1] for p in sorted(best, key=period_key))


def _series_released(series_id: str, vintage: str, family: str) -> pd.DataFrame:
    empty = _family_frame(family).iloc[0:0]
    rows = _chosen(series_id, vintage, family)
    return pd.DataFrame(list(rows), columns=empty.columns) if rows else empty.copy()


@cache
def _inputs(series_id: str, vintage: str, family: str) -> dict[str, Input]:
    """Period → the value in force at ``vintage`` (a vintage from :func:`_in_force`)."""
    return {
        str(r["period"]): Input.from_record(series_id, str(r["period"]), r)
        for r in _chosen(series_id, vintage, family)
    }


def vintages(series_id: str, period: str) -> pd.DataFrame:
    """Every release of one series and period, oldest first, with its source.

    >>> vintages("gac_cbec_trade", "2020")[["vintage", "value"]].values.tolist()[:1]
    [['2021-01-14', 1.69]]
    """
    family = _family(series_id)
    _trace(family)
    _record(series_id)
    frame = _releases_index(family).get((series_id, period))
    if frame is None:
        return _family_frame(family).iloc[0:0].reset_index(drop=True)
    return frame.copy()


@cache
def _releases_index(family: str) -> dict[tuple[str, str], pd.DataFrame]:
    """Every release of each series and period of a family, oldest first (as :func:`vintages`)."""
    frame = _family_frame(family)
    return {
        key: group.sort_values("vintage").reset_index(drop=True)
        for key, group in frame.groupby(["series_id", "period"], sort=False)
    }


def observation_or_none(series_id: str, period: str, vintage: Any = "latest") -> Input | None:
    """:func:`observation`, or None when ``period`` has no release by ``vintage``; an unknown
    series is still an error (MissingDataError): a typo must not pass for a gap in the data.

    >>> observation_or_none("gac_cbec_trade", "1999") is None
    True
    """
    vintage = as_vintage(vintage)
    family = _family(series_id)
    _trace(family)
    _record(series_id)
    return _inputs(series_id, _in_force(series_id, vintage, family), family).get(period)


def observation(series_id: str, period: str, vintage: Any = "latest") -> Input:
    """One value with its provenance, ready for :mod:`smeintl.derive`.

    >>> x = observation("gac_cbec_trade", "2020", vintage="2021-06-30")
    >>> x.value, x.unit, x.vintage
    (1.69, 'RMB trillion', '2021-01-14')
    """
    vintage = as_vintage(vintage)
    found = observation_or_none(series_id, period, vintage)
    if found is None:
        when = "" if vintage == "latest" else f" as released by {vintage}"
        raise MissingDataError(f"no sourced value of {series_id} for {period}{when}")
    return found
