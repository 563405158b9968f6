"""The audit's rules on the real register: one rule per row, like cases alike, every check run,
and every inference an explanation states borne out by the data it cites.

Inferences are re-derived here from ``data/raw`` with the :mod:`csv` module and plain
arithmetic over the printed resolution, not with the audit's own evidence or intervals, so the
tests follow whatever the records say (other branches revise records) and still fail when an
explanation states something the records do not support.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from smeintl.audit import run_audit
from smeintl.audit.classify import Result
from smeintl.audit.evidence import Evidence
from smeintl.audit.register import ClaimRef, SeriesRef, load_claims, parse_checks
from smeintl.audit.rules import RULES

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
STATUSES = {"consistent", "inconsistent", "no_data", "paper_only"}


# the raw records, read independently -------------------------------------------------------
def _raw_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(RAW.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if "series_id" in (reader.fieldnames or []) and "vintage" in (reader.fieldnames or []):
                rows += list(reader)
    return rows


def _sources() -> dict[str, dict[str, str]]:
    with open(RAW / "sources.csv", encoding="utf-8", newline="") as handle:
        return {r["source_id"]: r for r in csv.DictReader(handle)}


SOURCES = _sources()
RECORDS: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
for _row in _raw_rows():
    if SOURCES.get(_row["source_id"], {}).get("kind") != "paper":
        RECORDS[(_row["series_id"], _row["period"])].append(_row)
for _recs in RECORDS.values():
    _recs.sort(key=lambda r: r["vintage"])


def rng(text: str, qualifier: str = "", precision: str = "") -> tuple[float, float]:
    """[low, high) a printed number stands for (half a unit of its last digit either side)."""
    v = Decimal(text)
    if precision:
        p = Decimal(precision)
    else:
        p = Decimal(1).scaleb(v.as_tuple().exponent) if "." in text else Decimal(1)
    if qualifier == "more_than":
        return float(v), math.inf
    return float(v - p / 2), float(v + p / 2)


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def show(low: float, high: float) -> str:
    """The range as the explanations print it (six significant digits, more if needed)."""
    for n in range(6, 12):
        lo, hi = f"{low:.{n}g}", f"{high:.{n}g}"
        if lo != hi:
            return f"{lo}–{hi}"
    raise AssertionError((low, high))


def official(record: dict[str, str]) -> bool:
    ids = [record["source_id"], *[s for s in record["also_in"].split(";") if s]]
    return any(SOURCES.get(s, {}).get("kind") == "official" for s in ids)


# fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    out, _ = run_audit(load_claims(), Evidence.load("raw"))
    return {r.claim.claim_id: r for r in out}


# 1. every row names its rule ---------------------------------------------------------------
def test_every_row_names_a_rule_that_can_give_its_class(results: dict[str, Result]) -> None:
    rules = {r.name: r for r in RULES}
    assert len(rules) == len(RULES)  # names are unique
    for cid, r in results.items():
        assert r.rule in rules, cid
        assert r.klass in rules[r.rule].classes, (cid, r.rule, r.klass)
    for rule in RULES:
        assert rule.title and len(rule.summary) > 40, rule.name  # a docstring for the chapter


def test_the_named_rules_exist() -> None:
    names = {r.name for r in RULES}
    assert {
        "publisher_rate_on_revised_base",
        "superseded_vintage",
        "value_derived_in_paper",
        "qualified_value",
        "date_moved_by_later_act",
        "secondary_source_only",
        "comparison",
    } <= names


# 2. like cases alike ------------------------------------------------------------------------
def test_claims_of_one_fact_get_one_class(results: dict[str, Result]) -> None:
    by_fact: dict[str, set[str]] = defaultdict(set)
    for r in results.values():
        if not r.claim.differs_because:
            by_fact[r.fact_id].add(r.klass)
    split = {fact: classes for fact, classes in by_fact.items() if len(classes) > 1}
    assert not split, f"facts whose claims differ in class without a stated reason: {split}"


def _release(r: Result) -> tuple[str, str] | None:
    o = r.outcomes[0]
    if not o.inputs or not o.recipe.startswith("series:"):
        return None
    return o.inputs[0].source_id, o.inputs[0].vintage


def test_claims_on_one_release_under_one_rule_get_one_class(results: dict[str, Result]) -> None:
    groups: dict[tuple, set[str]] = defaultdict(set)
    for r in results.values():
        release = _release(r)
        if release and not r.claim.differs_because:
            groups[(release, r.rule)].add(r.klass)
    split = {key: classes for key, classes in groups.items() if len(classes) > 1}
    assert not split, f"one release, one rule, several classes: {split}"


def test_claims_resting_on_a_revised_release_share_their_class(
    results: dict[str, Result],
) -> None:
    """A printed number that is an earlier, later-revised release (or a rate from the release
    whose level was revised) is classed like every other such number; found from raw data."""
    resting = set()
    for cid, r in results.items():
        first = r.claim.checks[0]
        if first.op != "series" or not r.claim.is_numeric:
            continue
        op = first.operands[0]
        assert isinstance(op, SeriesRef)
        recs = RECORDS.get((op.series_id, op.period), [])
        printed = r.claim.interval
        mine = (float(printed.low), float(printed.high))
        for rec in recs:
            if not overlap(mine, rng(rec["value"], rec["qualifier"])):
                continue
            levels = [rec]
            if op.series_id.endswith("_growth"):
                base = op.series_id[: -len("_growth")]
                levels += [
                    x for x in RECORDS.get((base, op.period), []) if x["vintage"] == rec["vintage"]
                ]
            for level in levels:
                later = [
                    x
                    for x in RECORDS.get((level["series_id"], level["period"]), [])
                    if x["vintage"] > level["vintage"]
                    and not overlap(rng(x["value"]), rng(level["value"]))
                ]
                if later:
                    resting.add(cid)
    assert resting, "the register has claims on revised releases (CBEC 2024): none found"
    classes = {results[c].klass for c in resting}
    assert classes == {"holds under assumption"}, {c: results[c].klass for c in resting}


# 3. every declared check runs -------------------------------------------------------------
def test_every_declared_check_is_evaluated_and_reported(results: dict[str, Result]) -> None:
    for cid, r in results.items():
        c = r.claim
        assert [o.recipe for o in r.outcomes] == [x.text for x in c.checks], cid
        assert [o.recipe for o in r.assumption_outcomes] == [x.text for x in c.assumption_checks]
        for o in [*r.outcomes, *r.assumption_outcomes]:
            assert o.status in STATUSES, (cid, o.recipe, o.status)
        for o in r.outcomes[1:]:
            if o.missing:  # reported as not run, never skipped silently
                assert f"The check {o.recipe} could not run" in r.explanation, (cid, o.recipe)
            if o.weak:
                assert f"The check {o.recipe} tests little" in r.explanation, (cid, o.recipe)


def test_a_check_that_tests_little_never_decides(results: dict[str, Result]) -> None:
    for cid, r in results.items():
        for o in r.outcomes:
            if o.weak:
                assert o.ok, (cid, o.recipe)  # a failing check is always a real test
                width = o.interval.width if o.interval else math.inf
                bound = any(i.qualifier in ("more_than", "at_least") for i in o.inputs)
                assert bound or width > 10 * float(r.claim.precision), (cid, o.recipe)


def test_africa_growth_check_against_a_rounded_2024_level_tests_little(
    results: dict[str, Result],
) -> None:
    # 2.49 / 2.1 over the rounding: 2.485/2.15 − 1 = 15.58 % to 2.495/2.05 − 1 = 21.71 %, sixty
    # units of the printed last digit of "+18.4%": the check would pass almost any rate
    (level,) = RECORDS[("gac_africa_trade", "2024")]
    lo, hi = rng(level["value"])
    now_lo, now_hi = rng("2.49")
    width = 100 * (now_hi / lo - now_lo / hi)
    r = results["T3-R5-growth"]
    check = r.outcomes[1]
    assert check.recipe == "growth:claim:T3-R5-level/gac_africa_trade@2024"
    assert bool(check.weak) == (width > 1.0), (width, check.weak)


def test_every_recomputation_from_printed_levels_also_runs_on_sourced_levels() -> None:
    """A recipe on printed numbers (claim:…) has its twin on the sourced series declared, so
    that a check against the publisher's more precise levels is never missing (issue 14)."""
    claims = {c.claim_id: c for c in load_claims()}
    missing = []
    for c in claims.values():
        for column in ("check", "assumption_check"):
            recipes = parse_checks(getattr(c, column))
            texts = {r.text for r in recipes}
            for r in recipes:
                if r.op in ("series", "event", "released", "period", "record"):
                    continue
                if not any(isinstance(o, ClaimRef) for o in r.operands):
                    continue
                twin = []
                for o in r.operands:
                    if isinstance(o, ClaimRef):
                        first = claims[o.claim_id].checks[0]
                        if first.op != "series":
                            break
                        twin.append(str(first.operands[0]))
                    else:
                        twin.append(str(o))
                else:
                    text = f"{r.op}:{twin[0]}/{twin[1]}"
                    if text not in texts:
                        missing.append((c.claim_id, r.text, text))
    assert not missing


