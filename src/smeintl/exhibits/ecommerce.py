"""Table 4 and Figure 3: cross-border e-commerce imports and exports, and the 2020 base.

The paper's 2020 value is not a published figure: it is backed out of the customs statement that
2025 was a given percentage higher than 2020 (:func:`smeintl.derive.back_cast`). This module shows
that derivation step by step and sets it beside every value the publisher released for 2020 and
the years around it, each with its release date.

Units: levels in RMB trillion (USD trillion with ``currency="USD"``, converted with the sourced
annual average rate of the level's year); growth in % y/y; the 2025-on-2020 change in % cumulative.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from smeintl import derive
from smeintl import presentation as show
from smeintl.derivations import DEFINITIONS
from smeintl.derive import Derived, Input
from smeintl.plotting import PALETTE, marks, new_figure, save_figure
from smeintl.presentation import (
    display,
    table_source,
)
from smeintl.sourced import (
    find,
    in_currency,
    level_in,
    unit_label,
    value_or_nan,
)
from smeintl.store import MissingDataError, released_by, series, sources, vintages

LEVEL = "gac_cbec_trade"
GROWTH = "gac_cbec_trade_growth"
SINCE_2020 = "gac_cbec_growth_vs_2020"
BASE_YEAR, LAST_YEAR = "2020", "2025"
TABLE_YEARS = ("2020", "2024", "2025")  # the rows of the paper's Table 4
AROUND = tuple(str(y) for y in range(2018, 2026))  # years whose releases are listed
DERIVATION = "cbec_2020_base"  # the named derivation in smeintl.derivations
SERIES_READ = (LEVEL, GROWTH, SINCE_2020)


def _definition():
    return next(d for d in DEFINITIONS if d.name == DERIVATION)


def base_2020(vintage: str = "latest") -> derive.Derived | None:
    """The 2020 level implied by the 2025 level and "2025 was g% higher than 2020"
    (RMB trillion): ``level_2025 / (1 + g/100)``; None when either input is not yet released."""
    try:
        return _definition().compute(vintage)
    except MissingDataError:
        return None


def explain(vintage: str = "latest") -> str:
    """The derivation in words, with each input's series, period, vintage and source — or why
    it cannot be made at ``vintage``."""
    derived = base_2020(vintage)
    if derived is None:
        return (
            f"The 2020 base cannot be derived from releases up to {vintage}: "
            f"{LEVEL} or {SINCE_2020} for {LAST_YEAR} is not yet released."
        )
    return derived.explain(digits=4)


DERIVATION_COLUMNS = [
    "step",
    "quantity",
    "value",
    "unit",
    "series_id",
    "period",
    "released",
    "publisher",
    "url",
]


def derivation_steps(vintage: str = "latest") -> pd.DataFrame:
    """The derivation of the 2020 base as a small table: the two sourced inputs (with series,
    period, release date, publisher and URL), the growth factor and the result."""
    derived = base_2020(vintage)
    if derived is None:
        return pd.DataFrame(columns=DERIVATION_COLUMNS)
    level, cumulative = derived.inputs
    meta = sources().set_index("source_id")

    def sourced(step: int, quantity: str, x: Input) -> dict:
        source = meta.loc[x.source_id]
        return {
            "step": step,
            "quantity": quantity,
            "value": x.value,
            "unit": x.unit,
            "series_id": x.series_id,
            "period": x.period,
            "released": x.vintage,
            "publisher": source["publisher"],
            "url": source["url"],
        }

    factor = 1 + cumulative.value / 100
    rows = [
        sourced(1, f"Cross-border e-commerce trade, {LAST_YEAR}", level),
        sourced(2, f"Increase of {LAST_YEAR} over {BASE_YEAR}", cumulative),
        {
            "step": 3,
            "quantity": "Growth factor = 1 + step 2 / 100",
            "value": round(factor, 6),
            "unit": "×",
            "series_id": "",
            "period": "",
            "released": "",
            "publisher": "computed",
            "url": "",
        },
        {
            "step": 4,
            "quantity": f"Implied {BASE_YEAR} level = step 1 / step 3",
            "value": round(derived.value, 4),
            "unit": derived.unit,
            "series_id": "",
            "period": BASE_YEAR,
            "released": "",
            "publisher": "computed",
            "url": "",
        },
    ]
    values = _narrative_values(vintage)
    evidence = {(0, "value"): level, (1, "value"): cumulative, (3, "value"): derived}
    if values.get("cbec_factor") is not None:
        evidence[(2, "value")] = values["cbec_factor"]
    return show.attach(pd.DataFrame(rows, columns=DERIVATION_COLUMNS), evidence)


def derivation_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The derivation table as shown in the book."""
    return display(
        frame,
        {
            "step": ("Step", ""),
            "quantity": ("Quantity", ""),
            "value": ("Value", "{:g}"),
            "unit": ("Unit", ""),
            "series_id": ("Series", ""),
            "period": ("Period", ""),
            "released": ("Released", ""),
            "publisher": ("Source", ""),
            "url": ("URL", ""),
        },
        links=True,
    )


