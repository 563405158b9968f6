"""The claims register ``data/raw/paper/claims.csv``: every numeric claim the paper prints.

One row per printed number *at one location*: the same number printed in the text and in a table
is two rows (different ``location``) with the same ``check``. UTF-8 without BOM, ``\\n`` line
endings, written and read with the :mod:`csv` module.

Scope: every number in Tables 1–8 (years are exempt only where they are column headers), every
number in the text of Sections 1–3 (numbers written as words included: "three days"), and the
numbers of the source notes of Table 4 and Figures 3 and 5. Not claims: citation years
("World Bank, 2025"), cross-references ("Tables 1 to 8"), the authors' enumerations ("three sets
of capabilities"). ``tests/test_audit_register.py`` checks the coverage against the paper's text.

Columns
-------
``claim_id``
    Unique id: ``T<table>-R<row>-<column>`` for table cells (``T2-R1-C2024-level``),
    ``S<section>-P<paragraph>-S<sentence>-<what>`` for the text (``S2-P2-S7-cbec-2025``),
    ``T<n>-SRC`` / ``F<n>-SRC-…`` for numbers in a table's or figure's source note.
``fact_id``
    The printed fact the claim states (``trade-total-2025``), shared by its repeats across
    tables, text and source notes. Claims of one fact must get one class (see
    ``differs_because``).
``location``
    Where the number is printed, in words (table, row, column; or section, paragraph, sentence).
``printed_text``
    The words as printed around the number (``RMB 43.85 trillion; +5.0%`` is two claims, each
    with its own part; a row label is kept when it carries the number's period).
``value``
    The number as printed, without thousands separators; ``60000000`` for "60 million"; an ISO
    date ``YYYY-MM-DD`` for a date; a year ``YYYY`` for a reporting period or year; for a
    ``comparison``, the relation in words (``record high``, ``slower``, ``better``).
``unit``
    The unit (the series' unit where one exists: ``RMB trillion``, ``% y/y``, ``% of total
    trade``, ``% of firms``, ``% cumulative``, ``days``, ``firms``, ``USD trillion``,
    ``% of global trade``), or ``date`` / ``year`` / ``comparison``.
``precision``
    The printed resolution: 0.01 for "45.47", 0.1 for "+5.0%", 1 for "8%", 100 for
    "about 17,600" (1.76万), 1000000 for "60 million". Empty for dates.
``qualifier``
    Empty, ``about``, ``more_than``, ``at_least``, ``nearly`` or ``less_than`` as the paper
    words it ("roughly" is ``about``). A bound (more than, at least, nearly, less than) is
    consistent only when the evidence implies it; an ``about`` number is read at its precision.
``kind``
    ``level``, ``growth``, ``share``, ``cumulative_growth``, ``derived``, ``count``, ``days``,
    ``difference``, ``date`` (an ISO date), ``year`` (a reporting period or publication year),
    ``comparison`` (a printed relation: "a new record high", "slower", "better than"). A
    ``derived`` claim is a number the paper says it derived (Table 4's 2020 value); it is
    classed by its derivation (see :mod:`smeintl.audit.rules`).
``check``
    How to recompute the claim from sourced data: one or more recipes separated by `` ; ``.
    The first recipe compares with the publisher's printed figure; the others recompute the
    figure from levels (those the paper prints beside it, ``claim:<id>``, or sourced ones).
    Every recipe must be consistent for the claim to count as *reproduced*. Grammar::

        series:<series_id>@<period>[#<vintage>]      a sourced value (vintage: latest by
                                                     default; first; or an ISO date = the
                                                     release in force on that date)
        growth:<a>/<b>      100 × (a/b − 1), %       share:<part>/<whole>   100 × part/whole
        ratio:<a>/<b>       a/b                      back_cast:<level>/<g>  level/(1 + g/100)
        pp_change:<new>/<old>   new − old, pp        difference:<a>/<b>     a − b
        event:<event_id>    the date of an event in data/raw/rules.csv
        released:<series_id>~<claim_id>   years in which a source reported a value of the
                                          series consistent with claim <claim_id>
        period:<series_id>~<claim_id>     years of the periods whose value is consistent
                                          with claim <claim_id>
        less:<a>/<b>        a is below b         greater:<a>/<b>   a is above b
        record:<series_id>@<period>   the period's value is above every earlier period's
                                      (latest releases; comparisons only)

    where ``<a>``, ``<b>`` … are operands ``<series_id>@<period>[#<vintage>]`` or
    ``claim:<claim_id>`` (the paper's printed number, over its whole precision interval).
``assumption``
    Stated in advance: the assumption under which a claim that fails ``check`` still holds
    (e.g. "the paper reports the first-published vintage"). Empty when none is needed.
``assumption_check``
    The recipes that must all be consistent under ``assumption`` (same grammar).
``note``
    Anything else a reader should know (what the source says, where the number recurs).
``differs_because``
    Empty, or why this claim may get another class than the other claims of its fact or of
    its release under the same rule (``tests/test_audit_rules.py`` enforces like cases alike).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from smeintl.audit.intervals import QUALIFIERS, Interval, is_bound

COLUMNS: tuple[str, ...] = (
    "claim_id",
    "fact_id",
    "location",
    "printed_text",
    "value",
    "unit",
    "precision",
    "qualifier",
    "kind",
    "check",
    "assumption",
    "assumption_check",
    "note",
    "differs_because",
)
KINDS: tuple[str, ...] = (
    "level",
    "growth",
    "share",
    "cumulative_growth",
    "derived",
    "count",
    "days",
    "difference",
    "date",
    "year",
    "comparison",
)
BINARY_OPS: tuple[str, ...] = ("growth", "share", "ratio", "back_cast", "pp_change", "difference")
COMPARE_OPS: tuple[str, ...] = ("less", "greater")
OPS: tuple[str, ...] = (
    "series",
    *BINARY_OPS,
    *COMPARE_OPS,
    "record",
    "event",
    "released",
    "period",
)

CLAIM_ID_RE = re.compile(r"^[A-Z][A-Za-z0-9]*(-[A-Za-z0-9_.]+)+$")
SERIES_REF_RE = re.compile(
    r"^(?P<sid>[a-z][a-z0-9_]*)@(?P<period>\d{4}(-(0[1-9]|1[0-2])|H[12]|Q[1-4])?)"
    r"(#(?P<vintage>latest|first|\d{4}-\d{2}-\d{2}))?$"
)
CLAIM_REF_RE = re.compile(r"^claim:(?P<cid>[A-Za-z0-9_.-]+)$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
FACT_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9.]+)*$")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


class RegisterError(ValueError):
    """The claims register is malformed; ``problems`` lists every issue found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class SeriesRef:
    """A sourced operand: ``series_id`` at ``period``, vintage ``latest``/``first``/ISO date."""

    series_id: str
    period: str
    vintage: str = "latest"

    def __str__(self) -> str:
        suffix = "" if self.vintage == "latest" else f"#{self.vintage}"
        return f"{self.series_id}@{self.period}{suffix}"


