"""Derivations against arithmetic done by hand and against the paper's printed values."""

from __future__ import annotations

import math

import pytest

from smeintl.derive import Input, back_cast, convert, growth, pp_change, ratio, share


def obs(series_id: str, value: float, unit: str = "RMB trillion", period: str = "2025") -> Input:
    return Input(series_id, period, "2026-01-14", value, unit, "", "test_source")


def test_share_private_enterprises_2025() -> None:
    # Paper, Table 2 row 5: 57.3%; by hand 26.04 / 45.47 = 0.572685...
    d = share(obs("gac_private_trade", 26.04), obs("gac_trade_total", 45.47))
    assert math.isclose(d.value, 57.2685, abs_tol=1e-4)
    assert round(d.value, 1) == 57.3
    assert [i.series_id for i in d.inputs] == ["gac_private_trade", "gac_trade_total"]
    assert d.unit == "%"


def test_growth_total_trade_2025() -> None:
    # Paper, Table 2 row 1: +3.8%; by hand 45.47 / 43.85 − 1 = 0.036944...
    d = growth(obs("gac_trade_total", 45.47), obs("gac_trade_total", 43.85, period="2024"))
    assert math.isclose(d.value, 3.6944, abs_tol=1e-4)
    assert "45.47" in d.formula and "43.85" in d.formula


def test_back_cast_cbec_2020_base() -> None:
    # Paper, Table 4 row 1: "about RMB 1.62 trillion", derived as 2.75 / 1.697 = 1.62051...
    d = back_cast(obs("gac_cbec_trade", 2.75), obs("gac_cbec_growth_vs_2020", 69.7, "% cumulative"))
    assert math.isclose(d.value, 1.620507, abs_tol=1e-6)
    assert d.unit == "RMB trillion"
    assert "2.75" in d.formula and "69.7" in d.formula


def test_pp_change_mfn_share() -> None:
    # Paper, Table 6 row 5: about 80% → about 72%, a fall of 8 percentage points.
    d = pp_change(
        obs("wto_mfn_share", 72, "% of global trade"),
        obs("wto_mfn_share", 80, "% of global trade", "2024"),
    )
    assert d.value == -8 and d.unit == "pp"


def test_ratio_and_units() -> None:
    d = ratio(obs("a", 3.0), obs("b", 1.5))
    assert d.value == 2.0 and d.unit == "×"
    with pytest.raises(ValueError, match="one unit"):
        share(obs("a", 1.0), obs("b", 2.0, "USD trillion"))


def test_convert_needs_a_sourced_rate() -> None:
    rate = obs("cny_per_usd_annual_avg", 7.0, "RMB per USD")
    d = convert(obs("gac_trade_total", 45.5), rate)
    assert math.isclose(d.value, 6.5) and d.unit == "USD trillion"
    with pytest.raises(ValueError, match="RMB per USD"):
        convert(obs("gac_trade_total", 45.5), obs("x", 7.0, "days"))


def test_explain_lists_every_input_with_its_source() -> None:
    text = share(obs("gac_private_trade", 26.04), obs("gac_trade_total", 45.47)).explain()
    assert text.splitlines()[0].endswith("= 57.27 %")
    assert text.count("source: test_source") == 2
