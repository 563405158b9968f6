"""Sector capability: the paper's Tables 9 and 10, the authors' qualitative summary.

Both tables hold no data: they are Cao & Gan's (2026) own summary of sectoral constraints and of
the indicators they propose, transcribed in ``data/raw/paper/`` and cited to the paper
(CC BY-NC 4.0). They are rendered here as printed, with that citation as their source line.
"""

from __future__ import annotations

import pandas as pd

from smeintl.store import paper_table

TITLES = {
    9: "Typical sectoral constraints and data-based observation indicators",
    10: "Governance shift from scale indicators to capability indicators",
}
CITATION = (
    "Source: Cao & Gan (2026), Table {n}, the authors' qualitative summary "
    "(CC BY-NC 4.0), transcribed as printed; not data."
)


def table(number: int) -> pd.DataFrame:
    """The paper's Table 9 or 10 as transcribed (text cells, the paper's column order)."""
    if number not in TITLES:
        raise ValueError(f"the paper's qualitative tables are 9 and 10, not {number}")
    return paper_table(number)


def header(column: str) -> str:
    """``main_internationalisation_mode`` → ``Main internationalisation mode``."""
    return column.replace("_", " ").capitalize()


def display(number: int) -> pd.DataFrame:
    """The table with the paper's column headings, without the provenance column."""
    frame = table(number)
    frame = frame.drop(columns=[c for c in ("source_id",) if c in frame.columns])
    return frame.rename(columns=header)


def for_csv(number: int) -> pd.DataFrame:
    """What ``table-NN.csv`` holds: the displayed table plus a ``Source`` column naming the
    paper, so that the file keeps its citation when it travels alone."""
    frame = display(number)
    frame["Source"] = f"Cao & Gan (2026), Table {number} (authors' summary; CC BY-NC 4.0)"
    return frame


def caption(number: int) -> str:
    """``Table N. <title>`` as in the paper."""
    return f"Table {number}. {TITLES[number]}"


def source(number: int) -> str:
    """The source line: the paper itself, named as the authors' summary."""
    return CITATION.format(n=number)
