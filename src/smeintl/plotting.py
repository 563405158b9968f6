"""One house style and deterministic writers for every figure: a bundle of SVG, PNG, CSV, JSON.

A figure function builds a frame of its marks (:func:`marks`: one row per bar or point drawn,
with series id, period, vintage, value, unit, label, style role, sources and derivation), draws
the image from that frame alone and hands both to :func:`save_figure`, which writes
``figure-NN[__params].svg``, ``.png``, ``.csv`` (the marks) and ``.json`` (title, caption, alt
text, sources with URLs, notebook, parameters, derivations, mark count, colour distance). It
refuses a figure whose drawn marks do not match the frame. Files carry no timestamps or software
stamps and use a fixed ``svg.hashsalt``, so the same data gives byte-identical bundles. SVG text
stays text (``svg.fonttype: none``) and renders the same everywhere: each SVG embeds, as an
``@font-face`` data URI, a subset of the DejaVu Sans faces matplotlib laid it out with (the
glyphs its text uses, made with fontTools), named first in every ``font-family``
(:func:`embed_fonts`).
"""

from __future__ import annotations

import base64
import functools
import io
import json
import math
import string
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from smeintl.outputs import figure_path, stem, write_bytes_atomically

# Chosen with smeintl.colours.min_distance: any two of these stay at least 18 CIEDE2000 apart
# under simulated deuteranopia, protanopia and tritanopia (tests/test_figures.py).
PALETTE = ["#004488", "#bb5566", "#aaaaaa", "#ddaa33", "#3399cc", "#000000"]
GREY = PALETTE[2]
MARKERS = ["o", "s", "^", "D", "v", "P"]  # lines that differ in colour also differ in marker
DASHES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2))]
MIN_COLOUR_DISTANCE = 15.0  # CIEDE2000, any pair of series colours in one figure, any vision
# Laid out with DejaVu Sans (shipped with matplotlib), whose subset each SVG embeds under
# EMBEDDED; the rest of the list stays in the SVG's font-family for viewers that ignore
# @font-face.
FONTS = ["DejaVu Sans", "Verdana", "Bitstream Vera Sans", "Arial", "Helvetica"]
EMBEDDED = "DejaVu Sans embedded"
SVG_NS = "{http://www.w3.org/2000/svg}"
STYLE = {
    "svg.hashsalt": "smeintl",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (7.0, 4.0),
    "legend.frameon": False,
}


def pyplot():
    """``matplotlib.pyplot`` on the Agg backend, in the house style (:data:`STYLE`, colours in
    :data:`PALETTE` order). Imported on first use, not with this module: the exhibits that draw
    also compute tables, and ``diff`` and the sweep compute without drawing (~0.7 s saved)."""
    global _styled
    import matplotlib

    if not _styled:
        matplotlib.use("Agg")
        matplotlib.rcParams.update(STYLE | {"axes.prop_cycle": matplotlib.cycler(color=PALETTE)})
        _styled = True
    import matplotlib.pyplot as plt

    return plt


_styled = False

MARK_COLUMNS = [
    "series_id",
    "period",
    "vintage",
    "value",
    "unit",
    "label",
    "role",
    "sources",
    "derivation",
]
ROLES = {
    "published",
    "first release, later revised",
    "derived",
    "paper only",
    "interval low",
    "interval high",
    "date in force",
    "date later moved",
}
NEUTRAL = {"#ffffff", "#000000", "#555555", "#999999", "#e6e6e6", "#dddddd"}


