"""Table 1 and the tier chart: how many Chinese SMEs there are, tier by tier (MIIT counts).

Units: counts of firms. MIIT words most counts as lower bounds ("more than 60 million") or
round figures ("about 17,600"); the qualifier is kept beside every value and shown with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from smeintl import derive
from smeintl import presentation as show
from smeintl.build import period_key
from smeintl.derive import Derived, Input
from smeintl.plotting import PALETTE, marks, new_figure, save_figure
from smeintl.presentation import (
    QUALIFIER_WORDS,
    count_words,  # noqa: F401  (formerly defined here)
    display,
    table_source,
)
from smeintl.sourced import (
    find,
)
from smeintl.store import MissingDataError, observations, released_by, series, sources

# (series id, tier as labelled in the paper's Table 1, short label for the chart)
TIERS: tuple[tuple[str, str, str], ...] = (
    ("miit_smes_registered", "Registered SMEs", "Registered\nSMEs"),
    (
        "miit_tech_innovative_smes",
        "Technology-based and innovative SMEs",
        "Technology-based\nand innovative",
    ),
    (
        "miit_specialised_smes",
        "Specialised and sophisticated SMEs",
        "Specialised and\nsophisticated",
    ),
    (
        "miit_little_giants",
        'Specialised and sophisticated "little giant" firms',
        '"Little giant"\nfirms',
    ),
)
SERIES_READ = tuple(s for s, _, _ in TIERS)
UNIT = "firms"
FIGURE_NAME = "sme-tiers"

TABLE_1_COLUMNS = [
    "tier",
    "value",
    "qualifier",
    "qualifier_words",
    "unit",
    "period",
    "released",
    "first_reported",
    "first_period",
    "publisher",
    "url",
    "series_id",
    "sources",
]


def latest_count(series_id: str, vintage: str = "latest") -> Input:
    """The most recent period of a count series as released by ``vintage`` (firms)."""
    frame = series(series_id, vintage)
    if frame.empty:
        when = "" if vintage == "latest" else f" by {vintage}"
        raise MissingDataError(f"no sourced value of {series_id} released{when}")
    period = max(frame["period"], key=period_key)
    found = find(series_id, period, vintage)
    assert found is not None  # the period was taken from the released records
    return found


def first_report(count: Input, vintage: str = "latest") -> pd.Series:
    """The earliest release (by ``vintage``) of the same count with the same qualifier: MIIT
    often repeats a round count for months; this is when it was first reported."""
    records = observations("miit")
    same = records[
        (records["series_id"] == count.series_id)
        & (records["value"] == count.value)
        & (records["qualifier"] == count.qualifier)
    ]
    same = released_by(same, vintage)
    return same.sort_values(["vintage", "period"]).iloc[0]


def table_1(vintage: str = "latest") -> pd.DataFrame:
    """The paper's Table 1 from MIIT's counts: per tier the latest count (firms) with MIIT's
    qualifier, the period it refers to, the date it was released and its source, and when the
    same count was first reported (and for which period)."""
    meta = sources().set_index("source_id")
    rows, attached = [], {}
    for i, (series_id, label, _) in enumerate(TIERS):
        count = latest_count(series_id, vintage)
        first = first_report(count, vintage)
        attached[(i, "value")] = count
        attached[(i, "first_reported")] = show.record(series_id, first["period"], first["vintage"])
        source = meta.loc[count.source_id]
        rows.append(
            {
                "tier": label,
                "value": int(count.value),
                "qualifier": count.qualifier,
                "qualifier_words": QUALIFIER_WORDS.get(count.qualifier, count.qualifier),
                "unit": count.unit,
                "period": count.period,
                "released": count.vintage,
                "first_reported": first["vintage"],
                "first_period": first["period"],
                "publisher": source["publisher"],
                "url": source["url"],
                "series_id": series_id,
                "sources": ";".join(dict.fromkeys([count.source_id, first["source_id"]])),
            }
        )
    return show.attach(pd.DataFrame(rows, columns=TABLE_1_COLUMNS), attached)


def table_1_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Table 1 as shown in the book: the count with its qualifier in words."""
    shown = display(
        frame,
        {
            "tier": ("Tier", ""),
            "value": ("Count (firms)", "{:,.0f}"),
            "period": ("Refers to", ""),
            "released": ("Released", ""),
            "first_reported": ("Same count first reported", ""),
            "first_period": ("which referred to", ""),
            "publisher": ("Source of the latest release", ""),
        },
        qualifier_column="qualifier",
        qualified=["value"],
        links=True,
    )
    return shown


