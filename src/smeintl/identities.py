"""Numbers that must agree: the identities between series, declared once and checked on every build.

Each :class:`Identity` ties a *result* series to its *inputs* for the same period (a growth rate to
the level a year earlier): a total to its parts, a balance to exports and imports, a share to its
part and total, a published growth rate to its two levels, a cumulative growth to its base year,
a value in yuan to the value in dollars at the year's average rate.

The tolerance is the printed precision of every number involved: each printed value stands for the
interval of values that round to it (:class:`smeintl.audit.intervals.Interval`, qualifiers such as
"nearly" included), the identity is evaluated on those intervals, and it *holds* when the result's
interval overlaps the interval the inputs give. Conversions get a further relative allowance
(:data:`CONVERSION_TOLERANCE`) because publishers convert month by month, not at the annual mean.

:func:`check` evaluates every identity at every release of its result (the inputs as published by
that date): a rate is checked against the levels its publisher had released by then, not against
a later revision of one of them. A violation is an error naming both records and the gap, unless
one of the records says in its ``note`` why the publisher's own figures disagree
(:data:`DISAGREEMENT_NOTE`): then it is reported, not refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from smeintl.audit.intervals import Interval, apply, difference, growth, share

#: Relative allowance for a level in yuan against dollars × the annual average rate (2%).
CONVERSION_TOLERANCE = Fraction(2, 100)

#: A record's note that exempts a violation must say this, followed by its reason.
DISAGREEMENT_NOTE = "publisher's own figures disagree"
_REASONED = re.compile(
    re.escape(DISAGREEMENT_NOTE) + r"\b[^:;,—–-]{0,20}[:;,—–-]\s*\S.{9,}", re.IGNORECASE
)


@dataclass(frozen=True)
class Record:
    """One raw record as the identities need it, with where it was read."""

    series_id: str
    period: str
    vintage: str
    value: str
    qualifier: str
    note: str
    where: str  # "data/raw/customs.csv:12"

    def interval(self) -> Interval:
        return Interval.printed(self.value, qualifier=self.qualifier)

    def label(self) -> str:
        return f"{self.series_id} {self.period} = {self.value} ({self.vintage}, {self.where})"


@dataclass(frozen=True)
class Identity:
    """``result`` = ``formula(inputs)`` for one period; ``lag`` is the inputs' period offset."""

    name: str
    kind: str  # sum, difference, share, growth, cumulative_growth, conversion
    result: str
    inputs: tuple[str, ...]
    text: str  # the identity as a reader writes it
    base_period: str = ""  # cumulative growth: the base year
    reference: tuple[int, ...] = ()  # inputs read at their latest release (an annual mean rate)

    def input_periods(self, period: str) -> tuple[str, ...]:
        """The period each input is read at, for the result's ``period``."""
        if self.kind == "growth":
            return (period, shift_year(period, -1))
        if self.kind == "cumulative_growth":
            return (period, self.base_period)
        return tuple(period for _ in self.inputs)


def shift_year(period: str, years: int) -> str:
    """The same period ``years`` later: ``2025`` → ``2024``, ``2025H1`` → ``2024H1``."""
    return f"{int(period[:4]) + years}{period[4:]}"


def _sum(a: Interval, b: Interval) -> Interval:
    return apply(lambda x, y: x + y, a, b)


def _cumulative(current: Interval, base: Interval) -> Interval:
    return growth(current, base)


def _conversion(usd: Interval, rate: Interval) -> Interval:
    rmb = apply(lambda u, r: u * r, usd, rate)
    return Interval(
        rmb.low * (1 - CONVERSION_TOLERANCE), rmb.high * (1 + CONVERSION_TOLERANCE), True, True
    )


FORMULAS: dict[str, Callable[[Interval, Interval], Interval]] = {
    "sum": _sum,
    "difference": difference,
    "share": share,
    "growth": growth,
    "cumulative_growth": _cumulative,
    "conversion": _conversion,
}


def _growth(level: str) -> Identity:
    return Identity(
        f"{level}_growth",
        "growth",
        f"{level}_growth",
        (level, level),
        f"{level}_growth(t) = 100 × ({level}(t) / {level}(t−1) − 1)",
    )


def _share(part: str, result: str, total: str = "gac_trade_total") -> Identity:
    return Identity(result, "share", result, (part, total), f"{result} = 100 × {part} / {total}")


def _conversion_identity(rmb: str, usd: str) -> Identity:
    rate = "cny_per_usd_annual_avg"
    return Identity(
        f"{rmb}_in_usd",
        "conversion",
        rmb,
        (usd, rate),
        f"{rmb} ≈ {usd} × {rate} (± {float(CONVERSION_TOLERANCE):.0%})",
        reference=(1,),
    )


