"""World Bank Enterprise Survey, China 2024: Table 5, Figures 4 and 6, and what the public
sample sizes allow.

The provenance of each cell (a sourced value, or a value recorded from the paper because no
original release was found, beside what the paper printed) comes from :mod:`smeintl.sourced`;
how it reads, and its link to its evidence, from :mod:`smeintl.presentation`.

Only the total China 2024 sample (series ``wbes_sample_firms``) is public: no split by firm
size, no count of respondents per indicator and no sample size for the regional aggregates. So a
95% interval can be given for a China-wide share (assuming every sampled firm answered the item
and simple random sampling), and no two-proportion test can be run honestly; :func:`comparisons`
says which tests were skipped and why.

Units: shares in percent of firms (0–100), clearance times in days, sample sizes in firms.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from smeintl import presentation as show
from smeintl.derive import Derived, Input
from smeintl.plotting import PALETTE, marks, new_figure, save_figure
from smeintl.presentation import (  # noqa: F401  (display helpers, formerly defined here)
    MISSING,
    bar_style,
    number,
    paper_only_note,
    sourced_only,
)
from smeintl.presentation import provenance_display as display  # noqa: F401  (Table 5's view)
from smeintl.presentation import provenance_source as table_source
from smeintl.sourced import (  # noqa: F401  (re-exported: the provenance helpers' old home)
    NOT_RELEASED,
    PAPER_ONLY,
    STATUS,
    Row,
    cell,
    check_against_paper,
    lookup,
    paper_claims,
    paper_value,
    provenance_table,
    releases,
    source_kind,
)
from smeintl.store import series_table

# --------------------------------------------------------------------------------------------
# The survey: Table 5, Figures 4 and 6
# --------------------------------------------------------------------------------------------

SURVEY_YEAR = "2024"
SAMPLE_SERIES = "wbes_sample_firms"
ECONOMIES = {
    "chn": "China 2024",
    "eap": "East Asia and Pacific",
    "umic": "Upper-middle-income economies",
}
SIZES = {"small": "Small", "medium": "Medium", "large": "Large"}
_NORMAL = NormalDist()
Z95 = _NORMAL.inv_cdf(0.975)  # two-sided 95% standard-normal quantile

INDICATORS = {
    "direct_exporters": ("Share of firms exporting directly", "R1"),
    "days_clear_exports": ("Average days to clear exports through customs", "R2"),
    "days_clear_imports": ("Average days to clear imports through customs", "R3"),
}
LOAN_CLAIMS = {"small": "T5-R4-CHN", "medium": "T5-R5-CHN-medium", "large": "T5-R5-CHN-large"}


def table5_rows() -> list[Row]:
    """The cells of the paper's Table 5 as series, periods and claim ids."""
    rows = [
        Row(label, ECONOMIES[eco], f"wbes_{key}_{eco}", SURVEY_YEAR, f"T5-{r}-{eco.upper()}")
        for key, (label, r) in INDICATORS.items()
        for eco in ECONOMIES
    ]
    rows += [
        Row(
            f"{SIZES[size]} firms with a bank loan",
            ECONOMIES["chn"],
            f"wbes_bank_loan_{size}",
            SURVEY_YEAR,
            claim,
        )
        for size, claim in LOAN_CLAIMS.items()
    ]
    return rows


def table5(vintage: str = "latest") -> pd.DataFrame:
    """Table 5: direct exporters (% of firms), customs days (days), bank loans by size (% of
    firms), each beside the paper's number, with source and status (see
    :func:`provenance_table`)."""
    return provenance_table(table5_rows(), vintage)