@dataclass(frozen=True)
class ClaimRef:
    """An operand that is another claim's printed number (over its precision interval)."""

    claim_id: str

    def __str__(self) -> str:
        return f"claim:{self.claim_id}"


Operand = SeriesRef | ClaimRef


@dataclass(frozen=True)
class Check:
    """One parsed recipe of the ``check`` column."""

    op: str
    operands: tuple[Operand, ...] = ()
    target: str = ""  # event_id, or series_id for released/period
    companion: str = ""  # claim id whose value selects records (released/period)
    text: str = ""

    def __str__(self) -> str:
        return self.text


def _operand(text: str) -> Operand:
    text = text.strip()
    m = CLAIM_REF_RE.match(text)
    if m:
        return ClaimRef(m["cid"])
    m = SERIES_REF_RE.match(text)
    if m:
        return SeriesRef(m["sid"], m["period"], m["vintage"] or "latest")
    raise ValueError(
        f"operand {text!r}: expected <series_id>@<period>[#<vintage>] or claim:<claim_id>"
    )


def parse_check(text: str) -> Check:
    """Parse one recipe (see the module docstring for the grammar)."""
    text = text.strip()
    op, sep, rest = text.partition(":")
    if not sep or op not in OPS:
        raise ValueError(f"recipe {text!r}: expected one of {', '.join(OPS)} followed by ':'")
    if op in ("series", "record"):
        operand = _operand(rest)
        if op == "record" and not isinstance(operand, SeriesRef):
            raise ValueError(f"recipe {text!r}: record takes <series_id>@<period>")
        return Check(op, (operand,), text=text)
    if op in BINARY_OPS or op in COMPARE_OPS:
        parts = rest.split("/")
        if len(parts) != 2:
            raise ValueError(f"recipe {text!r}: {op} takes two operands separated by '/'")
        return Check(op, (_operand(parts[0]), _operand(parts[1])), text=text)
    if op == "event":
        if not ID_RE.match(rest):
            raise ValueError(f"recipe {text!r}: expected event:<event_id>")
        return Check(op, target=rest, text=text)
    sid, sep, cid = rest.partition("~")
    if not sep or not ID_RE.match(sid) or not cid:
        raise ValueError(f"recipe {text!r}: expected {op}:<series_id>~<claim_id>")
    return Check(op, target=sid, companion=cid, text=text)