# 4. counted by fact -------------------------------------------------------------------------
def test_counts_by_fact(results: dict[str, Result]) -> None:
    from smeintl.audit.report import counts, counts_by_fact, fact_classes

    values = list(results.values())
    facts = {r.fact_id for r in values}
    assert sum(counts(values).values()) == len(values)
    assert sum(counts_by_fact(values).values()) == len(facts) == len(fact_classes(values))
    assert len(facts) < len(values)  # repeats of a fact are counted once


# 5. explanations: every inference borne out by the data it cites --------------------------
def test_implied_base_statements(results: dict[str, Result]) -> None:
    seen = 0
    for cid, r in results.items():
        for reason in r.reasons:
            if reason.kind != "implied_base":
                continue
            seen += 1
            failed = next(o for o in r.outcomes if o.failed and o.recipe.startswith("growth:"))
            current, base = failed.check_operands
            if isinstance(current, ClaimRef):
                cur = rng(results[current.claim_id].claim.value)
            else:
                cur = rng(RECORDS[(current.series_id, current.period)][-1]["value"])
            g = rng(r.claim.value, precision=r.claim.precision)
            implied = (cur[0] / (1 + g[1] / 100), cur[1] / (1 + g[0] / 100))
            assert show(*implied) in reason.text, (cid, reason.text)
            if isinstance(base, ClaimRef):
                base = results[base.claim_id].claim.checks[0].operands[0]
            releases = RECORDS[(base.series_id, base.period)]
            outside = all(not overlap(rng(x["value"]), implied) for x in releases)
            assert ("none of which lies in that range" in reason.text) == outside, cid
    assert seen >= 1  # total and private trade 2025 (and CBEC vs 2020 while 1.69 is the latest)


