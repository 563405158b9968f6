"""The raw files' schemas: one declaration, read by the validator and by the datapackage writer.

Each column has a *kind* that says how a cell is checked: ``text`` (free text), ``id`` (snake_case
identifier), ``date`` (ISO ``YYYY-MM-DD``), ``period`` (``YYYY``, ``YYYY-MM``, ``YYYYH1``,
``YYYYQ1``), ``number``, ``url``, ``enum`` (one of ``choices``), ``ids`` (``;``-separated ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNITS = (
    "RMB trillion",
    "USD trillion",
    "% y/y",
    "% of total trade",
    "% of firms",
    "% cumulative",
    "days",
    "firms",
    "RMB per USD",
    "% of global trade",
    "% of requests",
)
FAMILIES = ("customs", "cbec", "wbes", "wto_unctad", "miit", "finance", "fx")
FREQUENCIES = ("annual", "half-yearly", "quarterly", "monthly", "point")
MEASURES = ("level", "growth", "share", "count", "days", "rate", "cumulative_growth")
QUALIFIERS = ("about", "more_than", "nearly", "at_least")
SOURCE_KINDS = ("official", "news", "aggregator", "paper")
DATE_BASES = ("stated", "inferred", "unknown")

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_RE = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2])|H[12]|Q[1-4])?$")
NUMBER_RE = re.compile(r"^-?(\d+)(\.\d+)?$")


@dataclass(frozen=True)
class Column:
    """One column of a raw CSV: its name, how a cell is checked, and what it means."""

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class TableSchema:
    """The ordered columns of one kind of raw file and its primary key."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    description: str = ""
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default=())  # (column, table, column)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


SOURCES = TableSchema(
    "sources",
    (
        Column("source_id", "id", description="identifier of the release or report"),
        Column("publisher", description="who published the page"),
        Column("title", description="title of the page or release"),
        Column("published", "date", required=False, description="publication date (ISO)"),
        Column("date_basis", "enum", choices=DATE_BASES, description="how the date is known"),
        Column("url", "url", description="address of the page"),
        Column("accessed", "date", description="date the value was read (ISO)"),
        Column("locator", description="where on the page the value sits"),
        Column("licence", description="terms of the source"),
        Column("kind", "enum", choices=SOURCE_KINDS, description="who published it"),
        Column("note", required=False, description="caveats for a reviewer"),
    ),
    ("source_id",),
    "One row per public release or report of one.",
)

SERIES = TableSchema(
    "series",
    (
        Column("series_id", "id", description="identifier of the series"),
        Column("title", description="human title"),
        Column("unit", "enum", choices=UNITS, description="unit of every value"),
        Column("frequency", "enum", choices=FREQUENCIES, description="periodicity"),
        Column("producer", description="original statistical producer"),
        Column("family", "enum", choices=FAMILIES, description="records file holding the series"),
        Column("measure", "enum", choices=MEASURES, description="what kind of quantity"),
        Column("description", description="definition and coverage"),
        Column("processing", description="how the values were processed"),
    ),
    ("series_id",),
    "One row per series: structured metadata.",
)

RECORDS = TableSchema(
    "records",
    (
        Column("series_id", "id", description="series the value belongs to"),
        Column("period", "period", description="period the value refers to"),
        Column("vintage", "date", description="date the value was released in this form"),
        Column("value", "number", description="the value as published"),
        Column("unit", "enum", choices=UNITS, description="unit (equals the series' unit)"),
        Column(
            "qualifier",
            "enum",
            required=False,
            choices=QUALIFIERS,
            description="about, more_than, nearly, at_least as the source words it",
        ),
        Column("source_id", "id", description="best source of the value"),
        Column("also_in", "ids", required=False, description="other sources of the same release"),
        Column("note", required=False, description="rounding, revision, definition"),
        Column(
            "quote",
            required=False,
            description="the sentence or table cell of the source that states the value, verbatim",
        ),
        Column(
            "quote_en",
            required=False,
            description="English rendering of the quote where the source is not in English",
        ),
    ),
    ("series_id", "period", "vintage"),
    "Observations of one source family: every value, every vintage.",
    (("series_id", "series", "series_id"), ("source_id", "sources", "source_id")),
)

RULES = TableSchema(
    "rules",
    (
        Column("event_id", "id", description="identifier of the event"),
        Column("rule", description="the rule"),
        Column("event", description="what happens"),
        Column("date", "date", description="date it applies from (ISO)"),
        Column("scope", description="who or what it covers"),
        Column("source_id", "id", description="source of the date"),
        Column("note", required=False, description="postponements and caveats"),
        Column(
            "quote",
            required=False,
            description="the sentence of the source that states the date, verbatim",
        ),
        Column(
            "quote_en",
            required=False,
            description="English rendering of the quote where the source is not in English",
        ),
    ),
    ("event_id",),
    "Dated rule events (the paper's Table 7).",
    (("source_id", "sources", "source_id"),),
)


def schema_for(filename: str) -> TableSchema | None:
    """The schema of a raw file by its name (``customs.csv`` → records), or None if free-form."""
    stem = filename.removesuffix(".csv")
    if stem == "sources":
        return SOURCES
    if stem == "series":
        return SERIES
    if stem == "rules":
        return RULES
    if stem in FAMILIES:
        return RECORDS
    return None
