"""How much the series are revised, and how fast: a vintage table per quantity.

A *revision* here is a later public release of the same series and period with another value.
Values recorded from the paper are claims, not releases, and are left out. Every function reads the
processed records through :mod:`smeintl.store`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from smeintl import store

REVISION_COLUMNS = [
    "family",
    "series_id",
    "period",
    "unit",
    "releases",
    "first_vintage",
    "first_value",
    "latest_vintage",
    "latest_value",
    "revision",
    "revision_pct",
    "days",
    "intermediate",
]


def releases(records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every public release (paper-only records excluded), by series, period and vintage.

    ``records`` (columns of ``observations.csv`` and ``family``) replaces the project's records.
    """
    if records is not None:
        return records.sort_values(["series_id", "period", "vintage"]).reset_index(drop=True)
    records = store.observations()
    families = store.series_table().set_index("series_id")["family"]
    records = records.assign(family=records["series_id"].map(families))
    paper = set(store.sources().query("kind == 'paper'")["source_id"])
    records = records[~records["source_id"].isin(paper)]
    return records.sort_values(["series_id", "period", "vintage"]).reset_index(drop=True)


def _days(first: str, last: str) -> int:
    return (date.fromisoformat(last) - date.fromisoformat(first)).days


def revision_table(records: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per series and period released more than once: first and latest release, the
    revision (latest − first, in the series' unit, and in per cent of the first), the days
    between, and every intermediate release as ``vintage: value``."""
    rows = []
    for (series_id, period), group in releases(records).groupby(["series_id", "period"], sort=True):
        if len(group) < 2:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        change = float(last["value"]) - float(first["value"])
        rows.append(
            {
                "family": first["family"],
                "series_id": series_id,
                "period": period,
                "unit": first["unit"],
                "releases": len(group),
                "first_vintage": first["vintage"],
                "first_value": float(first["value"]),
                "latest_vintage": last["vintage"],
                "latest_value": float(last["value"]),
                "revision": round(change, 6),
                "revision_pct": round(100 * change / float(first["value"]), 4)
                if float(first["value"])
                else float("nan"),
                "days": _days(first["vintage"], last["vintage"]),
                "intermediate": "; ".join(
                    f"{r.vintage}: {r.value:g}" for r in group.iloc[1:-1].itertuples()
                ),
            }
        )
    return pd.DataFrame(rows, columns=REVISION_COLUMNS)


def family_summary(records: pd.DataFrame | None = None) -> pd.DataFrame:
    """By family: periods released, share revised (%), mean absolute revision (% of the first
    release) and mean days from first release to latest, over the periods revised."""
    released = releases(records).groupby(["family", "series_id", "period"]).size().reset_index()
    table = revision_table(records)
    changed = table[table["revision"] != 0]
    out = []
    for family, group in released.groupby("family", sort=True):
        revised = changed[changed["family"] == family]
        out.append(
            {
                "family": family,
                "periods": len(group),
                "released_more_than_once": int((table["family"] == family).sum()),
                "revised": len(revised),
                "share_revised_pct": round(100 * len(revised) / len(group), 1),
                "mean_abs_revision_pct": round(revised["revision_pct"].abs().mean(), 2)
                if len(revised)
                else float("nan"),
                "mean_days_to_revision": round(revised["days"].mean(), 1)
                if len(revised)
                else float("nan"),
            }
        )
    return pd.DataFrame(out)


def most_revised(n: int = 5, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` quantities revised most, by absolute revision in per cent of the first release."""
    table = revision_table(records)
    table = table[table["revision"] != 0].assign(size=lambda f: f["revision_pct"].abs())
    return table.sort_values(["size", "series_id", "period"], ascending=[False, True, True]).head(n)