def test_bracket_statements(results: dict[str, Result]) -> None:
    """ "Lies between the nearest values before and after": recomputed from the raw records,
    with the year-earlier levels a growth record implies."""
    seen = 0
    for cid, r in results.items():
        for reason in r.reasons:
            if reason.kind != "bracket":
                continue
            seen += 1
            op = r.claim.checks[0].operands[0]
            points = []
            for (sid, period), recs in RECORDS.items():
                if sid != op.series_id or period == op.period:
                    continue
                level = recs[-1]
                points.append((_month(period), 0, rng(level["value"], level["qualifier"])))
                growth = RECORDS.get((f"{sid}_growth", period))
                if growth and level["unit"] == r.claim.unit:
                    g = rng(growth[-1]["value"])
                    lv = rng(level["value"])
                    before = f"{int(period[:4]) - 1}{period[4:]}"
                    implied = (lv[0] / (1 + g[1] / 100), lv[1] / (1 + g[0] / 100))
                    points.append((_month(before), 1, implied))
            here = _month(op.period)
            last = max(p[0] for p in points if p[0] < here)
            first = min(p[0] for p in points if p[0] > here)
            # at one date, a sourced level (flag 0) is preferred to one a growth rate implies
            before = min((p for p in points if p[0] == last), key=lambda p: p[1])[2]
            after = min((p for p in points if p[0] == first), key=lambda p: p[1])[2]
            span = (min(before[0], after[0]), max(before[1], after[1]))
            printed = r.claim.interval
            inside = overlap((float(printed.low), float(printed.high)), span)
            assert (" lies between " in reason.text) == inside, (cid, reason.text)
            assert show(*before) in reason.text and show(*after) in reason.text, reason.text
    assert seen >= 1  # the inclusive-loan balance of Table 8


def _month(period: str) -> tuple[int, int]:
    m = re.match(r"^(\d{4})(?:-(\d{2})|Q(\d)|H(\d))?$", period)
    assert m, period
    year = int(m.group(1))
    if m.group(2):
        return year, int(m.group(2))
    if m.group(3):
        return year, 3 * int(m.group(3))
    if m.group(4):
        return year, 6 * int(m.group(4))
    return year, 12


def test_superseded_release_statements(results: dict[str, Result]) -> None:
    for cid, r in results.items():
        if r.rule != "superseded_vintage":
            continue
        later = [x for x in r.reasons if x.kind == "later_release"]
        assert later, cid
        (cited,) = later[0].inputs
        sid, period = cited["ref"].split("@")
        rec = next(x for x in RECORDS[(sid, period)] if x["vintage"] == cited["released"])
        earlier = [x for x in RECORDS[(sid, period)] if x["vintage"] < rec["vintage"]]
        assert any(not overlap(rng(x["value"]), rng(rec["value"])) for x in earlier), cid
        secondary = "known only from secondary reports" in later[0].text
        assert secondary == (not official(rec)), cid
        if any(x.kind == "no_later_rate" for x in r.reasons):
            op = r.claim.checks[0].operands[0]
            recs = RECORDS[(op.series_id, op.period)]
            used = r.outcomes[0].inputs[0]
            assert all(x["vintage"] <= used.vintage for x in recs), cid


