"""Global trade and rules: Table 6, Figure 5, Table 7 and the rules timeline.

Table 6 sets UNCTAD's value of world trade, the WTO's merchandise volume outlook and the share of
world trade on MFN terms beside the paper's numbers; ``scenario`` (``baseline`` or
``energy_shock``) chooses which 2026 forecast is reported as the one in use and highlighted in
Figure 5. Every sourced vintage of the WTO volume series (baseline and scenarios) is listed by
:func:`forecast_vintages`. The fall in the MFN-covered share is :func:`smeintl.derive.pp_change`
of the two shares the paper uses. Table 7 is every dated event of ``data/raw/rules.csv``, each
date the paper prints shown beside it (claims register), with :func:`table7_paper` comparing the
paper's three rows with the dates in force now.

Units: USD trillion (value of trade), % y/y (volume growth), % of global trade (MFN share),
percentage points (its change), ISO dates (rules).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from smeintl import presentation as show
from smeintl.derive import Derived, Input, _g, pp_change
from smeintl.plotting import DASHES, GREY, MARKERS, PALETTE, marks, new_figure, pyplot, save_figure
from smeintl.presentation import (
    MISSING,
    PAPER_ONLY,
    Linked,
    bar_style,
    cite,
    number,
    paper_only_note,
)
from smeintl.presentation import provenance_display as display
from smeintl.presentation import provenance_source as table_source
from smeintl.sourced import (
    STATUS,
    Row,
    paper_claims,
    provenance_table,
    releases,
    source_kind,
)
from smeintl.store import rules, series, series_table, sources

VOLUME = "wto_merch_volume_growth"
SCENARIOS = {"baseline": VOLUME, "energy_shock": f"{VOLUME}_energy_shock"}
SCENARIO_LABELS = {"baseline": "baseline", "energy_shock": "energy-price shock scenario"}
MFN = "wto_mfn_share"
MFN_PAPER = ("2024", "2026Q1")  # the periods of the paper's "80% in 2024 → 72% in early 2026"
MFN_CLAIMS = {"2024": "T6-R5-2024", "2026Q1": "T6-R5-2026"}
MFN_NARRATIVE = ("2022", "2024", "2025-05", "2025-09", "2026Q1")  # periods the text names
OUTTURN_YEAR = "2025"
FORECAST_YEAR = "2026"
PAPER_SOURCE = "cao_gan_2026"


def _check_scenario(scenario: str) -> None:
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {', '.join(SCENARIOS)}, got {scenario!r}")


def _period_label(period: str) -> str:
    """``2025-09`` → ``Sep 2025``; ``2026Q1`` → ``early 2026 (Q1)``; ``2024`` stays."""
    if "-" in period:
        return pd.Timestamp(period + "-01").strftime("%b %Y")
    if "Q" in period:
        return f"early {period[:4]} (Q1)" if period.endswith("Q1") else period
    return period


def mfn_periods(vintage: str = "latest") -> list[str]:
    """Every period of the MFN share with a release by ``vintage``, in time order."""
    from smeintl.build import period_key

    return sorted(series(MFN, vintage)["period"], key=period_key)


def mfn_change(vintage: str = "latest") -> Derived | None:
    """The paper's fall in the MFN-covered share, early 2026 minus 2024 (pp), from the two
    values the paper prints (recorded with the paper as source); ``None`` if not released."""
    from smeintl.derive import Input

    pair = []
    for period in reversed(MFN_PAPER):
        recs = releases(MFN, period, vintage)
        if recs.empty:
            return None
        r = recs.iloc[-1]
        pair.append(Input.from_record(MFN, period, r))
    return pp_change(pair[0], pair[1], name="mfn_share_change")


def table6_rows(vintage: str = "latest") -> list[Row]:
    """The cells of the paper's Table 6 (and every MFN period found) as series and claims."""
    rows = [
        Row(
            "Global trade in goods and services",
            OUTTURN_YEAR,
            "unctad_global_trade",
            OUTTURN_YEAR,
            "T6-R1",
        ),
        Row(
            "Increase in global trade over the previous year",
            OUTTURN_YEAR,
            "unctad_global_trade_increase",
            OUTTURN_YEAR,
            "T6-R2",
        ),
        Row(
            "World merchandise trade volume growth",
            OUTTURN_YEAR,
            VOLUME,
            OUTTURN_YEAR,
            "T6-R3-2025",
        ),
        Row(
            "World merchandise trade volume growth: WTO forecast, baseline",
            FORECAST_YEAR,
            VOLUME,
            FORECAST_YEAR,
            "T6-R3-2026",
        ),
        Row(
            "World merchandise trade volume growth: WTO forecast, energy-price shock scenario",
            FORECAST_YEAR,
            SCENARIOS["energy_shock"],
            FORECAST_YEAR,
            "T6-R4",
        ),
    ]
    rows += [
        Row("Share of world trade on MFN terms", _period_label(p), MFN, p, MFN_CLAIMS.get(p))
        for p in mfn_periods(vintage)
    ]
    return rows


