"""Tables 5-10 and Figures 4-6 against the paper's printed values and arithmetic done by hand.

Reference values are typed here from the paper (Cao & Gan 2026; table and row named at each
assertion) or from the public facts (``shared/data/facts.md``, sections B and C), or computed by
hand with the textbook formulas; never read back from the code under test.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from smeintl import paths
from smeintl.exhibits import finance, outlook, sectors, survey

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


@pytest.fixture(scope="session", autouse=True)
def processed_data() -> None:
    """Build ``data/processed`` with ``python -m smeintl data`` when it is missing."""
    needed = [
        "wbes.csv",
        "wto_unctad.csv",
        "finance.csv",
        "rules.csv",
        "paper/claims.csv",
        "paper/table-09.csv",
        "paper/table-10.csv",
    ]
    if not all((paths.DATA_PROCESSED / name).exists() for name in needed):
        result = subprocess.run(
            [sys.executable, "-m", "smeintl", "data"],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr


def cell(frame: pd.DataFrame, series_id: str, period: str | None = None) -> pd.Series:
    rows = frame[frame["series_id"] == series_id]
    if period is not None:
        rows = rows[rows["period"] == period]
    rows = rows[rows["unit"] != "pp"]
    assert len(rows) == 1, f"{series_id} {period}: {len(rows)} rows"
    return rows.iloc[0]


def wilson_by_hand(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def pooled_z_by_hand(p1: float, n1: float, p2: float, n2: float) -> tuple[float, float]:
    """Pooled two-proportion z statistic and its two-sided p-value (erfc form of the normal)."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return z, math.erfc(abs(z) / math.sqrt(2))


# --- Table 5 -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table5() -> pd.DataFrame:
    return survey.table5()


def test_table5_direct_exporters_are_the_papers_and_flagged(table5: pd.DataFrame) -> None:
    # Table 5, row "Share of firms exporting directly": 4% / 8% / 9%.
    for eco, printed in (("chn", 4), ("eap", 8), ("umic", 9)):
        r = cell(table5, f"wbes_direct_exporters_{eco}")
        assert r["value"] == printed and r["paper_prints"] == printed
        assert r["check"] == "paper only — original release not found"
        assert r["source_status"] == "paper only — original release not found"


def test_table5_export_days_show_source_and_paper(table5: pd.DataFrame) -> None:
    # Table 5, row "Average days to clear exports through customs": 3 / 9 / 10 days.
    # facts.md B, disagreement 1: the reports found give 3 / 9 / 6.
    for eco, printed, found in (("chn", 3, 3), ("eap", 9, 9), ("umic", 10, 6)):
        r = cell(table5, f"wbes_days_clear_exports_{eco}")
        assert r["paper_prints"] == printed
        assert r["value"] == found
        assert r["source_status"] != "paper only — original release not found"
    assert cell(table5, "wbes_days_clear_exports_umic")["check"].startswith("differs")
    assert cell(table5, "wbes_days_clear_exports_chn")["check"] == "matches the paper"


def test_table5_import_days_show_both_values(table5: pd.DataFrame) -> None:
    # Table 5, row "Average days to clear imports through customs": 11 / 7 / 11 days.
    # facts.md B: Xinhua and zhoukan give China 10, East Asia and Pacific 11, UMIC 11.
    for eco, printed, found in (("chn", 11, 10), ("eap", 7, 11), ("umic", 11, 11)):
        r = cell(table5, f"wbes_days_clear_imports_{eco}")
        assert (r["paper_prints"], r["value"]) == (printed, found)
    r = cell(table5, "wbes_days_clear_imports_chn")
    assert r["check"] == "differs: source 10, paper 11"
    assert "2025-05-09" in r["source"]  # Xinhua via People's Daily, 9 May 2025


def test_table5_bank_loans_by_size(table5: pd.DataFrame) -> None:
    # Table 5, rows "Small firms with bank loans" 22% and "Medium-sized/large firms" 46%/46%.
    for size, printed in (("small", 22), ("medium", 46), ("large", 46)):
        r = cell(table5, f"wbes_bank_loan_{size}")
        assert r["value"] == printed and r["paper_prints"] == printed
        assert r["check"] == "paper only — original release not found"


