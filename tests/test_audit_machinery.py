"""The audit's machinery on constructed cases whose answers were worked out by hand.

Every expected number below is typed from hand arithmetic (shown in the comments), never taken
from the code under test.
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pandas as pd
import pytest

from smeintl.audit import intervals as iv
from smeintl.audit import main
from smeintl.audit.classify import Auditor
from smeintl.audit.evidence import Evidence
from smeintl.audit.register import Claim, parse_check, write_claims
from smeintl.audit.report import summary, write

I = iv.Interval.printed  # noqa: E741


# printed numbers as intervals --------------------------------------------------------------
def test_printed_interval_is_half_open_at_the_printed_resolution() -> None:
    x = I("45.47")
    assert (x.low, x.high) == (F("45.465"), F("45.475"))
    assert x.contains(F("45.465")) and not x.contains(F("45.475"))
    assert I("8").low == F("7.5") and I("5.0").high == F("5.05")
    # "about 17,600" at resolution 100 (1.76万)
    assert (I("17600", "100", "about").low, I("17600", "100", "about").high) == (17550, 17650)


def test_bounds() -> None:
    more = I("60000000", "1000000", "more_than")
    assert not more.contains(60_000_000) and more.contains(60_000_001)
    assert I("600000", None, "at_least").contains(600_000)
    nearly = I("700000", "100000", "nearly")  # 近70万: [600 000, 700 000)
    assert (nearly.low, nearly.high) == (600_000, 700_000)
    assert not nearly.contains(700_000)


def test_touching_intervals_do_not_overlap() -> None:
    # 18.39 → [18.385, 18.395), 18.40 → [18.395, 18.405): 18.395 belongs to 18.40 only
    assert not I("18.39").overlaps(I("18.40"))
    assert I("18.39").gap(I("18.40")) == 0
    assert I("18.40").contains(F("18.395"))


# propagation -------------------------------------------------------------------------------
def test_growth_consistent_at_given_precision() -> None:
    # exports 2024 → 2025: 26.99 / 25.45 − 1 = 6.051 %.
    # Over the precision: low 26.985/25.455 − 1 = 6.0106 %, high 26.995/25.445 − 1 = 6.0916 %.
    g = iv.growth(I("26.99"), I("25.45"))
    assert float(g.low) == pytest.approx(6.01061, abs=1e-5)
    assert float(g.high) == pytest.approx(6.09157, abs=1e-5)
    assert not g.low_closed and not g.high_closed  # each end uses an open endpoint
    assert iv.compare(I("6.1"), g).consistent  # [6.05, 6.15) meets (6.011, 6.092)


def test_growth_inconsistent_at_given_precision() -> None:
    # total trade: 45.47 / 43.85 − 1 = 3.694 %; over the precision (3.6712 %, 3.7176 %):
    # 45.465/43.855 − 1 = 3.67119 %, 45.475/43.845 − 1 = 3.71764 %.
    g = iv.growth(I("45.47"), I("43.85"))
    result = iv.compare(I("3.8"), g)  # [3.75, 3.85)
    assert not result.consistent
    assert result.side == "printed above"
    assert result.gap == pytest.approx(3.75 - 3.717642, abs=1e-6)
    # the same levels are consistent with a growth printed to whole percent ([3.5, 4.5))
    assert iv.compare(I("4"), g).consistent
    # and with 3.7 at one decimal ([3.65, 3.75))
    assert iv.compare(I("3.7"), g).consistent


def test_share_ratio_back_cast_pp_change_difference() -> None:
    # 26.04 / 45.47 = 57.268 %; bounds 26.035/45.475 = 57.2512 %, 26.045/45.465 = 57.2858 %
    s = iv.share(I("26.04"), I("45.47"))
    assert float(s.low) == pytest.approx(57.25124, abs=1e-5)
    assert float(s.high) == pytest.approx(57.28582, abs=1e-5)
    assert iv.compare(I("57.3"), s).consistent
    # 2.75 / 1.697 = 1.62051; bounds 2.745/1.6975 = 1.617084, 2.755/1.6965 = 1.623932
    b = iv.back_cast(I("2.75"), I("69.7"))
    assert (float(b.low), float(b.high)) == pytest.approx((1.617084, 1.623932), abs=1e-6)
    assert iv.compare(I("1.62"), b).consistent
    assert not iv.compare(I("1.69"), b).consistent
    # 72 % − 80 % = −8 pp; over whole-percent precision (71.5 − 80.5, 72.5 − 79.5) = (−9, −7)
    d = iv.pp_change(I("72"), I("80"))
    assert (d.low, d.high, d.low_closed, d.high_closed) == (-9, -7, False, False)
    assert iv.compare(I("-8"), d).consistent and not iv.compare(I("-10"), d).consistent
    # 43.85 − 25.45 = 18.40 over (43.845 − 25.455, 43.855 − 25.445) = (18.39, 18.41)
    diff = iv.difference(I("43.85"), I("25.45"))
    assert (diff.low, diff.high) == (F("18.39"), F("18.41"))
    # a ratio of exact values is exact
    r = iv.ratio(iv.Interval.point(3), iv.Interval.point(4))
    assert (r.low, r.high, r.low_closed, r.high_closed) == (F(3, 4), F(3, 4), True, True)


def test_growth_needs_positive_base() -> None:
    with pytest.raises(ValueError):
        iv.growth(I("1"), I("0", "0"))


def test_bound_claims_need_the_evidence_to_imply_them() -> None:
    claim = I("60000000", "1000000", "more_than")
    assert iv.compare(claim, I("60000000", None, "more_than"), bound=True).consistent
    assert iv.compare(claim, I("61226000"), bound=True).consistent
    weaker = iv.compare(claim, I("52000000", None, "more_than"), bound=True)
    assert not weaker.consistent and weaker.side == "not implied"
    below = iv.compare(claim, I("59000000"), bound=True)
    assert not below.consistent and below.side == "printed above"


# recipes -----------------------------------------------------------------------------------
def test_recipe_grammar() -> None:
    c = parse_check("growth:claim:T2-R1-C2025-level/gac_trade_total@2024#first")
    assert c.op == "growth"
    assert str(c.operands[0]) == "claim:T2-R1-C2025-level"
    assert str(c.operands[1]) == "gac_trade_total@2024#first"
    assert parse_check("event:cbam_definitive_period").target == "cbam_definitive_period"
    r = parse_check("released:miit_little_giants~T1-R4-value")
    assert (r.target, r.companion) == ("miit_little_giants", "T1-R4-value")
    for bad in ("growth:a@2024", "series:x", "mean:x@2024", "series:x@2024#yesterday"):
        with pytest.raises(ValueError):
            parse_check(bad)


# classification on a constructed register and constructed evidence --------------------------
def _record(series_id, period, vintage, value, source_id, qualifier="", note="", also_in=""):
    unit = "% y/y" if series_id.endswith(("growth", "vs_2020")) else "RMB trillion"
    return dict(
        series_id=series_id,
        period=period,
        vintage=vintage,
        value=value,
        unit=unit,
        qualifier=qualifier,
        source_id=source_id,
        also_in=also_in,
        note=note,
    )


@pytest.fixture
def evidence() -> Evidence:
    obs = pd.DataFrame(
        [
            _record("lvl", "2024", "2025-01-13", "43.85", "release_2025"),
            _record("lvl", "2025", "2026-01-14", "45.47", "release_2026"),
            _record("lvl_growth", "2025", "2026-01-14", "3.8", "release_2026"),
            # a quantity with two releases: first published 1.69, later revised to 1.62
            _record("base", "2020", "2021-01-14", "1.69", "release_2021"),
            _record("base", "2020", "2026-01-15", "1.62", "release_2026", note="revised"),
            _record("top", "2025", "2026-01-15", "2.75", "release_2026"),
            _record("top_vs_2020", "2025", "2026-01-15", "69.7", "release_2026"),
            # a value only the paper prints
            _record("paper_only", "2024", "2026-06-12", "32.93", "the_paper", "about"),
        ]
    )
    sources = pd.DataFrame(
        [
            dict(
                source_id=s,
                publisher="P",
                title="T",
                published=d,
                url=f"https://example.org/{s}",
                kind=k,
            )
            for s, d, k in [
                ("release_2021", "2021-01-14", "official"),
                ("release_2025", "2025-01-13", "official"),
                ("release_2026", "2026-01-14", "official"),
                ("the_paper", "2026-06-12", "paper"),
            ]
        ]
    )
    rules = pd.DataFrame(
        [
            dict(
                event_id="rule_now",
                rule="R",
                event="applies (after the second postponement)",
                date="2026-12-30",
                scope="",
                source_id="release_2026",
                note="",
            ),
            dict(
                event_id="rule_before",
                rule="R",
                event="applies (after the first postponement)",
                date="2025-12-30",
                scope="",
                source_id="release_2025",
                note="superseded",
            ),
        ]
    )
    return Evidence.from_frames(obs, sources, rules)


def claim(
    cid,
    value,
    precision,
    check,
    qualifier="",
    kind="level",
    unit="RMB trillion",
    assumption="",
    assumption_check="",
    fact_id="",
):
    return Claim(
        cid,
        f"Table 0, {cid}",
        f"printed {value}",
        value,
        unit,
        precision,
        qualifier,
        kind,
        check,
        assumption,
        assumption_check,
        fact_id=fact_id or cid.lower(),
    )


def _classes(claims, evidence):
    return {r.claim.claim_id: r for r in Auditor(claims, evidence).run()}


def test_growth_two_ways(evidence: Evidence) -> None:
    claims = [
        claim("X-lvl24", "43.85", "0.01", "series:lvl@2024"),
        claim("X-lvl25", "45.47", "0.01", "series:lvl@2025"),
        # publisher's 3.8 agrees; the printed levels give 3.67–3.72 → fails the second way
        claim(
            "X-g",
            "3.8",
            "0.1",
            "series:lvl_growth@2025 ; growth:claim:X-lvl25/claim:X-lvl24",
            kind="growth",
            unit="% y/y",
        ),
        claim(
            "X-g-assumed",
            "3.8",
            "0.1",
            "series:lvl_growth@2025 ; growth:claim:X-lvl25/claim:X-lvl24",
            kind="growth",
            unit="% y/y",
            assumption="the publisher used a revised base",
            assumption_check="series:lvl_growth@2025",
        ),
        # 3.7 is consistent both ways
        claim("X-g37", "3.7", "0.1", "growth:lvl@2025/lvl@2024", kind="growth", unit="% y/y"),
    ]
    claims.append(
        # the publisher's own figure disagrees: a discrepancy whatever the levels say
        claim("X-g39", "3.9", "0.1", "series:lvl_growth@2025", kind="growth", unit="% y/y")
    )
    out = _classes(claims, evidence)
    assert out["X-lvl24"].klass == "reproduced"
    # policy: the publisher's rate is reproduced against the publisher's figure, with a note
    for cid in ("X-g", "X-g-assumed"):
        assert out[cid].klass == "reproduced", cid
        assert out[cid].rule == "publisher_rate_on_revised_base", cid
    # the levels give 100 × (45.47/43.85 − 1) = 3.694413 %, stated in the explanation
    assert out["X-g"].outcomes[1].value == pytest.approx(3.694413, abs=1e-6)
    # the base 3.8 % implies: 45.465/1.0385 = 43.7795 to 45.475/1.0375 = 43.8313, not 43.85
    text = out["X-g"].explanation
    assert "43.7795–43.8313" in text and "43.85 released 2025-01-13" in text
    assert "none of which lies in that range" in text
    assert out["X-g39"].klass == "discrepancy"
    assert out["X-g39"].rule == "differs_from_source"
    assert out["X-g39"].side == "printed above"
    assert out["X-g39"].difference == pytest.approx(0.1)
    assert out["X-g37"].klass == "reproduced"


def test_derived_value_against_every_vintage(evidence: Evidence) -> None:
    # 2.75 / 1.697 = 1.6205: matches the revised 1.62 (latest), not the first-published 1.69
    claims = [
        claim("D-latest", "1.62", "0.01", "series:base@2020", "about", "derived"),
        claim("D-first", "1.62", "0.01", "series:base@2020#first", "about", "derived"),
        claim("D-asof", "1.62", "0.01", "series:base@2020#2025-12-31", "about", "derived"),
        claim("D-calc", "1.62", "0.01", "back_cast:top@2025/top_vs_2020@2025", "about", "derived"),
        claim("D-old", "1.69", "0.01", "series:base@2020"),
    ]
    out = _classes(claims, evidence)
    assert out["D-latest"].klass == "reproduced"
    assert out["D-first"].klass == "discrepancy"
    assert out["D-first"].difference == pytest.approx(1.62 - 1.69)
    assert out["D-asof"].klass == "discrepancy"  # in force on 2025-12-31: 1.69
    assert out["D-calc"].klass == "reproduced"
    assert out["D-calc"].recomputed == pytest.approx(2.75 / 1.697)
    # policy: a number that matches an earlier release but not the latest holds under the
    # assumption that the paper reports the release it cites
    old = out["D-old"]
    assert old.klass == "holds under assumption"
    assert old.rule == "superseded_vintage"
    assert "earlier release" in old.explanation and "2021-01-14" in old.explanation
    assert "1.62 RMB trillion for 2020 (released 2026-01-15)" in old.explanation
    lines = {ln.vintages[0][1]: ln.consistent for ln in old.outcomes[0].vintages}
    assert lines == {"2026-01-15": False, "2021-01-14": True}


def test_unsourced_and_paper_records(evidence: Evidence) -> None:
    claims = [
        claim("U-paper", "32.93", "0.01", "series:paper_only@2024", "about"),
        claim("U-none", "4", "1", "series:nothing@2024", kind="share", unit="% of firms"),
        # unsourced first recipe, rescued by a stated assumption
        claim(
            "U-assumed",
            "1.62",
            "0.01",
            "series:nothing@2020",
            "about",
            "derived",
            assumption="the base was revised",
            assumption_check="back_cast:top@2025/top_vs_2020@2025",
        ),
    ]
    out = _classes(claims, evidence)
    assert out["U-paper"].klass == "unsourced"
    assert "no source other than the paper itself" in out["U-paper"].explanation.lower()
    assert out["U-paper"].rule == "no_source"
    assert out["U-none"].klass == "unsourced"
    assert out["U-assumed"].klass == "holds under assumption"
    assert out["U-assumed"].rule == "value_derived_in_paper"


def test_dates_against_rules(evidence: Evidence) -> None:
    claims = [
        claim("E-ok", "2026-12-30", "", "event:rule_now", kind="date", unit="date"),
        claim("E-old", "2025-12-30", "", "event:rule_now", kind="date", unit="date"),
        claim("E-missing", "2026-01-01", "", "event:no_such_event", kind="date", unit="date"),
    ]
    out = _classes(claims, evidence)
    assert out["E-ok"].klass == "reproduced"
    assert out["E-old"].klass == "discrepancy"
    assert out["E-old"].difference == -365  # 2025-12-30 is 365 days before 2026-12-30
    assert out["E-old"].rule == "date_moved_by_later_act"
    assert "after the first postponement" in out["E-old"].explanation
    assert out["E-ok"].rule == "date_in_force"
    assert out["E-missing"].klass == "unsourced"


def test_secondary_recipe_without_data_is_skipped(evidence: Evidence) -> None:
    claims = [
        claim("S-1", "45.47", "0.01", "series:lvl@2025 ; growth:lvl@2025/lvl@2023", kind="level")
    ]
    out = _classes(claims, evidence)
    assert out["S-1"].klass == "reproduced"
    assert "could not run" in out["S-1"].explanation
    assert out["S-1"].outcomes[1].status == "no_data"  # evaluated, and said so


# report ------------------------------------------------------------------------------------
def test_report_files(evidence: Evidence, tmp_path: Path) -> None:
    claims = [
        claim("R-ok", "45.47", "0.01", "series:lvl@2025"),
        claim("R-bad", "1.75", "0.01", "series:base@2020"),  # matches no release
    ]
    results = Auditor(claims, evidence).run()
    out = tmp_path / "nested" / "audit"  # created if missing
    paths = write(results, evidence, out, "claims.csv")
    assert [p.name for p in paths] == ["audit.csv", "audit.json"]
    table = pd.read_csv(out / "audit.csv", dtype=str, keep_default_na=False)
    assert list(table["class"]) == ["reproduced", "discrepancy"]
    assert "https://example.org/release_2026" in table.loc[1, "urls"]
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert doc["counts"] == {
        "reproduced": 1,
        "holds under assumption": 0,
        "discrepancy": 1,
        "unsourced": 0,
    }
    assert doc["counts_by_fact"] == doc["counts"]  # one fact per claim here
    assert doc["rows"] == doc["facts"] == 2
    assert doc["claims"][1]["rule"] == "differs_from_source"
    assert doc["claims"][1]["sources"][0]["url"].startswith("https://example.org/")
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind
    before = (out / "audit.json").read_bytes()
    write(results, evidence, out, "claims.csv")
    assert (out / "audit.json").read_bytes() == before  # deterministic
    text = summary(results)
    assert "reproduced" in text and "R-bad" in text and "R-ok" not in text


def test_main_fails_only_when_it_cannot_run(tmp_path: Path) -> None:
    bad = tmp_path / "claims.csv"
    write_claims([claim("B-1", "x", "1", "series:lvl@2025")], bad)
    assert main(["--claims", str(bad), "--out", str(tmp_path / "out")]) != 0
    assert not (tmp_path / "out").exists()