def table6(scenario: str = "baseline", vintage: str = "latest") -> pd.DataFrame:
    """Table 6 with provenance (see :func:`~smeintl.exhibits.survey.provenance_table`), the
    paper's MFN change (pp) as a last row, and ``in_use`` marking the 2026 forecast of
    ``scenario``."""
    _check_scenario(scenario)
    frame = provenance_table(table6_rows(vintage), vintage)
    scenario_ids = set(SCENARIOS.values())
    frame["in_use"] = [
        ("selected 2026 forecast" if sid == SCENARIOS[scenario] else "alternative 2026 forecast")
        if (p == FORECAST_YEAR and sid in scenario_ids)
        else ""
        for sid, p in zip(frame["series_id"], frame["period"], strict=True)
    ]
    change = mfn_change(vintage)
    if change is not None:
        claims = paper_claims().set_index("claim_id")
        printed = float(claims.loc["F5-SRC-to", "value"]) - float(
            claims.loc["F5-SRC-from", "value"]
        )
        paper_inputs = all(source_kind(i.source_id) == "paper" for i in change.inputs)
        row = len(frame)
        evidence = dict(frame.attrs.get("evidence", {}))
        evidence[(row, "value")] = replace(
            change, note="Change in the share of world trade on MFN terms, as the paper dates it"
        )
        evidence[(row, "paper_prints")] = Derived(
            "mfn_change_paper",
            printed,
            "pp",
            f"{_g(float(claims.loc['F5-SRC-to', 'value']))} − "
            f"{_g(float(claims.loc['F5-SRC-from', 'value']))}"
            " (claims F5-SRC-to and F5-SRC-from)",
            note="The MFN change as the paper's two printed shares give it",
        )
        frame.loc[row] = {
            "indicator": "Change in the share of world trade on MFN terms (derived)",
            "column": f"{_period_label(MFN_PAPER[0])} → {_period_label(MFN_PAPER[1])}",
            "value": change.value,
            "qualifier": "",
            "unit": "pp",
            "paper_prints": printed,
            "paper_qualifier": "",
            "check": (
                f"derived from values the paper prints ({PAPER_ONLY})"
                if paper_inputs
                else "derived from sourced values"
            ),
            "source_status": f"derived: {change.formula}",
            "source": "",
            "released": change.inputs[0].vintage,
            "series_id": MFN,
            "period": MFN_PAPER[1],
            "source_id": change.inputs[0].source_id,
            "in_use": "",
        }
        show.attach(frame, evidence)
    return frame


def selected_forecast(scenario: str = "baseline", vintage: str = "latest") -> dict | None:
    """The 2026 volume forecast of ``scenario`` as one row of :func:`table6` (dict), or
    ``None`` when it was not released by ``vintage``."""
    frame = table6(scenario, vintage)
    pick = frame[frame["in_use"] == "selected 2026 forecast"].dropna(subset=["value"])
    return None if pick.empty else pick.iloc[0].to_dict()


def _scenario_label(series_id: str) -> str:
    title = series_table().set_index("series_id").loc[series_id, "title"]
    return str(title).split(", ", 1)[1] if ", " in str(title) else str(title)


def forecast_vintages(vintage: str = "latest") -> pd.DataFrame:
    """Every sourced release of the WTO's world merchandise trade volume growth (baseline and
    scenario series), by year and release date.

    Columns: series_id, scenario, year (the year forecast or estimated), released (vintage),
    value (% y/y), qualifier, source_id, source, source_status, note. Releases after
    ``vintage`` are left out.
    """
    ids = sorted(s for s in series_table()["series_id"] if s.startswith(VOLUME))
    out = []
    for sid in ids:
        for period in sorted(series(sid, vintage)["period"]):
            for _, r in releases(sid, period, vintage).iterrows():
                out.append(
                    {
                        "series_id": sid,
                        "scenario": _scenario_label(sid),
                        "year": period,
                        "released": r["vintage"],
                        "value": r["value"],
                        "qualifier": r["qualifier"],
                        "source_id": r["source_id"],
                        "source": cite(r["source_id"]),
                        "source_status": STATUS[r["kind"]],
                        "note": r["note"],
                    }
                )
    columns = [
        "series_id",
        "scenario",
        "year",
        "released",
        "value",
        "qualifier",
        "source_id",
        "source",
        "source_status",
        "note",
    ]
    frame = pd.DataFrame(out, columns=columns)
    return frame.sort_values(["year", "released", "series_id"], ignore_index=True)


