"""Recompute every claim from sourced evidence and class it.

Classes
-------
``reproduced``
    Every recipe of the claim's ``check`` is consistent with the evidence: the publisher's
    printed figure (latest release, sources other than the paper) and any recomputation from
    levels agree with the printed number over its whole precision interval.
``holds under assumption``
    Some recipe fails (or the first finds no source), but every recipe of ``assumption_check``
    is consistent; the assumption was stated in the register in advance.
``discrepancy``
    A recipe fails and no stated assumption rescues it. The size of the difference
    (printed − recomputed, and the gap between the intervals) and the side that fails are
    reported, with the likely reason when the records show it: a revision (an earlier vintage
    matches), rounding (intervals touch, or the paper prints more digits than the source), a
    definition note on the record, or a superseded rule date.
``unsourced``
    The first recipe finds no record, or only records whose source is the paper itself.

Recipes other than the first that find no data are skipped (and said so); they never make a
claim fail.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date

from smeintl import derive
from smeintl.audit import intervals as iv
from smeintl.audit.evidence import Evidence, Record
from smeintl.audit.register import Check, Claim, ClaimRef, SeriesRef
from smeintl.derive import Derived, Input

REPRODUCED = "reproduced"
HOLDS = "holds under assumption"
DISCREPANCY = "discrepancy"
UNSOURCED = "unsourced"
CLASSES: tuple[str, ...] = (REPRODUCED, HOLDS, DISCREPANCY, UNSOURCED)

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
    """One recipe evaluated against the evidence."""

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

    @property
    def ok(self) -> bool:
        return self.status == CONSISTENT

    @property
    def failed(self) -> bool:
        return self.status == INCONSISTENT

    @property
    def missing(self) -> bool:
        return self.status in (NO_DATA, PAPER_ONLY)


@dataclass
class Result:
    """A claim with its class, recomputed value and explanation."""

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

    @property
    def reason(self) -> str:
        """One short phrase: why the claim is not reproduced (empty when it is)."""
        if self.klass == REPRODUCED:
            return ""
        if self.klass == HOLDS:
            return f"holds if: {self.claim.assumption}"
        if self.klass == UNSOURCED:
            return self.outcomes[0].detail
        for o in self.outcomes:
            if o.failed:
                return o.reasons[0] if o.reasons else o.detail
        return ""

    def row(self, evidence: Evidence) -> dict[str, object]:
        """A flat record for the CSV/DataFrame (numbers as floats, text otherwise)."""
        c = self.claim
        return {
            "claim_id": c.claim_id,
            "location": c.location,
            "printed_text": c.printed_text,
            "printed_value": c.value,
            "unit": c.unit,
            "qualifier": c.qualifier,
            "kind": c.kind,
            "printed_interval": "" if c.kind in ("date",) else c.interval.format(),
            "class": self.klass,
            "recomputed_value": _show(self.recomputed),
            "recomputed_interval": self.interval.format() if self.interval else "",
            "difference": "" if self.difference is None else _round(self.difference),
            "relative_difference_pct": "" if self.relative is None else _round(self.relative),
            "side": self.side,
            "explanation": self.explanation,
            "reason": self.reason,
            "assumption": c.assumption,
            "checks": " ; ".join(f"{o.recipe} → {o.status}" for o in self.outcomes),
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


# evaluation ------------------------------------------------------------------------------
class Auditor:
    """Evaluates recipes for claims of one register against one body of evidence."""

    def __init__(self, claims: list[Claim], evidence: Evidence):
        self.claims = {c.claim_id: c for c in claims}
        self.order = [c.claim_id for c in claims]
        self.evidence = evidence

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

    # recipes ----------------------------------------------------------------------------
    def evaluate(self, claim: Claim, check: Check) -> Outcome:
        """Evaluate one recipe for ``claim``."""
        if check.op == "event":
            return self._event(claim, check)
        if check.op in ("released", "period"):
            return self._years(claim, check)
        return self._numeric(claim, check)

    def _numeric(self, claim: Claim, check: Check) -> Outcome:
        statuses, option_lists = [], []
        for op in check.operands:
            status, options = self._operand_options(op)
            statuses.append((op, status))
            option_lists.append(options)
        for op, status in statuses:
            if status != CONSISTENT:
                if status == NO_DATA:
                    return Outcome(check.text, status, detail=f"no sourced record of {op}")
                assert isinstance(op, SeriesRef)
                paper = self.evidence.all_records(op.series_id, op.period)[-1]
                note = f" (record note: {paper.note})" if paper.note else ""
                return Outcome(
                    check.text,
                    status,
                    detail=f"only the paper itself ({paper.source_id}) reports "
                    f"{op} = {paper.label}{note}",
                )
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
        )
        out.detail = self._describe_numeric(claim, check, out, combo_labels=option_lists)
        if out.failed:
            out.reasons = self._reasons_numeric(claim, check, out)
        else:
            out.notes = self._precision_notes(claim, out)
        return out

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

    def _reasons_numeric(self, claim: Claim, check: Check, out: Outcome) -> list[str]:
        reasons: list[str] = []
        ok_lines = [ln for ln in out.vintages if ln.consistent]
        if ok_lines:
            used = "; ".join(
                ", ".join(f"{op} released {v}" for op, v in ln.vintages) for ln in ok_lines
            )
            reasons.append(
                f"revision: the printed number matches an earlier release ({used}) "
                "but not the latest"
            )
        assert out.interval is not None and out.comparison is not None
        if claim.interval.gap(out.interval) == 0 and claim.interval.bounded:
            reasons.append(
                "the printed and recomputed numbers differ by one unit of the last "
                "printed digit (their intervals touch without overlapping): rounding "
                "of differently rounded inputs, or a slip"
            )
        for rec in out.inputs:
            if claim.precision and rec.precision > iv.exact(claim.precision or "1"):
                reasons.append(
                    f"rounding: the paper prints {claim.value} at resolution "
                    f"{claim.precision}, the source {rec.value_text} at "
                    f"{_fmt(float(rec.precision))}"
                )
            if rec.note:
                reasons.append(
                    f"record note ({rec.series_id}@{rec.period}, released "
                    f"{rec.vintage}): {rec.note}"
                )
        return reasons

    def _event(self, claim: Claim, check: Check) -> Outcome:
        events = self.evidence.events
        event = events.get(check.target)
        if event is None:
            return Outcome(check.text, NO_DATA, detail=f"no event {check.target!r} in rules.csv")
        when = event.get("date", "")
        ok = when == claim.value
        days = (date.fromisoformat(claim.value) - date.fromisoformat(when)).days
        side = "" if ok else ("printed above" if days > 0 else "printed below")
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
        if not ok:
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
            if not same:
                out.reasons.append("no event in rules.csv carries the printed date")
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
        )

    # classification ---------------------------------------------------------------------
    def classify(self, claim: Claim) -> Result:
        """Evaluate every recipe of ``claim`` and class it (see the module docstring)."""
        outcomes = [self.evaluate(claim, c) for c in claim.checks]
        assumed = [self.evaluate(claim, c) for c in claim.assumption_checks]
        primary = outcomes[0]
        assumption_ok = bool(assumed) and all(o.ok for o in assumed)
        failing = [o for o in outcomes if o.failed]
        skipped = [o for o in outcomes[1:] if o.missing]
        if primary.missing:
            klass = HOLDS if assumption_ok else UNSOURCED
        elif not failing:
            klass = REPRODUCED
        elif assumption_ok:
            klass = HOLDS
        else:
            klass = DISCREPANCY

        reference = (
            failing[0]
            if failing
            else (primary if not primary.missing else (assumed[0] if assumed else primary))
        )
        recomputed, interval = reference.value, reference.interval
        difference = relative = None
        side = reference.comparison.side if reference.comparison and failing else ""
        if isinstance(recomputed, float) and not claim.is_date and not math.isnan(recomputed):
            difference = float(claim.value) - recomputed
            relative = 100 * difference / recomputed if recomputed else None
        elif claim.is_date and isinstance(recomputed, str) and recomputed:
            difference = float(
                (date.fromisoformat(claim.value) - date.fromisoformat(recomputed)).days
            )
        explanation = self._explain(claim, klass, outcomes, assumed, skipped)
        sources = self._sources(outcomes + assumed)
        return Result(
            claim,
            klass,
            outcomes,
            assumed,
            recomputed,
            interval,
            difference,
            relative,
            side,
            explanation,
            sources,
        )

    def _explain(
        self,
        claim: Claim,
        klass: str,
        outcomes: list[Outcome],
        assumed: list[Outcome],
        skipped: list[Outcome],
    ) -> str:
        parts: list[str] = []
        primary = outcomes[0]
        if klass == UNSOURCED:
            parts.append(primary.detail)
            if assumed:
                parts.append("under the stated assumption: " + "; ".join(o.detail for o in assumed))
        elif klass == REPRODUCED:
            for o in outcomes:
                if o.ok:
                    parts += [o.detail, *o.notes]
        else:
            for o in outcomes:
                if o.failed:
                    parts.append(o.detail)
                    parts += o.reasons
                    if len(o.vintages) > 1:
                        parts += [f"release {ln.describe()}" for ln in o.vintages]
                elif o.ok:
                    parts.append(o.detail)
                elif o is primary:
                    parts.append(primary.detail)
            if klass == HOLDS:
                parts.append(f"holds if: {claim.assumption}")
                parts += [f"under it: {o.detail}" for o in assumed]
            elif assumed:
                parts.append(
                    f"stated assumption ({claim.assumption}) does not rescue it: "
                    + "; ".join(o.detail for o in assumed)
                )
            if claim.kind == "derived":
                parts += self._derived_against_releases(outcomes, assumed)
            if claim.note:
                parts.append(f"register note: {claim.note}")
        for o in skipped:
            parts.append(f"not checked ({o.recipe}): {o.detail}")
        return " | ".join(p for p in parts if p)

    def _derived_against_releases(
        self, outcomes: list[Outcome], assumed: list[Outcome]
    ) -> list[str]:
        """A derived number set beside every release of the quantity it stands for.

        The quantity is the series of the claim's ``series:`` recipe; the derived number is the
        first derivation (back_cast, share, …) among the recipes and assumption recipes.
        """
        series = [o for o in outcomes if o.recipe.startswith("series:") and o.inputs]
        derived = [
            o
            for o in [*outcomes, *assumed]
            if not o.recipe.startswith(("series:", "event:", "released:", "period:"))
            and isinstance(o.value, float)
        ]
        if not series or not derived:
            return []
        value = derived[0].value
        assert isinstance(value, float)
        rec = series[0].inputs[0]
        lines = []
        for r in self.evidence.sourced(rec.series_id, rec.period):
            diff = value - float(r.value)
            lines.append(
                f"derived {value:.6g} ({derived[0].recipe}) vs {r.series_id}@{r.period} "
                f"released {r.vintage} ({r.source_id}): {r.label}, difference {diff:+.4g} "
                f"({100 * diff / float(r.value):+.1f}%)"
            )
        return lines

    def _sources(self, outcomes: list[Outcome]) -> list[str]:
        seen: list[str] = []
        for o in outcomes:
            for r in o.inputs:
                for sid in (r.source_id, *r.also_in):
                    if sid not in seen:
                        seen.append(sid)
            if o.recipe.startswith("event:"):
                eid = o.recipe.split(":", 1)[1]
                sid = self.evidence.events.get(eid, {}).get("source_id", "")
                if sid and sid not in seen:
                    seen.append(sid)
            for ln in o.vintages:
                for op, vintage in ln.vintages:
                    sid_period = op.split("#")[0]
                    if "@" in sid_period:
                        series_id, period = sid_period.split("@")
                        for r in self.evidence.sourced(series_id, period):
                            if r.vintage == vintage:
                                for sid in (r.source_id, *r.also_in):
                                    if sid not in seen:
                                        seen.append(sid)
        return seen

    def run(self) -> list[Result]:
        """Class every claim, in register order."""
        return [self.classify(self.claims[cid]) for cid in self.order]


def _fmt(x: float) -> str:
    return f"{x:.6g}"
