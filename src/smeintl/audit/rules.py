"""The audit's rules: each decision about a claim's class, written once, in a fixed order.

A rule looks at one claim with its evaluated recipes (:class:`Case`) and either passes or
decides: a class, the outcome the class rests on, and the structured reasons (plain sentences
with the inputs, their release dates and intervals) that the explanation is generated from.
The first rule that decides classes the claim; every audited row names it. The chapter lists
each rule with the first paragraph of its docstring.

The policies these rules apply uniformly are stated once, in :data:`POLICIES` (the chapter
prints them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smeintl.audit import intervals as iv
from smeintl.audit.register import BINARY_OPS, COMPARE_OPS, Claim, ClaimRef, SeriesRef

if TYPE_CHECKING:
    from smeintl.audit.classify import Auditor, Outcome
    from smeintl.audit.evidence import Record

POLICIES: tuple[tuple[str, str], ...] = (
    (
        "Publisher's rate on a revised base",
        "A growth rate the publisher printed is reproduced against the publisher's own figure, "
        "with a note that the levels on record give another rate and with the base the rate "
        "implies; it is never left to each claim.",
    ),
    (
        "Superseded release",
        "A number that matches an earlier release of its quantity but not the latest, or that "
        "comes from the release whose level was later revised, holds under the assumption that "
        "the paper reports the (preliminary) release it cites.",
    ),
    (
        "Derived in the paper",
        "A number the paper says it derived is classed by its derivation from sourced inputs "
        "and is no better than the printed numbers it is derived from; the publisher's own "
        "releases of the quantity are set beside it.",
    ),
    (
        "Checks that test little",
        'A recomputation whose input is only a bound ("more than 35"), or whose range over '
        "the inputs' rounding is wider than ten units of the printed last digit, is run and "
        "reported but never decides a class.",
    ),
    (
        "Qualified numbers",
        '"About" is read at the printed precision; "more than", "at least", "nearly" '
        "must be implied by the evidence.",
    ),
)

REPRODUCED = "reproduced"
HOLDS = "holds under assumption"
DISCREPANCY = "discrepancy"
UNSOURCED = "unsourced"
SEVERITY = {REPRODUCED: 0, HOLDS: 1, UNSOURCED: 2, DISCREPANCY: 3}
IS = {
    REPRODUCED: "is reproduced",
    HOLDS: "holds only under an assumption",
    UNSOURCED: "is unsourced",
    DISCREPANCY: "is a discrepancy",
}


@dataclass(frozen=True)
class Reason:
    """One structured reason: what it is (``kind``), its sentence, and the data it cites.

    ``inputs`` are ``{"ref", "value", "unit", "released", "source_id", "publisher"}``
    dictionaries; ``interval`` the range an inference rests on, when there is one.
    """

    kind: str
    text: str
    inputs: tuple[dict[str, str], ...] = ()
    interval: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "inputs": list(self.inputs),
            "interval": self.interval,
        }


@dataclass
class Decision:
    """A rule's verdict: the class, the rule, the outcome it rests on, and why."""

    klass: str
    rule: str
    reference: Outcome | None
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Case:
    """A claim with its evaluated recipes, as the rules see it."""

    claim: Claim
    outcomes: list[Outcome]
    assumed: list[Outcome]
    auditor: Auditor

    @property
    def primary(self) -> Outcome:
        return self.outcomes[0]

    @property
    def deciding(self) -> list[Outcome]:
        """Recipes that may decide the class: all but those that test little."""
        return [o for o in self.outcomes if not o.weak]

    @property
    def failing(self) -> list[Outcome]:
        return [o for o in self.deciding if o.failed]

    @property
    def assumption_ok(self) -> bool:
        return bool(self.assumed) and all(o.ok for o in self.assumed)


@dataclass(frozen=True)
class Rule:
    """A named decision: ``decide`` returns a :class:`Decision`, or None when it does not apply."""

    name: str
    title: str
    classes: tuple[str, ...]
    decide: Callable[[Case], Decision | None]

    @property
    def summary(self) -> str:
        """The first paragraph of the rule function's docstring (the chapter's entry)."""
        doc = (self.decide.__doc__ or "").strip()
        return " ".join(doc.split("\n\n", 1)[0].split())


RULES: list[Rule] = []


