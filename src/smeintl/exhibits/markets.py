"""Table 3 and Figure 2: China's trade with its key markets in 2025.

Units: trade in RMB trillion (USD trillion with ``currency="USD"``, converted with the sourced
annual average rate); growth in % y/y as published (RMB basis); shares in % of total goods trade,
computed here with :func:`smeintl.derive.share` (and, for the Belt and Road, also as published).
The markets overlap (ASEAN, most of Africa and Latin America are Belt and Road partners), so their
values are not additive.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from smeintl import derive
from smeintl import presentation as show
from smeintl.exhibits.trade import mark_missing_bars
from smeintl.plotting import grouped_bars, marks, new_figure, save_figure
from smeintl.presentation import (
    display,
    table_source,
)
from smeintl.sourced import (
    find,
    level_in,
    unit_label,
    value_or_nan,
)

YEAR = "2025"
TOTAL = "gac_trade_total"
# (key, label as in the paper's Table 3, short label for the figure)
MARKETS: tuple[tuple[str, str, str], ...] = (
    ("bri", "Belt and Road countries", "Belt and Road\ncountries"),
    ("asean", "ASEAN", "ASEAN"),
    ("eu", "European Union", "European\nUnion"),
    ("latam", "Latin America", "Latin\nAmerica"),
    ("africa", "Africa", "Africa"),
)
SERIES_READ = tuple(f"gac_{k}_trade{s}" for k, _, _ in MARKETS for s in ("", "_growth")) + (
    TOTAL,
    "gac_bri_share",
)
OVERLAP_NOTE = "markets overlap and are not additive"

TABLE_3_COLUMNS = [
    "market",
    "year",
    "value",
    "unit",
    "qualifier",
    "growth_published",
    "share_published",
    "share_from_levels",
    "released",
    "series_id",
    "sources",
]


def table_3(vintage: str = "latest", currency: str = "RMB") -> pd.DataFrame:
    """The paper's Table 3 rebuilt from sourced records: one row per market, 2025.

    ``value`` in ``currency`` trillion; ``growth_published`` in % y/y as the publisher released
    it; ``share_from_levels`` = 100 × market / total goods trade (%, rounded to 2 decimals);
    ``share_published`` where the publisher released a share (Belt and Road only), else NaN.
    """
    total, total_ids = level_in(TOTAL, YEAR, vintage, currency)
    rows, attached = [], {}
    for i, (key, label, _) in enumerate(MARKETS):
        series_id = f"gac_{key}_trade"
        level, ids = level_in(series_id, YEAR, vintage, currency)
        growth = find(f"{series_id}_growth", YEAR, vintage)
        share_pub = find(f"gac_{key}_share", YEAR, vintage) if key == "bri" else None
        name = f"share_{key}_{YEAR}" + ("" if currency == "RMB" else "_usd")
        share = derive.share(level, total, name=name) if level and total else None
        ids = [*ids, *(total_ids if share else [])]
        ids += [x.source_id for x in (growth, share_pub) if x is not None]
        rows.append(
            {
                "market": label,
                "year": int(YEAR),
                "value": value_or_nan(level),
                "unit": unit_label(currency),
                "qualifier": level.qualifier if level else "",
                "growth_published": value_or_nan(growth),
                "share_published": value_or_nan(share_pub),
                "share_from_levels": value_or_nan(share, 2),
                "released": level.vintage if level else "",
                "series_id": series_id,
                "sources": ";".join(dict.fromkeys(ids)),
            }
        )
        cells = {
            "value": level,
            "growth_published": growth,
            "share_published": share_pub,
            "share_from_levels": share,
        }
        attached |= {(i, c): x for c, x in cells.items() if x is not None}
    return show.attach(pd.DataFrame(rows, columns=TABLE_3_COLUMNS), attached)


def derived(vintage: str = "latest") -> list[derive.Derived]:
    """Table 3's computed shares (RMB), for the derivations page (named as there)."""
    frame = table_3(vintage)
    return [x for i in frame.index if (x := show.evidence(frame, i, "share_from_levels"))]


def table_3_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table 3 as shown in the book (fixed decimals)."""
    unit = frame["unit"].iloc[0]
    return display(
        frame,
        {
            "market": ("Market", ""),
            "value": (f"Trade, {YEAR} ({unit})", "{:.2f}"),
            "growth_published": ("Growth as published (% y/y)", "{:+.1f}"),
            "share_published": ("Share of total trade as published (%)", "{:.1f}"),
            "share_from_levels": ("Share of total trade from levels (%)", "{:.2f}"),
            "released": ("Released", ""),
        },
        qualifier_column="qualifier",
        qualified=["value"],
        links=True,
    )


def source_text(frame: pd.DataFrame) -> str:
    """Source line of Table 3 and Figure 2, with the unit and the overlap caveat."""
    return table_source(frame, frame["unit"].iloc[0], OVERLAP_NOTE)


FIGURE_2_TITLE = f"Trade with key markets, {YEAR}"


def figure_2_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """Figure 2's marks from Table 3's frame: one bar per market, its Table 3 value."""
    return marks(show.table_mark_rows(frame, [short for _, _, short in MARKETS], "year"))


def figure_2(
    vintage: str = "latest", currency: str = "RMB", params: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Figure 2: one bar per market (``currency`` trillion), labelled with its value, drawn from
    :func:`figure_2_marks`; written as the bundle ``figure-02[__params].*``; returns the marks."""
    data = figure_2_marks(table_3(vintage, currency))
    fig, ax = new_figure(FIGURE_2_TITLE)
    grouped_bars(ax, data["label"].tolist(), {YEAR: data["value"].tolist()})
    mark_missing_bars(ax)
    ax.set_ylabel(unit_label(currency))
    ax.margins(y=0.12)
    return save_figure(fig, 2, params, data, note=OVERLAP_NOTE)


def narrative_numbers(frame: pd.DataFrame) -> dict[str, str]:
    """The prose's numbers as links to their evidence, keyed for glue, from Table 3."""
    out: dict[str, str] = {
        "unit": str(frame["unit"].iloc[0]),
    }
    for i, (key, _, _) in enumerate(MARKETS):
        out[f"market_{key}_value"] = show.linked(show.evidence(frame, i, "value"), "{:.2f}", True)
        for column, name in (("growth_published", "growth"), ("share_from_levels", "share_calc")):
            out[f"market_{key}_{name}"] = show.linked(
                show.evidence(frame, i, column), "{:.1f}", "%"
            )
    bri = show.evidence(frame, 0, "share_published")
    out["market_bri_share_pub"] = show.linked(bri, "{:.1f}", "%")
    fastest = (
        frame.loc[frame["growth_published"].idxmax()]
        if frame["growth_published"].notna().any()
        else None
    )
    out["market_fastest"] = fastest["market"] if fastest is not None else "–"
    return out


def chapter_numbers(vintage: str = "latest", currency: str = "RMB") -> dict[str, str]:
    """Every number chapter 03 glues, at ``vintage`` (the one call its notebook makes)."""
    return narrative_numbers(table_3(vintage, currency))