def forecast_vintages_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Formatted view of :func:`forecast_vintages` (one decimal)."""
    return pd.DataFrame(
        {
            "Year": frame["year"],
            "Released": frame["released"],
            "Series": frame["scenario"],
            "Growth (% y/y)": [
                show.record_link(number(r["value"], "{:.1f}", r["qualifier"]), *_key(r))
                for _, r in frame.iterrows()
            ],
            "Source": [
                f"{s} [{st}]" for s, st in zip(frame["source"], frame["source_status"], strict=True)
            ],
        }
    )


def _key(r: pd.Series) -> tuple[str, str, str]:
    return r["series_id"], r["year"], r["released"]


def _figure5_note(frame: pd.DataFrame, scenario: str) -> str:
    mfn = frame[(frame["series_id"] == MFN) & (frame["unit"] != "pp")].dropna(subset=["value"])
    note = "; ".join(
        n
        for n in (f"solid 2026 bar: {SCENARIO_LABELS[scenario]}", paper_only_note(mfn, "MFN bars"))
        if n
    )
    return note


VINTAGES_NOTE = "release date on the horizontal axis; triangles: WTO scenarios"
RULES_NOTE = (
    "filled: date in force or scheduled; hollow: date since superseded; bold: the date "
    "in force now for each row of the paper's Table 7; red arrow: from the date the "
    "paper prints"
)


def display_table6(frame: pd.DataFrame) -> pd.DataFrame:
    """Reader's view of :func:`table6`: values, the paper's numbers, checks, sources, and which
    2026 forecast is in use."""
    view = display(frame, label="Variable", column="Period")
    view.insert(4, "In use", [u or "–" for u in frame["in_use"]])
    return view


def _table_marks(frame: pd.DataFrame, rows: pd.DataFrame, labels: list[str]) -> list[dict]:
    """Marks of Table 6 rows (their attached values), labelled ``labels``."""
    out = []
    for (i, r), label in zip(rows.iterrows(), labels, strict=True):
        out.append(
            show.mark_row(
                show.evidence(frame, i, "value"),
                label,
                series_id=str(r["series_id"]),
                period=str(r["period"]),
                unit=str(r["unit"]),
                value=float(r["value"]),
                sources=str(r["source_id"]),
                role="paper only" if r["check"] == PAPER_ONLY else "published",
            )
        )
    return out


def figure5_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """Figure 5's marks from Table 6's frame: the volume bars (left), then the MFN bars."""
    vol = frame[frame["unit"] == "% y/y"].dropna(subset=["value"])
    labels = []
    for _, r in vol.iterrows():
        if r["period"] == OUTTURN_YEAR:
            labels.append(f"{OUTTURN_YEAR} (estimate)")
        else:
            scen = "baseline" if r["series_id"] == VOLUME else "energy-price shock"
            labels.append(f"{FORECAST_YEAR} {scen} ({r['in_use'] or 'forecast'})")
    mfn = frame[(frame["series_id"] == MFN) & (frame["unit"] != "pp")].dropna(subset=["value"])
    rows = _table_marks(frame, vol, labels)
    rows += _table_marks(frame, mfn, [f"MFN share, {c}" for c in mfn["column"]])
    return marks(rows)


def figure5(
    scenario: str = "baseline", vintage: str = "latest", params: dict[str, str] | None = None
) -> pd.DataFrame:
    """Figure 5: WTO merchandise volume growth (2025 estimate; 2026 baseline and energy-shock
    scenario, the selected one solid) and the share of world trade on MFN terms at every date
    found (paper-only values hatched), with the paper's change in pp; drawn from
    :func:`figure5_marks` (rows of Table 6); returns the marks frame."""

    _check_scenario(scenario)
    frame = table6(scenario, vintage)
    data = figure5_marks(frame)
    fig, (left, right) = pyplot().subplots(
        1, 2, figsize=(9.5, 4.6), layout="constrained", gridspec_kw={"width_ratios": [3, 4]}
    )
    fig.suptitle(
        "Global trade growth and rule fragmentation pressure",
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=11,
    )
    vol = frame[frame["unit"] == "% y/y"].dropna(subset=["value"])
    vol = vol.assign(value=data["value"].iloc[: len(vol)].to_numpy())
    labels, colours, hatches = [], [], []
    for _, r in vol.iterrows():
        if r["period"] == OUTTURN_YEAR:
            labels.append(f"{OUTTURN_YEAR}\n(estimate)")
            colours.append(PALETTE[0])
            hatches.append("")
        else:
            scen = "baseline" if r["series_id"] == VOLUME else "energy-price\nshock"
            labels.append(f"{FORECAST_YEAR}\n{scen}")
            selected = r["in_use"] == "selected 2026 forecast"
            colours.append(PALETTE[3] if selected else "#e6e6e6")
            hatches.append("" if selected else "//")
    bars = left.bar(
        labels,
        vol["value"],
        color=colours,
        hatch=hatches,
        edgecolor="#555555",
        linewidth=0.5,
        width=0.6,
    )
    left.bar_label(bars, labels=[f"{v:.1f}%" for v in vol["value"]], padding=2, fontsize=9)
    left.set_title("World merchandise trade volume growth", loc="left", fontsize=10)
    left.set_ylabel("% y/y")
    left.set_ylim(0, (vol["value"].max() if len(vol) else 1) * 1.25)

    mfn = frame[(frame["series_id"] == MFN) & (frame["unit"] != "pp")].dropna(subset=["value"])
    mfn = mfn.assign(value=data["value"].iloc[len(vol) :].to_numpy())
    xs = list(range(len(mfn)))
    mbars = right.bar(xs, mfn["value"], width=0.6, **bar_style(mfn, PALETTE[2]))
    right.bar_label(
        mbars,
        labels=[
            number(v, qualifier=q) + "%"
            for v, q in zip(mfn["value"], mfn["qualifier"], strict=True)
        ],
        padding=2,
        fontsize=8,
    )
    right.set_xticks(xs, [c.replace(" (", "\n(") for c in mfn["column"]], fontsize=8)
    change = mfn_change(vintage)
    if change is not None:
        periods = list(mfn["period"])
        x0, x1 = periods.index(MFN_PAPER[0]), periods.index(MFN_PAPER[1])
        top = mfn["value"].max() * 1.16
        right.annotate(
            "",
            xy=(x1, top),
            xytext=(x0, top),
            arrowprops={"arrowstyle": "->", "color": PALETTE[1], "linewidth": 1.2},
        )
        right.text(
            (x0 + x1) / 2,
            top * 1.02,
            f"paper: {change.value:+.0f} pp".replace("-", "\u2212"),
            ha="center",
            fontsize=9,
            fontweight="bold",
            color=PALETTE[1],
        )
    right.set_ylim(0, max(mfn["value"].max() if len(mfn) else 1, 1) * 1.3)
    right.set_title("Share of world trade on MFN terms", loc="left", fontsize=10)
    right.set_ylabel("% of global trade")
    return save_figure(fig, 5, params, data, note=_figure5_note(frame, scenario))


def vintages_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """The vintages figure's marks from :func:`forecast_vintages`: one point per estimate or
    forecast, year by year, baselines before scenarios (the period is the year forecast, the
    vintage the release date)."""
    rows = []
    for year in sorted(frame["year"].unique()):
        sub = frame[frame["year"] == year]
        for _, r in pd.concat(
            [sub[sub["series_id"] == VOLUME], sub[sub["series_id"] != VOLUME]]
        ).iterrows():
            rows.append(
                {
                    "series_id": str(r["series_id"]),
                    "period": str(year),
                    "vintage": str(r["released"]),
                    "value": float(r["value"]),
                    "unit": "% y/y",
                    "label": f"growth in {year}"
                    + ("" if r["series_id"] == VOLUME else f", {r['scenario']}"),
                    "role": "published",
                    "sources": str(r["source_id"]),
                    "derivation": "",
                }
            )
    return marks(rows)


def figure_vintages(vintage: str = "latest", params: dict[str, str] | None = None) -> pd.DataFrame:
    """Unnumbered figure ``wto-forecast-vintages``: each WTO estimate or forecast of world
    merchandise volume growth (% y/y) by release date, one line per year (colour and marker
    differ); scenarios hollow triangles; drawn from :func:`vintages_marks`; returns it."""

    data = vintages_marks(forecast_vintages(vintage))
    fig, ax = new_figure(
        "WTO forecasts of world merchandise trade volume growth, by release", figsize=(8.0, 4.6)
    )
    for i, year in enumerate(sorted(data["period"].unique())):
        colour = PALETTE[i % len(PALETTE)]
        base = data[(data["period"] == year) & (data["series_id"] == VOLUME)]
        ax.plot(
            pd.to_datetime(base["vintage"]),
            base["value"],
            marker=MARKERS[i % len(MARKERS)],
            linestyle=DASHES[i % len(DASHES)],
            color=colour,
            label=f"growth in {year}",
        )
        other = data[(data["period"] == year) & (data["series_id"] != VOLUME)]
        for _, r in other.iterrows():
            ax.plot(
                pd.to_datetime(r["vintage"]),
                r["value"],
                marker="v",
                color=colour,
                fillstyle="none",
                markersize=8,
                linestyle="none",
            )
            ax.annotate(
                r["label"].split(", ", 1)[1].removesuffix(" scenario"),
                (pd.to_datetime(r["vintage"]), r["value"]),
                xytext=(-8, -3),
                textcoords="offset points",
                fontsize=7,
                color=colour,
                ha="right",
            )
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_ylabel("% y/y")
    ax.legend(fontsize=8, loc="upper left")
    return save_figure(fig, "wto-forecast-vintages", params, data, note=VINTAGES_NOTE)


# --------------------------------------------------------------------------------------------
# Table 7 and the rules timeline
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperRule:
    """A row of the paper's Table 7: the date it prints (claim id) and the event in force now.

    For a dated row the event is the one the claims register checks the date against
    (``event:<event_id>``); the paper's third row gives no date, so its events are named here.
    """

    row: str
    node: str
    claim_id: str | None
    current_event: str | None = None


PAPER_RULES = (
    PaperRule("EU CBAM", "Definitive period", "T7-R1"),
    PaperRule("EUDR", "Large and medium-sized firms", "T7-R2-large"),
    PaperRule("EUDR", "Small and micro firms", "T7-R2-small"),
    PaperRule(
        "EU supply-chain and product-safety rules",
        "Product safety (GPSR) applies",
        None,
        "gpsr_application",
    ),
    PaperRule(
        "EU supply-chain and product-safety rules",
        "Supply-chain due diligence (CSDDD) applies",
        None,
        "csddd_application_omnibus_i",
    ),
)


def current_event(rule: PaperRule, claims: pd.DataFrame | None = None) -> str:
    """The event id holding the date in force now for one row of the paper's Table 7."""
    if rule.current_event:
        return rule.current_event
    claims = paper_claims().set_index("claim_id") if claims is None else claims
    check = str(claims.loc[rule.claim_id, "check"])
    if not check.startswith("event:"):
        raise ValueError(f"claim {rule.claim_id} is not checked against a rule event: {check}")
    return check.removeprefix("event:")