def rule(name: str, title: str, *classes: str) -> Callable:
    """Register a rule function under ``name`` (order of definition = order of application)."""

    def wrap(function: Callable[[Case], Decision | None]) -> Callable[[Case], Decision | None]:
        RULES.append(Rule(name, title, classes, function))
        return function

    return wrap


def rule_by_name(name: str) -> Rule:
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(name)


# sentences -------------------------------------------------------------------------------
def fmt(x: object) -> str:
    """A number as a reader reads it (no exponent; up to 6 significant digits)."""
    if isinstance(x, str):
        return x
    value = float(x)  # type: ignore[arg-type]
    text = f"{value:.6g}"
    if "e" in text:
        text = f"{value:,.0f}"
    return text


def interval_text(i: iv.Interval | None, digits: int = 6) -> str:
    """``43.78–43.83`` for a bounded interval, ``above 35`` / ``below 7`` for a half-line.

    Shown with ``digits`` significant digits, more when needed to tell the ends apart.
    """
    if i is None:
        return ""
    if i.low == i.high:
        return fmt(i.low)
    if not i.bounded:
        if iv.math.isinf(i.high):
            return f"above {fmt(i.low)}"
        return f"below {fmt(i.high)}"
    for n in range(digits, 12):
        low, high = f"{float(i.low):.{n}g}", f"{float(i.high):.{n}g}"
        if low != high:
            return f"{low}–{high}"
    return f"{float(i.low):.12g}–{float(i.high):.12g}"


def readable(text: str) -> str:
    """A number as printed, with thousands separators for large whole numbers: 60,000,000."""
    prefix, _, number = str(text).rpartition(" ")
    if re.fullmatch(r"\d{5,}", number):
        number = f"{int(number):,}"
    return f"{prefix} {number}" if prefix else number


def printed(claim: Claim) -> str:
    """The printed number with its qualifier and unit: ``about 2.5 USD trillion``."""
    q = {
        "about": "about ",
        "more_than": "more than ",
        "at_least": "at least ",
        "nearly": "nearly ",
        "less_than": "less than ",
    }.get(claim.qualifier, "")
    unit = "" if claim.unit in ("date", "year", "comparison") else f" {claim.unit}"
    return f"{q}{readable(claim.value)}{unit}"


def cite(case: Case, rec: Record) -> dict[str, str]:
    """The structured input for a record: reference, value, release, source and publisher."""
    src = case.auditor.evidence.sources.get(rec.source_id, {})
    return {
        "ref": f"{rec.series_id}@{rec.period}",
        "value": readable(rec.label),
        "unit": rec.unit,
        "released": rec.vintage,
        "source_id": rec.source_id,
        "publisher": src.get("publisher", "") or rec.source_id,
    }


def says(case: Case, rec: Record) -> str:
    """``GAC via Global Times gives 1.69 RMB trillion for 2020 (released 2021-01-14)``."""
    c = cite(case, rec)
    return (
        f"{c['publisher']} gives {c['value']} {c['unit']} for {rec.period} "
        f"(released {c['released']})"
    )


def _records(case: Case, outcomes: list[Outcome]) -> list[Record]:
    return [r for o in outcomes for r in o.inputs]


def _source_line(case: Case, o: Outcome) -> Reason:
    """What the sources say for one recipe, as a sentence."""
    if o.recipe.startswith("series:") and o.inputs:
        rec = o.inputs[0]
        return Reason(
            "source", says(case, rec) + ".", (cite(case, rec),), interval_text(o.interval)
        )
    return Reason(
        "recomputed",
        o.sentence or o.detail,
        tuple(cite(case, r) for r in o.inputs),
        interval_text(o.interval),
    )


def _found(case: Case, o: Outcome, kind: str) -> Reason:
    """A recipe's finding as a reason of ``kind``, citing its sourced inputs and range."""
    return Reason(
        kind,
        o.sentence or o.detail,
        tuple(cite(case, r) for r in o.inputs),
        interval_text(o.interval),
    )


def weak_and_missing(case: Case) -> list[Reason]:
    """Recipes that test little, and recipes that could not run for lack of data."""
    out = []
    for o in case.outcomes:
        if o.weak:
            out.append(Reason("tests_little", f"The check {o.recipe} tests little: {o.weak}."))
        elif o.missing and o is not case.primary:
            out.append(Reason("not_run", f"The check {o.recipe} could not run: {o.detail}."))
    return out


