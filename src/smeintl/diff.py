"""What changed between two vintages: every table cell, glued number, derived value and audit class.

``python -m smeintl diff A B`` computes everything the book prints at vintage ``A`` and at vintage
``B`` in one process, through the same library functions the notebooks call (:mod:`smeintl.views`),
and reports each item that differs with the releases that made the difference. ``A`` and ``B``
are ISO dates, ``latest``, ``paper`` (the paper's publication date) or ``first`` (each value's
first release). Unchanged items are counted, not listed.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from smeintl import paths, store

LABELS = ("latest", "first", "paper")
PAPER_SOURCE = "cao_gan_2026"
SERIES_REF = re.compile(r"([a-z][a-z0-9_]*)@([0-9A-Z-]+)")


class VintageError(ValueError):
    """Not a date, ``latest``, ``first`` or ``paper``; or a date before every release."""


@dataclass(frozen=True)
class Item:
    """One thing the book prints: where it is, its value as printed, and the series it reads."""

    kind: str  # table, glue, derived, claim
    key: str  # stable identity across vintages
    where: str  # for a reader: table, row and column; chapter and glue key; claim id
    value: str
    # (series_id, period) pairs it reads; period "" for every period of the series
    reads: frozenset[tuple[str, str]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Change:
    """An item whose value differs between the two vintages, with the releases behind it."""

    kind: str
    key: str
    where: str
    value_a: str
    value_b: str
    releases: str  # "series period = value (source, release date); …"


@dataclass
class Diff:
    """The outcome of one comparison."""

    a: str
    b: str
    resolved_a: str
    resolved_b: str
    changes: list[Change]
    unchanged: dict[str, int]

    @property
    def name(self) -> str:
        return f"{self.a}_{self.b}"


def number(value: object) -> str:
    """A value as the diff prints it: thousands separated, else four significant digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def paper_date() -> str:
    """The paper's publication date, as recorded for its source entry (ISO)."""
    sources = store.sources().set_index("source_id")
    return str(sources.loc[PAPER_SOURCE, "published"])


def first_release_date() -> str:
    """The earliest release date of any public record (ISO)."""
    records = store.observations()
    paper = set(store.sources().query("kind == 'paper'")["source_id"])
    return str(records[~records["source_id"].isin(paper)]["vintage"].min())


def resolve(label: str) -> str:
    """``latest`` and ``first`` as they are, ``paper`` as its date, an ISO date checked."""
    if label in ("latest", "first"):
        return label
    if label == "paper":
        return paper_date()
    try:
        when = date.fromisoformat(label)
    except ValueError:
        raise VintageError(
            f"vintage {label!r} is not an ISO date (YYYY-MM-DD), 'latest', 'first' or 'paper'"
        ) from None
    earliest = first_release_date()
    if when.isoformat() < earliest:
        raise VintageError(
            f"vintage {label} is before the first release in the data ({earliest}): "
            "nothing was published by then"
        )
    return when.isoformat()


def _public_records() -> tuple[dict[str, pd.DataFrame], dict[str, str], frozenset[str]]:
    """Every record by series id (oldest first), each source's publisher, the paper's sources."""
    records = store.observations().sort_values(["vintage", "series_id", "period"], kind="stable")
    by_series = {sid: frame for sid, frame in records.groupby("series_id", sort=False)}
    table = store.sources()
    publishers = dict(zip(table["source_id"], table["publisher"], strict=True))
    return by_series, publishers, frozenset(table.loc[table["kind"] == "paper", "source_id"])


def _releases_between(
    reads: Iterable[tuple[str, str]], a: str, b: str, index: tuple | None = None
) -> str:
    """Releases of what an item reads that one vintage has and the other has not, oldest first
    (``index``: :func:`_public_records`, made once per comparison)."""
    reads = set(reads)
    by_series, publishers, paper = index or _public_records()
    parts = []
    for series_id in sorted({s for s, _ in reads}):
        records = by_series.get(series_id)
        if records is None:
            continue
        if (series_id, "") not in reads:
            records = records[records["period"].isin({p for s, p in reads if s == series_id})]
        parts.append(records)
    if not parts:
        return ""
    records = pd.concat(parts)
    if "first" in (a, b):
        other = b if a == "first" else a
        # `first` holds the paper's own records already: only later public releases count
        records = records[~records["source_id"].isin(paper)]
        first = records.groupby(["series_id", "period"])["vintage"].transform("min")
        window = records[records["vintage"] > first]
        if other != "latest":
            window = window[window["vintage"] <= other]
    else:
        low, high = sorted(x if x != "latest" else "9999-12-31" for x in (a, b))
        window = records[(records["vintage"] > low) & (records["vintage"] <= high)]
    window = window.sort_values(["vintage", "series_id", "period"], kind="stable")
    return "; ".join(
        f"{r.series_id} {r.period} = {number(r.value)} ({publishers[r.source_id]}, {r.vintage})"
        for r in window.itertuples()
    )