def parse_checks(text: str) -> tuple[Check, ...]:
    """Parse a `` ; ``-separated list of recipes (empty text → no recipe)."""
    return tuple(parse_check(part) for part in text.split(";") if part.strip())


@dataclass(frozen=True)
class Claim:
    """One row of the register (all cells as text, exactly as stored)."""

    claim_id: str
    location: str
    printed_text: str
    value: str
    unit: str
    precision: str
    qualifier: str
    kind: str
    check: str
    assumption: str = ""
    assumption_check: str = ""
    note: str = ""
    fact_id: str = ""
    differs_because: str = ""
    line: int = field(default=0, compare=False)

    @property
    def checks(self) -> tuple[Check, ...]:
        return parse_checks(self.check)

    @property
    def assumption_checks(self) -> tuple[Check, ...]:
        return parse_checks(self.assumption_check)

    @property
    def is_date(self) -> bool:
        return self.kind == "date"

    @property
    def is_comparison(self) -> bool:
        return self.kind == "comparison"

    @property
    def is_numeric(self) -> bool:
        """Whether the printed value is a number (not a date or a comparison)."""
        return not (self.is_date or self.is_comparison)

    @property
    def is_bound(self) -> bool:
        return is_bound(self.qualifier)

    @property
    def interval(self) -> Interval:
        """The values the printed number can stand for (years/dates: exact)."""
        if not self.is_numeric:
            raise ValueError(f"{self.claim_id} is a {self.kind}; it has no numeric interval")
        return Interval.printed(self.value, self.precision or None, self.qualifier)

    @property
    def number(self) -> float:
        return float(self.value)

    @property
    def table(self) -> int | None:
        """The table number (1–10) the claim is printed in, or None."""
        m = re.match(r"^Table (\d+)\b", self.location)
        return int(m.group(1)) if m else None

    @property
    def section(self) -> int | None:
        """The section number the claim is printed in (text claims only), or None."""
        m = re.match(r"^Section (\d+)\b", self.location)
        return int(m.group(1)) if m else None