def _rule_claims() -> pd.DataFrame:
    claims = paper_claims()
    return claims[claims["claim_id"].str.startswith("T7-")].reset_index(drop=True)


def _claim_row(location: str) -> str:
    """``Table 7, row 'EUDR', column …`` → ``EUDR``."""
    return location.split("row '", 1)[1].split("'", 1)[0] if "row '" in location else ""


def _printed_claims(event: pd.Series, claims: pd.DataFrame) -> list:
    """Labels of the claims (rows of :func:`_rule_claims`) that print this event's date."""
    return [
        i
        for i, (c, loc) in enumerate(zip(claims["value"], claims["location"], strict=True))
        if c == event["date"] and event["rule"].startswith(_claim_row(loc))
    ]


def table7(vintage: str = "latest") -> pd.DataFrame:
    """Table 7: every dated rule event (``data/raw/rules.csv``), oldest first.

    ``status`` is ``superseded`` when the record's note says so (a date later moved), else
    ``in force or scheduled``; ``paper_prints`` is the date the paper's Table 7 prints for the
    same rule when it is this event's date. Rules carry no release dates, so ``vintage`` does
    not change the table (kept for a uniform signature). Columns: rule, event, date, scope,
    status, paper_prints, check, source, source_status, note, event_id, source_id.
    """
    del vintage
    frame = rules()
    claims = _rule_claims()
    out = []
    for _, r in frame.iterrows():
        printed = [claims.loc[i, "value"] for i in _printed_claims(r, claims)]
        superseded = "superseded" in r["note"].lower()
        if not printed:
            check = "not in the paper's table"
        elif superseded:
            check = "date the paper prints; since superseded"
        else:
            check = "date the paper prints; still in force"
        out.append(
            {
                "rule": r["rule"],
                "event": r["event"],
                "date": r["date"],
                "scope": r["scope"],
                "status": "superseded" if superseded else "in force or scheduled",
                "paper_prints": printed[0] if printed else "",
                "check": check,
                "source": cite(r["source_id"]),
                "source_status": STATUS[source_kind(r["source_id"])],
                "note": r["note"],
                "event_id": r["event_id"],
                "source_id": r["source_id"],
            }
        )
    return pd.DataFrame(out)


