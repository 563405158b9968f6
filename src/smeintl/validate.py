"""Read and check every raw file; report problems as ``file:line: column 'x' — expected …``.

The validator never writes. It returns the parsed tables when every check passes and raises
:class:`RawDataError` listing every problem otherwise, so that a build stops before it touches
``data/processed``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from smeintl import paths
from smeintl.schema import (
    DATE_RE,
    FAMILIES,
    ID_RE,
    NUMBER_RE,
    PERIOD_RE,
    RECORDS,
    RULES,
    SERIES,
    SOURCES,
    Column,
    TableSchema,
)

MAX_REPORTED = 50


class RawDataError(Exception):
    """Raw data failed validation; ``problems`` holds one message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n… and {more} more" if more else "")
        super().__init__(f"{len(problems)} problem(s) in raw data:\n{text}")


@dataclass
class Row:
    """One data row of a raw CSV with the line of the raw text it starts on."""

    line: int
    cells: dict[str, str]


@dataclass
class Table:
    path: Path
    schema: TableSchema | None
    header: list[str]
    rows: list[Row] = field(default_factory=list)


@functools.cache
def _relative(path: Path) -> str:
    return paths.relative(path)  # resolves the path: once per file, not once per cell


def _where(path: Path, line: int | None = None) -> str:
    return f"{_relative(path)}:{line}" if line is not None else _relative(path)


def read_text(path: Path, problems: list[str]) -> str | None:
    """Decode a raw file strictly: non-empty UTF-8 without a byte-order mark."""
    data = path.read_bytes()
    if not data.strip():
        problems.append(f"{_where(path)}: file is empty; expected a header row and data rows")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            f"{_where(path, 1)}: file starts with a UTF-8 byte-order mark; expected UTF-8 "
            "without BOM (re-save the file without it)"
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        problems.append(
            f"{_where(path, line)}: byte 0x{data[err.start]:02x} at character {column} is not "
            "valid UTF-8; expected a UTF-8 encoded file"
        )
        return None


