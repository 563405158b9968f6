"""A reader of a notebook (JupyterLab, Jupyter) sees each figure as the run drew it, and the book
still shows it once: the figure cells display the PNG, with the alt text and the digests of the
values drawn and of the SVG as plain text (what strict nbval and ``make accept`` compare), and are
tagged ``remove-output`` so the chapter page shows only its figure directive.

The checks read the committed notebooks, the figure files they made and the built chapters
(``make book``); the digests are computed here from the files, not taken from the library.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil

import pytest

from smeintl import figures, paths
from smeintl.outputs import stem

IN_CHAPTERS = {k: e for k, e in figures.FIGURES.items() if e.notebook}


def notebook(name: str) -> dict:
    return json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))


def figure_cell(nb: dict, key: int | str) -> dict:
    call = f"glue_figure({json.dumps(key)}, params)"
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and call in "".join(c["source"])]
    assert len(cells) == 1, f"{len(cells)} cells call {call}"
    return cells[0]


def shown(cell: dict) -> list[dict]:
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def problems(cell: dict, key: int | str) -> list[str]:
    """What is wrong with the committed output of figure ``key``'s cell ([] if nothing)."""
    found = []
    if "remove-output" not in cell["metadata"].get("tags", []):
        found.append(f"{key}: the cell is not tagged remove-output (the book would show it twice)")
    images = shown(cell)
    if len(images) != 1:
        return [*found, f"{key}: {len(images)} PNG outputs, expected 1"]
    data = images[0]["data"]
    base = paths.FIGURES / stem("figure", key)
    if base64.b64decode(data["image/png"]) != base.with_suffix(".png").read_bytes():
        found.append(f"{key}: the PNG shown is not {paths.relative(base)}.png")
    text = "".join(data["text/plain"])
    meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    if not text.startswith(meta["alt"]):
        found.append(f"{key}: the plain text does not start with the sidecar's alt text")
    for ext in ("csv", "svg"):
        digest = hashlib.sha256(base.with_suffix(f".{ext}").read_bytes()).hexdigest()[:16]
        if f"sha256 {digest}" not in text:
            found.append(f"{key}: the plain text lacks the {ext.upper()}'s sha256 {digest}")
    return found


@pytest.mark.parametrize("key", list(IN_CHAPTERS), ids=str)
def test_each_figure_cell_shows_the_figure_it_drew(key) -> None:
    cell = figure_cell(notebook(IN_CHAPTERS[key].notebook), key)
    assert problems(cell, key) == []


def test_a_figure_cell_without_the_tag_or_with_another_figure_fails() -> None:
    key, other = "sme-tiers", 1
    cell = figure_cell(notebook(IN_CHAPTERS[key].notebook), key)
    untagged = json.loads(json.dumps(cell))
    untagged["metadata"]["tags"].remove("remove-output")
    assert any("remove-output" in p for p in problems(untagged, key))
    swapped = json.loads(json.dumps(cell))
    swapped["outputs"] = shown(figure_cell(notebook(IN_CHAPTERS[other].notebook), other))
    assert len(problems(swapped, key)) == 4  # PNG, alt text and both digests


def test_a_changed_value_changes_the_text_nbval_compares(tmp_path, monkeypatch) -> None:
    key = 2
    name = stem("figure", key)
    for path in paths.FIGURES.glob(f"{name}.*"):
        shutil.copy2(path, tmp_path / path.name)
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    before = figures.figure_output(key)["data"]["text/plain"]
    csv = tmp_path / f"{name}.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("23.6", "23.7"), encoding="utf-8")
    after = figures.figure_output(key)["data"]["text/plain"]
    assert before != after
    (tmp_path / f"{name}.png").unlink()
    with pytest.raises(FileNotFoundError, match=rf"{name}\.png"):
        figures.figure_output(key)


@pytest.mark.parametrize("name", sorted({e.notebook for e in IN_CHAPTERS.values()}))
def test_the_book_shows_each_figure_once(name: str) -> None:
    from bs4 import BeautifulSoup

    page = paths.HTML / "notebooks" / f"{name}.html"
    assert page.exists(), f"{paths.relative(page)} is missing: run `make book`"
    images = [img["src"] for img in BeautifulSoup(page.read_bytes(), "html.parser").find_all("img")]
    assert not [src for src in images if src.startswith("data:")], "a notebook output is shown"
    for key in [k for k, e in IN_CHAPTERS.items() if e.notebook == name]:
        svg = f"{stem('figure', key)}.svg"
        assert [src.rsplit("/", 1)[-1] for src in images].count(svg) == 1, key
    assert len(images) == len([k for k, e in IN_CHAPTERS.items() if e.notebook == name])