def _register_note(case: Case) -> list[Reason]:
    note = case.claim.note.strip()
    return [Reason("register_note", f"Register note: {note.rstrip('.')}.")] if note else []


def _is_derivation(o: Outcome) -> bool:
    return o.recipe.split(":", 1)[0] in BINARY_OPS


def _official(case: Case, rec: Record) -> bool:
    ev = case.auditor.evidence
    return any(
        ev.sources.get(s, {}).get("kind", "") == "official" for s in (rec.source_id, *rec.also_in)
    )


# the rules, in the order they are applied -------------------------------------------------
@rule("comparison", "Comparison", REPRODUCED, DISCREPANCY, UNSOURCED)
def comparison(case: Case) -> Decision | None:
    """A printed comparison ("a new record high", "slower", "better than") holds when the
    sourced values, over their whole rounding intervals, imply it.

    It is a discrepancy when they contradict it, unsourced when a value it compares is missing.
    Qualitative words ("much better") are not tested.
    """
    if not case.claim.is_comparison:
        return None
    reasons = [_found(case, o, "compared") for o in case.outcomes if not o.missing]
    reasons += weak_and_missing(case) + _register_note(case)
    if case.failing:
        return Decision(DISCREPANCY, "comparison", case.failing[0], reasons)
    if case.primary.missing:
        return Decision(UNSOURCED, "comparison", case.primary, reasons)
    return Decision(REPRODUCED, "comparison", case.primary, reasons)


@rule(
    "value_derived_in_paper",
    "Value derived in the paper",
    REPRODUCED,
    HOLDS,
    DISCREPANCY,
    UNSOURCED,
)
def value_derived_in_paper(case: Case) -> Decision | None:
    """A number the paper derives is classed by its derivation from sourced inputs, and is no
    better than the printed numbers it is derived from; the publisher's own releases of the same
    quantity are set beside it, never used to class it.

    Where the paper does not say it derived a number, and the publisher's figure fails while the
    derivation the register states reproduces it, the claim holds under that assumption.
    """
    claim = case.claim
    if claim.kind == "derived":
        derivations = [o for o in case.deciding if _is_derivation(o)]
        if derivations:
            return _stated_derivation(case, derivations)
    return _unstated_derivation(case)


def _stated_derivation(case: Case, derivations: list[Outcome]) -> Decision:
    """A derivation the paper states: classed by it, and no better than its printed inputs."""
    reasons = [_found(case, o, "derivation") for o in derivations if not o.missing]
    reasons += _beside(case, derivations)
    reasons += weak_and_missing(case) + _register_note(case)
    failed = [o for o in derivations if o.failed]
    if failed:
        return Decision(DISCREPANCY, "value_derived_in_paper", failed[0], reasons)
    ran = [o for o in derivations if o.ok]
    if not ran:
        return Decision(UNSOURCED, "value_derived_in_paper", derivations[0], reasons)
    worst, why = REPRODUCED, []
    for o in ran:
        for op in o.claim_operands:
            klass = case.auditor.class_of(op)
            if SEVERITY[klass] > SEVERITY[worst]:
                worst = klass
            if klass != REPRODUCED:
                value = case.auditor.claims[op].value
                why.append(f"the printed {value} ({op}) {IS[klass]}")
    if why:
        reasons.append(
            Reason(
                "inherited",
                "The derivation is only as good as the printed numbers it uses: "
                + "; ".join(sorted(set(why)))
                + ".",
            )
        )
    return Decision(worst, "value_derived_in_paper", ran[0], reasons)


def _unstated_derivation(case: Case) -> Decision | None:
    """The publisher's figure fails or is missing; the register's derivation reproduces it."""
    claim = case.claim
    primary = case.primary
    if (primary.failed or primary.missing) and case.assumption_ok:
        if all(_is_derivation(o) for o in case.assumed):
            reasons = [_source_line(case, primary)] if primary.inputs else []
            reasons.append(
                Reason(
                    "assumption",
                    f"The paper does not say so, but the printed {printed(claim)} is what this "
                    f"derivation gives: {claim.assumption.rstrip('.')}.",
                )
            )
            reasons += [_found(case, o, "derivation") for o in case.assumed]
            reasons += weak_and_missing(case) + _register_note(case)
            return Decision(HOLDS, "value_derived_in_paper", primary, reasons)
    return None


