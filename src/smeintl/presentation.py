"""How a number looks in the book: formatted with its unit, as a table cell, a glued link, a
source line. The one place where values become text.

A value travels from the store through the exhibits untouched, as a :class:`~smeintl.derive.Input`
(a recorded value: series, period, vintage, source), a :class:`~smeintl.derive.Derived` (a
computed one: formula and inputs) or a :class:`Printed` (a number as the paper prints it). Table
frames carry theirs cell by cell (:func:`attach`, :func:`evidence`). This module alone decides
how a value reads:

* :func:`number` formats a bare number (``about 2.5``, ``–`` when missing);
* :func:`anchor` is the evidence target of a value, stable across builds:
  ``ev-<series>-<period>-<vintage>`` for a record (its entry on the data catalogue, with the
  publisher, release date, URL and quoted sentence) and ``derived-<name>`` for a derived value
  (its entry on the derivations page, with formula and inputs); a printed number links to its
  claim in the audit (``audit-<claim>``), a rule date to its event (``ev-rule-<event>``);
* :func:`link` is the value as a MyST link to its anchor, with a short hover title; the same text
  serves a table cell and a glued number (:func:`glue`);
* :func:`source_line` and :func:`table_source` are the "Source: …; unit: …" notes.

The book resolves the links through :mod:`smeintl.sphinx_evidence`, which keeps the hover title
that MyST would otherwise drop.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from smeintl.derive import Derived, Input

MISSING = "–"
QUALIFIER_WORDS = {
    "": "",
    "about": "about",
    "more_than": "more than",
    "nearly": "nearly",
    "at_least": "at least",
}
RECORD_PREFIX = "ev-"
DERIVED_PREFIX = "derived-"
CLAIM_PREFIX = "audit-"


@dataclass(frozen=True)
class Printed:
    """A number as the paper prints it (claims register ``claim_id``), in ``unit``; its
    evidence is the claim's entry in the audit chapter."""

    claim_id: str
    value: float
    unit: str
    qualifier: str = ""


Value = Input | Derived | Printed


# --------------------------------------------------------------------------------------------
# Numbers as text
# --------------------------------------------------------------------------------------------


def is_missing(value: object) -> bool:
    """True for None, NaN and the empty string."""
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def qualifier_words(qualifier: str) -> str:
    """``more_than`` → ``more than``; an unknown qualifier is shown as written."""
    return QUALIFIER_WORDS.get(qualifier or "", qualifier or "")


def number(value: object, fmt: str = "{:g}", qualifier: str = "") -> str:
    """``value`` formatted with ``fmt`` (e.g. ``"{:.2f}"``) after the qualifier's words
    (``about 2.5``, ``more than 35``); ``–`` for a missing value."""
    if is_missing(value):
        return MISSING
    words = qualifier_words(qualifier)
    text = fmt.format(float(value)) if not isinstance(value, str) else value
    return f"{words} {text}" if words else text


def count_words(value: float, qualifier: str = "") -> str:
    """``60000000, "more_than"`` → ``"more than 60 million"``; ``17600, "about"`` →
    ``"about 17,600"``."""
    if value >= 1_000_000 and value % 100_000 == 0:
        text = f"{value / 1_000_000:g} million"
    else:
        text = f"{value:,.0f}"
    words = qualifier_words(qualifier)
    return f"{words} {text}" if words else text


CURRENCIES = ("RMB", "USD", "EUR")


def with_unit(text: str, unit: str) -> str:
    """The unit beside a formatted number: ``12`` and ``%`` → ``12%``; ``3`` and ``days`` →
    ``3 days``; a currency leads: ``45.47`` and ``RMB trillion`` → ``RMB 45.47 trillion``,
    ``more than 35`` and ``USD trillion`` → ``more than USD 35 trillion``. A missing value
    stays ``–``."""
    if text == MISSING or not unit:
        return text
    if unit == "%":
        return f"{text}%"
    code, _, rest = unit.partition(" ")
    if code in CURRENCIES:
        words, number_text = _split_words(text)
        return f"{words}{code} {number_text}" + (f" {rest}" if rest else "")
    return f"{text} {unit}"