def read_table(path: Path, schema: TableSchema | None, problems: list[str]) -> Table | None:
    """Parse one CSV, checking its header against ``schema`` and each row's field count."""
    text = read_text(path, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(f"{_where(path)}: file is empty; expected a header row")
        return None
    table = Table(path, schema, header)
    if schema is not None:
        expected = schema.names
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        for name in missing:
            problems.append(
                f"{_where(path, 1)}: column '{name}' is missing from the header; expected "
                f"columns {', '.join(expected)}"
            )
        for name in extra:
            problems.append(
                f"{_where(path, 1)}: column '{name}' is not expected; expected columns "
                f"{', '.join(expected)}"
            )
        if not missing and not extra and header != expected:
            problems.append(
                f"{_where(path, 1)}: columns are out of order; expected {', '.join(expected)}"
            )
        if missing or extra or header != expected:
            return None
    start = reader.line_num + 1
    for fields in reader:
        line = start
        start = reader.line_num + 1
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(
                f"{_where(path, line)}: row has {len(fields)} fields; expected {len(header)} "
                f"({', '.join(header)})"
            )
            continue
        table.rows.append(Row(line, dict(zip(header, fields, strict=True))))
    if not table.rows:
        problems.append(f"{_where(path)}: file has a header but no data rows")
    return table


def check_cell(path: Path, row: Row, column: Column, problems: list[str]) -> None:
    """Check one cell against its column's kind."""
    value = row.cells[column.name]
    where = f"{_where(path, row.line)}: column '{column.name}'"
    if value != value.strip():
        problems.append(f"{where} — expected no leading or trailing spaces, found {value!r}")
        return
    if not value:
        if column.required:
            problems.append(f"{where} — expected a value ({column.kind}), found an empty cell")
        return
    kind = column.kind
    if kind == "id" and not ID_RE.match(value):
        problems.append(f"{where} — expected a snake_case identifier, found {value!r}")
    elif kind == "ids":
        for part in value.split(";"):
            if not ID_RE.match(part):
                problems.append(f"{where} — expected ';'-separated identifiers, found {value!r}")
    elif kind == "number" and not NUMBER_RE.match(value):
        problems.append(
            f"{where} — expected a plain number such as 45.47 (no separators or words), "
            f"found {value!r}"
        )
    elif kind == "date":
        ok = bool(DATE_RE.match(value))
        if ok:
            try:
                date.fromisoformat(value)
            except ValueError:
                ok = False
        if not ok:
            problems.append(f"{where} — expected an ISO date YYYY-MM-DD, found {value!r}")
    elif kind == "period" and not PERIOD_RE.match(value):
        problems.append(
            f"{where} — expected a period YYYY, YYYY-MM, YYYYH1/H2 or YYYYQ1..Q4, found {value!r}"
        )
    elif kind == "url" and not value.startswith(("http://", "https://")):
        problems.append(f"{where} — expected an http(s) URL, found {value!r}")
    elif kind == "enum" and value not in column.choices:
        problems.append(f"{where} — expected one of {', '.join(column.choices)}, found {value!r}")


def check_rows(table: Table, problems: list[str]) -> None:
    """Check every cell and the uniqueness of the primary key."""
    assert table.schema is not None
    seen: dict[tuple[str, ...], int] = {}
    for row in table.rows:
        for column in table.schema.columns:
            check_cell(table.path, row, column, problems)
        key = tuple(row.cells[k] for k in table.schema.primary_key)
        if key in seen:
            problems.append(
                f"{_where(table.path, row.line)}: column '{table.schema.primary_key[-1]}' — "
                f"expected a unique key ({', '.join(table.schema.primary_key)}); "
                f"{'/'.join(key)} already appears on line {seen[key]}"
            )
        else:
            seen[key] = row.line


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_files(raw: Path | None = None) -> list[Path]:
    """Every file under ``data/raw`` that the manifest covers, sorted."""
    raw = raw or paths.DATA_RAW
    return sorted(p for p in raw.rglob("*") if p.is_file() and p.name != paths.MANIFEST.name)


def manifest_text(raw: Path | None = None) -> str:
    """The manifest recording the checksum of every raw file (``sha256  relative/path``)."""
    raw = raw or paths.DATA_RAW
    lines = [f"{file_sha256(p)}  {p.relative_to(raw).as_posix()}" for p in raw_files(raw)]
    return "\n".join(lines) + "\n"


def check_manifest(problems: list[str], raw: Path | None = None) -> None:
    """Compare every raw file with the checksum recorded in ``MANIFEST.sha256``."""
    raw = raw or paths.DATA_RAW
    manifest = raw / paths.MANIFEST.name
    if not manifest.exists():
        problems.append(
            f"{_where(manifest)}: manifest is missing; expected checksums of every raw file "
            "(record them with `python -m smeintl manifest`)"
        )
        return
    recorded: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            digest, _, name = line.partition("  ")
            recorded[name] = (digest, number)
    present = {p.relative_to(raw).as_posix(): p for p in raw_files(raw)}
    hint = "if the edit is deliberate, re-record with `python -m smeintl manifest`"
    for name, path in present.items():
        if name not in recorded:
            problems.append(f"{_where(path)}: file is not in MANIFEST.sha256; {hint}")
        elif file_sha256(path) != recorded[name][0]:
            problems.append(
                f"{_where(path)}: checksum {file_sha256(path)[:12]}… does not match the one "
                f"recorded in MANIFEST.sha256 line {recorded[name][1]} "
                f"({recorded[name][0][:12]}…): the file changed without being re-recorded; {hint}"
            )
    for name, (_, number) in recorded.items():
        if name not in present:
            problems.append(f"{_where(manifest, number)}: lists {name}, which does not exist")


@dataclass
class RawData:
    """Every raw table, parsed and checked."""

    sources: Table
    series: Table
    records: dict[str, Table]
    rules: Table | None
    other: dict[str, Table]
    identities: list = field(default_factory=list)  # identities.Outcome, one per evaluation


def check_references(data: RawData, problems: list[str]) -> None:
    """Cross-file checks: ids resolve, units and families agree, shares lie in 0–100."""
    source_ids = {r.cells["source_id"] for r in data.sources.rows}
    series = {r.cells["series_id"]: r.cells for r in data.series.rows}
    for row in data.sources.rows:
        if not row.cells["published"] and row.cells["date_basis"] != "unknown":
            problems.append(
                f"{_where(data.sources.path, row.line)}: column 'published' — expected an ISO "
                "date (empty only when date_basis is unknown), found an empty cell"
            )
    for family, table in data.records.items():
        for row in table.rows:
            cells = row.cells
            where = _where(table.path, row.line)
            meta = series.get(cells["series_id"])
            if meta is None:
                problems.append(
                    f"{where}: column 'series_id' — expected a series declared in "
                    f"data/raw/series.csv, found unknown series {cells['series_id']!r}"
                )
                continue
            if meta["family"] != family:
                problems.append(
                    f"{where}: column 'series_id' — series {cells['series_id']!r} belongs to "
                    f"family {meta['family']!r}, expected it in data/raw/{meta['family']}.csv"
                )
            if cells["unit"] and cells["unit"] != meta["unit"]:
                problems.append(
                    f"{where}: column 'unit' — expected {meta['unit']!r} (the unit declared for "
                    f"{cells['series_id']}), found {cells['unit']!r}"
                )
            ids = [cells["source_id"]] + [s for s in cells["also_in"].split(";") if s]
            for sid in ids:
                if ID_RE.match(sid) and sid not in source_ids:
                    column = "source_id" if sid == cells["source_id"] else "also_in"
                    problems.append(
                        f"{where}: column '{column}' — expected a source declared in "
                        f"data/raw/sources.csv, found unknown source {sid!r}"
                    )
            if meta["measure"] == "share" and NUMBER_RE.match(cells["value"]):
                value = float(cells["value"])
                if not 0 <= value <= 100:
                    problems.append(
                        f"{where}: column 'value' — expected a share between 0 and 100, "
                        f"found {cells['value']}"
                    )
    if data.rules is not None:
        for row in data.rules.rows:
            if row.cells["source_id"] not in source_ids:
                problems.append(
                    f"{_where(data.rules.path, row.line)}: column 'source_id' — expected a "
                    f"source declared in data/raw/sources.csv, found {row.cells['source_id']!r}"
                )


def check_quotes(data: RawData, problems: list[str]) -> None:
    """Every record's ``quote`` prints its value; every rule event's ``quote`` its date."""
    from smeintl.quotes import stated_values, states_date, states_value

    for table in data.records.values():
        for row in table.rows:
            cells = row.cells
            where = f"{_where(table.path, row.line)}: column 'quote'"
            if not cells["quote"]:
                problems.append(
                    f"{where} — expected the source's sentence or table cell stating "
                    f"{cells['value']} ({cells['unit']}), found an empty cell"
                )
            elif NUMBER_RE.match(cells["value"]) and not states_value(
                cells["quote"], cells["value"], cells["unit"], cells["note"]
            ):
                seen = sorted(
                    {f"{float(v):g}" for v in stated_values(cells["quote"], cells["unit"])}
                )
                problems.append(
                    f"{where} — expected the quote to state the value {cells['value']} "
                    f"({cells['unit']}) as published; it states {', '.join(seen) or 'no number'}"
                )
    if data.rules is None:
        return
    published = {r.cells["source_id"]: r.cells["published"] for r in data.sources.rows}
    for row in data.rules.rows:
        where = f"{_where(data.rules.path, row.line)}: column 'quote'"
        if not row.cells["quote"]:
            problems.append(
                f"{where} — expected the source's sentence stating the date "
                f"{row.cells['date']}, found an empty cell"
            )
        elif DATE_RE.match(row.cells["date"]) and not states_date(
            row.cells["quote"], row.cells["date"], published.get(row.cells["source_id"], "")
        ):
            problems.append(
                f"{where} — expected the quote to state the date {row.cells['date']} "
                "(as '30 December 2025', 'December 30, 2025', '2025年12月30日' or ISO)"
            )


def check_identities(data: RawData, problems: list[str]) -> None:
    """Evaluate every declared identity (:mod:`smeintl.identities`); refuse unexplained breaks."""
    from smeintl.identities import Record, check

    records = [
        Record(
            c["series_id"],
            c["period"],
            c["vintage"],
            c["value"],
            c["qualifier"],
            c["note"],
            _where(table.path, row.line),
        )
        for table in data.records.values()
        for row in table.rows
        if NUMBER_RE.match((c := row.cells)["value"])
    ]
    data.identities = check(records)
    for outcome in data.identities:
        if outcome.status == "violated":
            problems.append(
                f"{outcome.result.where}: column 'value' — {outcome.describe()}; expected the "
                "identity to hold over the printed precision, or a note on one of the records "
                'saying "publisher\'s own figures disagree: <reason>"'
            )


def load_raw(raw: Path | None = None, *, check_checksums: bool = True) -> RawData:
    """Parse and validate every raw file; raise :class:`RawDataError` listing every problem."""
    raw = raw or paths.DATA_RAW
    problems: list[str] = []
    tables: dict[str, Table | None] = {}
    for name, schema in (("sources", SOURCES), ("series", SERIES)):
        path = raw / f"{name}.csv"
        if not path.exists():
            problems.append(f"{_where(path)}: file is missing; expected {name} metadata")
            tables[name] = None
            continue
        tables[name] = read_table(path, schema, problems)
    records: dict[str, Table] = {}
    for family in FAMILIES:
        path = raw / f"{family}.csv"
        if path.exists():
            table = read_table(path, RECORDS, problems)
            if table is not None:
                records[family] = table
    rules_path = raw / "rules.csv"
    rules = read_table(rules_path, RULES, problems) if rules_path.exists() else None
    other: dict[str, Table] = {}
    for path in sorted((raw / "paper").glob("*.csv")) if (raw / "paper").exists() else []:
        table = read_table(path, None, problems)
        if table is not None:
            other[path.relative_to(raw).as_posix()] = table
    for table in [tables["sources"], tables["series"], rules, *records.values()]:
        if table is not None:
            check_rows(table, problems)
    if tables["sources"] is not None and tables["series"] is not None:
        data = RawData(tables["sources"], tables["series"], records, rules, other)
        check_references(data, problems)
        if not problems:
            check_quotes(data, problems)
            check_identities(data, problems)
    if check_checksums:
        check_manifest(problems, raw)
    if problems:
        raise RawDataError(problems)
    return data