def _beside(case: Case, derivations: list[Outcome]) -> list[Reason]:
    """The derived number set beside every release of the quantity (the claim's series recipe)."""
    series = [o for o in case.outcomes if o.recipe.startswith("series:")]
    value = next((o.value for o in derivations if isinstance(o.value, float)), None)
    if not series or value is None:
        return []
    op = series[0].check_operands[0]
    assert isinstance(op, SeriesRef)
    ev = case.auditor.evidence
    recs = ev.sourced(op.series_id, op.period)
    if not recs:
        return [
            Reason(
                "beside",
                f"No source gives {op.series_id} for {op.period} itself, so the derived "
                f"{fmt(value)} cannot be set beside a published figure.",
            )
        ]
    parts = []
    for r in recs:
        diff = value - float(r.value)
        parts.append(
            f"{says(case, r)}, {100 * diff / float(r.value):+.1f}% from the derived {fmt(value)}"
        )
    return [
        Reason(
            "beside",
            "Beside it, every release of the same quantity: " + "; ".join(parts) + ".",
            tuple(cite(case, r) for r in recs),
        )
    ]


@rule("date_in_force", "Date in force", REPRODUCED)
def date_in_force(case: Case) -> Decision | None:
    """A printed date is reproduced when it is the date the act in force sets for the event."""
    if case.claim.kind != "date" or not case.primary.ok:
        return None
    return Decision(
        REPRODUCED,
        "date_in_force",
        case.primary,
        [Reason("source", case.primary.sentence or case.primary.detail)] + _register_note(case),
    )


@rule("date_moved_by_later_act", "Date moved by a later act", DISCREPANCY)
def date_moved_by_later_act(case: Case) -> Decision | None:
    """A printed date that an earlier act set, and a later act has since moved, is a
    discrepancy: the paper gives the superseded date."""
    o = case.primary
    if case.claim.kind != "date" or not o.failed or not o.superseded_event:
        return None
    return Decision(
        DISCREPANCY,
        "date_moved_by_later_act",
        o,
        [Reason("moved", o.sentence)] + _register_note(case),
    )


@rule("value_of_another_date", "Value of another date", HOLDS)
def value_of_another_date(case: Case) -> Decision | None:
    """No source gives the number for the date the paper gives, but a source gives it for a
    nearby date: it holds under the assumption, stated in the register, that it also held at the
    date printed (a later figure still holding, or an earlier one already)."""
    primary = case.primary
    if not primary.missing or not case.assumption_ok:
        return None
    if not all(o.recipe.startswith("series:") for o in case.assumed):
        return None
    want = primary.check_operands[0] if primary.check_operands else None
    reasons = []
    for o in case.assumed:
        rec = o.inputs[0]
        if isinstance(want, SeriesRef) and rec.series_id != want.series_id:
            return None
        reasons.append(Reason("source", says(case, rec) + ".", (cite(case, rec),)))
    when = want.period if isinstance(want, SeriesRef) else "the date printed"
    side = "another"
    if isinstance(want, SeriesRef) and case.assumed:
        side = "an earlier" if case.assumed[0].inputs[0].period < want.period else "a later"
    reasons.insert(
        0,
        Reason(
            "missing",
            f"No source other than the paper gives a figure for {when}; the printed "
            f"{printed(case.claim)} is the figure of {side} date.",
        ),
    )
    reasons.append(Reason("assumption", f"It holds if: {case.claim.assumption.rstrip('.')}."))
    return Decision(HOLDS, "value_of_another_date", case.assumed[0], reasons + _register_note(case))


@rule("no_source", "No source but the paper", UNSOURCED)
def no_source(case: Case) -> Decision | None:
    """The number is unsourced when no record of it exists other than the paper's own: the
    records of the same series for other dates are listed, and whether they bracket it."""
    if not case.primary.missing:
        return None
    o = case.primary
    reasons = [Reason("missing", o.sentence or o.detail)]
    reasons += case.auditor.neighbours(case.claim, o)
    return Decision(UNSOURCED, "no_source", o, reasons + _register_note(case))


