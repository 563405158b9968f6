"""Revision analysis on constructed releases whose answers are worked out by hand, and on one
real case checked by hand (cross-border e-commerce 2024: 2.63 in January 2025, 2.71 later)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from smeintl import revisions


def _records(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["family", "series_id", "period", "vintage", "value", "unit", "source_id"]
    )


CONSTRUCTED = _records(
    [
        # revised once: 2.00 → 2.10 after 100 days (+0.10, +5%)
        ("cbec", "a", "2023", "2024-01-01", 2.0, "RMB trillion", "s"),
        ("cbec", "a", "2023", "2024-04-10", 2.1, "RMB trillion", "s"),
        # revised twice: 10 → 12 → 9 (first to latest −1, −10%, 365 days), one intermediate
        ("cbec", "b", "2023", "2024-01-01", 10.0, "% y/y", "s"),
        ("cbec", "b", "2023", "2024-06-01", 12.0, "% y/y", "s"),
        ("cbec", "b", "2023", "2024-12-31", 9.0, "% y/y", "s"),
        # released twice with the same value: not a revision
        ("customs", "c", "2024", "2025-01-13", 5.0, "USD trillion", "s"),
        ("customs", "c", "2024", "2025-03-01", 5.0, "USD trillion", "s"),
        # released once
        ("customs", "d", "2024", "2025-01-13", 1.0, "RMB trillion", "s"),
    ]
)


def test_revision_table_by_hand() -> None:
    table = revisions.revision_table(CONSTRUCTED).set_index("series_id")
    assert list(table.index) == ["a", "b", "c"]
    a, b, c = table.loc["a"], table.loc["b"], table.loc["c"]
    assert (a["revision"], a["revision_pct"], a["days"]) == (pytest.approx(0.1), 5.0, 100)
    assert (b["revision"], b["revision_pct"], b["days"], b["releases"]) == (-1.0, -10.0, 365, 3)
    assert b["intermediate"] == "2024-06-01: 12"
    assert c["revision"] == 0 and c["intermediate"] == ""


def test_family_summary_by_hand() -> None:
    summary = revisions.family_summary(CONSTRUCTED).set_index("family")
    cbec, customs = summary.loc["cbec"], summary.loc["customs"]
    assert (cbec["periods"], cbec["revised"], cbec["share_revised_pct"]) == (2, 2, 100.0)
    assert cbec["mean_abs_revision_pct"] == 7.5  # (5 + 10) / 2
    assert cbec["mean_days_to_revision"] == 232.5  # (100 + 365) / 2
    assert (customs["periods"], customs["revised"], customs["share_revised_pct"]) == (2, 0, 0.0)
    assert math.isnan(customs["mean_abs_revision_pct"])


def test_most_revised_orders_by_size() -> None:
    assert list(revisions.most_revised(5, CONSTRUCTED)["series_id"]) == ["b", "a"]


def test_real_case_cbec_2024() -> None:
    """The January 2025 release gave 2.63 trn; a later GAC release gave 2.71 (+0.08)."""
    table = revisions.revision_table()
    row = table[(table["series_id"] == "gac_cbec_trade") & (table["period"] == "2024")].iloc[0]
    assert row["first_value"] == 2.63 and row["latest_value"] == 2.71
    assert row["first_vintage"].startswith("2025-01")
    assert row["revision"] == pytest.approx(0.08)