def _values(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    return frame[frame["series_id"].str.startswith(prefix)].reset_index(drop=True)


def sample_size(vintage: str = "latest", period: str = SURVEY_YEAR) -> dict | None:
    """The survey's public total sample (firms interviewed), with provenance, or ``None``."""
    return lookup(SAMPLE_SERIES, period, vintage)


# The interval and test formulas are written out here rather than called from statsmodels: its
# import (with scipy.stats) took 0.9 s, a third of one `smeintl diff`; the tests check every
# function against statsmodels' proportion_confint and proportions_ztest.
def _critical(alpha: float) -> float:
    return _NORMAL.inv_cdf(1.0 - alpha / 2.0)


def wilson_interval(share_pct: float, n: float, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for a share (percent, 0–100) from ``n`` independent draws.

    The count implied by the share, ``share/100 × n``, is not rounded; returns (low, high) in
    percent, clipped to 0–100 (as statsmodels' ``proportion_confint(method="wilson")``).

    >>> [round(x, 2) for x in wilson_interval(50, 100)]
    [40.38, 59.62]
    """
    q, z2 = share_pct / 100.0, _critical(alpha) ** 2
    centre = (q + z2 / (2 * n)) / (1 + z2 / n)
    half = math.sqrt(z2 * (q * (1 - q) / n + z2 / (4 * n * n))) / (1 + z2 / n)
    return 100.0 * max(centre - half, 0.0), 100.0 * min(centre + half, 1.0)


def normal_interval(share_pct: float, n: float, alpha: float = 0.05) -> tuple[float, float]:
    """Normal-approximation (Wald) interval, percent, clipped to 0–100; shown beside Wilson.

    >>> [round(x, 2) for x in normal_interval(50, 100)]
    [40.2, 59.8]
    """
    q = share_pct / 100.0
    half = _critical(alpha) * math.sqrt(q * (1 - q) / n)
    return 100.0 * max(q - half, 0.0), 100.0 * min(q + half, 1.0)


ASSUMPTIONS = (
    "simple random sampling of firms; every sampled firm answered the item; the published share "
    "is an unweighted proportion. The survey is stratified (by size, sector and region) and "
    "weighted, so these intervals are approximate: the design effect would widen them."
)


def interval_bounds(share: Input, total: Input | None) -> dict[str, Derived]:
    """The bounds of the 95% Wilson and normal intervals of ``share`` (% of firms) with the
    total sample ``total`` as N (only with a sample), and the span its rounding stands for."""
    out: dict[str, Derived] = {}
    if total is not None:
        formula = "the 95% {m} interval of {share:g}% with n = {n:,.0f} firms"
        for method, fn in (("wilson", wilson_interval), ("normal", normal_interval)):
            low, high = fn(share.value, total.value)
            text = formula.format(share=share.value, n=total.value, m=method.capitalize())
            for side, value in (("low", low), ("high", high)):
                out[f"{method}_{side}"] = Derived(
                    f"survey_exporters_chn_{method}_{side}",
                    value,
                    "% of firms",
                    f"{'lower' if side == 'low' else 'upper'} bound of {text}",
                    (share, total),
                    f"95% {method} interval for China's share of direct exporters, {side} end",
                )
    for side, sign in (("low", -1), ("high", 1)):
        out[f"rounding_{side}"] = Derived(
            f"survey_exporters_chn_rounding_{side}",
            share.value + sign * 0.5,
            "% of firms",
            f"{share.value:g} {'−' if sign < 0 else '+'} 0.5 (half the printed last digit)",
            (share,),
            f"Rounding span of the printed share of direct exporters, {side} end",
        )
    return out


def intervals(vintage: str = "latest") -> pd.DataFrame:
    """95% intervals for the shares of Table 5 where a sample size is public.

    Only a China-wide share has a public N (the total sample); for a regional aggregate or a
    size group the row says why no interval is given. Columns: indicator, economy, share (%),
    n (firms), wilson_low, wilson_high, normal_low, normal_high (%), rounding_low,
    rounding_high (the span the printed whole percent stands for, %), status.
    """
    table = table5(vintage)
    total = sample_size(vintage)
    shares = table[table["unit"] == "% of firms"]
    n_record = show.record(SAMPLE_SERIES, SURVEY_YEAR, total["vintage"]) if total else None
    out, evidence = [], {}
    for label, r in shares.iterrows():
        share = show.evidence(table, label, "value")
        evidence[(len(out), "share")] = share
        row = {
            "indicator": r["indicator"],
            "economy": r["column"],
            "share": r["value"],
            "n": math.nan,
            "wilson_low": math.nan,
            "wilson_high": math.nan,
            "normal_low": math.nan,
            "normal_high": math.nan,
            "rounding_low": r["value"] - 0.5,
            "rounding_high": r["value"] + 0.5,
        }
        size_group = "bank_loan" in r["series_id"]
        if pd.isna(r["value"]):
            row["status"] = "no value released by this vintage"
        elif total is None:
            row["status"] = "no public sample size by this vintage"
        elif size_group:
            row["status"] = "skipped: the number of firms of this size is not public"
        elif not r["series_id"].endswith("_chn"):
            row["status"] = "skipped: the sample size behind the regional aggregate is not public"
        else:
            n = total["value"]
            row["n"] = n
            row["wilson_low"], row["wilson_high"] = wilson_interval(r["value"], n)
            row["normal_low"], row["normal_high"] = normal_interval(r["value"], n)
            row["status"] = "computed with the total sample as N (assumptions below)"
            evidence[(len(out), "n")] = n_record
            if r["series_id"] == "wbes_direct_exporters_chn":
                bounds = interval_bounds(share, n_record)
                evidence |= {(len(out), k): d for k, d in bounds.items()}
        out.append(row)
    return show.attach(pd.DataFrame(out), {k: v for k, v in evidence.items() if v is not None})


def intervals_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Formatted view of :func:`intervals` (one decimal; '–' where not computed), each share,
    N and bound linked to its record or derivation."""

    def shown(i, column: str, fmt: str) -> str:
        value = frame.at[i, column]
        x = show.evidence(frame, i, column)
        return show.link(x, fmt) if x is not None else show.number(value, fmt)

    def rng(i, lo: str, hi: str) -> str:
        if pd.isna(frame.at[i, lo]):
            return MISSING
        return f"{shown(i, lo, '{:.1f}')} – {shown(i, hi, '{:.1f}')}"

    rows = frame.index
    return pd.DataFrame(
        {
            "Indicator": frame["indicator"],
            "Economy": frame["economy"],
            "Share (%)": [shown(i, "share", "{:g}") for i in rows],
            "N (firms)": [shown(i, "n", "{:,.0f}") for i in rows],
            "95% Wilson (%)": [rng(i, "wilson_low", "wilson_high") for i in rows],
            "95% normal (%)": [rng(i, "normal_low", "normal_high") for i in rows],
            "Rounding span (%)": [rng(i, "rounding_low", "rounding_high") for i in rows],
            "Status": frame["status"],
        }
    )


def two_proportion_test(share1: float, n1: float, share2: float, n2: float) -> tuple[float, float]:
    """Two-sided z-test of equal proportions (shares in percent, ``n`` in firms): (z, p-value).

    Pooled variance, as statsmodels' ``proportions_ztest``; assumes two independent simple
    random samples, which a stratified, weighted survey is not.

    >>> [round(x, 4) for x in two_proportion_test(22, 100, 46, 100)]
    [-3.5825, 0.0003]
    """
    p1, p2 = share1 / 100.0, share2 / 100.0
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return z, 2.0 * _NORMAL.cdf(-abs(z))


def _size_sample(size: str, vintage: str) -> dict | None:
    """The number of sampled firms of one size, if the data ever holds it."""
    sid = f"{SAMPLE_SERIES}_{size}"
    if sid not in set(series_table()["series_id"]):
        return None
    return lookup(sid, SURVEY_YEAR, vintage)


def comparisons(vintage: str = "latest") -> pd.DataFrame:
    """The two-proportion tests Table 5 invites, run only where both sample sizes are public.

    Columns: comparison, shares (text), needs, status, z, p_value. With the public data every
    test is skipped: the regional aggregates and the size groups have no published N.
    """
    table = table5(vintage).set_index("series_id")
    tests = [
        (
            "China vs East Asia and Pacific: direct exporters",
            "wbes_direct_exporters_chn",
            "wbes_direct_exporters_eap",
            "N behind the East Asia and Pacific aggregate",
        ),
        (
            "China vs upper-middle-income: direct exporters",
            "wbes_direct_exporters_chn",
            "wbes_direct_exporters_umic",
            "N behind the upper-middle-income aggregate",
        ),
        (
            "Small vs medium firms: bank loans",
            "wbes_bank_loan_small",
            "wbes_bank_loan_medium",
            "N of small and of medium firms in the China sample",
        ),
        (
            "Small vs large firms: bank loans",
            "wbes_bank_loan_small",
            "wbes_bank_loan_large",
            "N of small and of large firms in the China sample",
        ),
    ]
    out = []
    for label, a, b, needs in tests:
        va, vb = table.loc[a, "value"], table.loc[b, "value"]
        shares = "–" if pd.isna(va) or pd.isna(vb) else f"{va:g}% vs {vb:g}%"
        n_a = n_b = None
        if a.startswith("wbes_bank_loan") and b.startswith("wbes_bank_loan"):
            n_a = _size_sample(a.rsplit("_", 1)[1], vintage)
            n_b = _size_sample(b.rsplit("_", 1)[1], vintage)
        row = {
            "comparison": label,
            "shares": shares,
            "needs": needs,
            "status": "skipped: N not public",
            "z": math.nan,
            "p_value": math.nan,
        }
        if n_a and n_b and not (pd.isna(va) or pd.isna(vb)):
            row["z"], row["p_value"] = two_proportion_test(va, n_a["value"], vb, n_b["value"])
            row["status"] = "tested (simple random sampling assumed)"
        out.append(row)
    return pd.DataFrame(out)


def comparisons_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Formatted view of :func:`comparisons` (z to two decimals, p to four)."""
    return pd.DataFrame(
        {
            "Comparison": frame["comparison"],
            "Shares": frame["shares"],
            "Needs": frame["needs"],
            "Status": frame["status"],
            "z": [show.number(v, "{:.2f}") for v in frame["z"]],
            "p": [show.number(v, "{:.4f}") for v in frame["p_value"]],
        }
    )


def break_even_group_size(
    share1: float, share2: float, total: float, alpha: float = 0.05
) -> int | None:
    """Sensitivity, not a test: the smallest equal group size ``n`` (firms per group) at which
    ``share1`` vs ``share2`` (percent) would be significant at ``alpha`` under simple random
    sampling (two-sided :func:`two_proportion_test`); ``None`` if not reached by ``total``.

    Under a design effect ``d`` the effective sample is ``n/d``, so the threshold scales by ``d``.
    """
    for n in range(2, int(total) + 1):
        _, p = two_proportion_test(share1, n, share2, n)
        if p < alpha:
            return n
    return None


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def _figure4_data(vintage: str) -> tuple[pd.DataFrame, pd.DataFrame, dict | None, str]:
    """Figure 4's bars, intervals, total sample (or None) and how to read it (hatched bars, the
    whisker)."""
    frame = _values(table5(vintage), "wbes_direct_exporters").dropna(subset=["value"])
    ci = intervals(vintage)
    ci = ci[ci["indicator"] == INDICATORS["direct_exporters"][0]].set_index("economy")
    total = sample_size(vintage)
    notes = [paper_only_note(frame)]
    if total and not ci["wilson_low"].isna().all():
        notes.append(
            f"whisker: 95% Wilson interval with N = {total['value']:,.0f} firms (the "
            "whole sample), assuming simple random sampling and no item non-response"
        )
    return frame, ci, total, "; ".join(n for n in notes if n)


def _figure6_data(vintage: str) -> tuple[pd.DataFrame, str]:
    """Figure 6's bars and how to read it."""
    frame = _values(table5(vintage), "wbes_bank_loan").dropna(subset=["value"])
    notes = [
        paper_only_note(frame),
        "no interval: the number of sampled firms of each size is not public",
    ]
    return frame, "; ".join(n for n in notes if n)


def _bar_marks(frame: pd.DataFrame, labels: list[str]) -> list[dict]:
    """Marks of Table 5 rows (series, period, release, source as the table gives them)."""
    return [
        {
            "series_id": str(r["series_id"]),
            "period": str(r["period"]),
            "vintage": str(r["released"]),
            "value": float(r["value"]),
            "unit": str(r["unit"]),
            "label": label,
            "role": "paper only" if r["check"] == PAPER_ONLY else "published",
            "sources": str(r["source_id"]),
            "derivation": "",
        }
        for (_, r), label in zip(frame.iterrows(), labels, strict=True)
    ]


def figure4_marks(vintage: str = "latest") -> pd.DataFrame:
    """Figure 4's marks: the bars of Table 5's direct-exporter rows, then the low and high end of
    each 95% Wilson interval drawn (derived from the share and the total sample)."""
    return _figure4_marks(*_figure4_data(vintage)[:3])


def _figure4_marks(frame: pd.DataFrame, ci: pd.DataFrame, total: dict | None) -> pd.DataFrame:
    rows = _bar_marks(frame, frame["column"].tolist())
    for _, r in frame.iterrows():
        low, high = ci.loc[r["column"], "wilson_low"], ci.loc[r["column"], "wilson_high"]
        if pd.isna(low):
            continue
        n = ci.loc[r["column"], "n"]
        for end, value in (("low", low), ("high", high)):
            rows.append(
                {
                    "series_id": str(r["series_id"]),
                    "period": str(r["period"]),
                    "vintage": str(total["vintage"]) if total else "",
                    "value": float(value),
                    "unit": str(r["unit"]),
                    "label": f"{r['column']}, 95% Wilson interval, {end}",
                    "role": f"interval {end}",
                    "sources": ";".join(
                        dict.fromkeys([str(r["source_id"]), str(total["source_id"])])
                    )
                    if total
                    else str(r["source_id"]),
                    "derivation": f"wilson_interval(share = {r['value']:g}%, n = {n:g})",
                }
            )
    return marks(rows)


def figure4(vintage: str = "latest", params: dict[str, str] | None = None) -> pd.DataFrame:
    """Figure 4: direct exporters (% of firms), China vs East Asia & Pacific vs upper-middle
    income, with the 95% Wilson interval on China where the total sample is public; values
    recorded from the paper alone are hatched. Drawn from :func:`figure4_marks`; returns it."""

    frame, ci, total, note = _figure4_data(vintage)
    data = _figure4_marks(frame, ci, total)
    bars_ = data[~data["role"].str.startswith("interval")]
    fig, ax, bars = _share_bars(
        "International comparison of firms' direct export participation",
        bars_,
        figsize=(7.0, 4.4),
        width=0.6,
        ylabel="% of firms exporting directly",
        headroom=1.3,
    )
    for bar, (_, r) in zip(bars, bars_.iterrows(), strict=True):
        ends = data[data["label"].str.startswith(f"{r['label']}, 95% Wilson")]
        if len(ends):
            low, high = ends["value"].min(), ends["value"].max()
            ax.errorbar(
                bar.get_x() + bar.get_width() * 0.75,
                r["value"],
                yerr=[[r["value"] - low], [high - r["value"]]],
                color="black",
                capsize=4,
                linewidth=1,
            )
    return save_figure(fig, 4, params, data, note=note)


def _checks(data: pd.DataFrame) -> list[str]:
    """``check`` column for :func:`~smeintl.presentation.bar_style` from the marks' roles."""
    return [PAPER_ONLY if r == "paper only" else "" for r in data["role"]]


def _share_bars(
    title: str,
    bars: pd.DataFrame,
    *,
    figsize: tuple[float, float],
    width: float,
    ylabel: str,
    headroom: float,
):
    """The bars of Figures 4 and 6: one per mark of ``bars`` (label, value in % of firms),
    hatched where the value is the paper's alone, labelled ``12.3%``, on a y axis from 0 to
    ``headroom`` times the highest bar. Returns the figure, its axes and the bars."""
    fig, ax = new_figure(title, figsize=figsize)
    drawn = ax.bar(
        bars["label"],
        bars["value"],
        width=width,
        **bar_style(bars.assign(check=_checks(bars)), PALETTE[0]),
    )
    ax.bar_label(drawn, labels=[f"{v:g}%" for v in bars["value"]], padding=2, fontsize=9)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, max(bars["value"].max() * headroom, 1) if len(bars) else 1)
    return fig, ax, drawn


def figure6_marks(vintage: str = "latest") -> pd.DataFrame:
    """Figure 6's marks: the bars of Table 5's bank-loan rows, by firm size."""
    return _figure6_marks(_figure6_data(vintage)[0])


def _figure6_marks(frame: pd.DataFrame) -> pd.DataFrame:
    labels = [s.removesuffix(" firms with a bank loan") for s in frame["indicator"]]
    return marks(_bar_marks(frame, labels))


def figure6(vintage: str = "latest", params: dict[str, str] | None = None) -> pd.DataFrame:
    """Figure 6: share of China 2024 sample firms with a bank loan, by size (% of firms), drawn
    from :func:`figure6_marks`; returns it.

    No interval: the number of sampled firms of each size is not public.
    """

    frame, note = _figure6_data(vintage)
    data = _figure6_marks(frame)
    fig, _, _ = _share_bars(
        "Share of Chinese sample firms with bank loans by size",
        data,
        figsize=(6.5, 4.2),
        width=0.55,
        ylabel="% of firms with a bank loan or line of credit",
        headroom=1.25,
    )
    return save_figure(fig, 6, params, data, note=note)


# --------------------------------------------------------------------------------------------
# Numbers the narrative mentions (glued, never typed)
# --------------------------------------------------------------------------------------------

fmt = number


def _evidence(frame: pd.DataFrame, series_id: str, column: str = "value"):
    """The record (or printed claim) behind one cell of Table 5, or None."""
    labels = frame.index[frame["series_id"] == series_id]
    return show.evidence(frame, labels[0], column) if len(labels) else None


def _count(name: str, n: int, what: str) -> Derived:
    return Derived(name, float(n), "cells", f"count of the {what}", (), f"Table 5: {what}")


def _sample(vintage: str, period: str = SURVEY_YEAR) -> Input | None:
    total = sample_size(vintage, period)
    return show.record(SAMPLE_SERIES, period, total["vintage"]) if total else None


def _narrative_values(vintage: str) -> dict[str, object]:
    """The values the survey section's prose cites: records, claims, counts and statistics."""
    table = table5(vintage)
    out: dict[str, object] = {
        "ci_level": Derived(
            "survey_ci_level",
            95.0,
            "%",
            f"two-sided level of the intervals: z = {Z95:.4f}",
            (),
            "Confidence level of every interval in this section",
        )
    }
    for key in INDICATORS:
        for eco in ECONOMIES:
            sid = f"wbes_{key}_{eco}"
            out[f"{key}_{eco}"] = _evidence(table, sid)
            out[f"{key}_{eco}_paper"] = _evidence(table, sid, "paper_prints")
    for size in SIZES:
        out[f"bank_loan_{size}"] = _evidence(table, f"wbes_bank_loan_{size}")
    differs = sum(c.startswith("differs") for c in table["check"])
    out["n_disagree"] = _count("survey_cells_differ", differs, "cells that differ from the paper")
    only = sum(c == PAPER_ONLY for c in table["check"])
    out["n_paper_only"] = _count("survey_cells_paper_only", only, "cells found only in the paper")
    out["n_cells"] = _count("survey_cells", len(table), "cells of Table 5")
    total = _sample(vintage)
    out["sample_firms"], out["sample_firms_2012"] = total, _sample(vintage, "2012")
    share = out["direct_exporters_chn"]
    if share is not None:
        bounds = interval_bounds(share, total)
        out |= {f"exporters_chn_{k}": d for k, d in bounds.items()}
    small, medium = out["bank_loan_small"], out["bank_loan_medium"]
    n = (
        break_even_group_size(small.value, medium.value, total.value)
        if total and small and medium
        else None
    )
    if n is not None:
        out["break_even_n"] = Derived(
            "survey_break_even_n",
            float(n),
            "firms per group",
            f"smallest n with p < 0.05 in the two-proportion z-test of {small.value:g}% vs "
            f"{medium.value:g}% with n firms in each group",
            (small, medium),
            "Group size at which the small-medium gap in bank loans would be significant",
        )
    return out


def derived(vintage: str = "latest") -> list[Derived]:
    """The survey section's counts and statistics, for the derivations page."""
    return [x for x in _narrative_values(vintage).values() if isinstance(x, Derived)]


def narrative_numbers(vintage: str = "latest") -> dict[str, str]:
    """Every number the survey section's prose mentions, as a link to its evidence, keyed for
    glue: shares in % of firms, clearance times in days, counts in cells or firms."""
    out: dict[str, str] = {}
    for key, x in _narrative_values(vintage).items():
        if key == "ci_level":  # "a 95% interval"
            out[key] = show.linked(x, "{:.0f}", "%")
        elif key.startswith("n_") or key == "break_even_n":
            out[key] = show.linked(x, "{:.0f}")
        elif key.startswith("sample_firms"):
            out[key] = show.linked(x, "{:,.0f}", True)
        elif key.startswith("exporters_chn"):
            out[key] = show.linked(x, "{:.1f}", "%")
        elif key.startswith("days"):
            out[key] = show.linked(x, "{:g}", "days")
        else:
            out[key] = show.linked(x, "{:g}", "%")
    return out


def comparisons_source(vintage: str = "latest") -> str:
    """Source line of the intervals and tests: the shares' and the sample size's sources."""
    frame = table5(vintage)
    shares = frame[frame["unit"] == "% of firms"]
    total = sample_size(vintage)
    records = pd.concat([shares, pd.DataFrame([total])]) if total else shares
    return table_source(
        records,
        unit="% of firms; N in firms",
        note="Wilson and normal intervals; pooled two-proportion z-tests",
    )


def chapter_numbers(vintage: str = "latest") -> dict[str, str]:
    """Every number chapter 05 glues at ``vintage`` (its figures' source notes come from their
    sidecars)."""
    return narrative_numbers(vintage)