#: Every identity the build checks.
IDENTITIES: tuple[Identity, ...] = (
    Identity(
        "trade_total",
        "sum",
        "gac_trade_total",
        ("gac_exports", "gac_imports"),
        "gac_trade_total = gac_exports + gac_imports",
    ),
    Identity(
        "trade_total_usd",
        "sum",
        "gac_trade_total_usd",
        ("gac_exports_usd", "gac_imports_usd"),
        "gac_trade_total_usd = gac_exports_usd + gac_imports_usd",
    ),
    Identity(
        "trade_balance",
        "difference",
        "gac_trade_balance",
        ("gac_exports", "gac_imports"),
        "gac_trade_balance = gac_exports − gac_imports",
    ),
    Identity(
        "cbec_trade",
        "sum",
        "gac_cbec_trade",
        ("gac_cbec_exports", "gac_cbec_imports"),
        "gac_cbec_trade = gac_cbec_exports + gac_cbec_imports",
    ),
    _share("gac_private_trade", "gac_private_share"),
    _share("gac_fie_trade", "gac_fie_share"),
    _share("gac_bri_trade", "gac_bri_share"),
    _share("gac_bri_routes_trade", "gac_bri_routes_share"),
    _share("gac_eu_trade", "gac_eu_share"),
    _share("gac_us_trade", "gac_us_share"),
    _share("gac_cbec_trade", "gac_cbec_share_trade"),
    *(
        _growth(level)
        for level in (
            "gac_trade_total",
            "gac_exports",
            "gac_imports",
            "gac_private_trade",
            "gac_bri_trade",
            "gac_bri_routes_trade",
            "gac_asean_trade",
            "gac_africa_trade",
            "gac_eu_trade",
            "gac_latam_trade",
            "gac_cbec_trade",
            "gac_cbec_exports",
            "gac_cbec_imports",
            "gac_cbec_trade_h1",
            "unctad_global_trade",
            "pboc_inclusive_small_micro_loans",
            "nfra_inclusive_small_micro_loans",
        )
    ),
    Identity(
        "trade_total_growth_vs_2020",
        "cumulative_growth",
        "gac_trade_total_growth_vs_2020",
        ("gac_trade_total", "gac_trade_total"),
        "gac_trade_total_growth_vs_2020(t) = 100 × (gac_trade_total(t) / its 2020 level − 1)",
        base_period="2020",
    ),
    Identity(
        "cbec_growth_vs_2020",
        "cumulative_growth",
        "gac_cbec_growth_vs_2020",
        ("gac_cbec_trade", "gac_cbec_trade"),
        "gac_cbec_growth_vs_2020(t) = 100 × (gac_cbec_trade(t) / gac_cbec_trade(2020) − 1)",
        base_period="2020",
    ),
    _conversion_identity("gac_trade_total", "gac_trade_total_usd"),
    _conversion_identity("gac_exports", "gac_exports_usd"),
    _conversion_identity("gac_imports", "gac_imports_usd"),
    _conversion_identity("gac_asean_trade", "gac_asean_trade_usd"),
)


@dataclass(frozen=True)
class Outcome:
    """One evaluation of one identity: the records used, the intervals, and the verdict."""

    identity: Identity
    period: str
    as_of: str  # the release date the inputs were read at
    result: Record
    inputs: tuple[Record, ...]
    printed: Interval
    implied: Interval
    status: str  # "holds", "reported" (publisher's figures disagree, with a reason), "violated"

    @property
    def records(self) -> tuple[Record, ...]:
        return (self.result, *self.inputs)

    def row(self) -> dict[str, str]:
        """The outcome as one row of ``data/processed/identities.csv``."""
        return {
            "identity": self.identity.name,
            "formula": self.identity.text,
            "period": self.period,
            "as_of": self.as_of,
            "result": f"{self.result.series_id} = {self.result.value} ({self.result.vintage})",
            "inputs": "; ".join(
                f"{r.series_id} {r.period} = {r.value} ({r.vintage})" for r in self.inputs
            ),
            "printed": self.printed.format(),
            "implied": self.implied.format(),
            "gap": f"{self.gap:.4g}",
            "status": self.status,
            "note": next(
                (r.note for r in (self.result, *self.inputs) if _REASONED.search(r.note)), ""
            ),
        }

    @property
    def gap(self) -> float:
        """Distance between the printed and the implied interval, in the result's unit."""
        return self.printed.gap(self.implied)

    def describe(self) -> str:
        inputs = "; ".join(r.label() for r in self.inputs)
        return (
            f"identity {self.identity.name} ({self.identity.text}) fails for {self.period} as of "
            f"{self.as_of}: {self.result.label()} prints {self.printed.format()}, but {inputs} "
            f"give {self.implied.format()} (gap {self.gap:.4g})"
        )


def _as_of(records: list[Record], when: str) -> Record | None:
    """The latest release no later than ``when`` (ties: the last one listed)."""
    known = [r for r in records if r.vintage <= when]
    return max(known, key=lambda r: r.vintage) if known else None


def _exempt(records: Iterable[Record]) -> bool:
    return any(_REASONED.search(r.note) for r in records)


def check(
    records: Iterable[Record], identities: tuple[Identity, ...] = IDENTITIES
) -> list[Outcome]:
    """Evaluate every identity wherever all its inputs exist, at every release of its result."""
    by_key: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        by_key.setdefault((record.series_id, record.period), []).append(record)
    outcomes: list[Outcome] = []
    for identity in identities:
        periods = sorted({p for (s, p) in by_key if s == identity.result})
        for period in periods:
            releases = by_key[(identity.result, period)]
            seen: set[tuple[Record, ...]] = set()
            for when in sorted({r.vintage for r in releases}):
                result = _as_of(releases, when)
                wanted = zip(identity.inputs, identity.input_periods(period), strict=True)
                inputs = [
                    _as_of(by_key.get(key, []), "9999" if i in identity.reference else when)
                    for i, key in enumerate(wanted)
                ]
                if result is None or any(r is None for r in inputs):
                    continue
                used = (result, *inputs)
                if used in seen:
                    continue
                seen.add(used)
                printed = result.interval()
                implied = FORMULAS[identity.kind](*(r.interval() for r in inputs))
                if printed.overlaps(implied):
                    status = "holds"
                elif _exempt(used):
                    status = "reported"
                else:
                    status = "violated"
                outcomes.append(
                    Outcome(identity, period, when, result, tuple(inputs), printed, implied, status)
                )
    return outcomes
