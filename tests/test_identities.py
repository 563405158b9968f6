"""Identities between series: each kind holds on consistent figures and fails on a constructed
violation, with the tolerance set by the printed precision (worked out by hand below)."""

from __future__ import annotations

import pytest

from smeintl.identities import IDENTITIES, Identity, Record, check


def rec(series: str, period: str, value: str, vintage: str = "2025-01-13", **kw) -> Record:
    return Record(
        series, period, vintage, value, kw.get("qualifier", ""), kw.get("note", ""), "t:1"
    )


def only(name: str) -> tuple[Identity, ...]:
    return tuple(i for i in IDENTITIES if i.name == name)


def statuses(records: list[Record], name: str) -> list[str]:
    return [o.status for o in check(records, only(name))]


# (identity, consistent records, the same with one number wrong)
CASES = {
    "trade_total": (
        # 25.45 + 18.39 = 43.84; with the inputs' half-units the sum lies in (43.83, 43.85)
        [rec("gac_exports", "2024", "25.45"), rec("gac_imports", "2024", "18.39")],
        rec("gac_trade_total", "2024", "43.85"),
        rec("gac_trade_total", "2024", "43.95"),
    ),
    "trade_balance": (
        # 25.45 − 18.39 = 7.06; 7.27 (USD 992 bn at a rate) is 0.2 away
        [rec("gac_exports", "2024", "25.45"), rec("gac_imports", "2024", "18.39")],
        rec("gac_trade_balance", "2024", "7.06"),
        rec("gac_trade_balance", "2024", "7.27"),
    ),
    "gac_private_share": (
        # 100 × 26.04 / 45.47 = 57.27
        [rec("gac_private_trade", "2025", "26.04"), rec("gac_trade_total", "2025", "45.47")],
        rec("gac_private_share", "2025", "57.3"),
        rec("gac_private_share", "2025", "55.5"),
    ),
    "gac_trade_total_growth": (
        # 100 × (43.85 / 41.76 − 1) = 5.005
        [
            rec("gac_trade_total", "2024", "43.85"),
            rec("gac_trade_total", "2023", "41.76", "2024-01-12"),
        ],
        rec("gac_trade_total_growth", "2024", "5"),
        rec("gac_trade_total_growth", "2024", "5.3"),
    ),
    "cbec_growth_vs_2020": (
        # 100 × (2.75 / 1.62 − 1) = 69.75 (a base of 1.62); against 1.69 it is 62.7
        [rec("gac_cbec_trade", "2025", "2.75"), rec("gac_cbec_trade", "2020", "1.62")],
        rec("gac_cbec_growth_vs_2020", "2025", "69.8"),
        rec("gac_cbec_growth_vs_2020", "2025", "75"),
    ),
    "gac_trade_total_in_usd": (
        # 6.16 × 7.1217 = 43.87, within 2% of 43.85
        [
            rec("gac_trade_total_usd", "2024", "6.16"),
            rec("cny_per_usd_annual_avg", "2024", "7.1217"),
        ],
        rec("gac_trade_total", "2024", "43.85"),
        rec("gac_trade_total", "2024", "46.5"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_identity_holds_on_consistent_figures(name: str) -> None:
    inputs, good, _ = CASES[name]
    assert statuses([*inputs, good], name) == ["holds"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_identity_catches_a_constructed_violation(name: str) -> None:
    inputs, _, bad = CASES[name]
    outcomes = check([*inputs, bad], only(name))
    assert [o.status for o in outcomes] == ["violated"]
    assert outcomes[0].gap > 0
    assert bad.series_id in outcomes[0].describe() and "t:1" in outcomes[0].describe()


def test_a_reasoned_note_turns_a_violation_into_a_report() -> None:
    inputs, _, bad = CASES["gac_trade_total_growth"]
    noted = rec(
        bad.series_id,
        bad.period,
        bad.value,
        note="publisher's own figures disagree: GAC computes the rate on its revised 2023 base",
    )
    assert statuses([*inputs, noted], "gac_trade_total_growth") == ["reported"]
    bare = rec(bad.series_id, bad.period, bad.value, note="publisher's own figures disagree")
    assert statuses([*inputs, bare], "gac_trade_total_growth") == ["violated"]


def test_inputs_are_read_as_published_at_each_release() -> None:
    """A January rate is checked on the levels known in January, and again on the latest."""
    records = [
        rec("gac_trade_total", "2023", "41.76", "2024-01-12"),
        rec("gac_trade_total", "2023", "41.7568", "2024-03-08"),
        rec("gac_trade_total", "2024", "43.85", "2025-01-13"),
        rec("gac_trade_total_growth", "2024", "5", "2025-01-13"),
    ]
    outcomes = check(records, only("gac_trade_total_growth"))
    assert [(o.as_of, o.inputs[1].value) for o in outcomes] == [
        ("2025-01-13", "41.7568"),
    ]
    early = [*records[:1], *records[2:]]
    assert [o.inputs[1].value for o in check(early, only("gac_trade_total_growth"))] == ["41.76"]


def test_missing_inputs_mean_no_check() -> None:
    assert check([rec("gac_trade_total", "2024", "43.85")], only("trade_total")) == []
