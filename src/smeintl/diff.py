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


def _releases_between(reads: Iterable[tuple[str, str]], a: str, b: str) -> str:
    """Releases of what an item reads that one vintage has and the other has not, oldest first."""
    reads = set(reads)
    whole = {s for s, p in reads if not p}
    records = store.observations()
    keys = list(zip(records["series_id"], records["period"], strict=True))
    wanted = [(s in whole) or ((s, p) in reads) for s, p in keys]
    records = records[wanted]
    sources = store.sources().set_index("source_id")
    if "first" in (a, b):
        other = b if a == "first" else a
        # `first` holds the paper's own records already: only later public releases count
        paper = set(store.sources().query("kind == 'paper'")["source_id"])
        records = records[~records["source_id"].isin(paper)]
        first = records.groupby(["series_id", "period"])["vintage"].transform("min")
        window = records[records["vintage"] > first]
        if other != "latest":
            window = window[window["vintage"] <= other]
    else:
        low, high = sorted(x if x != "latest" else "9999-12-31" for x in (a, b))
        window = records[(records["vintage"] > low) & (records["vintage"] <= high)]
    window = window.sort_values(["vintage", "series_id", "period"])
    return "; ".join(
        f"{r.series_id} {r.period} = {number(r.value)} ({sources.loc[r.source_id, 'publisher']}, "
        f"{r.vintage})"
        for r in window.itertuples()
    )


def compare(items_a: dict[str, Item], items_b: dict[str, Item], a: str, b: str) -> Diff:
    """Every item whose printed value differs; items present on one side only count as changed."""
    changes: list[Change] = []
    unchanged: dict[str, int] = {}
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
        changes.append(Change(item.kind, key, item.where, va, vb, _releases_between(reads, a, b)))
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


def run(a: str, b: str) -> Diff:
    """Resolve both vintages, compute every item at each, and compare."""
    from smeintl import views

    resolved_a, resolved_b = resolve(a), resolve(b)
    result = compare(views.items(resolved_a), views.items(resolved_b), resolved_a, resolved_b)
    result.a, result.b = a, b
    return result


def main(argv: list[str]) -> int:
    """``diff A B``: 0 when it ran (whatever it found), 2 for a bad vintage."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m smeintl diff", description=__doc__)
    parser.add_argument("a", help="ISO date, latest, first or paper")
    parser.add_argument("b", help="ISO date, latest, first or paper")
    args = parser.parse_args(argv)
    try:
        result = run(args.a, args.b)
    except VintageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(summary(result))
    for path in write(result):
        print(f"wrote {path}")
    return 0
