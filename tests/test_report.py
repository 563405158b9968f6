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


def test_data_sources_list_has_every_source_once_with_its_url() -> None:
    import csv
    import re

    from smeintl.report import source_anchor, sources_markdown

    with open(paths.DATA_RAW / "sources.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    text = sources_markdown()
    anchors = re.findall(r"^\((src-[a-z0-9-]+)\)=$", text, re.MULTILINE)
    assert sorted(anchors) == sorted(source_anchor(r["source_id"]) for r in rows)
    assert len(set(anchors)) == len(rows)  # no two sources share an anchor
    entries = re.findall(r"^\*\*D(\d+)\.\*\* (.*)$", text, re.MULTILINE)
    assert [int(n) for n, _ in entries] == list(range(1, len(rows) + 1))
    for row in rows:
        entry = text.split(f"({source_anchor(row['source_id'])})=\n", 1)[1].split("\n", 1)[0]
        assert f"<{row['url']}>" in entry
        assert f"published {row['published'] or 'date not shown'}" in entry


def test_generate_writes_the_figures_page_apart_from_the_other_pages(monkeypatch) -> None:
    """`make book` writes the library's pages while the notebooks run and the Figures page (from
    the sidecars they write) after them: the two parts are disjoint and the Figures page alone
    comes from the sidecars."""
    from smeintl import report

    wrote: list = []
    monkeypatch.setattr(report, "write_bytes_atomically", lambda p, data: wrote.append(p) or p)
    monkeypatch.setattr(report, "_library_pages", lambda: [paths.GENERATED / "audit.md"])
    assert report.generate(pages=False) == [paths.GENERATED / "figures.md"] == wrote
    assert report.generate(figures=False) == [paths.GENERATED / "audit.md"]
    assert report.generate() == [paths.GENERATED / "audit.md", paths.GENERATED / "figures.md"]
