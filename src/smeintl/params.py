"""Notebook parameters: read a notebook's ``parameters`` cell and check values given to the runner.

Grammar of the parameters cell (one parameter a line, the form papermill itself parses)::

    name: type = default  # rule

``type`` is ``str``, ``int``, ``float`` or ``bool``; any other annotation (or none) takes the
type of the default when the default is a Python literal, and otherwise accepts any Python literal
(a value that is not a literal is kept as a string). The trailing comment, the *rule*, is one of

``one of: A, B, C``
    the value, converted to ``type``, must equal one of the comma-separated choices (spaces and
    surrounding quotes of each choice are ignored);
``ISO date or "latest"``
    the value must be the string ``latest`` or a calendar date ``YYYY-MM-DD``;
``ISO date``
    the value must be a calendar date ``YYYY-MM-DD``;
anything else
    a free description: only the type is checked.

A rule may follow a short description after a semicolon, e.g.
``currency: str = "RMB"  # reporting currency; one of: RMB, USD``. Rules are matched
case-insensitively; choices are compared exactly.

The project's own parameters (``currency``, ``vintage``, ``scenario``) are declared once, in
:data:`DECLARED`: their notebooks' comments only describe them, and the rule comes from here. The
same :func:`validate` runs in the runner before any kernel starts (:func:`resolve`) and inside
the kernel, in the cell after the parameters (:func:`smeintl.notebook.check_params`), so papermill,
nbconvert and JupyterLab users get the same errors. Beyond its rule, a ``vintage`` date may not
lie after today, nor before the first release of the data the notebook reads (the error names the
earliest vintage).

Values from the command line arrive as strings and are converted here, before any kernel starts,
so a typo fails in milliseconds with the list of parameters the notebook does declare.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_ONE_OF = re.compile(r"one of:\s*(?P<choices>.+?)\s*$", re.IGNORECASE)
_DATE_OR_LATEST = re.compile(r"ISO date or [\"']?latest[\"']?", re.IGNORECASE)
_DATE = re.compile(r"ISO date", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_NO_DEFAULT = object()  # the default is an expression, not a literal: no value equals it


class ParameterError(ValueError):
    """A parameter the notebook does not declare, or a value its rule does not allow."""


@dataclass(frozen=True)
class Parameter:
    """One line of a parameters cell: name, type, default and the rule from its comment."""

    name: str
    type_name: str
    default_source: str
    help: str
    choices: tuple[str, ...] | None = None
    date_rule: str | None = None  # "date" or "date-or-latest"

    @property
    def default(self) -> Any:
        """The default as a Python value (a sentinel when it is not a literal)."""
        try:
            return ast.literal_eval(self.default_source)
        except (ValueError, SyntaxError):
            return _NO_DEFAULT

    def rule(self) -> str:
        """The rule in words, for error messages and listings."""
        if self.choices is not None:
            return "one of: " + ", ".join(self.choices)
        if self.date_rule == "date-or-latest":
            return 'ISO date or "latest"'
        if self.date_rule == "date":
            return "ISO date"
        return f"any {self.type_name}" if self.type_name in _CONVERTERS else "any value"

    def convert(self, value: Any) -> Any:
        """``value`` (a string from the command line, or already typed) checked against the rule.

        Raises ParameterError naming the parameter and what it accepts.
        """
        typed = self._to_type(value)
        if self.choices is not None:
            allowed = [self._to_type(choice) for choice in self.choices]
            if typed not in allowed:
                raise ParameterError(f"{self.name}={value!r} is not allowed; {self.rule()}")
        if self.date_rule is not None and not (
            self.date_rule == "date-or-latest" and typed == "latest"
        ):
            if not _is_iso_date(typed):
                raise ParameterError(f"{self.name}={value!r} is not allowed; {self.rule()}")
        return typed

    def _to_type(self, value: Any) -> Any:
        type_name = self.type_name
        if type_name not in _CONVERTERS:
            default = self.default
            type_name = type(default).__name__ if default is not _NO_DEFAULT else ""
        converter = _CONVERTERS.get(type_name)
        if not isinstance(value, str):
            return value
        if converter is None:
            try:
                return ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return value
        try:
            return converter(_unquote(value))
        except ValueError:
            raise ParameterError(
                f"{self.name}={value!r} is not a valid {type_name}; {self.rule()}"
            ) from None


def _to_bool(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError(text)


_CONVERTERS = {"str": str, "int": int, "float": float, "bool": _to_bool}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_rule(comment: str) -> tuple[tuple[str, ...] | None, str | None]:
    """``(choices, date_rule)`` declared by a parameter's trailing comment (see module doc)."""
    match = _ONE_OF.search(comment)
    if match:
        choices = tuple(_unquote(c) for c in match["choices"].split(",") if c.strip())
        return choices, None
    if _DATE_OR_LATEST.search(comment):
        return None, "date-or-latest"
    if _DATE.search(comment):
        return None, "date"
    return None, None


