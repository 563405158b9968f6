"""Raw → processed: validate every raw file, then write tidy, sorted files atomically.

Every file is computed in memory, after validation, before any is written; each is then replaced
by :func:`smeintl.outputs.write_bytes_atomically`, so a failed validation leaves the previous
processed files exactly as they were. The same raw files always give byte-identical processed files.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from smeintl import paths
from smeintl.datapackage import datapackage
from smeintl.outputs import write_bytes_atomically
from smeintl.schema import RECORDS, RULES, SERIES, SOURCES, TableSchema
from smeintl.validate import RawData, Table, load_raw

PERIOD_ORDER = {"": 0, "Q1": 1, "H1": 2, "Q2": 3, "Q3": 4, "H2": 5, "Q4": 6}


def period_key(period: str) -> tuple[int, int, int]:
    """Sort key for periods: year, then month, then sub-annual part."""
    year, rest = int(period[:4]), period[4:]
    if rest.startswith("-"):
        return year, int(rest[1:]), 0
    return year, 0, PERIOD_ORDER.get(rest, 0)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """CSV with ``\\n`` line endings and minimal quoting: stable bytes across platforms."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _table_rows(table: Table, schema: TableSchema) -> list[list[str]]:
    return [[row.cells[c] for c in schema.names] for row in table.rows]


def _record_key(row: list[str]) -> tuple:
    return (row[0], period_key(row[1]), row[1], row[2])


def processed_files(data: RawData) -> dict[str, str]:
    """Every processed file's name and text, computed from validated raw data."""
    files: dict[str, str] = {}
    files["sources.csv"] = csv_text(SOURCES.names, sorted(_table_rows(data.sources, SOURCES)))
    files["series.csv"] = csv_text(SERIES.names, sorted(_table_rows(data.series, SERIES)))
    everything: list[list[str]] = []
    for family, table in sorted(data.records.items()):
        rows = sorted(_table_rows(table, RECORDS), key=_record_key)
        files[f"{family}.csv"] = csv_text(RECORDS.names, rows)
        everything += [[family, *row] for row in rows]
    everything.sort(key=lambda r: _record_key(r[1:]))
    files["observations.csv"] = csv_text(["family", *RECORDS.names], everything)
    if data.rules is not None:
        rows = sorted(_table_rows(data.rules, RULES), key=lambda r: (r[3], r[0]))
        files["rules.csv"] = csv_text(RULES.names, rows)
    for name, table in sorted(data.other.items()):
        rows = [[r.cells[c] for c in table.header] for r in table.rows]
        files[name] = csv_text(table.header, rows)
    outcomes = [o.row() for o in data.identities]
    if outcomes:
        header = list(outcomes[0])
        files["identities.csv"] = csv_text(header, [list(o.values()) for o in outcomes])
    descriptor = datapackage(data, files)
    files["datapackage.json"] = json.dumps(descriptor, indent=2, sort_keys=True) + "\n"
    return files


def write_atomically(files: dict[str, str], target: Path) -> list[str]:
    """Write ``files`` under ``target`` with the one atomic writer; the names whose content changed.

    Every text is computed (and the raw data validated) before the first file is written, and
    each file is replaced by a rename, so a failed run leaves each file either old or new, never
    half-written. Unchanged files are not touched.
    """
    changed: list[str] = []
    for name, text in files.items():
        final = target / name
        data = text.encode("utf-8")
        if final.exists() and final.read_bytes() == data:
            continue
        write_bytes_atomically(final, data)
        changed.append(name)
    return changed


def build(raw: Path | None = None, processed: Path | None = None) -> list[str]:
    """Validate ``data/raw`` and write ``data/processed``; return the names that changed."""
    data = load_raw(raw or paths.DATA_RAW)
    return write_atomically(processed_files(data), processed or paths.DATA_PROCESSED)
