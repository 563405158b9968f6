"""The sourced evidence the audit compares claims with: records, sources and rule events.

Loaded through the library (:func:`smeintl.observations`, :func:`smeintl.sources`,
:func:`smeintl.rules`, which read ``data/processed``), or — when the processed files are absent
or ``origin="raw"`` is asked for — built in memory from ``data/raw`` with the library's own
validator and build step (nothing is written). Values are kept as the text the source printed,
so that their resolution (``"5.0"`` vs ``"5"``) is known exactly.

Records whose source is the paper itself (``kind == "paper"``, e.g. ``cao_gan_2026``) are kept
apart: they are what is being audited, never evidence for it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from smeintl.audit.intervals import Interval, exact, precision_of

RECORD_COLUMNS = (
    "series_id",
    "period",
    "vintage",
    "value",
    "unit",
    "qualifier",
    "source_id",
    "also_in",
    "note",
)


@dataclass(frozen=True)
class Record:
    """One sourced value of one release (a row of a records file)."""

    series_id: str
    period: str
    vintage: str
    value_text: str
    unit: str
    qualifier: str
    source_id: str
    also_in: tuple[str, ...] = ()
    note: str = ""

    @property
    def value(self) -> Fraction:
        return exact(self.value_text)

    @property
    def precision(self) -> Fraction:
        return precision_of(self.value_text)

    @property
    def interval(self) -> Interval:
        """What the published number stands for, at the resolution it was published to."""
        return Interval.printed(self.value_text, None, self.qualifier)

    @property
    def label(self) -> str:
        q = {
            "more_than": "more than ",
            "at_least": "at least ",
            "nearly": "nearly ",
            "about": "about ",
        }.get(self.qualifier, "")
        return f"{q}{self.value_text}"


@dataclass
class Evidence:
    """All records (by series and period), sources (by id) and rule events (by id)."""

    records: dict[tuple[str, str], list[Record]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    events: dict[str, dict[str, str]] = field(default_factory=dict)
    origin: str = "frames"
    series: dict[str, dict[str, str]] = field(default_factory=dict)

    # construction -----------------------------------------------------------------------
    @classmethod
    def from_frames(
        cls,
        observations: pd.DataFrame,
        sources: pd.DataFrame,
        rules: pd.DataFrame | None = None,
        origin: str = "frames",
        series: pd.DataFrame | None = None,
    ) -> Evidence:
        """Evidence from DataFrames with the raw schemas' columns (values as text or numbers)."""
        by_key: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for row in observations.fillna("").to_dict("records"):
            value = row["value"]
            text = value if isinstance(value, str) else _float_text(float(value))
            also = tuple(s for s in str(row.get("also_in", "") or "").split(";") if s)
            rec = Record(
                series_id=str(row["series_id"]),
                period=str(row["period"]),
                vintage=str(row["vintage"]),
                value_text=text.strip(),
                unit=str(row.get("unit", "") or ""),
                qualifier=str(row.get("qualifier", "") or ""),
                source_id=str(row["source_id"]),
                also_in=also,
                note=str(row.get("note", "") or ""),
            )
            by_key[(rec.series_id, rec.period)].append(rec)
        for recs in by_key.values():
            recs.sort(key=lambda r: r.vintage)
        src = {
            str(r["source_id"]): {k: str(v) for k, v in r.items()}
            for r in sources.fillna("").to_dict("records")
        }
        ev: dict[str, dict[str, str]] = {}
        if rules is not None:
            ev = {
                str(r["event_id"]): {k: str(v) for k, v in r.items()}
                for r in rules.fillna("").to_dict("records")
            }
        meta: dict[str, dict[str, str]] = {}
        if series is not None:
            meta = {
                str(r["series_id"]): {k: str(v) for k, v in r.items()}
                for r in series.fillna("").to_dict("records")
            }
        return cls(dict(by_key), src, ev, origin, meta)

    @classmethod
    def load(cls, origin: str = "auto") -> Evidence:
        """Load the project's evidence.

        ``origin``: ``"processed"`` (the library's loaders over ``data/processed``), ``"raw"``
        (validate and build ``data/raw`` in memory), or ``"auto"`` (processed if built, else raw).
        """
        from smeintl.audit.paths import ROOT

        processed = ROOT / "data" / "processed"
        if origin == "auto":
            origin = "processed" if (processed / "observations.csv").exists() else "raw"
        if origin == "processed":
            import smeintl

            obs = smeintl.observations()
            # the library gives floats; the processed file keeps the published text
            text = pd.read_csv(processed / "observations.csv", dtype=str, keep_default_na=False)
            key = ["series_id", "period", "vintage"]
            obs = obs.drop(columns="value").merge(text[[*key, "value"]], on=key, how="left")
            try:
                rules = smeintl.rules()
            except FileNotFoundError:
                rules = None
            series = pd.read_csv(processed / "series.csv", dtype=str, keep_default_na=False)
            return cls.from_frames(
                obs, smeintl.sources(), rules, origin="data/processed", series=series
            )
        if origin == "raw":
            from smeintl.build import processed_files
            from smeintl.validate import load_raw

            files = processed_files(load_raw(check_checksums=False))

            def frame(name: str) -> pd.DataFrame:
                return pd.read_csv(io.StringIO(files[name]), dtype=str, keep_default_na=False)

            rules = frame("rules.csv") if "rules.csv" in files else None
            return cls.from_frames(
                frame("observations.csv"),
                frame("sources.csv"),
                rules,
                origin="data/raw (built in memory)",
                series=frame("series.csv"),
            )
        raise ValueError(f"origin must be auto, processed or raw, not {origin!r}")

    # queries ----------------------------------------------------------------------------
    def is_paper(self, source_id: str) -> bool:
        """Whether the source is the audited paper itself."""
        return self.sources.get(source_id, {}).get("kind", "") == "paper"

    def all_records(self, series_id: str, period: str) -> list[Record]:
        """Every record of a series and period, paper ones included, oldest vintage first."""
        return list(self.records.get((series_id, period), []))

    def sourced(self, series_id: str, period: str) -> list[Record]:
        """Records of a series and period from sources other than the paper, oldest first."""
        return [r for r in self.all_records(series_id, period) if not self.is_paper(r.source_id)]

    def series_records(self, series_id: str) -> list[Record]:
        """Every non-paper record of a series, all periods, by period then vintage."""
        out = [
            r
            for (sid, _), recs in self.records.items()
            if sid == series_id
            for r in recs
            if not self.is_paper(r.source_id)
        ]
        return sorted(out, key=lambda r: (r.period, r.vintage))

    def known_series(self) -> set[str]:
        return {sid for sid, _ in self.records}

    def pick(self, series_id: str, period: str, vintage: str = "latest") -> Record | None:
        """The non-paper record in force: latest, first, or the latest on/before an ISO date."""
        recs = self.sourced(series_id, period)
        if vintage != "latest" and vintage != "first":
            recs = [r for r in recs if r.vintage <= vintage]
        if not recs:
            return None
        return recs[0] if vintage == "first" else recs[-1]

    def source_dates(self, record: Record) -> list[tuple[str, str]]:
        """(source_id, published date) of the record's source and every ``also_in`` source."""
        out = []
        for sid in (record.source_id, *record.also_in):
            out.append((sid, self.sources.get(sid, {}).get("published", "")))
        return out

    def later_records(self, record: Record) -> list[Record]:
        """Non-paper releases of the record's series and period after its own, oldest first."""
        return [
            r for r in self.sourced(record.series_id, record.period) if r.vintage > record.vintage
        ]

    def is_point(self, series_id: str) -> bool:
        """Whether the series is a stock at a date (``frequency`` ``point`` in series.csv)."""
        return self.series.get(series_id, {}).get("frequency", "") == "point"

    def publisher(self, source_id: str) -> str:
        """The source's publisher as sources.csv words it (the id when it is unknown)."""
        return self.sources.get(source_id, {}).get("publisher", "") or source_id

    def url(self, source_id: str) -> str:
        return self.sources.get(source_id, {}).get("url", "")

    def cite(self, source_id: str) -> str:
        """``source_id (publisher, published) <url>`` for reports."""
        s = self.sources.get(source_id)
        if not s:
            return f"{source_id} (not in sources.csv)"
        when = s.get("published", "") or "date unknown"
        return f"{source_id} ({s.get('publisher', '')}, {when}) <{s.get('url', '')}>"


def _float_text(x: float) -> str:
    """Shortest text for a float value (``8.0`` → ``"8"``, ``45.47`` → ``"45.47"``)."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)