def test_table5_display_has_no_missing_cells(table5: pd.DataFrame) -> None:
    view = survey.display(table5)
    assert list(view.columns) == [
        "Indicator",
        "Economy",
        "Value",
        "Unit",
        "Paper prints",
        "Check",
        "Source",
    ]
    assert (view["Value"] != "–").all()


def test_vintage_before_the_paper_hides_paper_only_cells() -> None:
    # The paper (published 2026-06-12) is not yet out on 2025-06-01; the Xinhua report is.
    early = survey.table5("2025-06-01")
    assert math.isnan(cell(early, "wbes_direct_exporters_chn")["value"])
    assert cell(early, "wbes_direct_exporters_chn")["check"] == "not released by this vintage"
    assert cell(early, "wbes_days_clear_exports_chn")["value"] == 3
    assert math.isnan(cell(survey.table5("2025-01-01"), "wbes_days_clear_exports_chn")["value"])


# --- Intervals and tests --------------------------------------------------------------------


def test_wilson_interval_against_hand_computation() -> None:
    # p = 4%, N = 2,189 (facts.md B: the total China 2024 sample).
    low, high = wilson_by_hand(0.04, 2189)
    got = survey.wilson_interval(4, 2189)
    assert got == pytest.approx((100 * low, 100 * high), abs=1e-9)
    assert round(got[0], 1) == 3.3 and round(got[1], 1) == 4.9


def test_wilson_interval_simple_case() -> None:
    # p = 1/2, n = 100: centre 0.5, half-width z√(0.0025 + z²/40000)/(1 + z²/100).
    half = Z95 * math.sqrt(0.0025 + Z95**2 / 40000) / (1 + Z95**2 / 100)
    low, high = survey.wilson_interval(50, 100)
    assert (low, high) == pytest.approx((100 * (0.5 - half), 100 * (0.5 + half)), abs=1e-9)


def test_normal_interval_against_hand_computation() -> None:
    half = Z95 * math.sqrt(0.04 * 0.96 / 2189)
    assert survey.normal_interval(4, 2189) == pytest.approx(
        (100 * (0.04 - half), 100 * (0.04 + half)), abs=1e-9
    )


def test_intervals_only_where_a_sample_size_is_public() -> None:
    ci = survey.intervals()
    china = ci[
        (ci["economy"] == "China 2024") & (ci["indicator"] == "Share of firms exporting directly")
    ].iloc[0]
    assert china["n"] == 2189
    low, high = wilson_by_hand(0.04, 2189)
    assert (china["wilson_low"], china["wilson_high"]) == pytest.approx((100 * low, 100 * high))
    assert (china["rounding_low"], china["rounding_high"]) == (3.5, 4.5)
    others = ci.drop(china.name)
    assert others["wilson_low"].isna().all()
    assert all(s.startswith("skipped") for s in others["status"])


def test_two_proportion_test_against_hand_computation() -> None:
    z, p = survey.two_proportion_test(22, 100, 46, 100)
    z_hand, p_hand = pooled_z_by_hand(0.22, 100, 0.46, 100)
    assert (z, p) == pytest.approx((z_hand, p_hand), rel=1e-9)


def test_every_two_proportion_test_is_skipped_without_n() -> None:
    tests = survey.comparisons()
    assert len(tests) == 4
    assert (tests["status"] == "skipped: N not public").all()
    assert tests["z"].isna().all() and tests["p_value"].isna().all()


def test_break_even_group_size_by_hand() -> None:
    n = survey.break_even_group_size(22, 46, 2189)
    assert n is not None
    assert pooled_z_by_hand(0.22, n, 0.46, n)[1] < 0.05
    assert pooled_z_by_hand(0.22, n - 1, 0.46, n - 1)[1] >= 0.05


@pytest.mark.parametrize(("share", "n"), [(4, 2189), (50, 100), (0, 30), (100, 30), (0.5, 12)])
def test_intervals_agree_with_statsmodels(share: float, n: float) -> None:
    from statsmodels.stats.proportion import proportion_confint

    for method, fn in (("wilson", survey.wilson_interval), ("normal", survey.normal_interval)):
        expected = proportion_confint(share / 100 * n, n, alpha=0.05, method=method)
        assert fn(share, n) == pytest.approx([100 * x for x in expected], rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("a", "na", "b", "nb"), [(22, 100, 46, 100), (4, 2189, 5, 1000)])
