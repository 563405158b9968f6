"""Under each figure of a chapter: its caption, declared once (``smeintl.figures.FIGURES``), one
source note made from its JSON sidecar, and the links of its bundle (issue 13).

The checks read the built chapters (``_build/html/notebooks/*.html``, ``make book``) and the
committed notebooks; each is also run on a constructed page or notebook that breaks it.
"""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from smeintl import paths
from smeintl.figures import FIGURES, glue_name
from smeintl.outputs import stem

IN_CHAPTERS = {k: e for k, e in FIGURES.items() if e.notebook}
NOTE = re.compile(r"\bSources?\s*:")
SVG = "{http://www.w3.org/2000/svg}"


def plain(text: str) -> str:
    """Text as typed: Sphinx's curly quotes back to straight ones, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


def sidecar(key: int | str) -> dict:
    path = paths.FIGURES / f"{stem('figure', key)}.json"
    assert path.exists(), f"{paths.relative(path)} is missing: build the book with `make book`"
    return json.loads(path.read_text(encoding="utf-8"))


def chapter(key: int | str) -> BeautifulSoup:
    path = paths.HTML / "notebooks" / f"{IN_CHAPTERS[key].notebook}.html"
    assert path.exists(), f"{paths.relative(path)} is missing: build the book with `make book`"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def note_problems(page: BeautifulSoup, name: str, meta: dict, caption: str) -> list[str]:
    """What is wrong with figure ``name`` on a built page: not shown, a caption that is not the
    registry's, no source note or more than one, a note whose links are not the sidecar's
    sources (in order) or that leaves out the sidecar's reading note (hatched bars, whiskers,
    derivations), a copy of the note elsewhere on the page, missing bundle links."""
    figure = page.find("figure", id=name)
    if figure is None:
        return [f"{name}: no <figure id={name!r}> on the page"]
    bad = []
    shown = figure.find(class_="caption-text")
    if shown is None or plain(shown.get_text()) != plain(caption):
        bad.append(f"{name}: caption {shown and plain(shown.get_text())!r}, registry {caption!r}")
    notes = [p for p in figure.find_all("p") if NOTE.search(p.get_text())]
    count = len(NOTE.findall(figure.get_text()))
    if len(notes) != 1 or count != 1:
        return bad + [f"{name}: {count} source notes under the figure, not one"]
    note = notes[0]
    urls = [a.get("href") for a in note.find_all("a")]
    want = list(dict.fromkeys(s["url"] for s in meta["sources"]))
    if urls != want:
        bad.append(f"{name}: the note links {urls}, the sidecar's sources are {want}")
    for source in meta["sources"]:
        if plain(source["publisher"]) not in plain(note.get_text()):
            bad.append(f"{name}: the note does not name {source['publisher']!r}")
    text = plain(note.get_text())
    reading = plain(str(meta.get("note", ""))).rstrip(".")
    if reading and reading[1:] not in text:  # the sentence starts with a capital in the note
        bad.append(f"{name}: the note does not say how to read the figure ({reading!r})")
    elsewhere = plain(page.get_text()).count(text)
    if elsewhere != 1:
        bad.append(f"{name}: the source note appears {elsewhere} times on the page")
    files = {a.get("href", "").rsplit("/", 1)[-1] for a in figure.find_all("a")}
    for suffix in ("svg", "png", "csv", "json"):
        if f"{name}.{suffix}" not in files:
            bad.append(f"{name}: no link to {name}.{suffix} under the figure")
    return bad


def svg_notes(svg: bytes) -> list[str]:
    """Texts of a figure's SVG that are a source note (there must be none: the note is the
    chapter's)."""
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    return [t for t in texts if NOTE.search(t)]


@pytest.mark.parametrize("key", IN_CHAPTERS, ids=str)
def test_each_chapter_figure_has_one_source_note_from_its_sidecar(key) -> None:
    name, meta = stem("figure", key), sidecar(key)
    assert note_problems(chapter(key), name, meta, IN_CHAPTERS[key].caption) == []
    assert svg_notes((paths.FIGURES / f"{name}.svg").read_bytes()) == [], name


def test_a_source_note_inside_the_image_fails() -> None:
    svg = (paths.FIGURES / "figure-01.svg").read_bytes()
    title = sidecar(1)["title"].encode()
    assert svg_notes(svg.replace(title, b"Source: GAC")) == ["Source: GAC"]