def marks(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The frame of a figure's marks, one row per bar or point drawn, in drawing order.

    Every row needs :data:`MARK_COLUMNS` (``sources`` ``;``-separated source ids, ``derivation``
    the formula of a derived value or ``""``) and a ``role`` from :data:`ROLES`.
    """
    frame = pd.DataFrame(list(rows), columns=MARK_COLUMNS)
    for i, row in frame.iterrows():
        missing = [c for c in MARK_COLUMNS if row[c] is None]
        if missing:
            raise ValueError(f"figure marks, row {i}: no {missing[0]!r}")
        if row["role"] not in ROLES:
            raise ValueError(f"figure marks, row {i}, column 'role': unknown {row['role']!r}")
    frame["period"] = frame["period"].astype(str)
    frame["value"] = frame["value"].astype(float)
    return frame


def new_figure(title: str, figsize: tuple[float, float] | None = None):
    """A figure and axes in the house style with ``title`` on top."""
    fig, ax = pyplot().subplots(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
    ax.set_title(title, loc="left")
    return fig, ax


def bar_labels(ax, bars, fmt: str = "{:.2f}") -> None:
    """Write each bar's value above it."""
    ax.bar_label(bars, labels=[fmt.format(b.get_height()) for b in bars], padding=2, fontsize=8)


def grouped_bars(
    ax, categories: Sequence[str], groups: dict[str, Sequence[float]], fmt: str = "{:.2f}"
) -> None:
    """Bars of several groups side by side for each category, labelled with their values.

    Groups differ in colour and in hatch, so they stay apart without colour."""
    n = len(groups)
    width = 0.8 / n
    for i, (label, values) in enumerate(groups.items()):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(categories))]
        colour = PALETTE[(i * 3) % len(PALETTE)] if n > 1 else PALETTE[0]
        bars = ax.bar(xs, values, width=width, label=label, color=colour, edgecolor="white")
        if i % 2:
            for bar in bars:
                bar.set_hatch("..")
        bar_labels(ax, bars, fmt)
    ax.set_xticks(range(len(categories)), categories)
    if n > 1:
        ax.legend()


def grouped_marks(frame: pd.DataFrame, groups: Sequence[str], categories: Sequence[str]):
    """``{group: [value per category]}`` from a marks frame ordered group by group."""
    values = frame["value"].tolist()
    n = len(categories)
    return {g: values[i * n : (i + 1) * n] for i, g in enumerate(groups)}


# --------------------------------------------------------------------------------------------
# What a figure object draws
# --------------------------------------------------------------------------------------------


def _finite(values) -> int:
    return sum(1 for v in values if v is not None and not (isinstance(v, float) and math.isnan(v)))


DATE_ROLES = {"date in force", "date later moved"}  # a point at a date, no value


def drawn_rows(frame: pd.DataFrame) -> int:
    """How many rows of a marks frame are drawn: those with a value, and dated events."""
    return int((frame["value"].notna() | frame["role"].isin(DATE_ROLES)).sum())


def count_marks(fig) -> int:
    """Bars (with a finite height) and points (finite) drawn on the axes of ``fig``: patches of
    bar containers, markers of lines (an error bar's caps: its low and high end), points of
    scatter collections. Each artist counted gets an SVG id (``mark-bar-N``, ``mark-line-N``,
    ``mark-points-N``) so that the marks can be counted again in the SVG."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    total = 0
    n = 0
    for ax in fig.axes:
        for container in ax.containers:
            if isinstance(container, BarContainer):
                for patch in container.patches:
                    if _finite([float(patch.get_height())]):
                        total += 1
                        n += 1
                        patch.set_gid(f"mark-bar-{n}")
        for line in ax.lines:  # an error bar's two caps are lines of one point each
            if line.get_marker() in (None, "None", "", " "):
                continue
            xs, ys = line.get_xdata(), line.get_ydata()
            points = sum(
                1 for x, y in zip(xs, ys, strict=True) if not pd.isna(x) and not pd.isna(y)
            )
            if points:
                total += points
                n += 1
                line.set_gid(f"mark-line-{n}")
        for coll in ax.collections:
            if isinstance(coll, PathCollection):
                offsets = coll.get_offsets()
                points = sum(1 for x, y in offsets if not (pd.isna(x) or pd.isna(y)))
                if points:
                    total += points
                    n += 1
                    coll.set_gid(f"mark-points-{n}")
    return total


def series_colours(fig) -> list[str]:
    """The distinct non-neutral colours of the marks of ``fig`` (faces and edges, hex)."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex
    from matplotlib.container import BarContainer

    found: list[str] = []

    def add(colour) -> None:
        if colour is None or (len(colour) == 4 and colour[3] == 0):
            return
        hexed = to_hex(colour)
        if hexed not in NEUTRAL and hexed not in found:
            found.append(hexed)

    for ax in fig.axes:
        for container in ax.containers:
            if isinstance(container, BarContainer):
                for p in container.patches:
                    add(p.get_facecolor())
                    add(p.get_edgecolor())
        for line in ax.lines:
            if line.get_marker() not in (None, "None", "", " ") or line.get_linestyle() != "None":
                add(line.get_color())
        for coll in ax.collections:
            if isinstance(coll, PathCollection):
                for c in list(coll.get_facecolors()) + list(coll.get_edgecolors()):
                    add(tuple(c))
    return found