def compare(items_a: dict[str, Item], items_b: dict[str, Item], a: str, b: str) -> Diff:
    """Every item whose printed value differs; items present on one side only count as changed."""
    changes: list[Change] = []
    unchanged: dict[str, int] = {}
    releases: dict[frozenset[tuple[str, str]], str] = {}
    index = _public_records()
    for key in sorted(set(items_a) | set(items_b)):
        left, right = items_a.get(key), items_b.get(key)
        item = left or right
        assert item is not None
        va = left.value if left else "(absent)"
        vb = right.value if right else "(absent)"
        if va == vb:
            unchanged[item.kind] = unchanged.get(item.kind, 0) + 1
            continue
        reads = (left.reads if left else frozenset()) | (right.reads if right else frozenset())
        if reads not in releases:
            releases[reads] = _releases_between(reads, a, b, index)
        changes.append(Change(item.kind, key, item.where, va, vb, releases[reads]))
    return Diff(a, b, a, b, changes, unchanged)


def write(result: Diff) -> list[str]:
    """``_build/diff/<A>_<B>.csv`` and ``.json``; returns their paths relative to the root."""
    from smeintl.outputs import write_bytes_atomically

    folder = paths.ROOT / "_build" / "diff"
    frame = pd.DataFrame([asdict(c) for c in result.changes], columns=list(Change.__annotations__))
    csv_path = folder / f"{result.name}.csv"
    json_path = folder / f"{result.name}.json"
    write_bytes_atomically(csv_path, frame.to_csv(index=False, lineterminator="\n").encode())
    payload = {
        "a": result.a,
        "b": result.b,
        "changed": len(result.changes),
        "unchanged": result.unchanged,
        "changes": [asdict(c) for c in result.changes],
    }
    text = json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_bytes_atomically(json_path, text.encode("utf-8"))
    return [paths.relative(csv_path), paths.relative(json_path)]


def summary(result: Diff) -> str:
    """A terminal summary: counts, then one line per changed item."""
    kinds = sorted({c.kind for c in result.changes} | set(result.unchanged))
    lines = [f"diff {result.a} → {result.b}: {len(result.changes)} item(s) changed"]
    for kind in kinds:
        changed = sum(c.kind == kind for c in result.changes)
        lines.append(
            f"  {kind:<8} {changed:>4} changed, {result.unchanged.get(kind, 0):>4} unchanged"
        )
    for c in result.changes:
        lines.append(f"- {c.where}: {c.value_a} → {c.value_b}")
        if c.releases:
            lines.append(f"    releases: {c.releases}")
    return "\n".join(lines)


def run(
    a: str, b: str, computed: dict[str, dict[str, Item]] | None = None, use_cache: bool = True
) -> Diff:
    """Resolve both vintages, compute every item at each, and compare. ``computed`` (resolved
    vintage → items) lets several comparisons in one process compute each vintage once;
    ``use_cache`` takes a vintage's items from :mod:`smeintl.itemcache` when the library, data
    and lock are unchanged since they were computed."""
    from smeintl import itemcache

    computed = {} if computed is None else computed
    resolved_a, resolved_b = resolve(a), resolve(b)
    for when in (resolved_a, resolved_b):
        if when not in computed:
            computed[when] = itemcache.items(when, use_cache=use_cache)
    result = compare(computed[resolved_a], computed[resolved_b], resolved_a, resolved_b)
    result.a, result.b = a, b
    return result


def release_dates() -> list[str]:
    """Every distinct release date of a public record, oldest first."""
    records = store.observations()
    paper = set(store.sources().query("kind == 'paper'")["source_id"])
    return sorted(set(records.loc[~records["source_id"].isin(paper), "vintage"]))


