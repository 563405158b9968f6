"""One house style and deterministic writers for every figure (SVG and PNG).

Figures carry no timestamps or software stamps and use a fixed ``svg.hashsalt``, so the same data
gives byte-identical files. A figure carries no source text of its own: its one source note is
its caption in the book (glued from :mod:`smeintl.presentation`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)

from smeintl.outputs import figure_path, write_bytes_atomically  # noqa: E402

PALETTE = ["#1f4e79", "#c0504d", "#7f7f7f", "#4f9d69", "#e1a12b", "#6a4c93"]
STYLE = {
    "svg.hashsalt": "smeintl",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (7.0, 4.0),
    "legend.frameon": False,
}
matplotlib.rcParams.update(STYLE)


def new_figure(title: str, figsize: tuple[float, float] | None = None):
    """A figure and axes in the house style with ``title`` on top."""
    fig, ax = plt.subplots(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
    ax.set_title(title, loc="left")
    return fig, ax


def bar_labels(ax, bars, fmt: str = "{:.2f}") -> None:
    """Write each bar's value above it."""
    ax.bar_label(bars, labels=[fmt.format(b.get_height()) for b in bars], padding=2, fontsize=8)


def grouped_bars(
    ax, categories: Sequence[str], groups: dict[str, Sequence[float]], fmt: str = "{:.2f}"
) -> None:
    """Bars of several groups side by side for each category, labelled with their values."""
    n = len(groups)
    width = 0.8 / n
    for i, (label, values) in enumerate(groups.items()):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(categories))]
        bars = ax.bar(xs, values, width=width, label=label, color=PALETTE[i % len(PALETTE)])
        bar_labels(ax, bars, fmt)
    ax.set_xticks(range(len(categories)), categories)
    if n > 1:
        ax.legend()


def save_figure(fig, key: int | str, params: Mapping[str, str] | None = None) -> list[Path]:
    """Write ``figure-NN[__params].svg`` and ``.png`` without volatile metadata; close ``fig``.

    ``key`` is the paper's figure number, or a name for a figure the paper does not have
    (``rules-timeline``), so the paper's numbering stays its own.
    """
    written = []
    for fmt, metadata in (("svg", {"Date": None, "Creator": None}), ("png", {"Software": None})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata=metadata)
        written.append(write_bytes_atomically(figure_path(key, fmt, params), buffer.getvalue()))
    plt.close(fig)
    return written