def declared_parameters(notebook: Path) -> dict[str, Parameter]:
    """The parameters a notebook declares in its ``parameters`` cell, in order of declaration."""
    import papermill as pm  # heavy: only when parameters are actually inspected

    declared: dict[str, Parameter] = {}
    for name, info in pm.inspect_notebook(str(notebook)).items():
        help_text = info.get("help") or ""
        choices, date_rule = parse_rule(help_text)
        if choices is None and date_rule is None and name in DECLARED:
            choices, date_rule = DECLARED[name].choices, DECLARED[name].date_rule
        declared[name] = Parameter(
            name=name,
            type_name=info.get("inferred_type_name") or "None",
            default_source=info.get("default") or "",
            help=help_text,
            choices=choices,
            date_rule=date_rule,
        )
    return declared


def describe(declared: Mapping[str, Parameter]) -> str:
    """One line per declared parameter, ``name: type = default  (rule)``; for error messages."""
    if not declared:
        return "  (no parameters cell)"
    return "\n".join(
        f"  {p.name}: {p.type_name} = {p.default_source}  ({p.rule()})" for p in declared.values()
    )


# The project's parameters, declared once (the notebooks' comments only describe them).
DECLARED: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("currency", "str", '"RMB"', "reporting currency", choices=("RMB", "USD")),
        Parameter(
            "vintage",
            "str",
            '"latest"',
            "values as published on this date",
            date_rule="date-or-latest",
        ),
        Parameter(
            "scenario", "str", '"baseline"', "WTO forecast", choices=("baseline", "energy_shock")
        ),
    )
}


def earliest_vintage(files: Iterable[Path]) -> str | None:
    """The earliest ``vintage`` in the given processed CSV files (None when none has one)."""
    earliest: str | None = None
    for path in files:
        if path.suffix != ".csv" or not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                vintage = row.get("vintage") or ""
                if _is_iso_date(vintage) and (earliest is None or vintage < earliest):
                    earliest = vintage
    return earliest


def validate(
    given: Mapping[str, Any],
    declared: Mapping[str, Parameter],
    *,
    label: str,
    data: Iterable[Path] = (),
    data_label: str = "",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """``given`` converted and checked against ``declared``; every value, sorted by name.

    An unknown name, a value outside its rule, a ``vintage`` after ``today`` or before the
    earliest vintage of the processed ``data`` files (described as ``data_label``) raises
    ParameterError naming ``label``, the parameter and what it accepts.
    """
    checked: dict[str, Any] = {}
    for name in sorted(given):
        param = declared.get(name)
        if param is None:
            raise ParameterError(
                f"{label} has no parameter {name!r}; it declares:\n{describe(declared)}"
            )
        try:
            checked[name] = param.convert(given[name])
        except ParameterError as err:
            raise ParameterError(f"{label}: {err}") from None
    vintage = checked.get("vintage")
    if _is_iso_date(vintage):
        today = today or dt.date.today()
        if vintage > today.isoformat():
            raise ParameterError(
                f"{label}: vintage={vintage!r} is after today ({today.isoformat()}); "
                'a vintage is a date on which values were published, or "latest"'
            )
        earliest = earliest_vintage(data)
        if earliest is not None and vintage < earliest:
            raise ParameterError(
                f"{label}: vintage={vintage!r} is before the first release of the data it reads"
                f"{f' ({data_label})' if data_label else ''}; the earliest vintage is {earliest}"
            )
    return checked


def resolve(
    notebook: Path,
    given: Mapping[str, Any],
    label: str | None = None,
    *,
    data: Iterable[Path] = (),
    data_label: str = "",
) -> dict[str, Any]:
    """Check ``given`` against the notebook's parameters cell; return the non-default values.

    Values equal to the declared default are dropped, so ``-p currency RMB`` on a notebook whose
    default is RMB is the default run. The result is sorted by name. Raises ParameterError naming
    the notebook (``label``, else its path) and listing the parameters it declares. ``data`` are
    the processed files the notebook reads, for the bounds of ``vintage`` (see :func:`validate`).
    """
    label = label or str(notebook)
    declared = declared_parameters(notebook) if given else {}
    checked = validate(given, declared, label=label, data=data, data_label=data_label)
    return {k: v for k, v in checked.items() if v != declared[k].default}


def _slug(value: Any) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)


def suffix(params: Mapping[str, Any]) -> str:
    """File-name suffix of a parameter set: ``__name-value`` per parameter, sorted by name.

    Empty for the default run. Characters outside ``[A-Za-z0-9._-]`` in values become ``_``.
    """
    return "".join(f"__{name}-{_slug(params[name])}" for name in sorted(params))