@rule("superseded_vintage", "Superseded preliminary vintage", HOLDS)
def superseded_vintage(case: Case) -> Decision | None:
    """The printed number matches an earlier release of its quantity but not the latest, or
    comes from a release whose level the publisher later revised: it holds under the assumption
    that the paper reports the (preliminary) release it cites, since superseded."""
    claim = case.claim
    primary = case.primary
    if primary.failed:
        earlier = [ln for ln in primary.vintages if ln.consistent]
        if not earlier or not primary.inputs:
            return None
        latest = primary.inputs[0]
        first = [r for r in primary.all_inputs if r.vintage == earlier[0].vintages[0][1]]
        reasons = []
        if first:
            reasons.append(
                Reason(
                    "earlier_release",
                    f"The printed {printed(claim)} is the earlier release: {says(case, first[0])}.",
                    (cite(case, first[0]),),
                )
            )
        reasons += [_later(case, latest), _holds_if_release(case)]
        reasons += weak_and_missing(case) + _register_note(case)
        return Decision(HOLDS, "superseded_vintage", primary, reasons)
    if primary.ok and primary.inputs:
        rec = primary.inputs[0]
        revised = case.auditor.revised_companion(rec)
        if revised is None:
            return None
        old, new = revised
        reasons = [
            Reason("source", says(case, rec) + ".", (cite(case, rec),)),
            Reason(
                "same_release",
                f"It comes from the same release ({rec.vintage}) as the level {old.label} "
                f"{old.unit} for {old.period}, which was later revised.",
                (cite(case, old),),
            ),
            _later(case, new),
        ]
        if not case.auditor.evidence.later_records(rec):
            reasons.append(
                Reason(
                    "no_later_rate",
                    f"No later release of {rec.series_id} for {rec.period} is on record, so the "
                    "rate on the revised level is not known.",
                )
            )
        reasons.append(_holds_if_release(case))
        reasons += weak_and_missing(case) + _register_note(case)
        return Decision(HOLDS, "superseded_vintage", primary, reasons)
    return None


def _holds_if_release(case: Case) -> Reason:
    """The assumption a superseded release rests on: the register's words, or the rule's."""
    stated = case.claim.assumption.strip().rstrip(".")
    text = stated or "the paper reports the release it cites, since superseded"
    return Reason("assumption", f"It holds if: {text}.")


def _later(case: Case, rec: Record) -> Reason:
    """The later release, saying whether the publisher's own release of it was found."""
    text = f"The later figure: {says(case, rec)}"
    if not _official(case, rec):
        text += (
            "; it is known only from secondary reports, the publisher's own release of it was "
            "not found"
        )
    return Reason("later_release", text + ".", (cite(case, rec),))


@rule("publisher_rate_on_revised_base", "Publisher's rate on a revised base", REPRODUCED)
def publisher_rate_on_revised_base(case: Case) -> Decision | None:
    """A growth rate the publisher printed is reproduced against the publisher's figure, even
    when the levels on record give another rate: the publisher computed it on a revised base. The
    base the rate implies, and the levels on record, are stated beside it."""
    claim = case.claim
    if claim.kind not in ("growth", "cumulative_growth") or not case.primary.ok:
        return None
    if not case.primary.recipe.startswith("series:"):
        return None
    failed = [o for o in case.failing if o.recipe.startswith("growth:")]
    if not failed:
        return None
    reasons = [_source_line(case, case.primary)]
    for o in failed:
        reasons.append(_found(case, o, "recomputed"))
    reasons += case.auditor.implied_base(claim, failed[0])
    reasons += weak_and_missing(case) + _register_note(case)
    return Decision(REPRODUCED, "publisher_rate_on_revised_base", case.primary, reasons)


@rule("stated_assumption", "Stated assumption", HOLDS)
def stated_assumption(case: Case) -> Decision | None:
    """A claim that fails its check but satisfies every recipe of the assumption stated in the
    register in advance holds under that assumption."""
    if not (case.failing or case.primary.missing) or not case.assumption_ok:
        return None
    reasons = [_source_line(case, o) for o in case.outcomes if not o.missing]
    reasons.append(Reason("assumption", f"It holds if: {case.claim.assumption.rstrip('.')}."))
    reasons += [_found(case, o, "under_assumption") for o in case.assumed]
    return Decision(HOLDS, "stated_assumption", case.primary, reasons + _register_note(case))