def test_moved_date_statements(results: dict[str, Result]) -> None:
    with open(RAW / "rules.csv", encoding="utf-8", newline="") as handle:
        events = {e["event_id"]: e for e in csv.DictReader(handle)}
    seen = 0
    for cid, r in results.items():
        if r.rule != "date_moved_by_later_act":
            continue
        seen += 1
        now = events[r.claim.checks[0].target]
        earlier = [
            e for e in events.values() if e["date"] == r.claim.value and e["rule"] == now["rule"]
        ]
        assert earlier and now["date"] != r.claim.value, cid
        assert now["date"] in r.explanation and earlier[0]["event"] in r.explanation
    assert seen == 2  # EUDR, large/medium and micro/small


# the four explanations issue 14 names -------------------------------------------------------
def test_inclusive_loans_explanation_draws_no_definition_inference(
    results: dict[str, Result],
) -> None:
    r = results["T8-R4"]
    assert r.klass == "unsourced"
    assert "same series definition" not in r.explanation
    # end-June 2025 level and its growth imply end-June 2024 (35.6/1.123 ≈ 31.7 with 35.6 and
    # 12.3 %): the balance did not only rise from 33.41 at end-March 2024
    level = RECORDS[("pboc_inclusive_small_micro_loans", "2025-06")][-1]
    growth = RECORDS[("pboc_inclusive_small_micro_loans_growth", "2025-06")][-1]
    lv, g = rng(level["value"]), rng(growth["value"])
    assert show(lv[0] / (1 + g[1] / 100), lv[1] / (1 + g[0] / 100)) in r.explanation


def test_direct_reading_one_unit_apart_is_not_called_rounding(results: dict[str, Result]) -> None:
    r = results["T5-R3-CHN"]  # paper 11 days, World Bank (via People's Daily) 10
    assert r.klass == "discrepancy"
    assert "differently rounded inputs" not in r.explanation
    assert "direct reading" in r.explanation and "rounding does not explain it" in r.explanation


def test_cbec_2024_later_vintage_is_not_called_gacs_own(results: dict[str, Result]) -> None:
    r = results["T4-R2-level"]
    assert "survey-based vintage" not in r.explanation
    later = RECORDS[("gac_cbec_trade", "2024")][-1]
    assert ("known only from secondary reports" in r.explanation) == (not official(later))


def test_mfn_2024_explanation_is_consistent(results: dict[str, Result]) -> None:
    """The 2024 share rests on the figure for the beginning of 2025, a later date: the
    explanation says so, and cites that release."""
    for cid in ("S2-P3-S8-mfn-2024", "T6-R5-2024", "F5-SRC-from"):
        text = results[cid].explanation
        assert results[cid].klass == "holds under assumption", cid
        assert "only the paper" not in text.lower(), cid
        assert text.startswith("No source other than the paper gives a figure for 2024"), cid
        assert "is the figure of a later date" in text, cid
        assert "for 2025-01 (released 2025-04-03)" in text, cid
        assert "the sources found give about 80% as the level" not in text, cid


def test_inherited_class_statements(results: dict[str, Result]) -> None:
    """ "The printed 80 (F5-SRC-from) is unsourced": each class named is that claim's class."""
    words = {
        "is reproduced": "reproduced",
        "holds only under an assumption": "holds under assumption",
        "is unsourced": "unsourced",
        "is a discrepancy": "discrepancy",
    }
    seen = 0
    for cid, r in results.items():
        for reason in r.reasons:
            if reason.kind != "inherited":
                continue
            for m in re.finditer(
                r"\(([A-Z][A-Za-z0-9.-]+)\) (is reproduced|holds only under an "
                r"assumption|is unsourced|is a discrepancy)",
                reason.text,
            ):
                seen += 1
                assert results[m.group(1)].klass == words[m.group(2)], (cid, m.group(0))
                assert r.klass != "reproduced"
    assert seen >= 2  # the Figure 5 decline: from 80 (unsourced) to 72 (assumption)


def test_derived_value_beside_every_release(results: dict[str, Result]) -> None:
    # Table 4's 2020 value 2.75/1.697 = 1.620507 beside each 2020 level on record
    r = results["T4-R1-level"]
    derived = 2.75 / 1.697
    for rec in RECORDS[("gac_cbec_trade", "2020")]:
        pct = 100 * (derived - float(rec["value"])) / float(rec["value"])
        assert f"released {rec['vintage']}), {pct:+.1f}% from the derived" in r.explanation


def test_record_high_statement(results: dict[str, Result]) -> None:
    r = results["T2-R1-change-record"]
    latest = {p: recs[-1] for (s, p), recs in RECORDS.items() if s == "gac_trade_total"}
    now = rng(latest["2025"]["value"])
    earlier = {p: rng(x["value"]) for p, x in latest.items() if len(p) == 4 and p < "2025"}
    holds = all(now[0] >= hi for _, hi in earlier.values())
    assert (r.klass == "reproduced") == holds
    assert f"({min(earlier)}–{max(earlier)};" in r.explanation
    assert "tested over those years only" in r.explanation