COUNTS_NOTE = "counts are as MIIT words them (lower bounds or rounded)"


def source_text(frame: pd.DataFrame) -> str:
    """Source line of Table 1 and the tier chart."""
    return table_source(frame, UNIT, COUNTS_NOTE)


def tier_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """The tier chart's marks from Table 1's frame: one bar per tier (firms)."""
    return marks(show.table_mark_rows(frame, [short for _, _, short in TIERS], "period"))


def tier_figure(vintage: str = "latest", params: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The four tiers as bars on a logarithmic scale (firms), each labelled with MIIT's wording,
    drawn from :func:`tier_marks`; written as the unnumbered bundle ``sme-tiers[__params].*``;
    returns the marks frame."""
    frame = table_1(vintage)
    data = tier_marks(frame)
    fig, ax = new_figure("Chinese SMEs by tier (log scale)")
    bars = ax.bar(range(len(data)), data["value"], color=PALETTE[0], edgecolor="white")
    ax.set_yscale("log")
    ax.set_xticks(range(len(data)), data["label"].tolist())
    labels = [count_words(v, q) for v, q in zip(data["value"], frame["qualifier"], strict=True)]
    ax.bar_label(bars, labels=labels, padding=2, fontsize=8)
    ax.set_ylabel("firms (log scale)")
    ax.set_ylim(top=data["value"].max() * 4)
    return save_figure(fig, FIGURE_NAME, params, data, note=COUNTS_NOTE)


def _ratios(frame: pd.DataFrame) -> tuple[Derived, Derived]:
    """Registered SMEs per little giant (firms per firm) and the little giants' share (%)."""
    registered, giants = show.evidence(frame, 0, "value"), show.evidence(frame, 3, "value")
    per_giant = derive.ratio(registered, giants, name="registered_per_little_giant")
    share = derive.share(giants, registered, name="little_giant_share")
    return (
        replace(per_giant, note="Registered SMEs per little giant firm"),
        replace(share, note="Little giant firms as a share of registered SMEs"),
    )


def derived(vintage: str = "latest") -> list[Derived]:
    """The chapter's derived values, for the derivations page."""
    return list(_ratios(table_1(vintage)))


def narrative_numbers(frame: pd.DataFrame) -> dict[str, str]:
    """The prose's numbers as links to their records, keyed for glue: each count in MIIT's
    words, the periods and release dates, and how many registered SMEs there are per "little
    giant" (rounded to 100)."""
    out = {}
    for i, (series_id, _, _) in enumerate(TIERS):
        count, first = show.evidence(frame, i, "value"), show.evidence(frame, i, "first_reported")
        out[series_id] = show.linked(count, label=count_words(count.value, count.qualifier))
        out[f"{series_id}_period"] = show.linked(count, label=count.period)
        out[f"{series_id}_first"] = show.linked(first, label=first.vintage)
        out[f"{series_id}_first_period"] = show.linked(first, label=first.period)
    per_giant, share = _ratios(frame)
    out["registered_per_little_giant"] = show.linked(
        per_giant, label=f"{round(per_giant.value, -2):,.0f}"
    )
    out["little_giant_share"] = show.linked(share, "{:.2f}", "%")
    return out


def chapter_numbers(vintage: str = "latest") -> dict[str, str]:
    """Every number chapter 01 glues, at ``vintage`` (the one call its notebook makes)."""
    return narrative_numbers(table_1(vintage))