def _split_words(text: str) -> tuple[str, str]:
    """``more than 35`` → (``more than ``, ``35``): qualifier words before the number."""
    for words in sorted(QUALIFIER_WORDS.values(), key=len, reverse=True):
        if words and text.startswith(words + " "):
            return words + " ", text[len(words) + 1 :]
    return "", text


# --------------------------------------------------------------------------------------------
# Evidence anchors and links
# --------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lower case, runs of anything but letters and digits turned into one ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def record_anchor(series_id: str, period: str, vintage: str) -> str:
    """The catalogue anchor of one record: ``ev-gac-trade-total-2025-2026-01-14``."""
    return f"{RECORD_PREFIX}{slug(series_id)}-{slug(period)}-{slug(vintage)}"


def derived_anchor(name: str) -> str:
    """The derivations-page anchor of a derived value: ``derived-private-share-2025``."""
    return f"{DERIVED_PREFIX}{slug(name)}"


def rule_anchor(event_id: str) -> str:
    """The catalogue anchor of one dated rule event: ``ev-rule-cbam-definitive-period``."""
    return f"{RECORD_PREFIX}rule-{slug(event_id)}"


def event_link(label: str, event_id: str) -> str:
    """``label`` (a date) linked to its rule event's entry in the catalogue."""
    return link_to(label, rule_anchor(event_id), f"Rule event {event_id}: source and quote")


def claim_link(label: str, claim_id: str) -> str:
    """``label`` (as the paper prints it) linked to the claim's entry in the audit chapter."""
    return link_to(label, anchor(Printed(claim_id, math.nan, "")), title(Printed(claim_id, 0, "")))


def anchor(x: Value) -> str:
    """The evidence anchor of a recorded, derived or printed value."""
    if isinstance(x, Derived):
        return derived_anchor(x.name)
    if isinstance(x, Printed):
        from smeintl.report import audit_label

        return audit_label(x.claim_id)
    return record_anchor(x.series_id, x.period, x.vintage)


def record(series_id: str, period: str, vintage: str) -> Input:
    """The one record of ``series_id`` for ``period`` released on ``vintage`` (an exact release
    date, not ``latest``); KeyError naming the three if the data hold no such record."""
    from smeintl.store import vintages

    rows = vintages(series_id, period)
    rows = rows[rows["vintage"] == vintage]
    if rows.empty:
        raise KeyError(f"no record of {series_id} for {period} released on {vintage}")
    return Input.from_record(series_id, period, rows.iloc[-1])


def _publisher(source_id: str) -> str:
    from smeintl.store import source_record

    try:
        return source_record(source_id)["publisher"]
    except KeyError:
        return source_id


def title(x: Value) -> str:
    """A short hover text: who released a record and when, or the formula of a derived value."""
    if isinstance(x, Printed):
        return f"As the paper prints it (claim {x.claim_id}): see the audit"
    if isinstance(x, Derived):
        text = f"Computed: {x.formula}"
        return text if len(text) <= 80 else text[:79] + "…"
    return f"{x.period} value: {_publisher(x.source_id)}, released {x.vintage}"


def _escape_title(text: str) -> str:
    return text.replace("\\", "/").replace('"', "'").replace("|", "/").replace("\n", " ")


def _escape_label(text: str) -> str:
    return re.sub(r"([\[\]*_`<>\\])", r"\\\1", text)


def link_to(label: str, target: str, hover: str) -> str:
    """A MyST link ``[label](target "hover")``; a missing label stays ``–`` without a link."""
    if label == MISSING:
        return MISSING
    return f'[{_escape_label(label)}]({target} "{_escape_title(hover)}")'


def text(x: Value | None, fmt: str = "{:g}", unit: bool | str = False) -> str:
    """``x``'s value formatted, after its qualifier's words; ``unit=True`` appends ``x``'s unit,
    a string appends that unit instead (``"%"`` for a growth rate in % y/y)."""
    if x is None:
        return MISSING
    shown = number(x.value, fmt, getattr(x, "qualifier", ""))
    if unit is True:
        return with_unit(shown, x.unit)
    return with_unit(shown, unit) if unit else shown


