"""Tables: write a paper table as CSV and show it in a notebook as a stable Markdown table."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from smeintl.outputs import table_path, write_bytes_atomically


def cell(value: object) -> str:
    """``value`` as the text of one Markdown table cell: ``|`` escaped (a printed text such as
    "2020 | About RMB 1.62 trillion" stays one cell), line breaks as spaces, missing as "–".
    Every pipe table the library writes builds its cells with this."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    text = " ".join(str(value).splitlines())
    return text.replace("|", "\\|")


def markdown(frame: pd.DataFrame) -> str:
    """A pipe table of ``frame`` exactly as its cells read (format numbers before calling)."""
    header = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = frame.itertuples(index=False)
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join([header, rule, *body])


def save_table(
    frame: pd.DataFrame, key: int | str, params: Mapping[str, str] | None = None
) -> Path:
    """Write the paper's Table ``key`` as ``table-NN[__params].csv`` (or, for a table the paper
    does not have, ``<key>[__params].csv``); return its path."""
    text = frame.to_csv(index=False, lineterminator="\n")
    return write_bytes_atomically(table_path(key, params), text.encode("utf-8"))


def show(frame: pd.DataFrame, caption: str = "", source: str = ""):
    """Display a table in a notebook as Markdown (stable across runs for nbval)."""
    from IPython.display import Markdown

    parts = [f"**{caption}**\n" if caption else "", markdown(frame)]
    if source:
        parts.append(f"\n*{source}*")
    return Markdown("\n".join(p for p in parts if p))