@rule("differs_from_source", "Differs from the source", DISCREPANCY)
def differs_from_source(case: Case) -> Decision | None:
    """The printed number, over its rounding interval, disagrees with the source (or with the
    recomputation from sourced levels): a discrepancy, with its size and the likely reason."""
    if not case.failing:
        return None
    o = case.failing[0]
    reasons = [_source_line(case, x) for x in case.outcomes if x.ok or x is o]
    reasons += [Reason("likely_reason", r) for r in o.reasons]
    reasons += weak_and_missing(case) + _register_note(case)
    return Decision(DISCREPANCY, "differs_from_source", o, reasons)


@rule("qualified_value", "Qualified value", REPRODUCED)
def qualified_value(case: Case) -> Decision | None:
    """A qualified number is reproduced when the evidence bears it out: "more than", "at least",
    "nearly" must be implied by the source; "about" is read at its printed precision. When the
    source itself gives only a bound, the check tests little, and the explanation says so."""
    claim = case.claim
    primary = case.primary
    rec = primary.inputs[0] if primary.inputs and primary.recipe.startswith("series:") else None
    source_bound = rec is not None and iv.is_bound(rec.qualifier)
    if not (claim.qualifier or source_bound) or not primary.ok:
        return None
    reasons = [_source_line(case, primary)]
    if claim.is_bound:
        reasons.append(
            Reason(
                "bound",
                f"The paper's '{printed(claim)}' is a bound; the source's range "
                f"({interval_text(primary.interval)}) lies within it.",
            )
        )
    elif claim.qualifier == "about":
        reasons.append(
            Reason(
                "about",
                f"'About' is read at the printed precision ({interval_text(claim.interval)}).",
            )
        )
    if source_bound and rec is not None and not claim.is_bound:
        reasons.append(
            Reason(
                "tests_little",
                f"The source gives only '{readable(rec.label)}', so the check tests little: "
                f"any printed value {interval_text(rec.interval)} would pass.",
            )
        )
    reasons += [_source_line(case, o) for o in case.outcomes[1:] if o.ok and not o.weak]
    reasons += weak_and_missing(case) + _register_note(case)
    return Decision(REPRODUCED, "qualified_value", primary, reasons)


@rule("secondary_source_only", "Secondary source only", REPRODUCED)
def secondary_source_only(case: Case) -> Decision | None:
    """The number matches the publisher's figure as reported by others (news, aggregators): the
    publisher's own release was not found. Reproduced against the report, and labelled so."""
    primary = case.primary
    if not primary.ok or not primary.inputs or case.failing:
        return None
    if any(_official(case, r) for r in primary.inputs):
        return None
    reasons = [_source_line(case, o) for o in case.outcomes if o.ok and not o.weak]
    reasons += [*_notes(case), *weak_and_missing(case), *_register_note(case)]
    return Decision(REPRODUCED, "secondary_source_only", primary, reasons)


@rule("publisher_figure", "Publisher's figure", REPRODUCED)
def publisher_figure(case: Case) -> Decision | None:
    """Every recipe that can decide agrees with the printed number over its whole rounding
    interval: the publisher's figure, and any recomputation from the levels."""
    if case.failing or case.primary.missing:
        return None
    reasons = [_source_line(case, o) for o in case.outcomes if o.ok and not o.weak]
    reasons += [*_notes(case), *weak_and_missing(case), *_register_note(case)]
    return Decision(REPRODUCED, "publisher_figure", case.primary, reasons)


def _notes(case: Case) -> list[Reason]:
    return [Reason("precision", n[0].upper() + n[1:] + ".") for o in case.outcomes for n in o.notes]


def decide(case: Case) -> Decision:
    """The first rule that decides (every claim is decided: the last rules cover every case)."""
    for r in RULES:
        decision = r.decide(case)
        if decision is not None:
            return decision
    raise AssertionError(f"no rule decided {case.claim.claim_id}")  # pragma: no cover


__all__ = [
    "COMPARE_OPS",
    "DISCREPANCY",
    "HOLDS",
    "REPRODUCED",
    "RULES",
    "UNSOURCED",
    "Case",
    "ClaimRef",
    "Decision",
    "Reason",
    "Rule",
    "decide",
    "rule_by_name",
]
