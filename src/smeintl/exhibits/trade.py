"""Table 2 and Figure 1: China's goods trade and the private enterprises' part in it, 2024–2025.

Also the helpers the other exhibit modules share: a sourced value looked up at a vintage, levels
reported in RMB or converted to USD with a *sourced* annual average rate (never an invented one),
fixed-format display frames, and the writers for the unnumbered extra figures and tables (same
deterministic settings as :func:`smeintl.plotting.save_figure`, named instead of numbered).

Units: levels in RMB trillion (or USD trillion when ``currency="USD"``); growth in % y/y; shares
in % of total trade (0–100).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping

import pandas as pd

from smeintl import derive
from smeintl.derive import Input
from smeintl.notebook import source_line
from smeintl.plotting import PALETTE, add_source, grouped_bars, new_figure, save_figure
from smeintl.store import MissingDataError, observation, series

YEARS = ("2024", "2025")
RATE_SERIES = "cny_per_usd_annual_avg"
QUALIFIER_WORDS = {
    "": "",
    "about": "about",
    "more_than": "more than",
    "nearly": "nearly",
    "at_least": "at least",
}
MISSING = "–"

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


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def find(series_id: str, period: str, vintage: str = "latest") -> Input | None:
    """The sourced value of ``series_id`` for ``period`` as released by ``vintage``, or None.

    A record whose source is the paper itself (kind ``paper``) is used only when no release of
    the period from any other source exists by ``vintage``: the exhibits reproduce the paper from
    the publishers' releases, not from the paper. An unknown series is an error
    (MissingDataError), not a missing value: a typo must not pass for a gap in the data.
    """
    frame = series(series_id, vintage)  # the store already prefers releases over the paper
    if not (frame["period"] == period).any():
        return None
    return observation(series_id, period, vintage)


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


def _usd_series() -> set[str]:
    from smeintl.store import series_table

    ids = series_table()["series_id"]
    return set(ids[ids.str.endswith("_usd")])


def value_or_nan(x: Input | derive.Derived | None, digits: int | None = None) -> float:
    """``x.value`` (rounded to ``digits`` if given), or NaN when ``x`` is None."""
    if x is None:
        return math.nan
    return round(x.value, digits) if digits is not None else float(x.value)


def sources_of(ids: Iterable[str]) -> pd.DataFrame:
    """A frame with a ``source_id`` column (first-seen order, no repeats) for source_line."""
    seen = list(dict.fromkeys(i for i in ids if i))
    return pd.DataFrame({"source_id": seen})


def fmt_number(value: object, fmt: str, qualifier: str = "") -> str:
    """``value`` formatted with ``fmt`` (e.g. ``"{:.2f}"``), prefixed by the qualifier's words;
    ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    words = QUALIFIER_WORDS.get(qualifier or "", qualifier or "")
    text = fmt.format(value)
    return f"{words} {text}" if words else text


def display(
    frame: pd.DataFrame,
    columns: Mapping[str, tuple[str, str]],
    qualifier_column: str | None = None,
    qualified: Iterable[str] = (),
) -> pd.DataFrame:
    """A display copy of ``frame``: ``columns`` maps a column to (header, format); format ``""``
    shows the cell as text. Columns in ``qualified`` get the words of ``qualifier_column``."""
    qualified = set(qualified)
    out = {}
    for column, (header, fmt) in columns.items():
        cells = []
        for _, row in frame.iterrows():
            value = row[column]
            qualifier = (
                str(row[qualifier_column]) if qualifier_column and column in qualified else ""
            )
            if fmt:
                cells.append(fmt_number(value, fmt, qualifier))
            else:
                empty = (
                    value is None or (isinstance(value, float) and math.isnan(value)) or value == ""
                )
                cells.append(MISSING if empty else str(value))
        out[header] = cells
    return pd.DataFrame(out)


def wrap(text: str, width: int = 112) -> str:
    """A figure's source line broken into lines of at most ``width`` characters."""
    return textwrap.fill(text, width=width)


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


def table_2(vintage: str = "latest", currency: str = "RMB") -> pd.DataFrame:
    """The paper's Table 2 rebuilt from sourced records, one row per indicator and year.

    ``value`` in ``currency`` trillion; ``growth_published`` is the publisher's % y/y (RMB
    basis); ``growth_from_levels`` is :func:`smeintl.derive.growth` on the two sourced levels (in
    ``currency``); for private enterprise trade, ``share_published`` is the publisher's share of
    total trade and ``share_from_levels`` is :func:`smeintl.derive.share` of the two levels (%).
    Values not released by ``vintage`` are NaN. Computed columns are rounded to 2 decimals.
    """
    rows = []
    for key, label, level_id, growth_id in INDICATORS:
        for year in YEARS:
            level, level_ids = level_in(level_id, year, vintage, currency)
            previous, prev_ids = level_in(level_id, previous_year(year), vintage, currency)
            published = find(growth_id, year, vintage)
            computed = derive.growth(level, previous) if level and previous else None
            share_pub = share_calc = None
            share_ids: list[str] = []
            if key == "private":
                share_pub = find(SHARE_SERIES, year, vintage)
                total, share_ids = level_in("gac_trade_total", year, vintage, currency)
                share_calc = derive.share(level, total) if level and total else None
            ids = [*level_ids, *prev_ids, *share_ids]
            ids += [x.source_id for x in (published, share_pub) if x is not None]
            rows.append(
                {
                    "indicator": label,
                    "year": int(year),
                    "value": value_or_nan(level),
                    "unit": unit_label(currency),
                    "qualifier": level.qualifier if level else "",
                    "growth_published": value_or_nan(published),
                    "growth_from_levels": value_or_nan(computed, 2),
                    "share_published": value_or_nan(share_pub),
                    "share_from_levels": value_or_nan(share_calc, 2),
                    "released": level.vintage if level else "",
                    "series_id": level_id,
                    "level_source": ";".join(level_ids),
                    "sources": ";".join(dict.fromkeys(ids)),
                }
            )
    return pd.DataFrame(rows, columns=TABLE_2_COLUMNS)


