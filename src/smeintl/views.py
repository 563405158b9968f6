"""Everything the book prints, computed at one vintage: one path for the notebooks and the diff.

:func:`items` returns every table cell of Tables 1–8, every glued number of every chapter, every
derived value and every audit class at a vintage (``latest``, ``first`` or an ISO date), each as
a :class:`smeintl.diff.Item` with the series it reads, so that ``python -m smeintl diff`` can say
what changed and which releases changed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from smeintl import store
from smeintl.diff import SERIES_REF, Item
from smeintl.diff import number as _text

# a glued or tabled evidence link, [label](anchor "title"): the reader sees the label
_LINK = re.compile(r'\[([^\]]*)\]\([^\s)]*(?: "(?:[^"\\]|\\.)*")?\)')


def label(text: object) -> str:
    """The text a reader sees: every Markdown link replaced by its label, spaces collapsed.

    >>> label('[2.63](ev-x "2024 value (GAC), released 2025-01-13") trillion')
    '2.63 trillion'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "–"
    return " ".join(_LINK.sub(lambda m: m.group(1), str(text)).split())


def _missing(err: Exception) -> str:
    return f"cannot be computed ({err})"


def _table_functions() -> dict[int, tuple[str, Callable[[str], pd.DataFrame], Callable]]:
    """Table number → (chapter, the table at a vintage, its display), as the notebooks call them
    (default currency and scenario)."""
    from smeintl.exhibits import ecommerce, finance, markets, outlook, population, survey, trade

    return {
        1: ("01", population.table_1, population.table_1_display),
        2: ("02", trade.table_2, trade.table_2_display),
        3: ("03", markets.table_3, markets.table_3_display),
        4: ("04", ecommerce.table_4, ecommerce.table_4_display),
        5: ("05", survey.table5, survey.display),
        6: ("06", lambda v: outlook.table6("baseline", v), outlook.display_table6),
        7: ("06", outlook.table7, outlook.table7_display),
        8: ("07", finance.table8, finance.table8_display),
    }


# the display columns that name a row of each table (the rest are its values)
ROW_KEYS: dict[int, tuple[str, ...]] = {
    1: ("Tier",),
    2: ("Indicator", "Year"),
    3: ("Market",),
    4: ("Year",),
    5: ("Indicator", "Economy"),
    6: ("Variable", "Period"),
    7: ("Rule", "Event"),
    8: ("Producer", "Indicator", "Period"),
}


def _chapter_functions() -> dict[str, Callable[[str], dict[str, str]]]:
    """Chapter → every number it glues at a vintage (default currency and scenario)."""
    from smeintl.exhibits import ecommerce, finance, markets, outlook, population, survey, trade

    return {
        "01": population.chapter_numbers,
        "02": trade.chapter_numbers,
        "03": markets.chapter_numbers,
        "04": ecommerce.chapter_numbers,
        "05": survey.chapter_numbers,
        "06": lambda v: outlook.chapter_numbers("baseline", v),
        "07": finance.chapter_numbers,
    }


def table_frame(number: int, vintage: str) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Table ``number`` at ``vintage``: the table, its display as printed, the series read."""
    _, compute, display = _table_functions()[number]
    with store.recording() as read:
        table = compute(vintage)
        shown = display(table)
    return table, shown, read


def table_items(vintage: str) -> dict[str, Item]:
    """One item per (table, row, column) of Tables 1–8, valued as the book prints the cell.

    A cell reads its row's ``series_id`` (and ``period`` or ``year``) where the table has them,
    else every series the table read."""
    out: dict[str, Item] = {}
    for number, (chapter, _, _) in _table_functions().items():
        try:
            table, shown, read = table_frame(number, vintage)
        except store.MissingDataError as err:
            key = f"table:{number}"
            out[key] = Item("table", key, f"Table {number} (chapter {chapter})", _missing(err))
            continue
        whole = frozenset((s, "") for s in read)
        seen: dict[str, int] = {}
        for i, (_, row) in enumerate(shown.iterrows()):
            name = " / ".join(label(row[c]) for c in ROW_KEYS[number])
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name} #{seen[name]}"
            reads = whole
            sid = str(table["series_id"].iloc[i]) if "series_id" in table else ""
            if sid and sid in read:
                period = ""
                for column in ("period", "year"):
                    if column in table:
                        period = str(table[column].iloc[i])
                reads = frozenset({(sid, period)})
            for column in shown.columns:
                if column in ROW_KEYS[number]:
                    continue
                key = f"table:{number}:{name}:{column}"
                where = f"Table {number} (chapter {chapter}), {name}, {column}"
                out[key] = Item("table", key, where, label(row[column]), reads)
    return out


def glue_items(vintage: str) -> dict[str, Item]:
    """One item per (chapter, glue key), valued as the reader sees the glued text."""
    out: dict[str, Item] = {}
    for chapter, compute in _chapter_functions().items():
        try:
            with store.recording() as read:
                numbers = compute(vintage)
        except store.MissingDataError as err:
            key = f"glue:{chapter}"
            out[key] = Item("glue", key, f"chapter {chapter}", _missing(err))
            continue
        reads = frozenset((s, "") for s in read)
        for name, text in numbers.items():
            key = f"glue:{chapter}:{name}"
            out[key] = Item("glue", key, f"chapter {chapter}, glue {name}", label(text), reads)
    return out


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


PROVIDERS: tuple[Callable[[str], dict[str, Item]], ...] = (
    table_items,
    glue_items,
    derived_items,
    claim_items,
)


def items(vintage: str) -> dict[str, Item]:
    """Every item of every provider at ``vintage``."""
    out: dict[str, Item] = {}
    for provider in PROVIDERS:
        out |= provider(vintage)
    return out