def read_rows(path: Path) -> list[dict[str, str]]:
    """The register's rows as dicts (header checked against :data:`COLUMNS`)."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise RegisterError(
                [f"{path}: header {reader.fieldnames} differs from expected {list(COLUMNS)}"]
            )
        return list(reader)


def load_claims(path: Path | None = None, *, validate: bool = True) -> list[Claim]:
    """Read (and by default validate) the claims register."""
    if path is None:
        from smeintl.audit.paths import CLAIMS

        path = CLAIMS
    raw = Path(path).read_bytes()
    problems: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{path}: starts with a byte-order mark; save as UTF-8 without BOM")
    if b"\r" in raw:
        problems.append(f"{path}: contains carriage returns; use \\n line endings")
    claims = [
        Claim(**{c: row[c] or "" for c in COLUMNS}, line=n)
        for n, row in enumerate(read_rows(Path(path)), start=2)
    ]
    if validate:
        problems += validate_claims(claims, where=str(path))
    if problems:
        raise RegisterError(problems)
    return claims


def validate_claims(claims: list[Claim], where: str = "claims.csv") -> list[str]:
    """Every problem in the register: ids, values, qualifiers, kinds, recipes, references."""
    problems: list[str] = []
    ids = [c.claim_id for c in claims]
    known = set(ids)
    seen: set[str] = set()
    for c in claims:
        at = f"{where}:{c.line}: {c.claim_id or '(no id)'}"
        if not CLAIM_ID_RE.match(c.claim_id):
            problems.append(f"{at}: claim_id is not of the form T2-R1-C2024-level")
        if c.claim_id in seen:
            problems.append(f"{at}: duplicate claim_id")
        seen.add(c.claim_id)
        for col in ("location", "printed_text", "value", "unit", "kind"):
            if not getattr(c, col).strip():
                problems.append(f"{at}: column {col!r} is empty")
        if not FACT_ID_RE.match(c.fact_id):
            problems.append(f"{at}: column 'fact_id' is empty or not a slug like trade-total-2025")
        if c.kind not in KINDS:
            problems.append(f"{at}: kind {c.kind!r} is not one of {KINDS}")
        if c.qualifier not in QUALIFIERS:
            problems.append(f"{at}: qualifier {c.qualifier!r} is not one of {QUALIFIERS}")
        if c.kind == "date":
            try:
                date.fromisoformat(c.value)
            except ValueError:
                problems.append(f"{at}: a date claim needs an ISO date value, got {c.value!r}")
        elif c.kind == "comparison":
            if c.precision or c.qualifier:
                problems.append(f"{at}: a comparison has no precision or qualifier")
        else:
            if not NUMBER_RE.match(c.value):
                problems.append(f"{at}: value {c.value!r} is not a plain number")
            if c.precision and not NUMBER_RE.match(c.precision):
                problems.append(f"{at}: precision {c.precision!r} is not a plain number")
        if not c.check.strip():
            problems.append(f"{at}: no check recipe")
        if bool(c.assumption.strip()) != bool(c.assumption_check.strip()):
            problems.append(f"{at}: assumption and assumption_check go together")
        for column in ("check", "assumption_check"):
            try:
                recipes = parse_checks(getattr(c, column))
            except ValueError as err:
                problems.append(f"{at}: column {column!r}: {err}")
                continue
            for r in recipes:
                compares = r.op in COMPARE_OPS or r.op == "record"
                if compares != (c.kind == "comparison") and column == "check":
                    problems.append(
                        f"{at}: column 'check': {r.op} recipes belong to comparison claims"
                        if compares
                        else f"{at}: column 'check': a comparison takes less/greater/record "
                        f"recipes, not {r.op}"
                    )
                refs = [o.claim_id for o in r.operands if isinstance(o, ClaimRef)]
                refs += [r.companion] if r.companion else []
                for ref in refs:
                    if ref not in known:
                        problems.append(f"{at}: {column} refers to unknown claim {ref!r}")
                    elif ref == c.claim_id:
                        problems.append(f"{at}: {column} refers to the claim itself")
    return problems


def write_claims(claims: list[Claim], path: Path) -> None:
    """Write the register (UTF-8, no BOM, ``\\n``), in the given order."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for c in claims:
            writer.writerow([getattr(c, col) for col in COLUMNS])