def link(
    x: Value | None, fmt: str = "{:g}", unit: bool | str = False, label: str | None = None
) -> str:
    """``x`` as a link to its evidence (``–`` when missing). ``label`` replaces the formatted
    value as the text (e.g. a release date, which links to its record too)."""
    if x is None:
        return MISSING
    if is_missing(x.value) and label is None:
        return MISSING
    return link_to(label if label is not None else text(x, fmt, unit), anchor(x), title(x))


def record_link(label: str, series_id: str, period: str, vintage: str, unit: str = "") -> str:
    """``label`` (already formatted) linked to the catalogue record it shows; plain ``–`` when
    the cell is empty (``vintage`` empty: not released)."""
    if label == MISSING or not vintage:
        return label
    x = record(series_id, period, vintage)
    return link_to(with_unit(label, unit), anchor(x), title(x))


def glue(name: str, x: Value | None, fmt: str = "{:g}", unit: bool | str = False, **kw: str) -> str:
    """Glue ``x`` as a Markdown link for ``{glue:md}`name:myst``` and return the Markdown."""
    return glue_markdown(name, link(x, fmt, unit, **kw))


def glue_markdown(name: str, markdown: str) -> str:
    """Glue prepared Markdown (from :func:`link`) under ``name``; return it."""
    from IPython.display import Markdown
    from myst_nb import glue as nb_glue

    nb_glue(name, Markdown(markdown), display=False)
    return markdown


def glue_all(values: Mapping[str, str]) -> None:
    """Glue every prepared text: Markdown links for ``{glue:md}``, plain text as well for
    ``{glue:text}`` (source lines in captions)."""
    from smeintl.notebook import glue_number

    for key, value in values.items():
        if isinstance(value, Linked) or value == MISSING:  # a missing number reads "–" too
            glue_markdown(key, str(value))
        else:
            glue_number(key, value)


class Linked(str):
    """Markdown text that holds a link to evidence (glued with ``{glue:md}``)."""


def linked(x: Value | None, fmt: str = "{:g}", unit: bool | str = False, **kw: str) -> Linked:
    """:func:`link` marked for :func:`glue_all`."""
    return Linked(link(x, fmt, unit, **kw))


# --------------------------------------------------------------------------------------------
# Display tables
# --------------------------------------------------------------------------------------------


class _CellEvidence(dict):
    """The evidence map kept in ``frame.attrs``. pandas deep-copies ``attrs`` after every
    operation on a frame; the values are frozen records, so a copy shares them (deep-copying
    them made up about a quarter of the time spent computing the tables)."""

    def __deepcopy__(self, memo: dict) -> _CellEvidence:
        return _CellEvidence(self)


def attach(frame: pd.DataFrame, evidence: Mapping[tuple[object, str], Value]) -> pd.DataFrame:
    """Keep, with ``frame``, the record or derivation behind its cells: ``evidence`` maps
    (row label, column) to a value. Stored in ``frame.attrs``, so a CSV of the frame is
    unchanged; returns ``frame``."""
    frame.attrs["evidence"] = _CellEvidence(evidence)
    return frame


def evidence(frame: pd.DataFrame, row: object, column: str) -> Value | None:
    """The value attached to one cell by :func:`attach`, or None.

    ValueError if the attached value differs from the cell by more than the cell's rounding to
    two decimals: the frame was re-indexed or re-ordered after :func:`attach`, and a link would
    point to the wrong record.
    """
    x = frame.attrs.get("evidence", {}).get((row, column))
    if x is None or row not in frame.index or column not in frame.columns:
        return x
    cell = frame.at[row, column]
    try:
        shown = float(cell)
    except (TypeError, ValueError):  # a date or a label: nothing to compare
        return x
    if not math.isnan(shown) and abs(float(x.value) - shown) > 0.0051:
        raise ValueError(
            f"evidence attached to row {row!r}, column {column!r} holds {x.value:g}, the cell "
            f"{cell!r}: the frame was re-indexed after attach()"
        )
    return x