@pytest.fixture(scope="module")
def figure_1() -> tuple[BeautifulSoup, dict, str]:
    return chapter(1), sidecar(1), FIGURES[1].caption


def test_a_figure_without_its_source_note_fails(figure_1) -> None:
    page, (meta, caption) = BeautifulSoup(str(figure_1[0]), "html.parser"), figure_1[1:]
    figure = page.find("figure", id="figure-01")
    next(p for p in figure.find_all("p") if NOTE.search(p.get_text())).decompose()
    assert note_problems(page, "figure-01", meta, caption) == [
        "figure-01: 0 source notes under the figure, not one"
    ]


def test_a_figure_with_its_source_note_twice_fails(figure_1) -> None:
    page = BeautifulSoup(str(figure_1[0]), "html.parser")
    figure = page.find("figure", id="figure-01")
    note = next(p for p in figure.find_all("p") if NOTE.search(p.get_text()))
    note.insert_after(copy.copy(note))
    assert note_problems(page, "figure-01", *figure_1[1:]) == [
        "figure-01: 2 source notes under the figure, not one"
    ]
    # a second note inside the caption text counts too
    page = BeautifulSoup(str(figure_1[0]), "html.parser")
    page.find("figure", id="figure-01").find(class_="caption-text").append(" Source: GAC.")
    problems = note_problems(page, "figure-01", *figure_1[1:])
    assert "figure-01: 2 source notes under the figure, not one" in problems


def test_a_note_copied_elsewhere_on_the_page_fails(figure_1) -> None:
    page = BeautifulSoup(str(figure_1[0]), "html.parser")
    note = next(p for p in page.find("figure", id="figure-01").find_all("p") if NOTE.search(p.text))
    page.find("figure", id="figure-01").insert_after(copy.copy(note))
    assert note_problems(page, "figure-01", *figure_1[1:]) == [
        "figure-01: the source note appears 2 times on the page"
    ]


def test_a_note_whose_url_differs_from_the_sidecar_fails(figure_1) -> None:
    page, meta, caption = figure_1
    changed = copy.deepcopy(meta)
    changed["sources"][0]["url"] += "-moved"
    problems = note_problems(page, "figure-01", changed, caption)
    assert len(problems) == 1 and problems[0].startswith("figure-01: the note links ")


def test_a_caption_other_than_the_registry_fails(figure_1) -> None:
    page, meta, caption = figure_1
    problems = note_problems(page, "figure-01", meta, caption.replace("2024", "2023"))
    assert len(problems) == 1 and problems[0].startswith("figure-01: caption ")


def test_the_note_is_read_from_the_sidecar_a_staged_run_just_wrote(tmp_path, monkeypatch):
    """A parameterised run writes into its staging folder (``SMEINTL_STAGE``) until it is
    committed: the chapter's texts come from the sidecar there."""
    from smeintl.exhibits import trade
    from smeintl.figures import chapter_texts

    monkeypatch.setenv("SMEINTL_STAGE", str(tmp_path))
    params = {"vintage": "2025-06-30"}
    trade.figure_1("2025-06-30", "RMB", params)
    name = "figure-01__vintage-2025-06-30.json"
    staged = tmp_path / paths.FIGURES.relative_to(paths.ROOT) / name
    meta = json.loads(staged.read_text(encoding="utf-8"))
    texts = chapter_texts(1, params)
    urls = re.findall(r"\]\((https?://[^)]+)\)", texts["sources"])
    assert urls == list(dict.fromkeys(s["url"] for s in meta["sources"])) and urls
    assert texts["caption"] == FIGURES[1].caption
    # the links are to this run's bundle, not to the default one the book shows
    linked = re.findall(r"<\.\./book/generated/figures/([^>]+)>", texts["files"])
    assert linked == [f"figure-01__vintage-2025-06-30.{s}" for s in ("svg", "png", "csv", "json")]
    monkeypatch.delenv("SMEINTL_STAGE")
    with pytest.raises(FileNotFoundError, match="no sidecar for figure 1"):
        chapter_texts(1, {"vintage": "2001-01-01"})


