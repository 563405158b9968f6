"""Helpers every notebook uses: parameter checks and glued text.

Numbers in the book's prose are links to their evidence, glued by
:func:`smeintl.presentation.glue_all`; plain text (source lines) comes from :func:`glue_number`
(a Python float or a pre-formatted string, never a NumPy scalar, whose repr would render empty),
so no number is typed by hand. Source lines and formats live in :mod:`smeintl.presentation`.
"""

from __future__ import annotations

from datetime import date

from smeintl.outputs import DEFAULTS
from smeintl.presentation import cite, source_line  # noqa: F401  (moved to presentation)

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
