"""Table 2 and Figure 1: China's goods trade and the private enterprises' part in it, 2024–2025.

Sourced lookups and currency conversion live in :mod:`smeintl.sourced`, formatting, links and
source lines in :mod:`smeintl.presentation`; this module holds the trade chapter's logic only.
Every value cell of Table 2 keeps the record or derivation it shows (``frame.attrs["evidence"]``,
see :func:`smeintl.presentation.attach`), so the book links each number to its evidence.

Units: levels in RMB trillion (or USD trillion when ``currency="USD"``); growth in % y/y; shares
in % of total trade (0–100).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from smeintl import derive
from smeintl import presentation as show
from smeintl.derive import Derived
from smeintl.plotting import (
    DASHES,
    MARKERS,
    PALETTE,
    grouped_bars,
    grouped_marks,
    marks,
    new_figure,
    save_figure,
)
from smeintl.presentation import table_source  # noqa: F401  (the notebook's table source line)
from smeintl.sourced import (  # noqa: F401  (re-exported: the trade helpers' old home)
    RATE_SERIES,
    find,
    in_currency,
    level_in,
    previous_year,
    unit_label,
    value_or_nan,
)
from smeintl.store import series

YEARS = ("2024", "2025")

# (key, label as in the paper's Table 2, level series, published growth series)
INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    ("total", "Total goods trade", "gac_trade_total", "gac_trade_total_growth"),
    ("exports", "Total exports", "gac_exports", "gac_exports_growth"),
    ("imports", "Total imports", "gac_imports", "gac_imports_growth"),
    ("private", "Private enterprise trade", "gac_private_trade", "gac_private_trade_growth"),
)
FIGURE_1_LABELS = ("Total trade", "Exports", "Imports", "Private enterprises")
SHARE_SERIES = "gac_private_share"
SERIES_READ = tuple(s for _, _, level, growth in INDICATORS for s in (level, growth)) + (
    SHARE_SERIES,
)


def mark_missing_bars(ax) -> None:
    """Relabel the value labels of bars that have no sourced value (NaN) as 'not released'."""
    for text in ax.texts:
        if text.get_text() == "nan":
            text.set_text("not released")


# --------------------------------------------------------------------------------------------
# Table 2
# --------------------------------------------------------------------------------------------

TABLE_2_COLUMNS = [
    "indicator",
    "year",
    "value",
    "unit",
    "qualifier",
    "growth_published",
    "growth_from_levels",
    "share_published",
    "share_from_levels",
    "released",
    "series_id",
    "level_source",
    "sources",
]


# Names of the derived values, as in smeintl.derivations where it defines them (2025).
DERIVED_NAMES = {
    ("total", "growth"): "trade_total_growth",
    ("exports", "growth"): "exports_growth",
    ("imports", "growth"): "imports_growth",
    ("private", "growth"): "private_trade_growth",
    ("private", "share"): "private_share",
}


def derived_name(key: str, measure: str, year: str, currency: str = "RMB") -> str:
    """``private_share_2025``; ``…_usd`` for a value computed from USD levels."""
    return f"{DERIVED_NAMES[(key, measure)]}_{year}" + ("" if currency == "RMB" else "_usd")


def _table_2_cells(vintage: str, currency: str) -> list[dict]:
    """Per indicator and year: the records and derivations Table 2 shows, and their sources."""
    cells = []
    for key, label, level_id, growth_id in INDICATORS:
        for year in YEARS:
            level, level_ids = level_in(level_id, year, vintage, currency)
            previous, prev_ids = level_in(level_id, previous_year(year), vintage, currency)
            published = find(growth_id, year, vintage)
            computed = (
                replace(
                    derive.growth(
                        level, previous, name=derived_name(key, "growth", year, currency)
                    ),
                    note=f"Growth of {label.lower()}, {year}, from the published levels",
                )
                if level and previous
                else None
            )
            share_pub = share_calc = None
            share_ids: list[str] = []
            if key == "private":
                share_pub = find(SHARE_SERIES, year, vintage)
                total, share_ids = level_in("gac_trade_total", year, vintage, currency)
                name = derived_name(key, "share", year, currency)
                share_calc = (
                    replace(
                        derive.share(level, total, name=name),
                        note=f"Private enterprises' share of total trade, {year}, from the levels",
                    )
                    if level and total
                    else None
                )
            ids = [*level_ids, *prev_ids, *share_ids]
            ids += [x.source_id for x in (published, share_pub) if x is not None]
            cells.append(
                {
                    "indicator": label,
                    "year": year,
                    "value": level,
                    "growth_published": published,
                    "growth_from_levels": computed,
                    "share_published": share_pub,
                    "share_from_levels": share_calc,
                    "level_ids": level_ids,
                    "ids": ids,
                }
            )
    return cells


VALUE_COLUMNS = (
    "value",
    "growth_published",
    "growth_from_levels",
    "share_published",
    "share_from_levels",
)


def table_2(vintage: str = "latest", currency: str = "RMB") -> pd.DataFrame:
    """The paper's Table 2 rebuilt from sourced records, one row per indicator and year.

    ``value`` in ``currency`` trillion; ``growth_published`` is the publisher's % y/y (RMB
    basis); ``growth_from_levels`` is :func:`smeintl.derive.growth` on the two sourced levels (in
    ``currency``); for private enterprise trade, ``share_published`` is the publisher's share of
    total trade and ``share_from_levels`` is :func:`smeintl.derive.share` of the two levels (%).
    Values not released by ``vintage`` are NaN. Computed columns are rounded to 2 decimals. The
    record or derivation of every value cell is attached (:func:`smeintl.presentation.attach`).
    """
    rows, attached = [], {}
    for i, c in enumerate(_table_2_cells(vintage, currency)):
        level = c["value"]
        rows.append(
            {
                "indicator": c["indicator"],
                "year": int(c["year"]),
                "value": value_or_nan(level),
                "unit": unit_label(currency),
                "qualifier": level.qualifier if level else "",
                "growth_published": value_or_nan(c["growth_published"]),
                "growth_from_levels": value_or_nan(c["growth_from_levels"], 2),
                "share_published": value_or_nan(c["share_published"]),
                "share_from_levels": value_or_nan(c["share_from_levels"], 2),
                "released": level.vintage if level else "",
                "series_id": INDICATORS[i // len(YEARS)][2],
                "level_source": ";".join(c["level_ids"]),
                "sources": ";".join(dict.fromkeys(c["ids"])),
            }
        )
        attached.update({(i, col): c[col] for col in VALUE_COLUMNS if c[col] is not None})
    return show.attach(pd.DataFrame(rows, columns=TABLE_2_COLUMNS), attached)


def derived(vintage: str = "latest") -> list[Derived]:
    """The derived values of Table 2 (RMB), for the derivations page."""
    return [
        c[col]
        for c in _table_2_cells(vintage, "RMB")
        for col in ("growth_from_levels", "share_from_levels")
        if c[col] is not None
    ]


def table_2_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table 2 as shown in the book: fixed decimals, published and computed side by side, each
    value linked to its record or derivation."""
    unit = frame["unit"].iloc[0]
    return show.display(
        frame,
        {
            "indicator": ("Indicator", ""),
            "year": ("Year", ""),
            "value": (f"Value ({unit})", "{:.2f}"),
            "growth_published": ("Growth as published (% y/y)", "{:+.1f}"),
            "growth_from_levels": ("Growth from levels (% y/y)", "{:+.2f}"),
            "share_published": ("Share of total trade as published (%)", "{:.1f}"),
            "share_from_levels": ("Share of total trade from levels (%)", "{:.2f}"),
            "released": ("Level released", ""),
        },
        qualifier_column="qualifier",
        qualified=["value"],
        links=True,
    )