# --------------------------------------------------------------------------------------------
# Every release around 2020
# --------------------------------------------------------------------------------------------

RELEASE_COLUMNS = [
    "period",
    "series_id",
    "measure",
    "value",
    "unit",
    "qualifier",
    "released",
    "publisher",
    "kind",
    "url",
    "note",
    "sources",
]


def releases(vintage: str = "latest") -> pd.DataFrame:
    """Every release of the customs cross-border e-commerce level and growth for 2018–2025 up to
    ``vintage``, oldest first within each year, with the derived 2020 base as its own row."""
    meta = sources().set_index("source_id")
    rows, evidence = [], {}
    for period in AROUND:
        for series_id, measure in ((LEVEL, "level"), (GROWTH, "growth, % y/y")):
            frame = vintages(series_id, period)
            frame = released_by(frame, vintage)
            for _, record in frame.iterrows():
                evidence[(len(rows), "value")] = show.record(series_id, period, record["vintage"])
                source = meta.loc[record["source_id"]]
                rows.append(
                    {
                        "period": period,
                        "series_id": series_id,
                        "measure": measure,
                        "value": float(record["value"]),
                        "unit": record["unit"],
                        "qualifier": record["qualifier"],
                        "released": record["vintage"],
                        "publisher": source["publisher"],
                        "kind": source["kind"],
                        "url": source["url"],
                        "note": record["note"],
                        "sources": ";".join(
                            x for x in (record["source_id"], record["also_in"]) if x
                        ),
                    }
                )
        if period == BASE_YEAR:
            derived = base_2020(vintage)
            if derived is not None:
                level, cumulative = derived.inputs
                evidence[(len(rows), "value")] = derived
                rows.append(
                    {
                        "period": period,
                        "series_id": "",
                        "measure": "level, derived here",
                        "value": round(derived.value, 4),
                        "unit": derived.unit,
                        "qualifier": "",
                        "released": max(level.vintage, cumulative.vintage),
                        "publisher": "computed from the two releases in the derivation",
                        "kind": "derived",
                        "url": "",
                        "note": f"{derived.formula} (back-cast)",
                        "sources": ";".join([level.source_id, cumulative.source_id]),
                    }
                )
    return show.attach(pd.DataFrame(rows, columns=RELEASE_COLUMNS), evidence)


def releases_source(frame: pd.DataFrame) -> str:
    """Source line of the release table (units in its Measure column)."""
    return table_source(frame, "RMB trillion for levels, % y/y for growth")