# --------------------------------------------------------------------------------------------
# Captions declared once
# --------------------------------------------------------------------------------------------


def caption_problems(notebook: dict, key: int | str) -> list[str]:
    """What is wrong with how a notebook shows figure ``key``: its caption typed in a markdown
    cell instead of glued from the registry, no glue of the caption, source note and links, or
    no call of ``glue_figure`` for it."""
    glue, caption = glue_name(key), FIGURES[key].caption
    markdown = "\n".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    bad = []
    directive = re.search(
        rf"```{{figure}} \.\./book/generated/figures/{stem('figure', key)}\.svg\n(.*?)```",
        markdown,
        re.S,
    )
    if directive is None:
        return [f"{key}: no figure directive"]
    body = directive.group(1)
    expected = (
        f":name: {stem('figure', key)}\n\n{{glue:md}}`{glue}_caption:myst`\n\n"
        f"{{glue:md}}`{glue}_sources:myst`\n\n{{glue:md}}`{glue}_files:myst`\n"
    )
    if body != expected:
        bad.append(f"{key}: the figure directive is not the glued caption, note and links")
    typed = [frag for frag in re.split(r"[.;(]", caption) if len(frag.strip()) > 20]
    for frag in typed:
        if " ".join(frag.split()) in " ".join(markdown.split()):
            bad.append(f"{key}: caption typed in the notebook: {frag.strip()!r}")
    if not re.search(rf"glue_figure\({key!r}, params\)".replace("'", '"'), code):
        bad.append(f"{key}: the notebook does not call glue_figure({key!r}, params)")
    return bad


def notebook(key: int | str) -> dict:
    path = paths.NOTEBOOKS / f"{FIGURES[key].notebook}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", IN_CHAPTERS, ids=str)
def test_notebooks_take_the_caption_from_the_registry(key) -> None:
    assert caption_problems(notebook(key), key) == []


def test_a_caption_typed_in_the_notebook_fails() -> None:
    nb = notebook(1)
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if "{glue:md}`figure_01_caption:myst`" in text:
            cell["source"] = text.replace("{glue:md}`figure_01_caption:myst`", FIGURES[1].caption)
    problems = caption_problems(nb, 1)
    assert problems[0] == "1: the figure directive is not the glued caption, note and links"
    assert any(p.startswith("1: caption typed in the notebook") for p in problems)


def test_a_notebook_that_does_not_glue_its_figure_fails() -> None:
    nb = notebook("trade-annual")
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).replace('glue_figure("trade-annual", params)', "")
    assert caption_problems(nb, "trade-annual") == [
        "trade-annual: the notebook does not call glue_figure('trade-annual', params)"
    ]


# --------------------------------------------------------------------------------------------
# Links keep their query strings
# --------------------------------------------------------------------------------------------

DOUBLE = re.compile(r'href="[^"]*&amp;amp;[^"]*"')


def test_no_link_in_the_book_escapes_its_ampersand_twice() -> None:
    """A source URL with ``&`` (a query string) reaches the page as written (MyST-Parser issue
    760, undone by ``smeintl.sphinx_evidence.RawLinkTargets``)."""
    pages = sorted(paths.HTML.rglob("*.html"))
    assert pages, "the book is not built: `make book`"
    bad = [
        f"{paths.relative(p)}: {m}"
        for p in pages
        for m in DOUBLE.findall(p.read_text(encoding="utf-8"))
    ]
    assert bad == []
    # the check itself finds the escaping it guards against
    assert DOUBLE.findall('<a href="https://x.org/?a=1&amp;amp;b=2">') != []
    assert DOUBLE.findall('<a href="https://x.org/?a=1&amp;b=2">') == []


def test_a_note_without_the_sidecars_reading_note_fails(figure_1) -> None:
    page, meta, caption = figure_1
    meta = copy.deepcopy(meta) | {"note": "hollow circles: first releases, later revised"}
    assert any("how to read" in p for p in note_problems(page, "figure-01", meta, caption))


def test_figure_3_note_states_the_derived_2020_base() -> None:
    """By hand: GAC's 2025 level 2.75 and "69.7% higher than 2020" give the 2020 base."""
    meta = sidecar(3)
    assert meta["note"] == "the 2020 value is derived as 2.75 / (1 + 69.7/100)"