def display(
    frame: pd.DataFrame,
    columns: Mapping[str, tuple[str, str]],
    qualifier_column: str | None = None,
    qualified: Iterable[str] = (),
    links: bool = False,
) -> pd.DataFrame:
    """A display copy of ``frame``: ``columns`` maps a column to (header, format); format ``""``
    shows the cell as text. Columns in ``qualified`` get the words of ``qualifier_column``.
    With ``links``, every cell that has evidence attached (:func:`attach`) links to it, its
    text unchanged."""
    qualified = set(qualified)
    out = {}
    for column, (header, fmt) in columns.items():
        cells = []
        for label, row in frame.iterrows():
            value = row[column]
            qualifier = (
                str(row[qualifier_column]) if qualifier_column and column in qualified else ""
            )
            if fmt:
                shown = number(value, fmt, qualifier)
            else:
                shown = MISSING if is_missing(value) else str(value)
            x = evidence(frame, label, column) if links else None
            cells.append(link_to(shown, anchor(x), title(x)) if x is not None else shown)
        out[header] = cells
    return pd.DataFrame(out)


PAPER_ONLY = "paper only — original release not found"


def provenance_display(
    frame: pd.DataFrame,
    label: str = "Indicator",
    column: str = "Economy",
    digits: int | None = None,
) -> pd.DataFrame:
    """The reader's view of a :func:`smeintl.sourced.provenance_table`: formatted text, each
    value linked to the record it shows, stable for nbval."""

    spec = "{:g}" if digits is None else f"{{:.{digits}f}}"

    def fmt(v: float, q: str = "") -> str:
        return MISSING if pd.isna(v) else number(v, spec, q)

    return pd.DataFrame(
        {
            label: frame["indicator"],
            column: frame["column"],
            "Value": linked_cells(frame, "value", "qualifier", fmt),
            "Unit": frame["unit"],
            "Paper prints": linked_cells(frame, "paper_prints", "paper_qualifier", fmt),
            "Check": frame["check"],
            "Source": [
                f"{s} [{st}]" if s else st
                for s, st in zip(frame["source"], frame["source_status"], strict=True)
            ],
        }
    )