def table7_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Formatted view of :func:`table7`: each date linked to its rule event's entry in the
    catalogue, each date the paper prints to its claim in the audit."""
    claims = _rule_claims()
    events = rules().set_index("event_id")
    printed = []
    for event_id, p in zip(frame["event_id"], frame["paper_prints"], strict=True):
        ids = _printed_claims(events.loc[event_id], claims)
        claim = str(claims.loc[ids[0], "claim_id"]) if p and ids else ""
        printed.append(show.claim_link(p, claim) if claim else (p or MISSING))
    return pd.DataFrame(
        {
            "Rule": [r.split(" (", 1)[0] for r in frame["rule"]],
            "Date": [
                show.event_link(d, e) for d, e in zip(frame["date"], frame["event_id"], strict=True)
            ],
            "Event": frame["event"],
            "Status": frame["status"],
            "Paper prints": printed,
            "Source": [
                f"{s} [{st}]" for s, st in zip(frame["source"], frame["source_status"], strict=True)
            ],
        }
    )


def table7_paper(vintage: str = "latest") -> pd.DataFrame:
    """The paper's Table 7 rows: the date printed beside the date in force now (per sources).

    Columns: rule, node, paper_prints (ISO date or ''), date_now, check, event, source.
    """
    events = table7(vintage).set_index("event_id")
    claims = paper_claims().set_index("claim_id")
    out = []
    for pr in PAPER_RULES:
        now = events.loc[current_event(pr, claims)]
        printed = str(claims.loc[pr.claim_id, "value"]) if pr.claim_id else ""
        if not printed:
            check = "the paper gives no date ('progressively strengthened')"
        elif printed == now["date"]:
            check = "matches the date in force"
        else:
            check = f"moved: the paper prints {printed}, now {now['date']}"
        out.append(
            {
                "rule": pr.row,
                "node": pr.node,
                "paper_prints": printed,
                "date_now": now["date"],
                "check": check,
                "event": now["event"],
                "source": f"{now['source']} [{now['source_status']}]",
                "event_id": now.name,
                "source_id": now["source_id"],
            }
        )
    return pd.DataFrame(out)


def table7_paper_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Formatted view of :func:`table7_paper`."""
    claims = {pr.node: pr.claim_id for pr in PAPER_RULES}
    return pd.DataFrame(
        {
            "Rule (paper's row)": frame["rule"],
            "Application node": frame["node"],
            "Paper prints": [
                show.claim_link(p, claims[n]) if p and claims.get(n) else (p or MISSING)
                for p, n in zip(frame["paper_prints"], frame["node"], strict=True)
            ],
            "Date now": [
                show.event_link(d, e)
                for d, e in zip(frame["date_now"], frame["event_id"], strict=True)
            ],
            "Check": frame["check"],
            "Source": frame["source"],
        }
    )


