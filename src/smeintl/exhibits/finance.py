"""Financing and cash-flow pressure: Table 8.

The paper's four rows (World Bank bank-loan shares by firm size, the ADB trade-finance gap and a
PBoC balance of inclusive loans to small and micro firms) are shown beside every related figure
that was found, each with its period, release date and definition (the series' description in
``data/raw/series.csv``): where the paper's own number could not be traced (the PBoC
RMB 32.93 trillion), the sourced PBoC and NFRA balances around it show what the public record holds.

Units: % of firms (bank loans), USD trillion (trade-finance gap), RMB trillion (loan balances).
"""

from __future__ import annotations

import pandas as pd

from smeintl import presentation as show
from smeintl.build import period_key
from smeintl.presentation import MISSING, number
from smeintl.presentation import provenance_source as table_source
from smeintl.sourced import Row, find, provenance_table
from smeintl.store import series, series_table

PAPER_ROWS = {  # series_id → {period: claim id} for the cells Table 8 prints
    "wbes_bank_loan_small": {"2024": "T8-R1"},
    "wbes_bank_loan_medium": {"2024": "T8-R2-medium"},
    "wbes_bank_loan_large": {"2024": "T8-R2-large"},
    "adb_trade_finance_gap": {"2025": "T8-R3"},
    "pboc_inclusive_small_micro_loans": {"2024-12": "T8-R4"},
}
ORDER = ("wbes_bank_loan", "adb_", "pboc_", "nfra_")


def table8_series() -> list[str]:
    """Series shown in Table 8: the paper's rows, then every other ``finance`` series that is a
    level or a share (growth rates of the loan balances are left to the text)."""
    meta = series_table()
    keep = (meta["family"] == "finance") & (meta["measure"] != "growth")
    finance = sorted(meta.loc[keep, "series_id"])
    ids = list(PAPER_ROWS) + [s for s in finance if s not in PAPER_ROWS]

    def rank(sid: str) -> tuple[int, int]:
        hits = [i for i, p in enumerate(ORDER) if sid.startswith(p)]
        return (hits[0] if hits else len(ORDER), ids.index(sid))

    return sorted(ids, key=rank)


def table8(vintage: str = "latest") -> pd.DataFrame:
    """Table 8: one line per series and period, the paper's cells first within each producer.

    Columns: those of :func:`~smeintl.exhibits.survey.provenance_table` plus producer and
    definition (the series' description). Periods are those released by ``vintage``; the
    paper's cells are always listed (as not released, if need be).
    """
    meta = series_table().set_index("series_id")
    rows = []
    for sid in table8_series():
        periods = set(series(sid, vintage)["period"]) | set(PAPER_ROWS.get(sid, {}))
        for period in sorted(periods, key=period_key):
            claim = PAPER_ROWS.get(sid, {}).get(period)
            rows.append(Row(str(meta.loc[sid, "title"]), period, sid, period, claim))
    frame = provenance_table(rows, vintage)
    frame["producer"] = [str(meta.loc[s, "producer"]) for s in frame["series_id"]]
    frame["definition"] = [str(meta.loc[s, "description"]) for s in frame["series_id"]]
    return frame


def table8_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Formatted view of :func:`table8` (values as published)."""

    def cell(v: float, q: str = "") -> str:
        return MISSING if pd.isna(v) else number(v, qualifier=q)

    values = show.linked_cells(frame, "value", "qualifier", cell)
    printed = show.linked_cells(frame, "paper_prints", "paper_qualifier", cell)

    return pd.DataFrame(
        {
            "Producer": frame["producer"],
            "Indicator": frame["indicator"],
            "Period": frame["period"],
            "Value": values,
            "Unit": frame["unit"],
            "Paper prints": printed,
            "Check": frame["check"],
            "Released": [r or "–" for r in frame["released"]],
            "Source": [
                f"{s} [{st}]" if s else st
                for s, st in zip(frame["source"], frame["source_status"], strict=True)
            ],
        }
    )


def definitions(frame: pd.DataFrame) -> pd.DataFrame:
    """One line per series of :func:`table8`: its title, unit and definition."""
    seen = frame.drop_duplicates("series_id")
    return pd.DataFrame(
        {"Indicator": seen["indicator"], "Unit": seen["unit"], "Definition": seen["definition"]}
    ).reset_index(drop=True)


def narrative_numbers(vintage: str = "latest") -> dict[str, str]:
    """Every number the financing section's prose mentions, as a link to its evidence, keyed
    for glue: ``<series_id>__<period>`` (value as printed, with its qualifier and unit), plus
    the paper's numbers (``..._paper``) and the release dates (``..._released``).
    """
    table = table8(vintage)
    out: dict[str, str] = {}
    wanted = {
        "wbes_bank_loan_small": ["2024"],
        "wbes_bank_loan_medium": ["2024"],
        "wbes_bank_loan_large": ["2024"],
        "adb_trade_finance_gap": ["2019", "2023", "2025"],
        "adb_trade_finance_gap_share_trade": ["2025"],
        "adb_sme_rejection_rate": ["2019", "2025"],
        "adb_midlarge_rejection_rate": ["2025"],
        "pboc_inclusive_small_micro_loans": ["2024-03", "2024-12", "2025-06"],
        "nfra_inclusive_small_micro_loans": ["2023-12", "2024-12", "2025-09"],
        "nfra_small_micro_loans_total": ["2024-12"],
    }
    for sid, periods in wanted.items():
        for period in periods:
            key = f"{sid}__{period.replace('-', '_')}"
            labels = table.index[(table["series_id"] == sid) & (table["period"] == period)]
            x = show.evidence(table, labels[0], "value") if len(labels) else None
            paper = show.evidence(table, labels[0], "paper_prints") if len(labels) else None
            unit = True if "trillion" in (x.unit if x else "") else "%"
            out[key] = show.linked(x, "{:g}", unit)
            out[key + "_paper"] = show.linked(paper, "{:g}", unit)
            out[key + "_released"] = show.linked(x, label=x.vintage) if x else MISSING
    growth = {
        "nfra_inclusive_small_micro_loans_growth": "2024-12",
        "pboc_inclusive_small_micro_loans_growth": "2024-03",
    }
    for sid, period in growth.items():
        x = find(sid, period, vintage)
        out[f"{sid}__{period.replace('-', '_')}"] = show.linked(x, "{:g}", "%")
    return out


def table8_source(frame: pd.DataFrame) -> str:
    """Source line of Table 8, with the units of its rows."""
    units = ", ".join(dict.fromkeys(u for u in frame["unit"] if u))
    return table_source(frame, unit=units)


def chapter_numbers(vintage: str = "latest") -> dict[str, str]:
    """Every number chapter 07 glues, at ``vintage`` (the one call its notebook makes)."""
    return narrative_numbers(vintage)
