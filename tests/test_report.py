"""Generated pages: the outputs table covers the paper's ten tables and six figures, and the
README's copy of it is current."""

from __future__ import annotations

from smeintl import paths
from smeintl.report import outputs_rows, readme_with_outputs


def test_every_paper_table_and_figure_has_a_notebook() -> None:
    labels = [row[0] for row in outputs_rows()]
    assert labels == [f"Table {n}" for n in range(1, 11)] + [f"Figure {n}" for n in range(1, 7)]


def test_readme_outputs_table_is_current() -> None:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_outputs(text) == text, "run `python -m smeintl generate` and commit README"


def test_each_declared_output_is_written_by_its_notebook() -> None:
    # after `make book`, every file the table names exists
    for _, _, files in outputs_rows():
        for name in files.replace("`", "").split(", "):
            assert (paths.ROOT / name).exists(), f"{name} is missing: run `make book`"