def test_two_proportion_test_agrees_with_statsmodels(a, na, b, nb) -> None:
    from statsmodels.stats.proportion import proportions_ztest

    z, p = proportions_ztest([a / 100 * na, b / 100 * nb], [na, nb], alternative="two-sided")
    assert survey.two_proportion_test(a, na, b, nb) == pytest.approx((z, p), rel=1e-9)


def test_statsmodels_is_not_imported_with_the_package() -> None:
    code = (
        "import sys, smeintl, smeintl.exhibits.survey, smeintl.exhibits.outlook; "
        "print('statsmodels' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# --- Table 6 and Figure 5 ---------------------------------------------------------------------


def test_table6_against_the_paper() -> None:
    t6 = outlook.table6()
    # Table 6, "World merchandise trade volume growth": 4.6% in 2025; 1.9% in 2026 (baseline).
    assert cell(t6, "wto_merch_volume_growth", "2025")["value"] == 4.6
    assert cell(t6, "wto_merch_volume_growth", "2026")["value"] == 1.9
    # Table 6, "Energy shock scenario": may fall to 1.4% in 2026.
    assert cell(t6, "wto_merch_volume_growth_energy_shock", "2026")["value"] == 1.4
    # Table 6, "Global trade scale": about USD 35 trillion (UNCTAD: more than 35).
    scale = cell(t6, "unctad_global_trade", "2025")
    assert (scale["value"], scale["paper_prints"]) == (35, 35)
    # Table 6, "Increase in global trade": about USD 2.5 trillion; UNCTAD Dec 2025 gives 2.2.
    increase = cell(t6, "unctad_global_trade_increase", "2025")
    assert (increase["value"], increase["paper_prints"]) == (2.2, 2.5)
    assert increase["check"].startswith("differs")


def test_table6_mfn_change_is_72_minus_80() -> None:
    # Table 6, "MFN-covered trade share": about 80% in 2024, about 72% in early 2026.
    t6 = outlook.table6()
    change = t6[t6["unit"] == "pp"].iloc[0]
    assert change["value"] == 72 - 80 == -8
    assert change["paper_prints"] == -8
    derived = outlook.mfn_change()
    assert derived.value == -8 and derived.unit == "pp"
    assert [i.value for i in derived.inputs] == [72, 80]


def test_scenario_selects_the_2026_forecast() -> None:
    base = outlook.table6("baseline")
    shock = outlook.table6("energy_shock")
    pick = shock[shock["in_use"] == "selected 2026 forecast"]
    assert list(pick["series_id"]) == ["wto_merch_volume_growth_energy_shock"]
    assert list(base.loc[base["in_use"] == "selected 2026 forecast", "value"]) == [1.9]
    assert outlook.selected_forecast("energy_shock")["value"] == 1.4
    with pytest.raises(ValueError):
        outlook.table6("pessimistic")


def test_forecast_vintages_list_every_release() -> None:
    # facts.md C, disagreement 5: 2026 forecasts 2.5 (Apr 2025), 1.8 (Aug 2025), 0.5 (Oct 2025),
    # 1.9 (Mar 2026); 2025 forecasts include -0.2 (Apr 2025), 0.9 (Aug), 2.4 (Oct).
    v = outlook.forecast_vintages()
    base = v[v["series_id"] == "wto_merch_volume_growth"]
    by_release = dict(
        zip(
            base.loc[base["year"] == "2026", "released"],
            base.loc[base["year"] == "2026", "value"],
            strict=True,
        )
    )
    assert by_release == {
        "2025-04-16": 2.5,
        "2025-08-08": 1.8,
        "2025-10-07": 0.5,
        "2026-03-19": 1.9,
    }
    assert {-0.2, 0.9, 2.4} <= set(base.loc[base["year"] == "2025", "value"])
    early = outlook.forecast_vintages("2025-09-01")
    assert (early["released"] <= "2025-09-01").all()


# --- Table 7 ----------------------------------------------------------------------------------


def test_table7_paper_rows_against_the_dates_in_force() -> None:
    rows = outlook.table7_paper().set_index("node")
    # Table 7, "EU CBAM": definitive period from 1 January 2026.
    assert rows.loc["Definitive period", "paper_prints"] == "2026-01-01"
    assert rows.loc["Definitive period", "date_now"] == "2026-01-01"
    # Table 7, "EUDR": large and medium-sized 30 December 2025; small and micro 30 June 2026.
    # facts.md C, disagreement 1: the Dec 2025 revision moved them to 30 Dec 2026 / 30 Jun 2027.
    assert (
        rows.loc["Large and medium-sized firms", "paper_prints"],
        rows.loc["Large and medium-sized firms", "date_now"],
    ) == ("2025-12-30", "2026-12-30")
    assert (
        rows.loc["Small and micro firms", "paper_prints"],
        rows.loc["Small and micro firms", "date_now"],
    ) == ("2026-06-30", "2027-06-30")


def test_table7_marks_the_papers_eudr_dates_superseded() -> None:
    events = outlook.table7()
    printed = events[events["paper_prints"] != ""]
    assert set(printed["date"]) == {"2026-01-01", "2025-12-30", "2026-06-30"}
    eudr = printed[printed["rule"].str.startswith("EUDR")]
    assert (eudr["status"] == "superseded").all()
    assert events["date"].is_monotonic_increasing


# --- Table 8 ----------------------------------------------------------------------------------


def test_table8_against_the_paper() -> None:
    t8 = finance.table8()
    # Table 8, "Global trade finance gap": about USD 2.5 trillion (ADB 2025).
    gap = cell(t8, "adb_trade_finance_gap", "2025")
    assert gap["value"] == 2.5 and gap["paper_prints"] == 2.5
    assert gap["check"] == "matches the paper"
    # Table 8, "Small firms with bank loans" 22%; "Medium-sized/large" 46%/46%.
    assert [cell(t8, f"wbes_bank_loan_{s}")["value"] for s in ("small", "medium", "large")] == [
        22,
        46,
        46,
    ]
    # Table 8, "Balance of inclusive loans to small and micro firms": about RMB 32.93 trillion.
    pboc = cell(t8, "pboc_inclusive_small_micro_loans", "2024-12")
    assert pboc["value"] == 32.93
    assert pboc["check"] == "paper only — original release not found"


def test_table8_shows_the_balances_that_were_found() -> None:
    # facts.md B: NFRA 33.3 trn at end-2024; PBoC 33.41 trn at end-March 2024.
    t8 = finance.table8()
    assert cell(t8, "nfra_inclusive_small_micro_loans", "2024-12")["value"] == 33.3
    assert cell(t8, "pboc_inclusive_small_micro_loans", "2024-03")["value"] == 33.41
    assert (t8["definition"] != "").all() and (t8["released"] != "").all()
    assert not t8["series_id"].str.endswith("_growth").any()


# --- Tables 9 and 10 -------------------------------------------------------------------------


def test_tables_9_and_10_as_printed() -> None:
    t9, t10 = sectors.display(9), sectors.display(10)
    # Table 9 columns and first and last sectors as printed.
    assert list(t9.columns) == [
        "Sector",
        "Main internationalisation mode",
        "Key cost",
        "Suggested tracking indicator",
    ]
    assert list(t9["Sector"]) == [
        "Textiles and apparel",
        "Furniture and home products",
        "Automotive and motorcycle parts",
        "Consumer electronics",
        "New-energy supporting products",
    ]
    # Table 10: "Export value" → "Export net profit margin and collection cycle".
    assert list(t10.columns) == ["Old indicator", "Problem", "New indicator", "Use"]
    assert t10.iloc[0].tolist()[::2] == [
        "Export value",
        "Export net profit margin and collection cycle",
    ]
    assert len(t10) == 5
    assert sectors.for_csv(9)["Source"].str.startswith("Cao & Gan (2026), Table 9").all()
    with pytest.raises(ValueError):
        sectors.table(8)


# --- Outputs ----------------------------------------------------------------------------------


def test_non_default_outputs_are_written_beside_the_defaults() -> None:
    from smeintl.outputs import figure_path

    default = figure_path("rules-timeline", "svg", {"scenario": "baseline"})
    other = figure_path("rules-timeline", "svg", {"scenario": "energy_shock"})
    assert default.name == "rules-timeline.svg"
    assert other.name == "rules-timeline__scenario-energy_shock.svg"
    assert default.parent == other.parent == paths.FIGURES


def test_the_confidence_level_reads_as_a_percentage() -> None:
    """The prose says "a 95% interval": the glued level carries its per cent sign."""
    from smeintl.exhibits import survey
    from smeintl.views import label

    assert label(survey.narrative_numbers()["ci_level"]) == "95%"
