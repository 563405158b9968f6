"""A Frictionless Data Package describing the processed files, generated from the schemas.

The descriptor is written next to the files it describes (``data/processed/datapackage.json``);
its field definitions come from :mod:`smeintl.schema`, the same declarations the validator uses,
so the two cannot drift apart.
"""

from __future__ import annotations

import hashlib

from smeintl.schema import ID_RE, PERIOD_RE, RECORDS, RULES, SERIES, SOURCES, TableSchema
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


def datapackage(data: RawData, files: dict[str, str]) -> dict:
    """The package descriptor for ``files`` (name → text) built from ``data``."""
    resources = []
    kinds = {"sources.csv": SOURCES, "series.csv": SERIES, "rules.csv": RULES}
    for name in sorted(files):
        if not name.endswith(".csv") or name == "observations.csv" or "/" in name:
            continue
        schema = kinds.get(name, RECORDS)
        body = files[name].encode("utf-8")
        resource = {
            "name": name.removesuffix(".csv").replace("_", "-"),
            "path": name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(body),
            "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
            "description": schema.description,
            "schema": table_schema(schema),
        }
        if schema is RECORDS:
            resource["sources"] = sorted(
                {r.cells["source_id"] for r in data.records[name.removesuffix(".csv")].rows}
            )
        resources.append(resource)
    sources = [
        {"title": f"{r.cells['publisher']}: {r.cells['title']}", "path": r.cells["url"]}
        for r in sorted(data.sources.rows, key=lambda r: r.cells["source_id"])
    ]
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
        "sources": sources,
        "resources": resources,
    }
