"""Recompute every claim from sourced evidence and class it by the rules of
:mod:`smeintl.audit.rules`.

Classes
-------
``reproduced``
    The recipes that can decide agree with the printed number over its whole precision
    interval (the rule says which: the publisher's figure, a secondary report of it, a
    publisher's rate on a revised base, a derivation, a qualified value, a comparison).
``holds under assumption``
    The number holds only under an assumption a rule names (a superseded release, a value of an
    earlier date, an unstated derivation) or the register states in advance.
``discrepancy``
    A deciding recipe fails and no rule rescues it; the size of the difference and the side
    that fails are reported, with the likely reason.
``unsourced``
    No record of the number exists except the paper's own.

Every recipe is evaluated; one that finds no data is reported as not run, one whose sourced
input is a bound or rounded more coarsely than the other operand is reported as testing little.
Neither decides a class.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date

from smeintl import derive
from smeintl.audit import intervals as iv
from smeintl.audit import rules as R
from smeintl.audit.evidence import Evidence, Record
from smeintl.audit.register import Check, Claim, ClaimRef, Operand, SeriesRef
from smeintl.audit.rules import DISCREPANCY, HOLDS, REPRODUCED, UNSOURCED, Reason
from smeintl.derive import Derived, Input

CLASSES: tuple[str, ...] = (REPRODUCED, HOLDS, DISCREPANCY, UNSOURCED)

# the reason kinds that best say why a claim is not reproduced, most telling first
REASON_PREFERENCE = (
    "likely_reason",
    "moved",
    "later_release",
    "same_release",
    "inherited",
    "assumption",
    "bracket",
    "register_note",
    "neighbours",
    "missing",
)

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
NO_DATA = "no_data"
PAPER_ONLY = "paper_only"

FORMULAS = {
    "growth": "100 × ({a} / {b} − 1)",
    "share": "100 × {a} / {b}",
    "ratio": "{a} / {b}",
    "back_cast": "{a} / (1 + {b}/100)",
    "pp_change": "{a} − {b}",
    "difference": "{a} − {b}",
}
WORDS = {
    "growth": "the growth from {b} to {a}",
    "share": "the share of {a} in {b}",
    "ratio": "the ratio of {a} to {b}",
    "back_cast": "{a} divided by (1 + {b}/100)",
    "pp_change": "the change from {b} to {a}",
    "difference": "{a} minus {b}",
}


@dataclass
class VintageLine:
    """The recipe evaluated with one combination of releases of its sourced inputs."""

    vintages: tuple[tuple[str, str], ...]  # (operand, vintage)
    value: float
    interval: iv.Interval
    consistent: bool

    def describe(self, digits: int = 4) -> str:
        used = ", ".join(f"{op} released {v}" for op, v in self.vintages)
        verdict = "consistent" if self.consistent else "inconsistent"
        return f"{used}: {self.value:.{digits}g} {self.interval.format()} → {verdict}"


@dataclass
class Outcome:
    """One recipe evaluated against the evidence.

    ``detail`` is the machine line; ``sentence`` the same finding for a reader; ``weak`` says
    why the recipe tests little (empty when it is a real test).
    """

    recipe: str
    status: str
    value: float | str | None = None  # point value (number), or a date / list of years
    interval: iv.Interval | None = None
    comparison: iv.Comparison | None = None
    inputs: list[Record] = field(default_factory=list)
    vintages: list[VintageLine] = field(default_factory=list)
    detail: str = ""
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    derived: Derived | None = None
    sentence: str = ""
    weak: str = ""
    check_operands: tuple[Operand, ...] = ()
    all_inputs: list[Record] = field(default_factory=list)
    superseded_event: str = ""

    @property
    def ok(self) -> bool:
        return self.status == CONSISTENT

    @property
    def failed(self) -> bool:
        return self.status == INCONSISTENT

    @property
    def missing(self) -> bool:
        return self.status in (NO_DATA, PAPER_ONLY)

    @property
    def claim_operands(self) -> list[str]:
        return [o.claim_id for o in self.check_operands if isinstance(o, ClaimRef)]


@dataclass
class Result:
    """A claim with its class, the rule that classed it, recomputed value and explanation."""

    claim: Claim
    klass: str
    outcomes: list[Outcome]
    assumption_outcomes: list[Outcome]
    recomputed: float | str | None
    interval: iv.Interval | None
    difference: float | None
    relative: float | None
    side: str
    explanation: str
    sources: list[str]
    rule: str = ""
    reasons: list[Reason] = field(default_factory=list)

    @property
    def fact_id(self) -> str:
        return self.claim.fact_id

    @property
    def sources_say(self) -> str:
        """One sentence for a reader: what the sources say about the printed number."""
        kinds = ("earlier_release", "missing", "moved", "source", "derivation", "recomputed")
        for kind in (*kinds, "compared"):
            for r in self.reasons:
                if r.kind == kind:
                    return _sentence(r.text)
        return ""

    @property
    def reason(self) -> str:
        """One short phrase: why the claim is not reproduced (empty when it is)."""
        if self.klass == REPRODUCED:
            return ""
        for kind in REASON_PREFERENCE:
            for r in self.reasons:
                if r.kind == kind:
                    return _sentence(r.text)
        return _sentence(self.reasons[-1].text) if self.reasons else ""

    def row(self, evidence: Evidence) -> dict[str, object]:
        """A flat record for the CSV/DataFrame (numbers as floats, text otherwise)."""
        c = self.claim
        return {
            "claim_id": c.claim_id,
            "fact_id": c.fact_id,
            "location": c.location,
            "printed_text": c.printed_text,
            "printed_value": c.value,
            "unit": c.unit,
            "qualifier": c.qualifier,
            "kind": c.kind,
            "printed_interval": c.interval.format() if c.is_numeric else "",
            "class": self.klass,
            "rule": self.rule,
            "recomputed_value": _show(self.recomputed),
            "recomputed_interval": self.interval.format() if self.interval else "",
            "difference": "" if self.difference is None else _round(self.difference),
            "relative_difference_pct": "" if self.relative is None else _round(self.relative),
            "side": self.side,
            "explanation": self.explanation,
            "sources_say": self.sources_say,
            "reason": self.reason,
            "assumption": c.assumption,
            "checks": " ; ".join(
                f"{o.recipe} → {o.status}{' (tests little)' if o.weak else ''}"
                for o in self.outcomes
            ),
            "sources": "; ".join(self.sources),
            "urls": "; ".join(u for u in (evidence.url(s) for s in self.sources) if u),
        }


def _round(x: float, digits: int = 6) -> float:
    return float(f"{x:.{digits}g}")


def _show(x: float | str | None) -> str:
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    return f"{x:.6g}"


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _month(period: str) -> tuple[int, int]:
    """A period as (year, month of its end): 2024 → (2024, 12), 2026Q1 → (2026, 3)."""
    year = int(period[:4])
    rest = period[4:]
    if not rest:
        return year, 12
    if rest.startswith("-"):
        return year, int(rest[1:])
    if rest.startswith("Q"):
        return year, 3 * int(rest[1:])
    if rest.startswith("H"):
        return year, 6 * int(rest[1:])
    raise ValueError(f"unknown period {period!r}")


def _year_earlier(period: str) -> str:
    return f"{int(period[:4]) - 1}{period[4:]}"


# evaluation ------------------------------------------------------------------------------
class Auditor:
    """Evaluates recipes for claims of one register against one body of evidence."""

    def __init__(self, claims: list[Claim], evidence: Evidence):
        self.claims = {c.claim_id: c for c in claims}
        self.order = [c.claim_id for c in claims]
        self.evidence = evidence
        self._results: dict[str, Result] = {}
        self._busy: set[str] = set()

    # operands ---------------------------------------------------------------------------
    def _operand_options(self, op: SeriesRef | ClaimRef) -> tuple[str, list]:
        """(status, options): each option is (label, vintage, Interval, point, record|None)."""
        if isinstance(op, ClaimRef):
            c = self.claims[op.claim_id]
            return CONSISTENT, [(str(op), "printed", c.interval, iv.exact(c.value), None)]
        ev = self.evidence
        chosen = ev.pick(op.series_id, op.period, op.vintage)
        if chosen is None:
            status = PAPER_ONLY if ev.all_records(op.series_id, op.period) else NO_DATA
            return status, []
        options = [(str(op), chosen.vintage, chosen.interval, chosen.value, chosen)]
        if op.vintage == "latest":  # other releases, for the vintage sweep
            for r in ev.sourced(op.series_id, op.period):
                if r is not chosen:
                    options.append((str(op), r.vintage, r.interval, r.value, r))
        return CONSISTENT, options

    def _describe_operand(self, op: Operand, option: tuple) -> str:
        """``the printed 43.85`` or ``43.8468 (released 2025-08-08)`` for a sentence."""
        if isinstance(op, ClaimRef):
            return f"the printed {self.claims[op.claim_id].value}"
        rec: Record = option[4]
        return f"{R.readable(rec.label)} for {rec.period} (released {rec.vintage})"

    def _missing(self, check: Check, op: SeriesRef, status: str) -> Outcome:
        if status == NO_DATA:
            return Outcome(
                check.text,
                status,
                detail=f"no sourced record of {op}",
                sentence=f"no record of {op.series_id} for {op.period} exists",
                check_operands=check.operands,
            )
        paper = self.evidence.all_records(op.series_id, op.period)[-1]
        return Outcome(
            check.text,
            status,
            detail=f"only the paper itself ({paper.source_id}) reports {op} = {paper.label}",
            sentence=f"no source other than the paper itself gives {op.series_id} for "
            f"{op.period} (the paper prints {paper.label} {paper.unit})",
            check_operands=check.operands,
        )

    # recipes ----------------------------------------------------------------------------
    def evaluate(self, claim: Claim, check: Check) -> Outcome:
        """Evaluate one recipe for ``claim``."""
        if check.op == "event":
            return self._event(claim, check)
        if check.op in ("released", "period"):
            return self._years(claim, check)
        if check.op in R.COMPARE_OPS:
            return self._compare(claim, check)
        if check.op == "record":
            return self._record_high(claim, check)
        return self._numeric(claim, check)

    def _numeric(self, claim: Claim, check: Check) -> Outcome:
        statuses, option_lists = [], []
        for op in check.operands:
            status, options = self._operand_options(op)
            statuses.append((op, status))
            option_lists.append(options)
        for op, status in statuses:
            if status != CONSISTENT:
                assert isinstance(op, SeriesRef)
                return self._missing(check, op, status)
        printed = claim.interval
        bound = claim.is_bound
        lines: list[VintageLine] = []
        main: tuple | None = None
        for combo in itertools.product(*option_lists):
            ints = [o[2] for o in combo]
            points = [iv.Interval.point(o[3]) for o in combo]
            if check.op == "series":
                interval, point = ints[0], float(combo[0][3])
            else:
                f = iv.OPERATIONS[check.op]
                interval = f(*ints)
                point = float(f(*points).low)
            cmp = iv.compare(printed, interval, bound=bound)
            vint = tuple((o[0], o[1]) for o in combo if o[4] is not None)
            lines.append(VintageLine(vint, point, interval, cmp.consistent))
            if main is None:  # first combination = the releases in force (latest / asked)
                main = (interval, point, cmp, [o[4] for o in combo if o[4] is not None])
        assert main is not None
        interval, point, cmp, inputs = main
        derived = None
        if check.op != "series":
            derived = self._derive(check, [opts[0] for opts in option_lists])
            if derived is not None:
                point = derived.value
        out = Outcome(
            check.text,
            CONSISTENT if cmp.consistent else INCONSISTENT,
            value=point,
            interval=interval,
            comparison=cmp,
            inputs=inputs,
            vintages=lines,
            derived=derived,
            check_operands=check.operands,
            all_inputs=[o[4] for opts in option_lists for o in opts if o[4] is not None],
        )
        out.detail = self._describe_numeric(claim, check, out, combo_labels=option_lists)
        out.sentence = self._sentence_numeric(claim, check, out, [o[0] for o in option_lists])
        out.weak = self._weakness(claim, check, out, [o[0] for o in option_lists])
        if out.failed:
            out.reasons = self._reasons_numeric(claim, check, out)
        else:
            out.notes = self._precision_notes(claim, out) if check.op == "series" else []
        return out

    def _weakness(self, claim: Claim, check: Check, out: Outcome, first: list[tuple]) -> str:
        """Why a passing recomputation tests little (empty when it is a real test).

        It tests little when a sourced input is only a bound ("more than 35"), or when its range
        over the inputs' rounding is wider than ten units of the printed last digit, so that it
        would pass almost any printed value. A recomputation that fails is always a real test.
        """
        if check.op == "series" or not out.ok or out.interval is None:
            return ""
        for o in first:
            rec = o[4]
            if rec is not None and iv.is_bound(rec.qualifier):
                return f"its input {rec.series_id}@{rec.period} is only a bound ('{rec.label}')"
        if not claim.precision or not out.interval.bounded:
            return ""
        if out.interval.width > 10 * float(iv.exact(claim.precision)):
            coarse = [
                f"{o[4].series_id}@{o[4].period} = {o[4].value_text}"
                for o in first
                if o[4] is not None
            ]
            inputs = f" (inputs {', '.join(coarse)})" if coarse else ""
            return (
                f"its range over the inputs' rounding{inputs} is "
                f"{R.interval_text(out.interval)}, so it would pass any printed value in it"
            )
        return ""

    def _precision_notes(self, claim: Claim, out: Outcome) -> list[str]:
        """Say so when the paper prints more digits than its source (8.0% for 8%)."""
        notes = []
        if claim.precision and not claim.is_bound:
            mine = iv.exact(claim.precision)
            for rec in out.inputs:
                if not rec.qualifier and rec.precision > mine:
                    notes.append(
                        f"the paper prints {claim.value} (resolution {claim.precision});"
                        f" the source gives {rec.value_text} (resolution "
                        f"{_fmt(float(rec.precision))})"
                    )
        return notes

    def _derive(self, check: Check, first: list[tuple]) -> Derived | None:
        """The point value through :mod:`smeintl.derive` (formula and inputs on record).

        Claim operands enter as pseudo-inputs (``series_id`` ``claim:<id>``, vintage
        ``printed``). Returns None when the library refuses (e.g. mismatched units).
        """
        inputs = []
        for op, o in zip(check.operands, first, strict=True):
            rec: Record | None = o[4]
            if rec is not None:
                inputs.append(
                    Input(
                        rec.series_id,
                        rec.period,
                        rec.vintage,
                        float(rec.value),
                        rec.unit,
                        rec.qualifier,
                        rec.source_id,
                    )
                )
            else:
                c = self.claims[op.claim_id]
                inputs.append(
                    Input(str(op), "", "printed", float(c.value), c.unit, c.qualifier, "paper")
                )
        function = getattr(derive, check.op)
        try:
            return function(*inputs, name=check.op)
        except (ValueError, ZeroDivisionError):
            return None

    def _describe_numeric(self, claim: Claim, check: Check, out: Outcome, combo_labels) -> str:
        assert out.interval is not None and out.comparison is not None
        first = [opts[0] for opts in combo_labels]
        if check.op == "series":
            rec = out.inputs[0]
            text = (
                f"{check.operands[0]} = {rec.label} {rec.unit} "
                f"(released {rec.vintage}, {rec.source_id})"
            )
        else:
            names = [f"{o[0]}={_fmt(float(o[3]))}" for o in first]
            formula = FORMULAS[check.op].format(
                a=_fmt(float(first[0][3])), b=_fmt(float(first[1][3]))
            )
            text = (
                f"{check.op}({', '.join(names)}) = {formula} = {out.value:.6g}, "
                f"interval {out.interval.format()}"
            )
        verdict = "consistent with" if out.ok else f"inconsistent with ({out.comparison.side})"
        return f"{text}: {verdict} printed {claim.value} {claim.interval.format()}"

    def _sentence_numeric(self, claim: Claim, check: Check, out: Outcome, first: list) -> str:
        """The recomputation as a sentence: what, from which inputs, its range, the verdict."""
        assert out.interval is not None
        agree = "agrees with" if out.ok else "does not agree with"
        if check.op == "series":
            rec = out.inputs[0]
            return (
                f"{self.evidence.publisher(rec.source_id)} gives {R.readable(rec.label)} "
                f"{rec.unit} for "
                f"{rec.period} (released {rec.vintage}), which {agree} the printed "
                f"{R.printed(claim)}"
            )
        a, b = (self._describe_operand(op, o) for op, o in zip(check.operands, first, strict=True))
        what = WORDS[check.op].format(a=a, b=b)
        return (
            f"{what[0].upper()}{what[1:]} is {_fmt(float(out.value))} "  # type: ignore[arg-type]
            f"(range {R.interval_text(out.interval)} over the inputs' rounding), which {agree} "
            f"the printed {R.printed(claim)} ({R.interval_text(claim.interval)})"
        )

    def _reasons_numeric(self, claim: Claim, check: Check, out: Outcome) -> list[str]:
        reasons: list[str] = []
        ok_lines = [ln for ln in out.vintages if ln.consistent]
        if ok_lines:
            used = "; ".join(
                ", ".join(f"{op} released {v}" for op, v in ln.vintages) for ln in ok_lines
            )
            reasons.append(
                f"an earlier release matches the printed number ({used}), the latest does not"
            )
        assert out.interval is not None and out.comparison is not None
        if claim.interval.gap(out.interval) == 0 and claim.interval.bounded:
            if check.op == "series":
                reasons.append(
                    "the printed number and the source's are one unit of the last digit apart; "
                    "as a direct reading of the same figure, rounding does not explain it (a "
                    "transcription slip, or another edition of the source)"
                )
            else:
                reasons.append(
                    "the printed and recomputed numbers are one unit of the last digit apart "
                    "(their ranges touch without overlapping): the paper may have rounded "
                    "differently rounded inputs"
                )
        for rec in out.inputs:
            if claim.precision and rec.precision > iv.exact(claim.precision or "1"):
                reasons.append(
                    f"the paper prints {claim.value} to {claim.precision}, the source "
                    f"{rec.value_text} to {_fmt(float(rec.precision))}"
                )
            if rec.note:
                reasons.append(
                    f"the record of {rec.series_id} for {rec.period} (released {rec.vintage}) "
                    f"notes: {rec.note}"
                )
        return reasons

    def _event(self, claim: Claim, check: Check) -> Outcome:
        events = self.evidence.events
        event = events.get(check.target)
        if event is None:
            return Outcome(
                check.text,
                NO_DATA,
                detail=f"no event {check.target!r} in rules.csv",
                sentence=f"no event {check.target} is on record",
            )
        when = event.get("date", "")
        ok = when == claim.value
        days = (date.fromisoformat(claim.value) - date.fromisoformat(when)).days
        side = "" if ok else ("printed above" if days > 0 else "printed below")
        publisher = self.evidence.publisher(event.get("source_id", ""))
        out = Outcome(
            check.text,
            CONSISTENT if ok else INCONSISTENT,
            value=when,
            comparison=iv.Comparison(ok, side, float(abs(days))),
            detail=(
                f"event {check.target} ({event.get('rule', '')}: {event.get('event', '')}) "
                f"dated {when} in rules.csv (source {event.get('source_id', '')}): "
                + (
                    "same date as printed"
                    if ok
                    else f"printed {claim.value} is {abs(days)} days "
                    f"{'later' if days > 0 else 'earlier'}"
                )
            ),
        )
        now = f"{event.get('rule', '')}, “{event.get('event', '')}”: {when} ({publisher})"
        if ok:
            out.sentence = f"The date in force is the printed one: {now}."
            return out
        same = [
            (eid, e)
            for eid, e in sorted(events.items())
            if e.get("date") == claim.value and eid != check.target
        ]
        for eid, e in same:
            out.reasons.append(
                f"the printed date is that of event {eid} ({e.get('event', '')}; "
                f"source {e.get('source_id', '')}; note: {e.get('note', '') or '—'})"
            )
        earlier = [(eid, e) for eid, e in same if e.get("rule") == event.get("rule")]
        if earlier:
            eid, e = earlier[0]
            out.superseded_event = eid
            out.sentence = (
                f"The paper prints {claim.value}, the date an earlier act set "
                f"(“{e.get('event', '')}”, {self.evidence.publisher(e.get('source_id', ''))}); "
                f"the act in force moved it to {when} (“{event.get('event', '')}”, "
                f"{publisher}), {abs(days)} days {'earlier' if days > 0 else 'later'}."
            )
        else:
            out.reasons.append("no event in rules.csv carries the printed date")
            out.sentence = (
                f"The paper prints {claim.value}; the date on record is {now}, "
                f"{abs(days)} days {'earlier' if days > 0 else 'later'}, and no act on record "
                "sets the printed date."
            )
        return out

    def _years(self, claim: Claim, check: Check) -> Outcome:
        companion = self.claims[check.companion]
        recs = self.evidence.series_records(check.target)
        if not recs:
            any_paper = any(sid == check.target for sid, _ in self.evidence.records)
            return Outcome(
                check.text,
                PAPER_ONLY if any_paper else NO_DATA,
                detail=f"no sourced record of {check.target}",
                sentence=f"no source other than the paper gives {check.target}",
            )
        matching = [
            r
            for r in recs
            if iv.compare(companion.interval, r.interval, bound=companion.is_bound).consistent
        ]
        if not matching:
            return Outcome(
                check.text,
                INCONSISTENT,
                value="",
                detail=f"no record of {check.target} is consistent with "
                f"{companion.claim_id} ({companion.printed_text})",
                sentence=f"no record of {check.target} agrees with "
                f"'{companion.printed_text}', so the year cannot be confirmed",
            )
        years: dict[str, list[str]] = {}
        if check.op == "released":
            for r in matching:
                for sid, published in self.evidence.source_dates(r):
                    if published and not self.evidence.is_paper(sid):
                        years.setdefault(published[:4], []).append(f"{sid} {published}")
            what = "reported by"
        else:
            for r in matching:
                years.setdefault(r.period[:4], []).append(f"{r.series_id}@{r.period}")
            what = "periods"
        ok = claim.value in years
        listing = "; ".join(f"{y}: {', '.join(sorted(set(v)))}" for y, v in sorted(years.items()))
        first = min((r.vintage for r in matching), default="")
        kind = "published in" if check.op == "released" else "for the periods of"
        return Outcome(
            check.text,
            CONSISTENT if ok else INCONSISTENT,
            value=", ".join(sorted(years)),
            inputs=matching,
            comparison=iv.Comparison(ok, "", 0.0),
            detail=(
                f"values of {check.target} consistent with {companion.claim_id} — "
                f"{what} year: {listing or 'none'} (first released {first})"
            ),
            sentence=(
                f"Sources agreeing with '{companion.printed_text}' were {kind} "
                f"{', '.join(sorted(years)) or 'no year'} ({listing}); the paper gives "
                f"{claim.value}"
            ),
        )

    def _compare(self, claim: Claim, check: Check) -> Outcome:
        """``less:a/b`` / ``greater:a/b``: the relation must hold over both whole intervals."""
        firsts = []
        for op in check.operands:
            status, options = self._operand_options(op)
            if status != CONSISTENT:
                assert isinstance(op, SeriesRef)
                return self._missing(check, op, status)
            firsts.append((op, options[0]))
        (op_a, a), (op_b, b) = firsts
        lo, hi = (a, b) if check.op == "less" else (b, a)
        certain = lo[2].high < hi[2].low or (
            lo[2].high == hi[2].low and not (lo[2].high_closed and hi[2].low_closed)
        )
        impossible = lo[2].low >= hi[2].high
        word = "below" if check.op == "less" else "above"
        da, db = self._describe_operand(op_a, a), self._describe_operand(op_b, b)
        if certain:
            verdict = f"{da} is {word} {db}, as printed"
        elif impossible:
            verdict = f"{da} is not {word} {db}: the printed comparison fails"
        else:
            verdict = f"{da} and {db} overlap over their rounding, so the comparison is not implied"
        return Outcome(
            check.text,
            CONSISTENT if certain else INCONSISTENT,
            value="holds" if certain else "fails",
            comparison=iv.Comparison(certain, "" if certain else "not implied", 0.0),
            inputs=[o[4] for _, o in firsts if o[4] is not None],
            detail=f"{check.op}({op_a}={a[2].format()}, {op_b}={b[2].format()}): "
            + ("holds" if certain else "fails"),
            sentence=verdict[0].upper() + verdict[1:],
            check_operands=check.operands,
        )

    def _record_high(self, claim: Claim, check: Check) -> Outcome:
        """``record:S@P``: the latest release for P is above every earlier period's latest."""
        op = check.operands[0]
        assert isinstance(op, SeriesRef)
        current = self.evidence.pick(op.series_id, op.period)
        if current is None:
            status = PAPER_ONLY if self.evidence.all_records(op.series_id, op.period) else NO_DATA
            return self._missing(check, op, status)
        earlier = {}
        for r in self.evidence.series_records(op.series_id):
            if len(r.period) == len(op.period) and r.period < op.period:
                earlier[r.period] = r  # sorted by vintage: the latest release wins
        if not earlier:
            return Outcome(
                check.text,
                NO_DATA,
                detail=f"no earlier period of {op.series_id} on record",
                sentence=f"no earlier period of {op.series_id} is on record to compare with",
                check_operands=check.operands,
            )
        top = max(earlier.values(), key=lambda r: r.interval.high)
        ok = all(current.interval.low >= r.interval.high for r in earlier.values())
        span = f"{min(earlier)}–{max(earlier)}"
        sentence = (
            f"{current.label} {current.unit} for {op.period} (released {current.vintage}) is "
            f"{'above' if ok else 'not above'} every earlier year on record ({span}; the "
            f"highest is {top.label} for {top.period}); years before {min(earlier)} are not on "
            "record, so the record is tested over those years only"
        )
        return Outcome(
            check.text,
            CONSISTENT if ok else INCONSISTENT,
            value="holds" if ok else "fails",
            comparison=iv.Comparison(ok, "" if ok else "not implied", 0.0),
            inputs=[current, *earlier.values()],
            detail=f"record({op}): {current.label} vs earlier max {top.label}@{top.period}: "
            + ("holds" if ok else "fails"),
            sentence=sentence[0].upper() + sentence[1:],
            check_operands=check.operands,
        )

    # what the rules ask of the evidence -------------------------------------------------
    def class_of(self, claim_id: str) -> str:
        """The class of another claim of the register (classed first if need be)."""
        if claim_id in self._busy:
            raise ValueError(f"claims refer to each other in a cycle through {claim_id}")
        if claim_id not in self._results:
            self._results[claim_id] = self.classify(self.claims[claim_id])
        return self._results[claim_id].klass

    def revised_companion(self, rec: Record) -> tuple[Record, Record] | None:
        """For a rate from one release: (its level, the later revised level), or None.

        The level is the record of the rate's base series (``x`` for ``x_growth``) for the same
        period and release; "revised" means a later release whose range does not overlap it.
        """
        ev = self.evidence
        candidates = [rec]
        if rec.series_id.endswith("_growth"):
            base = rec.series_id[: -len("_growth")]
            candidates += [r for r in ev.sourced(base, rec.period) if r.vintage == rec.vintage]
        for old in candidates:
            for new in ev.later_records(old):
                if not old.interval.overlaps(new.interval):
                    return old, new
        return None

    def implied_base(self, claim: Claim, failed: Outcome) -> list[Reason]:
        """The base the publisher's rate implies, beside the base levels on record."""
        if len(failed.check_operands) != 2:
            return []
        current, base = failed.check_operands
        cur = self._interval_of(current)
        if cur is None:
            return []
        implied = iv.back_cast(cur, claim.interval)
        bases = self._base_records(base)
        if not bases:
            return []
        outside = [r for r in bases if not r[1].overlaps(implied)]
        shown = "; ".join(f"{label} ({iv_text})" for label, _, iv_text in bases)
        if len(outside) == len(bases):
            verdict = (
                "none of which lies in that range: the rate was computed on a revised base "
                "that is not on record"
            )
        else:
            verdict = "some of which lie in that range"
        return [
            Reason(
                "implied_base",
                f"The printed rate {R.printed(claim)} on {self._plain(current)} implies a base "
                f"of {R.interval_text(implied)}; the base on record is {shown}, {verdict}.",
                interval=R.interval_text(implied),
            )
        ]

    def _interval_of(self, op: Operand) -> iv.Interval | None:
        if isinstance(op, ClaimRef):
            return self.claims[op.claim_id].interval
        rec = self.evidence.pick(op.series_id, op.period, op.vintage)
        return rec.interval if rec else None

    def _plain(self, op: Operand) -> str:
        if isinstance(op, ClaimRef):
            c = self.claims[op.claim_id]
            return f"the printed {c.value} {c.unit}"
        rec = self.evidence.pick(op.series_id, op.period, op.vintage)
        return f"{rec.label} {rec.unit} for {rec.period}" if rec else str(op)

    def _base_records(self, op: Operand) -> list[tuple[str, iv.Interval, str]]:
        """(label, interval, range text) of every release of the base operand's quantity."""
        if isinstance(op, ClaimRef):
            c = self.claims[op.claim_id]
            first = c.checks[0] if c.checks else None
            if first is None or first.op != "series":
                return [(f"the printed {c.value}", c.interval, R.interval_text(c.interval))]
            op = first.operands[0]
        assert isinstance(op, SeriesRef)
        return [
            (
                f"{r.label} released {r.vintage}",
                r.interval,
                R.interval_text(r.interval),
            )
            for r in self.evidence.sourced(op.series_id, op.period)
        ]

    def neighbours(self, claim: Claim, o: Outcome) -> list[Reason]:
        """Sourced values of the claim's series at other dates (and those their growth rates
        imply a year earlier), and whether they bracket the printed number."""
        if not o.check_operands or not isinstance(o.check_operands[0], SeriesRef):
            return []
        op = o.check_operands[0]
        ev = self.evidence
        # (month, implied?, period, interval, text, cited input); the latest release per period
        points: list[tuple[tuple[int, int], int, str, iv.Interval, str, dict[str, str]]] = []
        periods = sorted({r.period for r in ev.series_records(op.series_id)} - {op.period})
        for period in periods:
            r = ev.pick(op.series_id, period)
            assert r is not None
            src = ev.publisher(r.source_id)
            points.append(
                (
                    _month(r.period),
                    0,
                    r.period,
                    r.interval,
                    f"{r.label} for {r.period} ({src}, released {r.vintage})",
                    {"ref": f"{r.series_id}@{r.period}", "value": r.label, "released": r.vintage},
                )
            )
            g = ev.pick(f"{op.series_id}_growth", r.period)
            if g is not None and r.unit == claim.unit:
                before = _year_earlier(r.period)
                implied = iv.back_cast(r.interval, g.interval)
                points.append(
                    (
                        _month(before),
                        1,
                        before,
                        implied,
                        f"{R.interval_text(implied)} for {before}, implied by {r.label} and its "
                        f"growth of {g.label}% (released {g.vintage})",
                        {
                            "ref": f"{g.series_id}@{g.period}",
                            "value": g.label,
                            "released": g.vintage,
                        },
                    )
                )
        if not points:
            return [
                Reason(
                    "neighbours",
                    f"No other date of {op.series_id} is on record either.",
                )
            ]
        points.sort(key=lambda p: (p[0], p[1], p[2]))
        text = "Sourced values of the same series at other dates: " + "; ".join(
            p[4] for p in points
        )
        reasons = [Reason("neighbours", text + ".", tuple(p[5] for p in points))]
        if not claim.is_numeric or not ev.is_point(op.series_id):
            return reasons
        here = _month(op.period)
        before = [p for p in points if p[0] < here]
        after = [p for p in points if p[0] > here]
        if before and after:
            # the nearest dates; at one date a sourced level wins over one a growth rate implies
            last, first = before[-1][0], after[0][0]
            b = min((p for p in before if p[0] == last), key=lambda p: p[1])
            a = min((p for p in after if p[0] == first), key=lambda p: p[1])
            b_, a_ = (b[2], b[3]), (a[2], a[3])
            span = iv.Interval(min(b_[1].low, a_[1].low), max(b_[1].high, a_[1].high))
            inside = claim.interval.overlaps(span)
            reasons.append(
                Reason(
                    "bracket",
                    f"The printed {R.printed(claim)} for {op.period} lies "
                    + ("between" if inside else "outside")
                    + f" the nearest values before ({b_[0]}: {R.interval_text(b_[1])}) and after "
                    f"({a_[0]}: {R.interval_text(a_[1])})"
                    + (
                        ", so the sourced path does not contradict it, but no source gives it."
                        if inside
                        else ", so the sourced path does not support it."
                    ),
                    interval=R.interval_text(span),
                )
            )
        return reasons

    # classification ---------------------------------------------------------------------
    def classify(self, claim: Claim) -> Result:
        """Evaluate every recipe of ``claim`` and class it by the first rule that decides."""
        if claim.claim_id in self._results:
            return self._results[claim.claim_id]
        self._busy.add(claim.claim_id)
        try:
            outcomes = [self.evaluate(claim, c) for c in claim.checks]
            assumed = [self.evaluate(claim, c) for c in claim.assumption_checks]
            case = R.Case(claim, outcomes, assumed, self)
            decision = R.decide(case)
            # every recipe that tests little or could not run is said so, whatever the rule
            decision.reasons += [r for r in R.weak_and_missing(case) if r not in decision.reasons]
        finally:
            self._busy.discard(claim.claim_id)
        ref = decision.reference
        recomputed = ref.value if ref is not None else None
        interval = ref.interval if ref is not None else None
        difference = relative = None
        side = ref.comparison.side if ref is not None and ref.comparison and ref.failed else ""
        if claim.is_numeric and isinstance(recomputed, float) and not math.isnan(recomputed):
            difference = float(claim.value) - recomputed
            relative = 100 * difference / recomputed if recomputed else None
        elif claim.is_date and isinstance(recomputed, str) and recomputed:
            difference = float(
                (date.fromisoformat(claim.value) - date.fromisoformat(recomputed)).days
            )
        explanation = " ".join(_sentence(r.text) for r in decision.reasons if r.text)
        result = Result(
            claim,
            decision.klass,
            outcomes,
            assumed,
            recomputed,
            interval,
            difference,
            relative,
            side,
            explanation,
            self._sources(outcomes + assumed),
            decision.rule,
            decision.reasons,
        )
        self._results[claim.claim_id] = result
        return result

    def _sources(self, outcomes: list[Outcome]) -> list[str]:
        seen: list[str] = []

        def add(sid: str) -> None:
            if sid and sid not in seen:
                seen.append(sid)

        for o in outcomes:
            for r in o.inputs:
                for sid in (r.source_id, *r.also_in):
                    add(sid)
            if o.recipe.startswith("event:"):
                eid = o.recipe.split(":", 1)[1]
                add(self.evidence.events.get(eid, {}).get("source_id", ""))
            for ln in o.vintages:
                for op, vintage in ln.vintages:
                    sid_period = op.split("#")[0]
                    if "@" in sid_period:
                        series_id, period = sid_period.split("@")
                        for r in self.evidence.sourced(series_id, period):
                            if r.vintage == vintage:
                                for sid in (r.source_id, *r.also_in):
                                    add(sid)
        return seen

    def run(self) -> list[Result]:
        """Class every claim, in register order."""
        return [self.classify(self.claims[cid]) for cid in self.order]


def _sentence(text: str) -> str:
    """Capitalised, ending with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


__all__ = ["CLASSES", "Auditor", "Outcome", "Result", "VintageLine"]