def sourced_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that carry a value (drop cells not released by the vintage)."""
    return frame[frame["source_id"] != ""]


def linked_cells(frame: pd.DataFrame, column: str, qualifier: str, fmt) -> list[str]:
    """``column`` formatted by ``fmt(value, qualifier)``, linked to the attached evidence."""
    cells = []
    for label, row in frame.iterrows():
        shown = fmt(row[column], row[qualifier])
        x = evidence(frame, label, column)
        cells.append(link_to(shown, anchor(x), title(x)) if x is not None else shown)
    return cells


def provenance_source(
    frame: pd.DataFrame, unit: str = "", note: str = "", width: int | None = None
) -> str:
    """The source line of a table or figure built from a
    :func:`smeintl.sourced.provenance_table`; wrapped at
    ``width`` characters (for a figure) when given."""
    shown = sourced_only(frame)
    if shown.empty:
        text = f"No value released by this vintage{'; unit: ' + unit if unit else ''}."
    else:
        text = source_line(shown, unit=unit, note=note)
    return "\n".join(textwrap.wrap(text, width)) if width else text


def paper_only_note(frame: pd.DataFrame, what: str = "bars") -> str:
    """Words for a figure note: which of the values shown come from the paper alone."""
    flags = [c == PAPER_ONLY for c in frame["check"]]
    if flags and all(flags):
        return f"all {what}: values the paper prints (original release not found)"
    if any(flags):
        return f"hatched {what}: values the paper prints whose original release was not found"
    return ""


def bar_style(frame: pd.DataFrame, colour: str) -> dict:
    """``ax.bar`` keywords: paper-only values hatched and white, sourced ones solid."""
    flags = [c == PAPER_ONLY for c in frame["check"]]
    return {
        "color": ["white" if f else colour for f in flags],
        "edgecolor": [colour for _ in flags],
        "hatch": ["//" if f else "" for f in flags],
        "linewidth": 1.0,
    }


# --------------------------------------------------------------------------------------------
# Source lines
# --------------------------------------------------------------------------------------------


def cite(source_id: str) -> str:
    """``Publisher (YYYY-MM-DD)`` for one source (``date not shown`` when undated)."""
    from smeintl.store import source_record

    row = source_record(source_id)
    return f"{row['publisher']} ({row['published'] or 'date not shown'})"


def source_line(records, unit: str = "", note: str = "") -> str:
    """ "Source: publisher (release date); …; unit: …" for the records a table or figure shows.

    ``records`` is a DataFrame with a ``source_id`` column (e.g. from :func:`smeintl.store`).
    """
    seen = list(dict.fromkeys(cite(sid) for sid in records["source_id"]))
    parts = ["Source: " + "; ".join(seen)]
    if note:
        parts.append(note)
    if unit:
        parts.append(f"unit: {unit}")
    return "; ".join(parts) + "."


def sources_of(ids: Iterable[str]) -> pd.DataFrame:
    """A frame with a ``source_id`` column (first-seen order, no repeats) for source_line."""
    seen = list(dict.fromkeys(i for i in ids if i))
    return pd.DataFrame({"source_id": seen})


def table_source(frame: pd.DataFrame, unit: str, note: str = "") -> str:
    """The source line of a table whose ``sources`` column lists source ids (``;``-separated)."""
    ids = [i for cell in frame["sources"] for i in str(cell).split(";")]
    return source_line(sources_of(ids), unit=unit, note=note)


# --------------------------------------------------------------------------------------------
# Figure marks
# --------------------------------------------------------------------------------------------


def mark_row(
    x: Value | None,
    label: str,
    *,
    series_id: str = "",
    period: str = "",
    unit: str = "",
    role: str = "",
    value: float | None = None,
    sources: str = "",
) -> dict:
    """One row of a figure's marks frame (:func:`smeintl.plotting.marks`) from an attached value.

    A record gives its series, period, vintage, unit and source; a derivation gives its name, its
    unit, the formula, the latest vintage and the sources of its inputs, and role ``derived``.
    Missing values (``x`` None) keep ``series_id``/``period`` and a NaN value.
    """
    if isinstance(x, Derived):
        vintages = sorted(i.vintage for i in x.inputs if i.vintage)
        ids = ";".join(dict.fromkeys(i.source_id for i in x.inputs if i.source_id))
        return {
            "series_id": series_id or x.name,
            "period": period,
            "vintage": vintages[-1] if vintages else "",
            "value": x.value if value is None else value,
            "unit": unit or x.unit,
            "label": label,
            "role": role or "derived",
            "sources": sources or ids,
            "derivation": f"{x.name} = {x.formula}",
        }
    if isinstance(x, Printed):
        return {
            "series_id": series_id or x.claim_id,
            "period": period,
            "vintage": "",
            "value": float(x.value) if value is None else value,
            "unit": unit or x.unit,
            "label": label,
            "role": role or "paper only",
            "sources": sources,
            "derivation": "",
        }
    if x is None:
        return {
            "series_id": series_id,
            "period": period,
            "vintage": "",
            "value": math.nan if value is None else value,
            "unit": unit,
            "label": label,
            "role": role or "published",
            "sources": sources,
            "derivation": "",
        }
    return {
        "series_id": x.series_id,
        "period": x.period,
        "vintage": x.vintage,
        "value": float(x.value) if value is None else value,
        "unit": unit or x.unit,
        "label": label,
        "role": role or "published",
        "sources": sources or x.source_id,
        "derivation": "",
    }


def table_mark_rows(frame: pd.DataFrame, labels: Iterable[str], period: str) -> list[dict]:
    """One mark per row of a table frame (a bar of its ``value``), labelled in order by
    ``labels``, with the record attached to the cell as evidence; ``period`` names the frame's
    period column."""
    return [
        mark_row(
            evidence(frame, i, "value"),
            label,
            series_id=str(frame.at[i, "series_id"]),
            period=str(frame.at[i, period]),
            unit=str(frame.at[i, "unit"]),
            value=float(frame.at[i, "value"]),
        )
        for i, label in zip(frame.index, labels, strict=True)
    ]