def _number(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def _one_line_labels(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(label=[" ".join(str(label).split()) for label in frame["label"]])


def _nothing_shown(title: str) -> str:
    return f"{title}: no value released by this vintage."


def alt_text(title: str, frame: pd.DataFrame) -> str:
    """Alt text from the marks: what is compared, the range, the extreme values (within each
    unit, when the marks are in several)."""
    frame = _one_line_labels(frame)
    dated = frame[frame["role"].isin(DATE_ROLES)]
    if len(dated):
        lanes = list(dict.fromkeys(label.split(" — ")[0] for label in dated["label"]))
        first, last = dated.loc[dated["period"].idxmin()], dated.loc[dated["period"].idxmax()]
        moved = int((dated["role"] == "date later moved").sum())
        return (
            f"{title}. {len(dated)} dated events in {len(lanes)} lanes ({', '.join(lanes)}), "
            f"{moved} of them dates later moved. Earliest: {first['label']}, {first['period']}; "
            f"latest: {last['label']}, {last['period']}."
        )
    shown = frame.dropna(subset=["value"])
    if shown.empty:
        return _nothing_shown(title)
    units = list(dict.fromkeys(u for u in shown["unit"] if u))
    if len(units) < 2:
        what, span, extremes = _summary(shown)
        unit = f" ({units[0]})" if units else ""
        return f"{title}. {len(shown)} values compare {what}, {span}{unit}. {extremes}."
    # values in different units (panels, or a second axis) are compared within their unit only
    clauses = []
    for unit in units:
        part = shown[shown["unit"] == unit]
        what, span, extremes = _summary(part)
        count = f"{len(part)} values compare" if len(part) != 1 else "1 value compares"
        clauses.append(f"in {unit}, {count} {what}, {span}. {extremes}")
    return f"{title}. {len(shown)} values in {len(units)} units: " + "; ".join(clauses) + "."


def _summary(shown: pd.DataFrame) -> tuple[str, str, str]:
    """What the marks compare, the span of their periods, and their lowest and highest."""
    from smeintl.build import period_key

    series = list(dict.fromkeys(shown["label"]))
    periods = list(dict.fromkeys(shown["period"]))
    low, high = shown.loc[shown["value"].idxmin()], shown.loc[shown["value"].idxmax()]
    what = ", ".join(series[:6]) + (f" and {len(series) - 6} more" if len(series) > 6 else "")
    try:  # the range runs from the earliest period to the latest, whatever the drawing order
        periods = sorted(periods, key=period_key)
    except (ValueError, TypeError):  # a label that is not a period: the order drawn
        pass
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    extremes = (
        f"Value: {_mark_name(low)}, {_number(low['value'])}"
        if len(shown) == 1
        else f"Lowest: {_mark_name(low)}, {_number(low['value'])}; "
        f"highest: {_mark_name(high)}, {_number(high['value'])}"
    )
    return what, span, extremes


def _mark_name(mark: pd.Series) -> str:
    """A mark's label and period, the period once when the label already ends with it."""
    label, period = str(mark["label"]), str(mark["period"])
    return label if not period or label.endswith(period) else f"{label}, {period}"


def alt_by_release(title: str, frame: pd.DataFrame) -> str:
    """Alt text of a figure that draws values by release date, one line or panel per ``label``
    (in the order drawn): how many values each shows, its first and last value and their dates
    (the marks' ``vintage``), in its unit."""
    shown = _one_line_labels(frame).dropna(subset=["value"])
    if shown.empty:
        return _nothing_shown(title)
    parts = []
    for label, part in shown.groupby("label", sort=False):
        part = part.sort_values("vintage", kind="stable")
        first, last = part.iloc[0], part.iloc[-1]
        unit = f" ({first['unit']})" if first["unit"] else ""
        parts.append(
            f"{label}{unit}: {len(part)} values, from "
            f"{_number(first['value'])} on {first['vintage']} to {_number(last['value'])} "
            f"on {last['vintage']}"
        )
    count = f"{len(parts)} quantit{'y' if len(parts) == 1 else 'ies'} by release date"
    return f"{title}. {count}. " + "; ".join(parts) + "."


# --------------------------------------------------------------------------------------------
# The bundle
# --------------------------------------------------------------------------------------------


def _sources(frame: pd.DataFrame) -> list[dict[str, str]]:
    from smeintl.store import sources

    ids = list(dict.fromkeys(i for cell in frame["sources"] for i in str(cell).split(";") if i))
    table = sources().set_index("source_id")
    return [
        {
            "source_id": sid,
            "publisher": str(table.loc[sid, "publisher"]),
            "title": str(table.loc[sid, "title"]),
            "published": str(table.loc[sid, "published"] or ""),
            "url": str(table.loc[sid, "url"]),
        }
        for sid in ids
    ]


def sidecar(
    fig,
    key: int | str,
    frame: pd.DataFrame,
    params: Mapping[str, str] | None,
    note: str = "",
    alt: Callable[[str, pd.DataFrame], str] | None = None,
) -> dict:
    """The JSON sidecar of a figure (see the module docstring); ``note`` is how to read it
    (what hatched or hollow marks mean, how a derived value is made), printed after its
    sources; ``alt`` makes its alt text (default :func:`alt_text`)."""
    from smeintl.colours import min_distance
    from smeintl.figures import entry

    meta = entry(key)
    # a figure of several panels is named by its suptitle, not by its first panel
    panels = (ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left"))
    title = fig.get_suptitle() or next(panels, "")
    distance, vision, a, b = min_distance(series_colours(fig))
    name = stem("figure", key, params)
    return {
        "figure": name,
        "title": title,
        "caption": meta.caption,
        "alt": (alt or alt_text)(title, frame),
        "notebook": f"notebooks/{meta.notebook}.ipynb" if meta.notebook else "",
        "page": "" if meta.notebook else meta.page,
        "parameters": dict(sorted((params or {}).items())),
        "files": [f"{name}.{s}" for s in ("svg", "png", "csv", "json")],
        "marks": len(frame),
        "colours": series_colours(fig),
        "colour_distance_min": None
        if math.isinf(distance)
        else {"ciede2000": round(distance, 2), "vision": vision, "between": [a, b]},
        "sources": _sources(frame),
        "note": note,
        "derivations": sorted({d for d in frame["derivation"] if d}),
    }


# --------------------------------------------------------------------------------------------
# The SVG's embedded font
# --------------------------------------------------------------------------------------------


def _style(element) -> dict[str, str]:
    pairs = (part.partition(":") for part in (element.get("style") or "").split(";"))
    return {k.strip(): v.strip() for k, _, v in pairs if k.strip()}


def svg_text_faces(svg: bytes) -> dict[tuple[int, str], str]:
    """The characters of each face the text of an SVG is set in: ``{(weight, style): chars}``,
    from every ``<text>`` and ``<tspan>`` with text of its own. Text in a family other than
    DejaVu Sans is refused (there is no subset of it to embed)."""
    faces: dict[tuple[int, str], set[str]] = {}
    for el in ET.fromstring(svg).iter():
        if el.tag not in (f"{SVG_NS}text", f"{SVG_NS}tspan") or not (el.text or "").strip():
            continue
        style = _style(el)
        family = style.get("font-family", "").split(",")[0].strip().strip("'\"")
        if family not in (FONTS[0], EMBEDDED):
            raise ValueError(f"SVG text {el.text!r} is set in {family!r}, not {FONTS[0]!r}")
        weight = {"normal": 400, "bold": 700}.get(style.get("font-weight", "normal"))
        face = (weight or int(style["font-weight"]), style.get("font-style", "normal"))
        faces.setdefault(face, set()).update(el.text)
    return {face: "".join(sorted(chars)) for face, chars in sorted(faces.items())}


# The characters most figures use: subsetting from a face already cut down to these is five times
# faster than from the whole face (whose kerning tables dominate the cost) and gives the same bytes.
COMMON_CHARS = frozenset(string.printable + "–—−×·…’‘“”°€£¥±≤≥→←↑↓•")


def _subset(font_file: str | io.BytesIO, chars: str, flavor: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's build timestamps
    options.flavor = flavor
    font = TTFont(font_file, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def _face_path(weight: int, style: str) -> str:
    from matplotlib import font_manager

    props = font_manager.FontProperties(family=FONTS[0], weight=weight, style=style)
    return font_manager.findfont(props, fallback_to_default=False)


@functools.cache
def _common_face(weight: int, style: str) -> bytes:
    from smeintl.fontcache import cached, key

    face, chars = _face_path(weight, style), "".join(sorted(COMMON_CHARS))
    return cached(key(face, chars, None, __file__), lambda: _subset(face, chars, None))


def font_subset(weight: int, style: str, chars: str) -> bytes:
    """The subset (WOFF) of the DejaVu Sans face matplotlib uses for ``weight`` and ``style``
    with the glyphs of ``chars``. All name records are kept: they hold the font's copyright and
    licence, which its licence asks every copy to carry. Deterministic: the face's own
    ``head.modified`` is kept, not the time of subsetting, and WOFF's zlib has no timestamp."""
    from smeintl.fontcache import cached, key

    face = _face_path(weight, style)
    if set(chars) <= COMMON_CHARS:
        # keyed by the whole face: the common face is cut only when this entry is missing
        return cached(
            key(face, chars, "woff", __file__),
            lambda: _subset(io.BytesIO(_common_face(weight, style)), chars, "woff"),
        )
    return cached(key(face, chars, "woff", __file__), lambda: _subset(face, chars, "woff"))


def embed_fonts(svg: bytes) -> bytes:
    """``svg`` with a ``<style>`` of one ``@font-face`` per face its text uses (a base64
    WOFF subset, family :data:`EMBEDDED`), and :data:`EMBEDDED` first in every
    ``font-family``."""
    rules = []
    for (weight, style), chars in svg_text_faces(svg).items():
        data = base64.b64encode(font_subset(weight, style, chars)).decode("ascii")
        rules.append(
            f"@font-face {{font-family: '{EMBEDDED}'; font-weight: {weight}; "
            f"font-style: {style}; src: url(data:font/woff;base64,{data}) format('woff')}}"
        )
    head = b"<defs>\n"
    if head not in svg:
        raise ValueError("SVG without <defs>: no place for its embedded font")
    css = f'  <style type="text/css">{chr(10).join(rules)}</style>\n'.encode()
    svg = svg.replace(head, head + css, 1)
    family = f"font-family: '{FONTS[0]}'".encode()
    return svg.replace(family, f"font-family: '{EMBEDDED}', '{FONTS[0]}'".encode())


def save_figure(
    fig,
    key: int | str,
    params: Mapping[str, str] | None = None,
    data: pd.DataFrame | None = None,
    note: str = "",
    alt: Callable[[str, pd.DataFrame], str] | None = None,
) -> pd.DataFrame:
    """Write the bundle ``figure-NN[__params].svg/.png/.csv/.json``; close ``fig``; return
    ``data``, the marks frame the figure was drawn from (:func:`marks`). ``alt`` makes the alt
    text from the title and the marks (default :func:`alt_text`; :func:`alt_by_release` for
    values by release date).

    ``key`` is the paper's figure number, or a name for a figure the paper does not have
    (``rules-timeline``), so the paper's numbering stays its own. A figure whose drawn marks
    (:func:`count_marks`) differ in number from ``data`` is refused.
    """
    if data is None:
        raise ValueError(f"figure {key!r}: no marks frame given (plotting.marks)")
    drawn, rows = count_marks(fig), drawn_rows(data)
    if drawn != rows:
        pyplot().close(fig)
        raise ValueError(
            f"figure {key!r}: {drawn} marks drawn but {rows} rows to draw in its marks frame"
        )
    meta = sidecar(fig, key, data, params, note, alt)
    ax = fig.axes[0]
    ax.set_gid(f"{meta['figure']}-axes")
    svg_meta = {"Date": None, "Creator": None, "Title": meta["title"], "Description": meta["alt"]}
    for fmt, metadata in (("svg", svg_meta), ("png", {"Software": None})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata=metadata)
        content = embed_fonts(buffer.getvalue()) if fmt == "svg" else buffer.getvalue()
        write_bytes_atomically(figure_path(key, fmt, params), content)
    pyplot().close(fig)
    csv = data.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    write_bytes_atomically(figure_path(key, "csv", params), csv.encode())
    text = json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    write_bytes_atomically(figure_path(key, "json", params), text.encode())
    return data


def bundle_paths(key: int | str, params: Mapping[str, str] | None = None) -> list[Path]:
    """The four files of a figure's bundle."""
    return [figure_path(key, s, params) for s in ("svg", "png", "csv", "json")]
