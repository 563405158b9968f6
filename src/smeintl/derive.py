"""Derived numbers, each returned with the formula and sourced inputs that made it.

Every function takes :class:`Input` values (a sourced observation with its series, period,
vintage and source) and returns a :class:`Derived` record, which the book and the audit print
as "how this number was made". Functions are pure: nothing is read from disk here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Input:
    """A sourced value: ``value`` in ``unit`` for ``series_id`` at ``period`` as of ``vintage``."""

    series_id: str
    period: str
    vintage: str
    value: float
    unit: str
    qualifier: str = ""
    source_id: str = ""

    @classmethod
    def from_record(cls, series_id: str, period: str, record) -> Input:
        """The value of one record (a row of the store's observations, or a dict of one)."""
        return cls(
            series_id,
            period,
            str(record["vintage"]),
            float(record["value"]),
            str(record["unit"]),
            str(record["qualifier"]),
            str(record["source_id"]),
        )

    @property
    def label(self) -> str:
        return f"{self.series_id}[{self.period}, vintage {self.vintage}]"


@dataclass(frozen=True)
class Derived:
    """A derived value with its unit, the formula in words and symbols, and its inputs."""

    name: str
    value: float
    unit: str
    formula: str
    inputs: tuple[Input, ...] = field(default_factory=tuple)
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def explain(self, digits: int = 2) -> str:
        """One line: ``name = formula = value unit``, then each input with its source."""
        lines = [f"{self.name} = {self.formula} = {self.value:.{digits}f} {self.unit}"]
        lines += [
            f"  {i.label} = {_g(i.value)} {i.unit} (source: {i.source_id})" for i in self.inputs
        ]
        return "\n".join(lines)


def _g(x: float) -> str:
    """``x`` in its shortest form, never in exponent notation: ``43.8468``, ``60,000,000``."""
    text = f"{x:g}"
    if "e" not in text:
        return text
    return f"{x:,.0f}" if abs(x) >= 1 else f"{x:.12f}".rstrip("0")


def _require_unit(x: Input, *units: str) -> None:
    if units and x.unit not in units:
        raise ValueError(f"{x.label} is in {x.unit!r}; expected one of {units}")


def share(part: Input, whole: Input, name: str = "share") -> Derived:
    """Share of ``part`` in ``whole`` in percent (0–100); both in the same unit."""
    if part.unit != whole.unit:
        raise ValueError(f"share needs one unit: {part.unit!r} vs {whole.unit!r}")
    value = 100.0 * part.value / whole.value
    formula = f"100 × {_g(part.value)} / {_g(whole.value)}"
    return Derived(name, value, "%", formula, (part, whole))


def growth(current: Input, previous: Input, name: str = "growth") -> Derived:
    """Percentage change from ``previous`` to ``current`` (% ; same unit for both)."""
    if current.unit != previous.unit:
        raise ValueError(f"growth needs one unit: {current.unit!r} vs {previous.unit!r}")
    value = 100.0 * (current.value / previous.value - 1.0)
    formula = f"100 × ({_g(current.value)} / {_g(previous.value)} − 1)"
    return Derived(name, value, "% y/y", formula, (current, previous))


def back_cast(level: Input, cumulative_growth: Input, name: str = "back_cast") -> Derived:
    """The base-period level implied by "``level`` is g% higher than the base": level / (1 + g/100).

    ``level`` in any unit; ``cumulative_growth`` in percent. The result is in ``level``'s unit.
    """
    factor = 1.0 + cumulative_growth.value / 100.0
    value = level.value / factor
    formula = f"{_g(level.value)} / (1 + {_g(cumulative_growth.value)}/100)"
    return Derived(name, value, level.unit, formula, (level, cumulative_growth))


def ratio(numerator: Input, denominator: Input, name: str = "ratio") -> Derived:
    """``numerator / denominator`` (dimensionless when units agree, else 'unit/unit')."""
    unit = "×" if numerator.unit == denominator.unit else f"{numerator.unit} / {denominator.unit}"
    value = numerator.value / denominator.value
    formula = f"{_g(numerator.value)} / {_g(denominator.value)}"
    return Derived(name, value, unit, formula, (numerator, denominator))


def pp_change(new: Input, old: Input, name: str = "pp_change") -> Derived:
    """Change of a percentage from ``old`` to ``new`` in percentage points."""
    if new.unit != old.unit:
        raise ValueError(f"pp_change needs one unit: {new.unit!r} vs {old.unit!r}")
    value = new.value - old.value
    return Derived(name, value, "pp", f"{_g(new.value)} − {_g(old.value)}", (new, old))


def difference(a: Input, b: Input, name: str = "difference") -> Derived:
    """``a − b`` in their common unit."""
    if a.unit != b.unit:
        raise ValueError(f"difference needs one unit: {a.unit!r} vs {b.unit!r}")
    return Derived(name, a.value - b.value, a.unit, f"{_g(a.value)} − {_g(b.value)}", (a, b))


def convert(level: Input, rate: Input, name: str = "convert") -> Derived:
    """An RMB level converted to USD with an annual average rate (RMB per USD): level / rate."""
    _require_unit(rate, "RMB per USD")
    if not level.unit.startswith("RMB "):
        raise ValueError(f"{level.label} is not in RMB: {level.unit!r}")
    unit = "USD " + level.unit.removeprefix("RMB ")
    value = level.value / rate.value
    return Derived(name, value, unit, f"{_g(level.value)} / {_g(rate.value)}", (level, rate))
