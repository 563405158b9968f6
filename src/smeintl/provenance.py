"""How well the records are sourced, and whether the numbers that must agree do: generated text for
the README's data-availability section and the book's data chapter."""

from __future__ import annotations

import pandas as pd

from smeintl import paths, store
from smeintl.schema import SOURCE_KINDS


def _main_sources() -> pd.DataFrame:
    """One row per record: its series, period, vintage, quote and the kind and date of its main
    source."""
    records = store.observations()
    sources = store.sources().set_index("source_id")
    out = records[["series_id", "period", "vintage", "source_id", "quote"]].copy()
    out["kind"] = out["source_id"].map(sources["kind"])
    out["undated"] = out["source_id"].map(sources["date_basis"]).eq("unknown")
    return out


def source_summary() -> dict[str, int]:
    """Counts of records by kind of main source, undated main sources and quotes (records)."""
    main = _main_sources()
    counts = {f"kind_{k}": int((main["kind"] == k).sum()) for k in SOURCE_KINDS}
    counts["records"] = len(main)
    counts["undated"] = int(main["undated"].sum())
    counts["aggregator_or_undated"] = int((main["undated"] | main["kind"].eq("aggregator")).sum())
    counts["quoted"] = int(main["quote"].fillna("").ne("").sum())
    return counts


def provenance_markdown() -> str:
    """The README's provenance table: records by kind of main source, undated, paper only."""
    counts = source_summary()
    labels = {
        "official": "the publisher's own page",
        "news": "a news agency or newspaper reporting the release",
        "aggregator": "an aggregator or repost",
        "paper": "the paper alone (flagged wherever shown)",
    }
    lines = [
        f"Of the {counts['records']} value records in `data/raw/`, "
        f"{counts['quoted']} carry the quoted sentence of their source. Their main source is:",
        "",
        "| Main source | Records |",
        "|---|---:|",
    ]
    lines += [f"| {labels[k]} (`{k}`) | {counts[f'kind_{k}']} |" for k in SOURCE_KINDS]
    lines += [
        f"| of which undated (publication date not known) | {counts['undated']} |",
        "",
    ]
    return "\n".join(lines)


def identities_frame() -> pd.DataFrame:
    """Every evaluation of every identity, as written by ``python -m smeintl data``."""
    path = paths.DATA_PROCESSED / "identities.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def identities_markdown() -> str:
    """The data chapter's list of identities: each with how often it holds and every exception."""
    frame = identities_frame()
    lines = [
        "# Numbers that must agree",
        "",
        "Every identity between series is checked by `python -m smeintl data` over the printed "
        "precision of its inputs, at every release of its result (with the inputs as published "
        "by then) and on the latest data. A break is refused unless a record explains why the "
        "publisher's own figures disagree; those are listed here.",
        "",
        "| Identity | Checks | Hold | Publisher's figures disagree |",
        "|---|---:|---:|---:|",
    ]
    for (_name, formula), group in frame.groupby(["identity", "formula"], sort=True):
        status = group["status"]
        lines.append(
            f"| {_cell(formula)} | {len(group)} | {int((status == 'holds').sum())} "
            f"| {int((status == 'reported').sum())} |"
        )
    reported = frame[frame["status"] == "reported"]
    if len(reported):
        lines += ["", "## Where the publishers' own figures disagree", ""]
        for row in reported.itertuples():
            lines.append(
                f"- **{_cell(row.result)}**, {row.period} (as of {row.as_of}): printed "
                f"{row.printed}, while {_cell(row.inputs)} give {row.implied}. {row.note}"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")
