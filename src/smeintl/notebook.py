"""Helpers every notebook uses: parameter checks and glued text.

Numbers in the book's prose are links to their evidence, glued by
:func:`smeintl.presentation.glue_all`; plain text (source lines) comes from :func:`glue_number`
(a Python float or a pre-formatted string, never a NumPy scalar, whose repr would render empty),
so no number is typed by hand. Source lines and formats live in :mod:`smeintl.presentation`.
"""

from __future__ import annotations

import ast
import os
from typing import Any

from smeintl.params import DECLARED, ParameterError, validate
from smeintl.presentation import cite, source_line  # noqa: F401  (moved to presentation)

CHECKED_ENV = "SMEINTL_PARAMS_CHECKED"  # set by the runner, which checked before the kernel
_ROLLBACK: dict[str, bool] = {}


def _injected_names() -> set[str]:
    """Names assigned by papermill's injected cell (``# Parameters``), from IPython's history."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - notebooks always have IPython
        return set()
    shell = get_ipython()
    if shell is None:
        return set()
    names: set[str] = set()
    for source in shell.user_ns.get("In", []):
        if not source.lstrip().startswith("# Parameters"):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _roll_back_outputs_on_failure() -> None:
    """Once per kernel: when a cell fails, remove the outputs this kernel wrote (see
    :func:`smeintl.outputs.roll_back`), so a failed run leaves no partial outputs."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is None or _ROLLBACK.get("registered"):
        return

    def after_cell(result: Any) -> None:
        if not result.success:
            from smeintl.outputs import roll_back

            removed = roll_back()
            if removed:
                print(f"smeintl: a cell failed; removed this run's outputs: {', '.join(removed)}")

    shell.events.register("post_run_cell", after_cell)
    _ROLLBACK["registered"] = True


def check_params(**params: Any) -> dict[str, str]:
    """Check the notebook's parameters (as given after papermill's injection); return them.

    The rules are :data:`smeintl.params.DECLARED`, the same the runner applies before any kernel
    starts: ``currency`` and ``scenario`` take one of their choices; ``vintage`` is ``"latest"``
    or an ISO date ``YYYY-MM-DD``, not after today and not before the earliest release of the
    processed data. A parameter papermill injected that the notebook does not pass here is an
    error, not a warning. From here on, a failing cell removes the outputs the run wrote.

    >>> check_params(currency="USD", vintage="2025-06-30")
    {'currency': 'USD', 'vintage': '2025-06-30'}
    >>> check_params(vintage="1990-01-01")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    smeintl.params.ParameterError: this notebook: vintage='1990-01-01' is before the first ...
    """
    from smeintl import paths

    label = "this notebook"
    if not os.environ.get(CHECKED_ENV):
        unknown = sorted(_injected_names() - set(params))
        if unknown:
            declared = {n: DECLARED[n] for n in params if n in DECLARED}
            raise ParameterError(
                f"{label} has no parameter {unknown[0]!r} (injected by papermill); it declares:\n"
                + "\n".join(
                    f"  {p.name} = {p.default_source}  ({p.rule()})" for p in declared.values()
                )
            )
    data = sorted(paths.DATA_PROCESSED.glob("*.csv"))
    checked = validate(
        params, DECLARED, label=label, data=data, data_label=paths.relative(paths.DATA_PROCESSED)
    )
    from smeintl.outputs import start_run

    start_run()
    _roll_back_outputs_on_failure()
    return {k: str(v) for k, v in checked.items()}


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