def sweep_values(vintage: str) -> list[tuple[str, str, float]]:
    """The paper's derived numbers at ``vintage`` as (quantity, unit, value): every derivation
    of :mod:`smeintl.derivations` (the 2020 CBEC base among them), Table 2's growth rates and
    shares from levels, and Table 6's values (the WTO forecasts among them); NaN where the
    releases by then do not give it."""
    from smeintl.derivations import compute_all
    from smeintl.exhibits import outlook, trade

    out = []
    for outcome in compute_all(vintage):
        d = outcome.derived
        unit = d.unit if d else ""
        out.append((outcome.definition.title, unit, d.value if d else math.nan))
    try:
        table2 = trade.table_2(vintage)
    except store.MissingDataError:
        table2 = pd.DataFrame(columns=["indicator", "year", "growth_from_levels"])
    for r in table2.itertuples():
        out.append((f"Table 2: growth of {r.indicator}, {r.year}", "% y/y", r.growth_from_levels))
    try:
        table6 = outlook.table6("baseline", vintage)
    except store.MissingDataError:
        table6 = pd.DataFrame(columns=["indicator", "column", "value", "unit"])
    for r in table6.itertuples():
        out.append((f"Table 6: {r.indicator}, {r.column}", str(r.unit), r.value))
    return [(q, u, float(v) if v is not None and v == v else math.nan) for q, u, v in out]


def sweep() -> pd.DataFrame:
    """As of each release date, the value each derived number would have had (long form:
    ``as_of``, ``quantity``, ``unit``, ``value``)."""
    rows = [
        {"as_of": when, "quantity": q, "unit": u, "value": v}
        for when in release_dates()
        for q, u, v in sweep_values(when)
    ]
    return pd.DataFrame(rows, columns=["as_of", "quantity", "unit", "value"])


def sweep_timeline(frame: pd.DataFrame) -> pd.DataFrame:
    """Per quantity, only the dates its value changed: ``quantity``, ``unit``, ``as_of``,
    ``value`` (the first date it could be computed, then each change)."""
    rows = []
    for quantity, group in frame.groupby("quantity", sort=False):
        last = None
        for r in group.itertuples():
            text = number(r.value)
            if text != last:
                rows.append({"quantity": quantity, "unit": r.unit, "as_of": r.as_of, "value": text})
                last = text
    return pd.DataFrame(rows, columns=["quantity", "unit", "as_of", "value"])


def write_sweep(frame: pd.DataFrame) -> str:
    """``_build/diff/sweep.csv``; returns its path relative to the root."""
    from smeintl.outputs import write_bytes_atomically

    path = paths.ROOT / "_build" / "diff" / "sweep.csv"
    write_bytes_atomically(path, frame.to_csv(index=False, lineterminator="\n").encode())
    return paths.relative(path)


def main(argv: list[str]) -> int:
    """``diff A B``: 0 when it ran (whatever it found), 2 for a bad vintage; ``diff --sweep``:
    every derived number at every release date."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m smeintl diff", description=__doc__)
    parser.add_argument("a", nargs="?", help="ISO date, latest, first or paper")
    parser.add_argument("b", nargs="?", help="ISO date, latest, first or paper")
    parser.add_argument(
        "--sweep", action="store_true", help="the derived numbers as of every release date"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="compute both vintages afresh instead of taking them from _build/cache (which "
        "holds them only for the library, data and lock they were computed with)",
    )
    args = parser.parse_args(argv)
    if args.sweep:
        frame = sweep()
        changes = sweep_timeline(frame)
        dates = frame["as_of"].nunique()
        print(f"sweep: {frame['quantity'].nunique()} quantities at {dates} release dates")
        for quantity, group in changes.groupby("quantity", sort=False):
            steps = "; ".join(f"{r.as_of}: {r.value}" for r in group.itertuples())
            print(f"- {quantity}: {steps}")
        print(f"wrote {write_sweep(frame)}")
        return 0
    if args.a is None or args.b is None:
        parser.error("give two vintages A and B, or --sweep")
    try:
        result = run(args.a, args.b, use_cache=not args.no_cache)
    except VintageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(summary(result))
    for path in write(result):
        print(f"wrote {path}")
    return 0
