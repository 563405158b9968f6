"""A Frictionless Data Package describing the processed files, generated from the schemas.

The descriptor is written next to the files it describes (``data/processed/datapackage.json``);
its field definitions come from :mod:`smeintl.schema`, the same declarations the validator uses,
so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import hashlib
import io

from smeintl.schema import (
    FAMILIES,
    ID_RE,
    PERIOD_RE,
    RECORDS,
    RULES,
    SERIES,
    SOURCES,
    Column,
    TableSchema,
)
from smeintl.validate import RawData

_PATTERNS = {"id": ID_RE.pattern, "period": PERIOD_RE.pattern, "ids": r"^[a-z0-9_;]*$"}


def _field(column) -> dict:
    field: dict = {"name": column.name, "description": column.description}
    if column.kind == "number":
        field["type"] = "number"
    elif column.kind == "date":
        field["type"] = "date"
    elif column.kind == "url":
        field["type"] = "string"
        field["format"] = "uri"
    else:
        field["type"] = "string"
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.kind in _PATTERNS:
        constraints["pattern"] = _PATTERNS[column.kind]
    if column.kind == "enum":
        constraints["enum"] = list(column.choices)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(schema: TableSchema) -> dict:
    """A Frictionless Table Schema for one of our raw table kinds."""
    out: dict = {
        "fields": [_field(c) for c in schema.columns],
        "primaryKey": list(schema.primary_key),
        "missingValues": [""],
    }
    if schema.foreign_keys:
        out["foreignKeys"] = [
            {"fields": col, "reference": {"resource": table, "fields": ref}}
            for col, table, ref in schema.foreign_keys
        ]
    return out


#: How every processed CSV is written (:func:`smeintl.build.csv_text`).
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}

OBSERVATIONS = TableSchema(
    "observations",
    (Column("family", "enum", choices=FAMILIES, description="records file of the series"),)
    + RECORDS.columns,
    RECORDS.primary_key,
    "Every record of every family in one table.",
    RECORDS.foreign_keys,
)


DESCRIPTIONS = {
    "identities.csv": "Every evaluation of every identity between series (smeintl.identities): "
    "the records used, the printed and implied intervals, the gap and the verdict.",
}


def _source_objects(data: RawData, ids: set[str]) -> list[dict]:
    """Frictionless ``sources``: one object (title, path = URL) per cited source."""
    rows = sorted(
        (r for r in data.sources.rows if r.cells["source_id"] in ids),
        key=lambda r: r.cells["source_id"],
    )
    return [
        {"title": f"{r.cells['publisher']}: {r.cells['title']}", "path": r.cells["url"]}
        for r in rows
    ]


def free_form_schema(header: list[str], rows: list[list[str]]) -> dict:
    """A string-typed schema for a file without a declared schema (the paper's own tables).

    The first column is declared the primary key where its values are unique and non-empty, and
    a ``source_id`` column a foreign key into ``sources``.
    """
    out: dict = {
        "fields": [{"name": name, "type": "string"} for name in header],
        "missingValues": [""],
    }
    first = [row[0] for row in rows]
    if all(first) and len(set(first)) == len(first):
        out["primaryKey"] = [header[0]]
    if "source_id" in header:
        out["foreignKeys"] = [
            {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
        ]
    return out


def _resource_name(path: str) -> str:
    return path.removesuffix(".csv").replace("/", "-").replace("_", "-")


def datapackage(data: RawData, files: dict[str, str]) -> dict:
    """The package descriptor for ``files`` (name → text) built from ``data``."""
    kinds = {
        "sources.csv": SOURCES,
        "series.csv": SERIES,
        "rules.csv": RULES,
        "observations.csv": OBSERVATIONS,
        **{f"{family}.csv": RECORDS for family in data.records},
    }
    resources = []
    for name in sorted(files):
        if not name.endswith(".csv"):
            continue
        body = files[name].encode("utf-8")
        resource: dict = {
            "name": _resource_name(name),
            "path": name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(body),
            "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
            "dialect": DIALECT,
        }
        schema = kinds.get(name)
        if schema is not None:
            resource["description"] = schema.description
            resource["schema"] = table_schema(schema)
        else:
            header, *rows = list(csv.reader(io.StringIO(files[name], newline="")))
            resource["description"] = DESCRIPTIONS.get(name, f"Transcribed from the paper: {name}.")
            resource["schema"] = free_form_schema(header, rows)
        cited = _cited(data, name)
        if cited:
            resource["sources"] = _source_objects(data, cited)
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "smeintl",
        "title": "Public series behind Cao & Gan (2026), Chinese SME internationalisation",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Our transcriptions and metadata; each source keeps its own terms",
            }
        ],
        "sources": _source_objects(data, {r.cells["source_id"] for r in data.sources.rows}),
        "resources": resources,
    }


def _cited(data: RawData, name: str) -> set[str]:
    """Source ids a processed file's rows cite (main sources and ``also_in``)."""
    stem = name.removesuffix(".csv")
    if stem in data.records:
        tables = [data.records[stem]]
    elif stem == "observations":
        tables = list(data.records.values())
    elif stem == "rules" and data.rules is not None:
        tables = [data.rules]
    else:
        return set()
    ids: set[str] = set()
    for table in tables:
        for row in table.rows:
            ids.add(row.cells["source_id"])
            ids.update(s for s in row.cells.get("also_in", "").split(";") if s)
    return ids