GROWTH_NOTE = (
    "growth as published is the publisher's RMB-basis rate; growth and shares from "
    "levels are computed here from the sourced levels"
)


# --------------------------------------------------------------------------------------------
# Figure 1 and the longer annual series
# --------------------------------------------------------------------------------------------

FIGURE_1_TITLE = "China's goods trade and private enterprise trade, 2024 and 2025"


def figure_1_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """Figure 1's marks from Table 2's frame: one bar per year and indicator (2024's four bars,
    then 2025's), each the Table 2 value with its attached record or derivation."""
    rows = []
    for year in YEARS:
        for (_, indicator, level_id, _), label in zip(INDICATORS, FIGURE_1_LABELS, strict=True):
            hit = frame.index[(frame["indicator"] == indicator) & (frame["year"] == int(year))]
            i = hit[0]
            rows.append(
                show.mark_row(
                    show.evidence(frame, i, "value"),
                    label,
                    series_id=level_id,
                    period=year,
                    unit=str(frame.at[i, "unit"]),
                    value=float(frame.at[i, "value"]),
                    sources=str(frame.at[i, "level_source"]),
                )
            )
    return marks(rows)


def figure_1(
    vintage: str = "latest", currency: str = "RMB", params: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Figure 1: grouped bars of total trade, exports, imports and private enterprise trade,
    2024 beside 2025, in ``currency`` trillion, drawn from :func:`figure_1_marks` alone; written
    as the bundle ``figure-01[__params].svg/.png/.csv/.json``; returns the marks frame."""
    data = figure_1_marks(table_2(vintage, currency))
    categories = list(FIGURE_1_LABELS)
    fig, ax = new_figure(FIGURE_1_TITLE)
    grouped_bars(ax, categories, grouped_marks(data, YEARS, categories))
    mark_missing_bars(ax)
    ax.set_ylabel(unit_label(currency))
    ax.margins(y=0.12)
    return save_figure(fig, 1, params, data)


ANNUAL_LEVELS = (
    ("gac_trade_total", "Total trade"),
    ("gac_exports", "Exports"),
    ("gac_imports", "Imports"),
    ("gac_private_trade", "Private enterprises"),
)


def annual_table(vintage: str = "latest", currency: str = "RMB") -> pd.DataFrame:
    """Every sourced year of the four levels (``currency`` trillion) and of the published private
    share (% of total trade), one row per year; NaN where a year has no sourced value."""
    columns: dict[str, dict[int, float]] = {}
    ids: dict[int, list[str]] = {}
    for series_id, _ in ANNUAL_LEVELS:
        values = {}
        for period in series(series_id, vintage)["period"]:
            if len(period) != 4:
                continue
            level, used = level_in(series_id, period, vintage, currency)
            values[int(period)] = value_or_nan(level)
            ids.setdefault(int(period), []).extend(used)
        columns[series_id] = values
    shares = {}
    for period in series(SHARE_SERIES, vintage)["period"]:
        share = find(SHARE_SERIES, period, vintage) if len(period) == 4 else None
        if share is not None:
            shares[int(period)] = share.value
            ids.setdefault(int(period), []).append(share.source_id)
    columns[SHARE_SERIES] = shares
    years = sorted(set().union(*[set(v) for v in columns.values()]))
    frame = pd.DataFrame({"year": years})
    for name, values in columns.items():
        frame[name] = [values.get(y, math.nan) for y in years]
    frame["unit_levels"] = unit_label(currency)
    frame["sources"] = [";".join(dict.fromkeys(ids.get(y, []))) for y in years]
    return frame


def annual_marks(frame: pd.DataFrame, vintage: str = "latest") -> pd.DataFrame:
    """The annual figure's marks from :func:`annual_table`: one point per sourced year of each
    level (``unit_levels``), then of the published private share (%)."""
    rows = []
    unit = str(frame["unit_levels"].iloc[0])
    for series_id, label in ANNUAL_LEVELS + ((SHARE_SERIES, "Private share (right, %)"),):
        for year, value in zip(frame["year"], frame[series_id], strict=True):
            if math.isnan(value):
                continue
            record = find(series_id, str(year), vintage)
            sourced = record is not None and abs(record.value - value) < 1e-9
            rows.append(
                show.mark_row(
                    record if sourced else None,
                    label,
                    series_id=series_id,
                    period=str(year),
                    unit="% of total trade" if series_id == SHARE_SERIES else unit,
                    value=float(value),
                    sources=""
                    if sourced
                    else str(frame.loc[frame["year"] == year, "sources"].iloc[0]),
                    role="" if sourced else "derived",
                )
                | ({} if sourced else {"derivation": f"{series_id} in {unit} (currency basis)"})
            )
    return marks(rows)


ANNUAL_NOTE = "gaps are years without a sourced value"


def annual_figure(
    vintage: str = "latest", currency: str = "RMB", params: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Unnumbered figure ``trade-annual``: the four levels over every sourced year (left axis,
    ``currency`` trillion) and the published private share (right axis, % of total trade),
    drawn from :func:`annual_marks`; returns the marks frame."""
    data = annual_marks(annual_table(vintage, currency), vintage)
    unit = unit_label(currency)
    years = sorted({int(p) for p in data["period"]})
    fig, ax = new_figure(f"China's goods trade by year, {years[0]}–{years[-1]}", figsize=(7.0, 4.2))
    for i, (series_id, label) in enumerate(ANNUAL_LEVELS):
        part = data[data["series_id"] == series_id]
        ax.plot(
            part["period"].astype(int),
            part["value"],
            marker=MARKERS[i],
            linestyle=DASHES[i],
            color=PALETTE[i],
            label=label,
        )
    right = ax.twinx()
    part = data[data["series_id"] == SHARE_SERIES]
    right.plot(
        part["period"].astype(int),
        part["value"],
        marker=MARKERS[4],
        linestyle=DASHES[4],
        color=PALETTE[4],
        label="Private share (right, %)",
    )
    ax.set_ylabel(unit)
    right.set_ylabel("Private share, % of total trade")
    right.grid(False)
    right.spines["right"].set_visible(True)
    ax.set_xticks(years, [str(y) for y in years])
    handles = ax.get_legend_handles_labels()
    extra = right.get_legend_handles_labels()
    ax.legend(handles[0] + extra[0], handles[1] + extra[1], loc="upper left", fontsize=8)
    return save_figure(fig, "trade-annual", params, data, note=ANNUAL_NOTE)


# --------------------------------------------------------------------------------------------
# Numbers the narrative quotes
# --------------------------------------------------------------------------------------------


def narrative_numbers(frame: pd.DataFrame) -> dict[str, str]:
    """The numbers of the chapter's prose, keyed for glue: each a link to its evidence
    (:class:`smeintl.presentation.Linked`), from Table 2's attached records; plus the unit and
    Figure 1's source line for its caption."""
    out: dict[str, str] = {
        "unit": str(frame["unit"].iloc[0]),
    }
    formats = {"value": "{:.2f}", "growth_published": "{:.1f}", "growth_from_levels": "{:.2f}"}
    formats |= {"share_published": "{:.1f}", "share_from_levels": "{:.2f}"}
    keys = {"value": "", "growth_published": "_growth_pub", "growth_from_levels": "_growth_calc"}
    keys |= {"share_published": "_share_pub", "share_from_levels": "_share_calc"}
    for i, row in frame.reset_index(drop=True).iterrows():
        key = INDICATORS[i // len(YEARS)][0]
        for column, suffix in keys.items():
            x = show.evidence(frame, frame.index[i], column)
            if x is not None or not suffix.startswith("_share"):
                unit = True if column == "value" else "%"
                out[f"trade_{key}{suffix}_{row['year']}"] = show.linked(x, formats[column], unit)
    return out


def chapter_numbers(vintage: str = "latest", currency: str = "RMB") -> dict[str, str]:
    """Every number chapter 02 glues next to Table 2, at ``vintage`` (one call in the notebook)."""
    return narrative_numbers(table_2(vintage, currency))
