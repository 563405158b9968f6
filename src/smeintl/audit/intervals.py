"""Interval arithmetic for printed numbers: what a rounded figure can stand for.

A number printed with resolution ``p`` (the *precision*: 0.01 for "45.47", 0.1 for "57.3", 1 for
"8%", 100 for "about 17,600") stands for every value that rounds to it, the half-open interval
``[v − p/2, v + p/2)``: 45.47 → [45.465, 45.475). Qualified numbers are bounds:

=============  ==================  ==========================================
qualifier      interval            example
=============  ==================  ==========================================
(none), about  [v − p/2, v + p/2)  "about 80%" → [79.5, 80.5)
more_than      (v, +∞)             "more than 60 million" → (60 000 000, +∞)
at_least       [v, +∞)
nearly         [v − p, v)          "nearly 700,000" (p = 100 000) → [600 000, 700 000)
less_than      (−∞, v)
=============  ==================  ==========================================

Endpoints are exact :class:`fractions.Fraction` values (or ±infinity), so that touching intervals
such as 18.39 → [18.385, 18.395) and 18.40 → [18.395, 18.405) are told apart exactly: they do not
overlap, because the shared point belongs to one of them only.

The derivations of :mod:`smeintl.derive` (share, growth, ratio, back_cast, pp_change,
difference) are monotone in each argument separately on their domain, so the exact image of a
box of input intervals is spanned by the values at its corners (:func:`apply`). Each endpoint of
the result is closed only if the endpoints that produce it are all closed.

Units: intervals carry no unit; callers keep units alongside (percent for share and growth).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Number = Fraction | float  # float only for ±inf
INF = math.inf

QUALIFIERS = ("", "about", "more_than", "at_least", "nearly", "less_than")


def exact(value: str | int | float | Fraction | Decimal) -> Fraction:
    """An exact fraction from a printed decimal string (``"45.47"`` → 4547/100).

    Floats are converted through their shortest repr, so ``exact(0.1) == Fraction(1, 10)``.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            raise ValueError(f"not a finite number: {value!r}")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(Decimal(str(value).strip().replace(",", "")))


def precision_of(text: str) -> Fraction:
    """The resolution a number is printed to: ``"45.47"`` → 1/100, ``"8"`` → 1, ``"5.0"`` → 1/10.

    Integers get resolution 1 (a trailing zero in "17600" is not taken as rounding: say so
    explicitly where it is, as the claims register does).
    """
    text = str(text).strip().replace(",", "")
    if "." in text:
        return Fraction(1, 10 ** len(text.split(".", 1)[1]))
    return Fraction(1)


