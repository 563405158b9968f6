"""Helpers every notebook uses: parameter checks, glued numbers, source lines.

Numbers in the book's prose come from :func:`glue_number` (a Python float or a pre-formatted
string, never a NumPy scalar, whose repr would render empty), so no number is typed by hand.
"""

from __future__ import annotations

from datetime import date

from smeintl.outputs import DEFAULTS

CHOICES: dict[str, tuple[str, ...]] = {
    "currency": ("RMB", "USD"),
    "scenario": ("baseline", "energy_shock"),
}


def check_params(**params: str) -> dict[str, str]:
    """Refuse a parameter value outside its declared choices; return the parameters as given.

    ``vintage`` is ``"latest"`` or an ISO date ``YYYY-MM-DD``.
    """
    for name, value in params.items():
        if name == "vintage":
            if value != "latest":
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(
                        f"vintage must be 'latest' or an ISO date YYYY-MM-DD, got {value!r}"
                    ) from None
        elif name in CHOICES and value not in CHOICES[name]:
            raise ValueError(f"{name} must be one of {', '.join(CHOICES[name])}, got {value!r}")
        elif name not in CHOICES and name not in DEFAULTS:
            raise ValueError(f"unknown parameter {name!r}")
    return {k: str(v) for k, v in params.items()}


def glue_number(name: str, value: float | int | str, fmt: str | None = None) -> str:
    """Glue ``value`` for ``{glue:text}`name``` in the book; return the text as displayed.

    With ``fmt`` (e.g. ``"{:.2f}"``) the value is glued as a pre-formatted string, so the book
    shows exactly what the notebook computed, rounded once, here.
    """
    from myst_nb import glue

    if isinstance(value, str):
        text = value
    else:
        number = float(value)
        text = fmt.format(number) if fmt else f"{number:g}"
    glue(name, text, display=False)
    return text


def cite(source_id: str) -> str:
    """``Publisher (YYYY-MM-DD)`` for one source (``date not shown`` when undated)."""
    from smeintl.store import sources

    row = sources().set_index("source_id").loc[source_id]
    return f"{row['publisher']} ({row['published'] or 'date not shown'})"


def source_line(records, unit: str = "", note: str = "") -> str:
    """ "Source: publisher (release date); …; unit: …" for the records a table or figure shows.

    ``records`` is a DataFrame with a ``source_id`` column (e.g. from :func:`smeintl.store`).
    """
    seen = list(dict.fromkeys(cite(sid) for sid in records["source_id"]))
    parts = ["Source: " + "; ".join(seen)]
    if note:
        parts.append(note)
    if unit:
        parts.append(f"unit: {unit}")
    return "; ".join(parts) + "."