def paper_published() -> str:
    """The paper's publication date (ISO), from ``sources.csv``."""
    return str(sources().set_index("source_id").loc[PAPER_SOURCE, "published"])


def _lane(rule: str, scope: str) -> str:
    """Timeline lane: the rule's short name; EUDR's micro and small operators get their own."""
    short = rule.split(" (", 1)[0]
    return f"{short}: micro and small" if scope.startswith("micro") else short


def rules_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """The timeline's marks from Table 7's frame (with its ``lane``): one point per dated event,
    lane by lane, dates in force before dates later moved; the date is the period, no value."""
    rows = []
    for lane in frame["lane"].unique():
        sub = frame[frame["lane"] == lane]
        for status, role in (("live", "date in force"), ("superseded", "date later moved")):
            part = sub[(sub["status"] == "superseded") == (status == "superseded")]
            for _, r in part.iterrows():
                rows.append(
                    {
                        "series_id": str(r["event_id"]),
                        "period": str(r["date"]),
                        "vintage": "",
                        "value": float("nan"),
                        "unit": "date",
                        "label": f"{lane} — {r['event']}",
                        "role": role,
                        "sources": str(r["source_id"]),
                        "derivation": "",
                    }
                )
    return marks(rows)


def figure_rules(vintage: str = "latest", params: dict[str, str] | None = None) -> pd.DataFrame:
    """Unnumbered figure ``rules-timeline``: every dated event, one lane per rule (EUDR's micro
    and small operators apart); superseded dates hollow; arrows from each date the paper prints
    to the date in force now; a dashed line at the paper's publication date. Drawn from
    :func:`rules_marks`; returns it."""

    frame = table7(vintage)
    frame["lane"] = [_lane(r, s) for r, s in zip(frame["rule"], frame["scope"], strict=True)]
    frame["short"] = [r.split(" (", 1)[0] for r in frame["rule"]]
    first = frame.groupby("short")["date"].min()
    lanes = sorted(set(frame["lane"]), key=lambda n: (first[n.split(":")[0]], n))
    ypos = {n: len(lanes) - 1 - i for i, n in enumerate(lanes)}
    data = rules_marks(frame.assign(lane=pd.Categorical(frame["lane"], lanes, ordered=True)))
    colours = [c for c in PALETTE if c != GREY]  # grey is kept for superseded dates
    fig, ax = new_figure(
        "Timeline of green and supply-chain rules", figsize=(9.0, 1.6 + 0.75 * len(lanes))
    )
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    for i, lane in enumerate(lanes):
        sub = data[data["label"].str.startswith(f"{lane} — ")]
        colour = colours[i % len(colours)]
        live = sub[sub["role"] == "date in force"]
        gone = sub[sub["role"] == "date later moved"]
        ax.plot(
            pd.to_datetime(live["period"]),
            [ypos[lane]] * len(live),
            MARKERS[i % len(MARKERS)],
            color=colour,
            markersize=6,
        )
        ax.plot(
            pd.to_datetime(gone["period"]),
            [ypos[lane]] * len(gone),
            MARKERS[i % len(MARKERS)],
            color=GREY,
            fillstyle="none",
            markersize=7,
        )
    claims = paper_claims().set_index("claim_id")
    current = {current_event(pr, claims) for pr in PAPER_RULES}
    events = frame.set_index("event_id")
    for pr in PAPER_RULES:
        now = events.loc[current_event(pr, claims)]
        y = ypos[now["lane"]]
        ax.annotate(
            now["date"],
            (pd.Timestamp(now["date"]), y),
            xytext=(0, -15),
            textcoords="offset points",
            fontsize=7,
            ha="center",
            fontweight="bold",
        )
        printed = frame[
            (frame["paper_prints"] != "")
            & (frame["lane"] == now["lane"])
            & ~frame["event_id"].isin(current)
        ]
        for _, old in printed.iterrows():
            ax.annotate(
                "",
                xy=(pd.Timestamp(now["date"]), y),
                xytext=(pd.Timestamp(old["date"]), y),
                arrowprops={
                    "arrowstyle": "->",
                    "color": PALETTE[1],
                    "connectionstyle": "arc3,rad=-0.4",
                },
            )
            ax.annotate(
                f"paper: {old['date']}",
                (pd.Timestamp(old["date"]), y),
                xytext=(0, -15),
                textcoords="offset points",
                fontsize=7,
                ha="center",
                color=PALETTE[1],
            )
    published = pd.Timestamp(paper_published())
    ax.axvline(published, color="#555555", linestyle="--", linewidth=0.8)
    ax.annotate(
        "paper published",
        (published, len(lanes) - 0.6),
        fontsize=7,
        ha="right",
        xytext=(-3, 0),
        textcoords="offset points",
        color="#555555",
    )
    ax.set_yticks([ypos[n] for n in lanes], lanes)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    return save_figure(fig, "rules-timeline", params, data, note=RULES_NOTE)


