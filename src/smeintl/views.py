"""Everything the book prints, computed at one vintage: one path for the notebooks and the diff.

:func:`items` returns every table cell of Tables 1–8, every glued number of every chapter, every
derived value and every audit class at a vintage (``latest``, ``first`` or an ISO date), each as
a :class:`smeintl.diff.Item` with the series it reads, so that ``python -m smeintl diff`` can say
what changed and which releases changed it.
"""

from __future__ import annotations

from collections.abc import Callable

from smeintl.diff import SERIES_REF, Item
from smeintl.diff import number as _text


def derived_items(vintage: str) -> dict[str, Item]:
    """Every derived number of :mod:`smeintl.derivations` (value to 4 significant digits)."""
    from smeintl.derivations import compute_all

    out = {}
    for outcome in compute_all(vintage):
        definition = outcome.definition
        value = outcome.derived.value if outcome.derived else None
        key = f"derived:{definition.name}"
        out[key] = Item(
            "derived", key, definition.title, _text(value), frozenset(definition.inputs)
        )
    return out


def _evidence_at(vintage: str):
    """The audit's evidence restricted to what was released by ``vintage`` (or first releases)."""
    from smeintl.audit.evidence import Evidence

    evidence = Evidence.load()
    if vintage == "latest":
        return evidence
    records = {}
    for key, recs in evidence.records.items():
        public = [r for r in recs if not evidence.is_paper(r.source_id)]
        paper = [r for r in recs if evidence.is_paper(r.source_id)]
        if vintage == "first":
            records[key] = public[:1] + paper
        else:
            records[key] = [r for r in public + paper if r.vintage <= vintage]
    return Evidence(records, evidence.sources, evidence.events, evidence.origin)


def claim_items(vintage: str) -> dict[str, Item]:
    """The audit class of every registered claim, with the recomputed value it rests on."""
    from smeintl.audit import run_audit

    results, _ = run_audit(evidence=_evidence_at(vintage))
    out = {}
    for result in results:
        claim = result.claim
        key = f"claim:{claim.claim_id}"
        value = f"{result.klass} ({_text(result.recomputed)})"
        reads = frozenset(SERIES_REF.findall(claim.check))
        out[key] = Item("claim", key, f"claim {claim.claim_id} ({claim.location})", value, reads)
    return out


PROVIDERS: tuple[Callable[[str], dict[str, Item]], ...] = (derived_items, claim_items)


def items(vintage: str) -> dict[str, Item]:
    """Every item of every provider at ``vintage``."""
    out: dict[str, Item] = {}
    for provider in PROVIDERS:
        out |= provider(vintage)
    return out