def table_2_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table 2 as shown in the book: fixed decimals, published and computed side by side."""
    unit = frame["unit"].iloc[0]
    return display(
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
    )


def table_source(frame: pd.DataFrame, unit: str, note: str = "") -> str:
    """The source line of a table built by this package (its ``sources`` column)."""
    ids = [i for cell in frame["sources"] for i in str(cell).split(";")]
    return source_line(sources_of(ids), unit=unit, note=note)


GROWTH_NOTE = (
    "growth as published is the publisher's RMB-basis rate; growth and shares from "
    "levels are computed here from the sourced levels"
)


# --------------------------------------------------------------------------------------------
# Figure 1 and the longer annual series
# --------------------------------------------------------------------------------------------

FIGURE_1_TITLE = "China's goods trade and private enterprise trade, 2024 and 2025"


def figure_1(
    vintage: str = "latest", currency: str = "RMB", params: Mapping[str, str] | None = None
) -> None:
    """Figure 1: grouped bars of total trade, exports, imports and private enterprise trade,
    2024 beside 2025, in ``currency`` trillion; written as ``figure-01[__params].svg/.png``.

    Returns None so that a notebook cell calling it shows nothing (nbval executes cells without
    history, where a trailing ``;`` does not suppress a returned value).
    """
    frame = table_2(vintage, currency)
    categories = list(FIGURE_1_LABELS)
    groups = {
        year: [
            float(
                frame.loc[
                    (frame["indicator"] == label) & (frame["year"] == int(year)), "value"
                ].iloc[0]
            )
            for _, label, _, _ in INDICATORS
        ]
        for year in YEARS
    }
    unit = unit_label(currency)
    fig, ax = new_figure(FIGURE_1_TITLE)
    grouped_bars(ax, categories, groups)
    mark_missing_bars(ax)
    ax.set_ylabel(unit)
    ax.margins(y=0.12)
    add_source(fig, wrap(figure_1_source(frame)))
    save_figure(fig, 1, params)


def figure_1_source(frame: pd.DataFrame) -> str:
    """Source line of Figure 1: the sources of the levels it shows (from Table 2's frame)."""
    return table_source(frame.assign(sources=frame["level_source"]), frame["unit"].iloc[0])


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


def annual_figure(
    vintage: str = "latest", currency: str = "RMB", params: Mapping[str, str] | None = None
) -> None:
    """Unnumbered figure ``trade-annual``: the four levels over every sourced year (left axis,
    ``currency`` trillion) and the published private share (right axis, % of total trade)."""
    frame = annual_table(vintage, currency)
    unit = unit_label(currency)
    years = frame["year"].tolist()
    fig, ax = new_figure(f"China's goods trade by year, {years[0]}–{years[-1]}", figsize=(7.0, 4.2))
    for i, (series_id, label) in enumerate(ANNUAL_LEVELS):
        ax.plot(years, frame[series_id], marker="o", color=PALETTE[i], label=label)
    ax.set_ylabel(unit)
    right = ax.twinx()
    right.plot(
        years,
        frame[SHARE_SERIES],
        marker="s",
        linestyle="--",
        color=PALETTE[4],
        label="Private share (right, %)",
    )
    right.set_ylabel("Private share, % of total trade")
    right.grid(False)
    right.spines["right"].set_visible(True)
    ax.set_xticks(years, [str(y) for y in years])
    handles = ax.get_legend_handles_labels()
    extra = right.get_legend_handles_labels()
    ax.legend(handles[0] + extra[0], handles[1] + extra[1], loc="upper left", fontsize=8)
    note = "gaps are years without a sourced value"
    add_source(fig, wrap(table_source(frame, f"{unit}; share in % of total trade", note)))
    save_figure(fig, "trade-annual", params)


# --------------------------------------------------------------------------------------------
# Numbers the narrative quotes
# --------------------------------------------------------------------------------------------


def _cell(frame: pd.DataFrame, indicator: str, year: str, column: str) -> float:
    row = frame[(frame["indicator"] == indicator) & (frame["year"] == int(year))]
    return float(row[column].iloc[0])


def narrative_numbers(frame: pd.DataFrame) -> dict[str, str]:
    """Formatted numbers for the notebook's prose, keyed for ``{glue:text}``, from Table 2 (with
    the unit and Figure 1's source line for its caption)."""
    out: dict[str, str] = {
        "unit": str(frame["unit"].iloc[0]),
        "figure_01_source": figure_1_source(frame),
    }
    for key, label, _, _ in INDICATORS:
        for year in YEARS:
            out[f"trade_{key}_{year}"] = fmt_number(_cell(frame, label, year, "value"), "{:.2f}")
            out[f"trade_{key}_growth_pub_{year}"] = fmt_number(
                _cell(frame, label, year, "growth_published"), "{:.1f}"
            )
            out[f"trade_{key}_growth_calc_{year}"] = fmt_number(
                _cell(frame, label, year, "growth_from_levels"), "{:.2f}"
            )
    for year in YEARS:
        label = "Private enterprise trade"
        out[f"trade_private_share_pub_{year}"] = fmt_number(
            _cell(frame, label, year, "share_published"), "{:.1f}"
        )
        out[f"trade_private_share_calc_{year}"] = fmt_number(
            _cell(frame, label, year, "share_from_levels"), "{:.2f}"
        )
    return out