# --------------------------------------------------------------------------------------------
# Numbers the narrative mentions (glued, never typed)
# --------------------------------------------------------------------------------------------


def _long_date(iso: str) -> str:
    """``2026-12-30`` → ``30 December 2026`` (``–`` when empty)."""
    return pd.Timestamp(iso).strftime("%-d %B %Y") if iso else MISSING


def _count(name: str, n: int, unit: str, what: str) -> Derived:
    return Derived(name, float(n), unit, f"count of the {what}", (), what[0].upper() + what[1:])


def _narrative_values(scenario: str, vintage: str) -> dict[str, object]:
    """The values the prose cites: records and claims of Table 6, the selected forecast, the
    range of the WTO's 2025 forecasts, counts, and the MFN change."""
    table = table6(scenario, vintage)
    out: dict[str, object] = {}

    def put(key: str, series_id: str, period: str) -> None:
        rows = table.index[
            (table["series_id"] == series_id)
            & (table["period"] == period)
            & (table["unit"] != "pp")
        ]
        label = rows[0] if len(rows) else None
        for suffix, column in (("", "value"), ("_paper", "paper_prints")):
            out[key + suffix] = None if label is None else show.evidence(table, label, column)

    put("trade_2025", "unctad_global_trade", OUTTURN_YEAR)
    put("trade_increase_2025", "unctad_global_trade_increase", OUTTURN_YEAR)
    put("volume_2025", VOLUME, OUTTURN_YEAR)
    put("volume_2026_baseline", VOLUME, FORECAST_YEAR)
    put("volume_2026_energy", SCENARIOS["energy_shock"], FORECAST_YEAR)
    chosen = selected_forecast(scenario, vintage)
    out["volume_2026_selected"] = (
        show.record(chosen["series_id"], chosen["period"], chosen["released"]) if chosen else None
    )
    for period in sorted(set(MFN_NARRATIVE) | set(mfn_periods(vintage))):
        put(f"mfn_{period.replace('-', '_').lower()}", MFN, period)
    change = mfn_change(vintage)
    out["mfn_change"] = change
    vint = forecast_vintages(vintage)
    early = vint[(vint["series_id"] == VOLUME) & (vint["year"] == OUTTURN_YEAR)]
    forecasts = early.iloc[:-1] if len(early) > 1 else early.iloc[:0]
    for key, pick in (("min", "idxmin"), ("max", "idxmax")):
        r = forecasts.loc[getattr(forecasts["value"], pick)()] if len(forecasts) else None
        out[f"forecasts_2025_{key}"] = None if r is None else show.record(*_key(r))
    out["forecasts_2025_n"] = _count(
        "wto_forecasts_2025_n", len(forecasts), "forecasts", "WTO forecasts of 2025 growth found"
    )
    out["vintages_n"] = _count(
        "wto_releases_n", len(vint), "releases", "releases of WTO volume growth listed"
    )
    return out