def releases_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The release table as shown in the book."""
    return display(
        frame,
        {
            "period": ("Year", ""),
            "measure": ("Measure", ""),
            "value": ("Value", "{:g}"),
            "released": ("Released", ""),
            "publisher": ("Publisher", ""),
            "kind": ("Kind", ""),
            "note": ("Note", ""),
        },
        qualifier_column="qualifier",
        qualified=["value"],
        links=True,
    )


# --------------------------------------------------------------------------------------------
# Table 4
# --------------------------------------------------------------------------------------------

TABLE_4_COLUMNS = [
    "year",
    "basis",
    "value",
    "unit",
    "qualifier",
    "released",
    "first_published_value",
    "first_published_on",
    "change_published",
    "change_measure",
    "change_from_levels",
    "sources",
]


def _first_release(period: str, vintage: str) -> pd.Series | None:
    """The first release of the level for ``period`` by ``vintage`` (not the paper's own)."""
    frame = vintages(LEVEL, period)
    frame = released_by(frame, vintage)
    kinds = sources().set_index("source_id")["kind"]
    frame = frame[[kinds.get(s) != "paper" for s in frame["source_id"]]]
    return None if frame.empty else frame.iloc[0]


def _derived_in(currency: str, vintage: str) -> tuple[Input | None, list[str]]:
    derived = base_2020(vintage)
    if derived is None:
        return None, []
    level, cumulative = derived.inputs
    as_input = Input(
        f"{DERIVATION} (derived)",
        BASE_YEAR,
        max(level.vintage, cumulative.vintage),
        derived.value,
        derived.unit,
        "about",
        level.source_id,
    )
    try:
        converted, rate_ids = in_currency(as_input, currency, vintage)
    except MissingDataError:  # no sourced rate for the year: the cell stays empty
        return None, []
    return converted, [level.source_id, cumulative.source_id, *rate_ids]


def table_4(vintage: str = "latest", currency: str = "RMB") -> pd.DataFrame:
    """The paper's Table 4 from sourced records: 2020 (derived), 2024 and 2025.

    ``value`` is the level in force at ``vintage`` (the derived base for 2020), in ``currency``
    trillion; ``first_published_value`` is the publisher's first release for that year (same
    unit). ``change_published`` is the publisher's % y/y (2024) or % increase on 2020 (2025);
    ``change_from_levels`` is the same change computed here from the sourced levels (2025: on the
    2020 level *as published*, which is what the derived base departs from).
    """
    rows, attached = [], {}
    for i, year in enumerate(TABLE_YEARS):
        ids: list[str] = []
        first = _first_release(year, vintage)
        first_value = math.nan
        if first is not None:
            record = Input.from_record(LEVEL, year, first)
            try:
                first_in, first_ids = in_currency(record, currency, vintage)
            except MissingDataError:  # no sourced rate for the year: the cell stays empty
                first_in, first_ids = None, []
            if first_in is not None:
                first_value, ids = first_in.value, first_ids + [str(first["source_id"])]
            if currency == "RMB":
                attached[(i, "first_published_value")] = show.record(
                    LEVEL, year, str(first["vintage"])
                )
        change_pub = change_calc = None
        change_measure = ""
        if year == BASE_YEAR:
            level, level_ids = _derived_in(currency, vintage)
            basis = f"derived: {LAST_YEAR} level / (1 + increase on {BASE_YEAR} / 100)"
        else:
            level, level_ids = level_in(LEVEL, year, vintage, currency)
            basis = "published"
            if year == LAST_YEAR:
                change_pub = find(SINCE_2020, year, vintage)
                change_measure = f"% increase on {BASE_YEAR}"
                base, base_ids = level_in(LEVEL, BASE_YEAR, vintage, currency)
            else:
                change_pub = find(GROWTH, year, vintage)
                change_measure = "% y/y"
                base, base_ids = level_in(LEVEL, str(int(year) - 1), vintage, currency)
            if level and base:
                change_calc = derive.growth(level, base, name=_change_name(year, currency))
                level_ids += base_ids
        if change_pub is not None:
            level_ids.append(change_pub.source_id)
        rows.append(
            {
                "year": int(year),
                "basis": basis,
                "value": value_or_nan(level, 4),
                "unit": unit_label(currency),
                "qualifier": level.qualifier if level else "",
                "released": level.vintage if level else "",
                "first_published_value": first_value,
                "first_published_on": str(first["vintage"]) if first is not None else "",
                "change_published": value_or_nan(change_pub),
                "change_measure": change_measure,
                "change_from_levels": value_or_nan(change_calc, 2),
                "sources": ";".join(dict.fromkeys([*level_ids, *ids])),
            }
        )
        shown = base_2020(vintage) if year == BASE_YEAR and currency == "RMB" else level
        if year != BASE_YEAR or currency == "RMB":
            attached[(i, "value")] = shown
        attached[(i, "change_published")] = change_pub
        attached[(i, "change_from_levels")] = change_calc
    attached = {k: v for k, v in attached.items() if v is not None}
    return show.attach(pd.DataFrame(rows, columns=TABLE_4_COLUMNS), attached)


def _change_name(year: str, currency: str) -> str:
    """Names of Table 4's computed changes (``cbec_growth_2024`` as in smeintl.derivations)."""
    name = "cbec_growth_2024" if year == "2024" else f"cbec_increase_{BASE_YEAR}_{year}"
    return name + ("" if currency == "RMB" else "_usd")


def table_4_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table 4 as shown in the book."""
    unit = frame["unit"].iloc[0]
    return display(
        frame,
        {
            "year": ("Year", ""),
            "value": (f"Value ({unit})", "{:.2f}"),
            "basis": ("Basis", ""),
            "released": ("Released", ""),
            "first_published_value": (f"First published ({unit})", "{:.2f}"),
            "first_published_on": ("First published on", ""),
            "change_measure": ("Change measured as", ""),
            "change_published": ("Change as published (%)", "{:+.1f}"),
            "change_from_levels": ("Change from levels (%)", "{:+.2f}"),
        },
        qualifier_column="qualifier",
        qualified=["value"],
        links=True,
    )


def base_2020_note(vintage: str = "latest") -> str:
    """How the 2020 value is derived, for the table's source line and Figure 3's note."""
    derived = base_2020(vintage)
    return f"the {BASE_YEAR} value is derived as {derived.formula}" if derived else ""


def source_text(frame: pd.DataFrame, vintage: str = "latest") -> str:
    """Source line of Table 4 and Figure 3, with the derivation of the 2020 value, and in USD
    the years whose cells are empty for want of a sourced rate."""
    how = base_2020_note(vintage)
    if frame["unit"].iloc[0].startswith("USD"):
        empty = sorted({int(y) for y in frame.loc[frame["value"].isna(), "year"]})
        if empty:
            years = ", ".join(map(str, empty))
            how += f"; {years}: no GAC USD figure and no sourced RMB/USD rate, cell left empty"
    return table_source(frame, frame["unit"].iloc[0], how)


# --------------------------------------------------------------------------------------------
# Figure 3
# --------------------------------------------------------------------------------------------

FIGURE_3_TITLE = "Cross-border e-commerce imports and exports"


def figure_3_marks(vintage: str = "latest", currency: str = "RMB") -> pd.DataFrame:
    """Figure 3's marks: the level of every sourced year as in force at ``vintage`` (bars), the
    first release of each year a later release replaced (points), then the derived 2020 base
    (bar); ``currency`` trillion."""
    unit = unit_label(currency)
    frame = series(LEVEL, vintage)
    frame = frame[frame["period"].str.len() == 4]
    bars, firsts = [], []
    for period in frame["period"]:
        level, used = level_in(LEVEL, period, vintage, currency)
        if level is None:  # in USD: no GAC USD figure and no sourced rate for the year
            continue
        first = _first_release(period, vintage)
        first_in, _ = in_currency(
            Input(LEVEL, period, first["vintage"], float(first["value"]), first["unit"]),
            currency,
            vintage,
        )
        converted = level.unit != first["unit"] or currency != "RMB"
        bars.append(
            show.mark_row(level, "Published (latest release)", unit=unit, sources=";".join(used))
            | ({"role": "derived", "derivation": f"{LEVEL} in {unit}"} if converted else {})
        )
        if first["vintage"] != level.vintage:
            firsts.append(
                show.mark_row(
                    first_in,
                    "First release, later revised",
                    unit=unit,
                    role="first release, later revised",
                    sources=str(first["source_id"]),
                )
            )
    rows = bars + firsts
    derived, derived_ids = _derived_in(currency, vintage)
    if derived is not None:
        base = base_2020(vintage)
        rows.append(
            show.mark_row(
                base,
                f"{BASE_YEAR} implied by the {LAST_YEAR} release (derived)",
                series_id=LEVEL,
                period=BASE_YEAR,
                unit=unit,
                value=derived.value,
                sources=";".join(dict.fromkeys(derived_ids)),
            )
        )
    return marks(rows)


def figure_3(
    vintage: str = "latest", currency: str = "RMB", params: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Figure 3: the level of every sourced year as in force at ``vintage`` (bars), the first
    release where a later one replaced it (open circles), and the derived 2020 base (hatched
    bar beside 2020); ``currency`` trillion; drawn from :func:`figure_3_marks`; written as the
    bundle ``figure-03[__params].*``; returns the marks frame."""
    data = figure_3_marks(vintage, currency)
    level = data[data["label"] == "Published (latest release)"]
    first = data[data["role"] == "first release, later revised"]
    base = data[data["label"].str.startswith(f"{BASE_YEAR} implied")]
    years = [int(p) for p in level["period"]]
    span = (
        "" if not years else (f", {years[0]}" if len(years) == 1 else f", {years[0]}–{years[-1]}")
    )
    fig, ax = new_figure(FIGURE_3_TITLE + span)
    bars = ax.bar(
        [y - 0.2 for y in years],
        level["value"],
        width=0.4,
        color=PALETTE[0],
        label=f"Published (latest release by {vintage})"
        if vintage != "latest"
        else "Published (latest release)",
    )
    ax.bar_label(bars, labels=[f"{v:.2f}" for v in level["value"]], padding=2, fontsize=8)
    if len(first):
        ax.scatter(
            [int(p) - 0.2 for p in first["period"]],
            first["value"],
            marker="o",
            facecolors="none",
            edgecolors=PALETTE[1],
            zorder=3,
            label="First release, later revised",
        )
    if len(base):
        bar = ax.bar(
            [int(p) + 0.2 for p in base["period"]],
            base["value"],
            width=0.4,
            color="white",
            edgecolor=PALETTE[3],
            hatch="///",
            label=base["label"].iloc[0],
        )
        ax.bar_label(bar, labels=[f"{v:.2f}" for v in base["value"]], padding=2, fontsize=8)
    ax.set_xticks(years, [str(y) for y in years])
    if years:
        ax.set_xlim(min(years) - 0.8, max(years) + 0.8)
    ax.set_ylabel(unit_label(currency))
    ax.margins(y=0.15)
    ax.legend(loc="upper left", fontsize=8)
    return save_figure(fig, 3, params, data, note=base_2020_note(vintage))


def _narrative_values(vintage: str) -> dict[str, object]:
    """The values the prose cites (RMB trillion): records, derivations, release dates."""
    table = table_4(vintage, "RMB")
    out: dict[str, object] = {}
    for i, year in enumerate(TABLE_YEARS):
        for column, key in (
            ("value", ""),
            ("first_published_value", "_first"),
            ("change_published", "_change_pub"),
            ("change_from_levels", "_change_calc"),
        ):
            out[f"cbec_{year}{key}"] = show.evidence(table, i, column)
    derived = base_2020(vintage)
    if derived is not None:
        level, cumulative = derived.inputs
        out["cbec_2025_level_in"], out["cbec_since_2020_in"] = level, cumulative
        out["cbec_factor"] = Derived(
            "cbec_growth_factor_2020_2025",
            1 + cumulative.value / 100,
            "×",
            f"1 + {cumulative.value:g} / 100",
            (cumulative,),
            f"Growth factor of cross-border e-commerce, {BASE_YEAR} to {LAST_YEAR}",
        )
        out["cbec_2020_derived"] = derived
        first = out["cbec_2020_first"]
        if first is not None:
            gap = derive.difference(first, _as_input(derived), name="cbec_2020_gap")
            out["cbec_2020_gap"] = replace(
                gap, note=f"Published {BASE_YEAR} level minus the derived {BASE_YEAR} base"
            )
    now, before = find(LEVEL, LAST_YEAR, vintage), find(LEVEL, "2024", vintage)
    if now and before:
        yoy = derive.growth(now, before, name=f"cbec_growth_{LAST_YEAR}_from_levels")
        out["cbec_2025_yoy_calc"] = replace(
            yoy, note=f"Growth of cross-border e-commerce, {LAST_YEAR}, from the two levels"
        )
    return out


def _as_input(derived: Derived) -> Input:
    """A derived value as an input of a further derivation (it links to its derivation)."""
    level = derived.inputs[0]
    return Input(derived.name, level.period, level.vintage, derived.value, derived.unit)


def derived(vintage: str = "latest") -> list[Derived]:
    """The derived values of Table 4 and of the prose (RMB), for the derivations page."""
    values = _narrative_values(vintage).values()
    return [x for x in values if isinstance(x, Derived)]


FORMATS = {"cbec_factor": "{:.3f}", "cbec_since_2020_in": "{:.1f}"}


def narrative_numbers(vintage: str = "latest", currency: str = "RMB") -> dict[str, str]:
    """The prose's numbers as links to their evidence, keyed for glue: always in RMB trillion,
    the unit of the customs releases and of the derivation, whatever the table's currency;
    release dates link to their records (Figure 3's source note comes from its sidecar)."""
    out: dict[str, str] = {}
    values = _narrative_values(vintage)
    for key, x in values.items():
        percent = "change" in key or "since" in key or "yoy" in key
        fmt = FORMATS.get(key, "{:.1f}" if percent else "{:.2f}")
        unit = "%" if percent else (False if key == "cbec_factor" else True)
        out[key] = show.linked(x, fmt, unit)
    for year in TABLE_YEARS:
        first = values.get(f"cbec_{year}_first")
        out[f"cbec_{year}_first_on"] = show.linked(first, label=first.vintage if first else None)
    table = table_4(vintage, "RMB").set_index("year")
    first, latest = table.loc[2024, "first_published_value"], table.loc[2024, "value"]
    revised = not (math.isnan(first) or math.isnan(latest)) and first != latest
    out["cbec_2024_revised"] = "yes" if revised else "no"
    return out


def chapter_numbers(vintage: str = "latest", currency: str = "RMB") -> dict[str, str]:
    """Every number chapter 04 glues, at ``vintage`` (the one call its notebook makes)."""
    return narrative_numbers(vintage, currency)
