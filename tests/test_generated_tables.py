"""Every Markdown table the build generates has the same number of cells in every row.

A ``|`` inside a cell's text that is not escaped splits the cell: the audit chapter once showed
the class column as "1.69" because a printed text read "2020 | About RMB 1.62 trillion". The
row splitter below follows GitHub-flavoured Markdown (an escaped ``\\|`` does not split a row,
including inside a code span) independently of the library's writer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from smeintl.tables import cell, markdown

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "book" / "generated"
DELIMITER_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def row_cells(line: str) -> list[str]:
    """The cells of one pipe-table row: split on every ``|`` not preceded by a backslash."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return re.split(r"(?<!\\)\|", text)


def tables(text: str) -> list[tuple[int, list[str]]]:
    """Every pipe table of a Markdown text: (line number of its header, its lines)."""
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines) - 1:
        if lines[i].lstrip().startswith("|") and DELIMITER_ROW.match(lines[i + 1].strip()):
            start = i
            block = [lines[i], lines[i + 1]]
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                block.append(lines[i])
                i += 1
            found.append((start + 1, block))
        else:
            i += 1
    return found


def ragged_rows(path: Path) -> list[str]:
    problems = []
    for start, block in tables(path.read_text(encoding="utf-8")):
        width = len(row_cells(block[0]))
        for offset, line in enumerate(block):
            n = len(row_cells(line))
            if n != width:
                problems.append(
                    f"{path.relative_to(ROOT)}, line {start + offset}: {n} cells in a table "
                    f"whose header has {width}: {line[:160]}"
                )
    return problems


def generated_markdown() -> list[Path]:
    return sorted(GENERATED.rglob("*.md"))


def test_the_generated_pages_exist() -> None:
    assert generated_markdown(), f"no Markdown under {GENERATED}: run `make book` first"
    assert any(tables(p.read_text(encoding="utf-8")) for p in generated_markdown())


@pytest.mark.parametrize("path", generated_markdown(), ids=lambda p: p.name)
def test_every_row_has_as_many_cells_as_the_header(path: Path) -> None:
    problems = ragged_rows(path)
    assert not problems, "\n".join(problems)


def test_the_checker_catches_an_unescaped_pipe(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("| a | b |\n|---|---|\n| 2020 | About RMB 1.62 trillion | 1.69 |\n")
    assert ragged_rows_in(page)
    page.write_text("| a | b |\n|---|---|\n| 2020 \\| About RMB 1.62 trillion | 1.69 |\n")
    assert not ragged_rows_in(page)


def ragged_rows_in(path: Path) -> list[str]:
    problems = []
    for _, block in tables(path.read_text(encoding="utf-8")):
        widths = {len(row_cells(line)) for line in block}
        if len(widths) > 1:
            problems.append(str(widths))
    return problems


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020 | About RMB 1.62 trillion", "2020 \\| About RMB 1.62 trillion"),
        ("two\nlines", "two lines"),
        ("windows\r\nline", "windows line"),
        (None, "–"),
        (float("nan"), "–"),
        (1.5, "1.5"),
    ],
)
def test_cell_escapes_what_would_break_a_row(value: object, expected: str) -> None:
    assert cell(value) == expected


def test_markdown_keeps_one_cell_per_value_whatever_the_text() -> None:
    frame = pd.DataFrame(
        {"printed": ["2020 | About RMB 1.62 trillion", "a\nb"], "class": ["holds", "x|y"]}
    )
    lines = markdown(frame).splitlines()
    assert {len(row_cells(line)) for line in lines} == {2}
    assert row_cells(lines[2])[1].strip() == "holds"