@dataclass(frozen=True)
class Interval:
    """A real interval with exact endpoints; ``low_closed``/``high_closed`` say if they belong."""

    low: Number
    high: Number
    low_closed: bool = True
    high_closed: bool = False

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"empty interval: low {self.low} > high {self.high}")
        if math.isinf(self.low) and self.low_closed:
            object.__setattr__(self, "low_closed", False)
        if math.isinf(self.high) and self.high_closed:
            object.__setattr__(self, "high_closed", False)

    # construction -----------------------------------------------------------------------
    @classmethod
    def point(cls, value: str | int | float | Fraction) -> Interval:
        """A degenerate closed interval ``[v, v]`` (an exact value)."""
        v = exact(value)
        return cls(v, v, True, True)

    @classmethod
    def printed(
        cls,
        value: str | int | float | Fraction,
        precision: str | int | float | Fraction | None = None,
        qualifier: str = "",
    ) -> Interval:
        """The values a printed number can stand for, given its precision and qualifier.

        ``precision`` defaults to the resolution of ``value`` as written (:func:`precision_of`).
        A precision of 0 means the value is exact.
        """
        v = exact(value)
        p = precision_of(str(value)) if precision in (None, "") else exact(precision)
        if p < 0:
            raise ValueError(f"negative precision {p}")
        qualifier = (qualifier or "").strip()
        if qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {QUALIFIERS}")
        if qualifier == "more_than":
            return cls(v, INF, False, False)
        if qualifier == "at_least":
            return cls(v, INF, True, False)
        if qualifier == "less_than":
            return cls(-INF, v, False, False)
        if qualifier == "nearly":
            return cls(v - p, v, True, False) if p else cls(v, v, True, True)
        if p == 0:
            return cls(v, v, True, True)
        return cls(v - p / 2, v + p / 2, True, False)

    # properties -------------------------------------------------------------------------
    @property
    def bounded(self) -> bool:
        return not (math.isinf(self.low) or math.isinf(self.high))

    @property
    def mid(self) -> float:
        """Midpoint as a float (the finite endpoint for a half-line)."""
        if self.bounded:
            return float((self.low + self.high) / 2)
        if not math.isinf(self.low):
            return float(self.low)
        if not math.isinf(self.high):
            return float(self.high)
        return math.nan

    @property
    def width(self) -> float:
        return float(self.high - self.low)

    def contains(self, x: Number) -> bool:
        """Whether the number ``x`` lies in the interval."""
        above = x > self.low or (x == self.low and self.low_closed)
        below = x < self.high or (x == self.high and self.high_closed)
        return above and below

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one point."""
        lo, lo_c = _max_low(self, other)
        hi, hi_c = _min_high(self, other)
        return lo < hi or (lo == hi and lo_c and hi_c)

    def within(self, other: Interval) -> bool:
        """Whether every point of ``self`` lies in ``other`` (``self ⊆ other``)."""
        low_ok = other.low < self.low or (
            other.low == self.low and (other.low_closed or not self.low_closed)
        )
        high_ok = self.high < other.high or (
            self.high == other.high and (other.high_closed or not self.high_closed)
        )
        return low_ok and high_ok

    def gap(self, other: Interval) -> float:
        """Distance between the intervals (0 when they overlap or touch)."""
        if self.high <= other.low:
            return float(other.low - self.high)
        if other.high <= self.low:
            return float(self.low - other.high)
        return 0.0

    def __str__(self) -> str:
        return self.format()

    def format(self, digits: int | None = None) -> str:
        """``[45.465, 45.475)``; ``digits`` rounds the endpoints for display."""

        def show(x: Number) -> str:
            if math.isinf(x):
                return "∞" if x > 0 else "−∞"
            if digits is None:
                return f"{float(x):.7g}"
            return f"{float(x):.{digits}f}"

        if self.low == self.high and self.low_closed and self.high_closed:
            return f"{{{show(self.low)}}}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{show(self.low)}, {show(self.high)}{right}"


def _max_low(a: Interval, b: Interval) -> tuple[Number, bool]:
    if a.low > b.low:
        return a.low, a.low_closed
    if b.low > a.low:
        return b.low, b.low_closed
    return a.low, a.low_closed and b.low_closed


def _min_high(a: Interval, b: Interval) -> tuple[Number, bool]:
    if a.high < b.high:
        return a.high, a.high_closed
    if b.high < a.high:
        return b.high, b.high_closed
    return a.high, a.high_closed and b.high_closed


# propagation ------------------------------------------------------------------------------
def apply(f: Callable[..., Number], *args: Interval) -> Interval:
    """Exact image of the box ``args`` under ``f``, for ``f`` monotone in each argument.

    ``f`` is evaluated at every corner of the box; the least and greatest corner values are the
    endpoints. An endpoint is closed when some corner attaining it uses closed endpoints only.
    A corner that evaluates to NaN (e.g. ∞/∞) makes the result unbounded on both sides.
    """
    values: list[tuple[Number, bool]] = []
    for corner in itertools.product(
        *[((i.low, i.low_closed), (i.high, i.high_closed)) for i in args]
    ):
        xs = [c[0] for c in corner]
        closed = all(c[1] for c in corner)
        try:
            y = f(*xs)
        except ZeroDivisionError as err:
            raise ValueError(f"division by zero at corner {xs}") from err
        if isinstance(y, float) and math.isnan(y):
            return Interval(-INF, INF, False, False)
        values.append((y, closed))
    low = min(v for v, _ in values)
    high = max(v for v, _ in values)
    low_closed = any(c for v, c in values if v == low)
    high_closed = any(c for v, c in values if v == high)
    return Interval(low, high, low_closed, high_closed)


def _require_positive(name: str, x: Interval) -> None:
    if not x.low > 0 and not (x.low == 0 and not x.low_closed):
        raise ValueError(f"{name} must be positive, got {x}")


def _div(a: Number, b: Number) -> Number:
    if isinstance(b, float) and math.isinf(b):
        return Fraction(0) if not (isinstance(a, float) and math.isinf(a)) else math.nan
    if b == 0:
        return INF if a > 0 else -INF
    return a / b


def ratio(a: Interval, b: Interval) -> Interval:
    """``a / b`` for a positive denominator (dimensionless)."""
    _require_positive("denominator", b)
    return apply(_div, a, b)


def share(part: Interval, whole: Interval) -> Interval:
    """``100 × part / whole`` in percent (0–100 for a part of a positive whole)."""
    _require_positive("whole", whole)
    return apply(lambda p, w: 100 * _div(p, w), part, whole)


def growth(current: Interval, previous: Interval) -> Interval:
    """Percentage change ``100 × (current / previous − 1)`` (previous positive)."""
    _require_positive("previous", previous)
    return apply(lambda c, p: 100 * (_div(c, p) - 1), current, previous)


def back_cast(level: Interval, cumulative_growth: Interval) -> Interval:
    """Base level implied by "level is g% higher than the base": ``level / (1 + g/100)``.

    ``cumulative_growth`` in percent, above −100.
    """
    factor = apply(lambda g: 1 + g / 100, cumulative_growth)
    _require_positive("1 + g/100", factor)
    return apply(lambda lv, g: _div(lv, 1 + g / 100), level, cumulative_growth)


def pp_change(new: Interval, old: Interval) -> Interval:
    """Change of a percentage in percentage points, ``new − old``."""
    return apply(lambda n, o: n - o, new, old)


def difference(a: Interval, b: Interval) -> Interval:
    """``a − b`` in the common unit."""
    return apply(lambda x, y: x - y, a, b)


OPERATIONS: dict[str, Callable[[Interval, Interval], Interval]] = {
    "ratio": ratio,
    "share": share,
    "growth": growth,
    "back_cast": back_cast,
    "pp_change": pp_change,
    "difference": difference,
}


# comparison -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """How a printed claim's interval relates to a recomputed one.

    ``consistent`` — the claim can be true given the recomputed evidence (the intervals overlap;
    for a bound claim such as "more than 60 million", the evidence must imply the bound).
    ``side`` — when inconsistent, ``"printed above"`` (every value the claim allows exceeds
    every value the evidence allows) or ``"printed below"``; for a bound claim that overlaps but
    is not implied, ``"not implied"``.
    ``gap`` — distance between the two intervals (0 when they overlap).
    """

    consistent: bool
    side: str
    gap: float


def compare(claim: Interval, evidence: Interval, *, bound: bool = False) -> Comparison:
    """Compare a printed claim with recomputed evidence.

    A point claim (``bound=False``) is consistent when its interval overlaps the evidence's:
    some value both could stand for exists. A bound claim (``bound=True``: more than, at
    least, nearly, less than) is consistent when the evidence lies within it, i.e. implies it.
    """
    if bound:
        if evidence.within(claim):
            return Comparison(True, "", 0.0)
    elif claim.overlaps(evidence):
        return Comparison(True, "", 0.0)
    if claim.low >= evidence.high and not claim.overlaps(evidence):
        return Comparison(False, "printed above", claim.gap(evidence))
    if claim.high <= evidence.low and not claim.overlaps(evidence):
        return Comparison(False, "printed below", claim.gap(evidence))
    return Comparison(False, "not implied", 0.0)


def is_bound(qualifier: str) -> bool:
    """Whether a qualifier makes a printed number a one-sided bound."""
    return qualifier in ("more_than", "at_least", "nearly", "less_than")


def hull(intervals: Sequence[Interval]) -> Interval:
    """Smallest interval containing all ``intervals``."""
    low = min(i.low for i in intervals)
    high = max(i.high for i in intervals)
    return Interval(
        low,
        high,
        any(i.low_closed for i in intervals if i.low == low),
        any(i.high_closed for i in intervals if i.high == high),
    )
