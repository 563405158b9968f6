"""The catalogue: one row per series, its metadata joined with what the records show."""

from __future__ import annotations

import pandas as pd

from smeintl.build import period_key
from smeintl.store import _read, series_table, sources

CATALOG_COLUMNS = [
    "series_id",
    "title",
    "unit",
    "frequency",
    "producer",
    "family",
    "measure",
    "coverage",
    "n_periods",
    "n_records",
    "latest_vintage",
    "url",
    "licence",
    "sources",
    "paper_only",
    "description",
    "processing",
]


def catalog() -> pd.DataFrame:
    """Every series with unit, frequency, producer, coverage, latest release date, URL, licence.

    ``latest_vintage`` is the release date of the series' most recent record and ``url`` and
    ``licence`` belong to that record's source; ``paper_only`` marks series whose every value
    comes from the paper itself because no original release was found.

    >>> row = catalog().set_index("series_id").loc["gac_trade_total"]
    >>> row["unit"], row["frequency"]
    ('RMB trillion', 'annual')
    """
    meta = series_table()
    records = _read("observations.csv")
    src = sources().set_index("source_id")
    rows = []
    for _, s in meta.iterrows():
        recs = records[records["series_id"] == s["series_id"]]
        periods = sorted(recs["period"].unique(), key=period_key)
        latest = recs.sort_values(["vintage", "source_id"]).iloc[-1] if len(recs) else None
        ids = sorted(set(recs["source_id"]))
        kinds = {src.loc[i, "kind"] for i in ids if i in src.index}
        rows.append(
            {
                **{
                    k: s[k]
                    for k in (
                        "series_id",
                        "title",
                        "unit",
                        "frequency",
                        "producer",
                        "family",
                        "measure",
                        "description",
                        "processing",
                    )
                },
                "coverage": f"{periods[0]}–{periods[-1]}"
                if len(periods) > 1
                else (periods[0] if periods else "no sourced value"),
                "n_periods": len(periods),
                "n_records": len(recs),
                "latest_vintage": latest["vintage"] if latest is not None else "",
                "url": src.loc[latest["source_id"], "url"] if latest is not None else "",
                "licence": src.loc[latest["source_id"], "licence"] if latest is not None else "",
                "sources": ";".join(ids),
                "paper_only": kinds == {"paper"},
            }
        )
    return pd.DataFrame(rows, columns=CATALOG_COLUMNS).sort_values("series_id", ignore_index=True)
