"""Every figure the notebooks save: its caption and notebook (for its JSON sidecar), the links of
its bundle, and the generated "Figures" page listing them all.

The bundle files themselves are written by :func:`smeintl.plotting.save_figure`; this module
only reads them back (the page is generated after the notebooks ran).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from smeintl import paths


@dataclass(frozen=True)
class Entry:
    """One figure: the notebook that saves it (or, for a figure of a generated page, the page
    that shows it, made by ``python -m smeintl generate``) and the caption the book prints."""

    notebook: str
    caption: str
    page: str = ""  # a generated page under book/generated/ (figures not made by a notebook)


FIGURES: dict[int | str, Entry] = {
    "sme-tiers": Entry(
        "01_sme_population",
        "Chinese SMEs by tier, on a logarithmic scale (not a numbered figure of the paper).",
    ),
    1: Entry(
        "02_foreign_trade",
        "Figure 1. China's goods trade scale and private enterprise contribution, 2024-2025.",
    ),
    "trade-annual": Entry(
        "02_foreign_trade",
        "China's goods trade by year, with the private enterprises' share of total trade (not a "
        "numbered figure of the paper).",
    ),
    2: Entry("03_key_markets", "Figure 2. Import and export scale of key markets in 2025."),
    3: Entry(
        "04_cross_border_ecommerce",
        "Figure 3. Changes in China's cross-border e-commerce import and export scale.",
    ),
    4: Entry(
        "05_enterprise_survey",
        "Figure 4. International comparison of firms' direct export participation.",
    ),
    6: Entry(
        "05_enterprise_survey", "Figure 6. Share of Chinese sample firms with bank loans by size."
    ),
    5: Entry(
        "06_global_trade_rules", "Figure 5. Global trade growth and rule fragmentation pressure."
    ),
    "wto-forecast-vintages": Entry(
        "06_global_trade_rules",
        "WTO forecasts of world merchandise trade volume growth by release date (not a numbered "
        "figure of the paper).",
    ),
    "rules-timeline": Entry(
        "06_global_trade_rules",
        "Timeline of green and supply-chain rules (drawn from Table 7; not a numbered figure of "
        "the paper).",
    ),
    "revisions-most-revised": Entry(
        "",
        "Every release of the most revised quantities on its release date.",
        page="revisions",
    ),
    "revisions-sweep": Entry(
        "",
        "As of each release date, what the paper's derived numbers would have been.",
        page="revisions",
    ),
}


def entry(key: int | str) -> Entry:
    """The registry entry of figure ``key``; a clear error for a figure not registered."""
    try:
        return FIGURES[key]
    except KeyError:
        raise KeyError(f"figure {key!r} is not in smeintl.figures.FIGURES") from None


def links(name: str, notebook: str, base: str, notebooks: str) -> str:
    """MyST links to a bundle's files and the notebook that made it (none for a figure of a
    generated page); ``base`` and ``notebooks`` are the folders of the figure files and of the
    notebooks relative to the page."""
    files = [
        ("SVG", "svg"),
        ("PNG", "png"),
        ("CSV (the values drawn)", "csv"),
        ("JSON (sources, parameters, derivations)", "json"),
    ]
    parts = [f"{{download}}`{label} <{base}/{name}.{ext}>`" for label, ext in files]
    if notebook:
        parts.append(f"{{download}}`notebook <{notebooks}/{notebook}.ipynb>`")
    return "Files: " + " · ".join(parts)


def chapter_links(key: int | str, params: Mapping[str, str] | None = None) -> str:
    """The links line under a figure in its chapter (a notebook in ``notebooks/``): the bundle
    this run wrote (``figure-03__vintage-2021-06-30.*`` for a run with parameters)."""
    from smeintl.outputs import stem

    name = stem("figure", key, params)
    return links(name, entry(key).notebook, "../book/generated/figures", ".")


def glue_name(key: int | str) -> str:
    """The prefix of the glue keys of figure ``key`` in its chapter: ``figure_01``,
    ``sme_tiers``."""
    from smeintl.outputs import stem

    return stem("figure", key).replace("-", "_")


def bundle_file(key: int | str, suffix: str, params: Mapping[str, str] | None = None) -> Path:
    """Where this run wrote the ``suffix`` file of figure ``key``'s bundle (a staged run's files
    are in its stage until committed); a clear error when the figure was not drawn."""
    from smeintl.outputs import figure_path, written

    path = written(figure_path(key, suffix, params))
    if not path.exists():
        raise FileNotFoundError(
            f"{paths.relative(path)}: no {'sidecar' if suffix == 'json' else suffix} for figure "
            f"{key!r}; draw the figure first"
        )
    return path


def read_sidecar(key: int | str, params: Mapping[str, str] | None = None) -> dict:
    """The JSON sidecar of figure ``key`` as this run wrote it (see :func:`bundle_file`)."""
    return json.loads(bundle_file(key, "json", params).read_text(encoding="utf-8"))


def chapter_texts(key: int | str, params: Mapping[str, str] | None = None) -> dict[str, str]:
    """What its chapter prints with figure ``key``, as Markdown: ``caption`` (declared once, in
    :data:`FIGURES`), ``sources`` (the one source note, from the JSON sidecar the figure
    function just wrote) and ``files`` (the links of its bundle and notebook)."""
    meta = read_sidecar(key, params)
    return {
        "caption": entry(key).caption,
        "sources": sources_note(meta),
        "files": chapter_links(key, params),
    }


def glue_figure(key: int | str, params: Mapping[str, str] | None = None) -> None:
    """Glue :func:`chapter_texts` for the figure directive of the chapter, as
    ``{glue:md}`<glue_name>_caption:myst``` and likewise ``_sources`` and ``_files``, then
    :func:`show_figure` for a reader of the notebook itself."""
    from smeintl.presentation import glue_markdown

    for part, markdown in chapter_texts(key, params).items():
        glue_markdown(f"{glue_name(key)}_{part}", markdown)
    show_figure(key, params)


# The saved PNGs are drawn at 150 dpi; shown at the 100 dpi matplotlib draws on screen.
SCREEN_SCALE = 100 / 150


def figure_output(key: int | str, params: Mapping[str, str] | None = None) -> dict:
    """The notebook output that shows figure ``key`` as this run drew it: the PNG, and as its
    plain text the alt text with the sha256 of the values drawn (CSV) and of the SVG, so that
    a changed figure is a changed text for strict nbval (which skips PNG bytes) and for
    ``make accept``."""
    import base64
    import hashlib

    files = {ext: bundle_file(key, ext, params) for ext in ("png", "csv", "svg")}
    png = files["png"].read_bytes()
    width = int.from_bytes(png[16:20], "big")  # the IHDR chunk's width, in pixels
    meta = read_sidecar(key, params)
    digests = {
        ext: hashlib.sha256(files[ext].read_bytes()).hexdigest()[:16] for ext in ("csv", "svg")
    }
    text = (
        f"{meta['alt']}\n"
        f"values drawn: {files['csv'].name} (sha256 {digests['csv']}); "
        f"SVG sha256 {digests['svg']}"
    )
    return {
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text},
        "metadata": {"image/png": {"width": round(width * SCREEN_SCALE)}},
    }


def show_figure(key: int | str, params: Mapping[str, str] | None = None) -> None:
    """Display :func:`figure_output` in the running notebook (JupyterLab shows no MyST figure
    directive). The book's figure cells are tagged ``remove-output``: there the page's own
    figure directive shows the SVG, with its caption and note."""
    from IPython.display import display

    output = figure_output(key, params)
    display(output["data"], raw=True, metadata=output["metadata"])


def sidecars() -> list[dict]:
    """The default-parameter sidecars in ``book/generated/figures``, in registry order."""
    order = {f"figure-{k:02d}" if isinstance(k, int) else k: i for i, k in enumerate(FIGURES)}
    found = []
    for path in sorted(paths.FIGURES.glob("*.json")):
        if "__" in path.stem:
            continue
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: (order.get(m["figure"], len(order)), m["figure"]))


def sources_note(meta: dict) -> str:
    """The one source note of a figure, from its sidecar: publisher, date and URL of each
    source, then how to read the figure (the sidecar's ``note``)."""
    cited = [
        f"[{s['publisher']} ({s['published'] or 'date not shown'})]({s['url']})"
        for s in meta["sources"]
    ]
    text = "Sources: " + "; ".join(dict.fromkeys(cited)) + "." if cited else "No sourced value."
    note = str(meta.get("note", "")).strip().rstrip(".")
    return f"{text} {note[0].upper()}{note[1:]}." if note else text


def figures_markdown() -> str:
    """The generated "Figures" page: every figure with its thumbnail, caption, alt text, bundle
    links and sources (from the sidecars)."""
    lines = [
        "(figures)=",
        "# Figures",
        "",
        "Every figure of the book as a bundle: the image (SVG with selectable text, and PNG), a",
        "CSV with one row per bar or point drawn (series, period, vintage, value, unit, label,",
        "style role), and a JSON sidecar with its title, caption, alt text, sources, notebook,",
        "parameters and derivations. The tests compare each CSV with its table and count the",
        "marks drawn (`tests/test_figures.py`).",
        "",
    ]
    for meta in sidecars():
        name = meta["figure"]
        notebook = meta["notebook"].removeprefix("notebooks/").removesuffix(".ipynb")
        alt = meta["alt"].replace("\n", " ")
        lines += [
            f"## {meta['caption']}",
            "",
            f"```{{image}} figures/{name}.svg",
            f":alt: {alt}",
            ":width: 420px",
            "```",
            "",
            f"{meta['marks']} marks. {alt}",
            "",
            links(name, notebook, "figures", "../../notebooks")
            + (
                f" · chapter: {{doc}}`../../notebooks/{notebook}`"
                if notebook
                else f" · page: {{doc}}`{meta['page']}`"
            ),
            "",
            sources_note(meta),
            "",
        ]
    return "\n".join(lines)