def derived(vintage: str = "latest") -> list[Derived]:
    """The chapter's derived values and counts (baseline scenario), for the derivations page."""
    values = _narrative_values("baseline", vintage)
    table = table6("baseline", vintage)
    extra = [show.evidence(table, table.index[-1], c) for c in ("value", "paper_prints")]
    extra += _rules_counts(table7(vintage))
    return [x for x in [*values.values(), *extra] if isinstance(x, Derived)]


def _rules_counts(events: pd.DataFrame) -> list[Derived]:
    """How many dated rule events Table 7 lists, and how many of them were later moved."""
    return [
        _count("rules_events_n", len(events), "events", "dated rule events in Table 7"),
        _count(
            "rules_superseded_n",
            int((events["status"] == "superseded").sum()),
            "events",
            "rule events whose date was later moved",
        ),
    ]


def narrative_numbers(scenario: str = "baseline", vintage: str = "latest") -> dict[str, str]:
    """Every number and date the trade-and-rules section's prose mentions, each a link to its
    evidence, keyed for glue."""
    out: dict[str, str] = {"scenario_label": SCENARIO_LABELS[scenario]}
    values = _narrative_values(scenario, vintage)
    for key, x in values.items():
        if key == "mfn_change":
            label = f"{x.value:+.0f}".replace("-", "\u2212") if x else None
            out[key] = show.linked(x, label=label) if x else MISSING
        elif key.endswith("_n"):
            out[key] = show.linked(x, "{:.0f}")
        elif key.startswith(("volume", "forecasts")):
            out[key] = show.linked(x, "{:.1f}", "%")
        elif key.startswith("mfn"):
            out[key] = show.linked(x, "{:g}", "%")
        else:
            out[key] = show.linked(x, "{:g}", True)
        if not key.endswith("_paper") and isinstance(x, Input):
            out[f"{key}_released"] = show.linked(x, label=x.vintage)
    rows = table7_paper(vintage)
    claims = {pr.node: pr.claim_id for pr in PAPER_RULES}
    for _, r in rows.iterrows():
        key = {
            "Definitive period": "cbam",
            "Large and medium-sized firms": "eudr_large",
            "Small and micro firms": "eudr_small",
        }.get(r["node"])
        if key:
            printed = _long_date(r["paper_prints"])
            out[f"{key}_paper"] = Linked(show.claim_link(printed, claims[r["node"]]))
            out[f"{key}_now"] = Linked(show.event_link(_long_date(r["date_now"]), r["event_id"]))
    for count in _rules_counts(table7(vintage)):
        out[count.name] = show.linked(count, "{:.0f}")
    out["paper_published"] = _long_date(paper_published())
    return out


def table6_source(frame: pd.DataFrame) -> str:
    """Source line of Table 6 (units of every row named)."""
    return table_source(
        frame,
        unit="USD trillion (trade), % y/y (volume growth), % of global "
        "trade (MFN share), pp (its change)",
    )


def chapter_numbers(scenario: str = "baseline", vintage: str = "latest") -> dict[str, str]:
    """Every number chapter 06 glues at ``vintage`` (its figures' source notes come from their
    sidecars)."""
    return narrative_numbers(scenario, vintage)
