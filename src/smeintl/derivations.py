"""The named derived numbers of the paper, each rebuilt from sourced inputs.

One list, read by the book's "How each derived number was made" page and by the audit: a
derived number is defined once here (which function, which series and periods), and its
:class:`~smeintl.derive.Derived` record carries the formula and every input with its vintage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from smeintl import derive
from smeintl.store import MissingDataError, observation


@dataclass(frozen=True)
class Definition:
    """A derived number: its name, a one-line description, the function and its inputs."""

    name: str
    title: str
    function: Callable[..., derive.Derived]
    inputs: tuple[tuple[str, str], ...]  # (series_id, period)
    compare_with: tuple[str, str] | None = None  # a published value of the same quantity

    def compute(self, vintage: str = "latest") -> derive.Derived:
        args = [observation(s, p, vintage) for s, p in self.inputs]
        return self.function(*args, name=self.name)


def _markets() -> list[Definition]:
    names = {
        "bri": "Belt and Road countries",
        "asean": "ASEAN",
        "eu": "the European Union",
        "latam": "Latin America",
        "africa": "Africa",
    }
    return [
        Definition(
            f"share_{key}_2025",
            f"Share of trade with {label} in total trade, 2025",
            derive.share,
            ((f"gac_{key}_trade", "2025"), ("gac_trade_total", "2025")),
            ("gac_bri_share", "2025") if key == "bri" else None,
        )
        for key, label in names.items()
    ]


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "cbec_2020_base",
        "Cross-border e-commerce in 2020 backed out of “2025 was 69.7% higher than 2020”",
        derive.back_cast,
        (("gac_cbec_trade", "2025"), ("gac_cbec_growth_vs_2020", "2025")),
        ("gac_cbec_trade", "2020"),
    ),
    Definition(
        "private_share_2025",
        "Private enterprises' share of total trade, 2025",
        derive.share,
        (("gac_private_trade", "2025"), ("gac_trade_total", "2025")),
        ("gac_private_share", "2025"),
    ),
    Definition(
        "private_share_2024",
        "Private enterprises' share of total trade, 2024",
        derive.share,
        (("gac_private_trade", "2024"), ("gac_trade_total", "2024")),
        ("gac_private_share", "2024"),
    ),
    Definition(
        "private_share_change",
        "Change in the private enterprises' share, 2024→2025",
        derive.pp_change,
        (("gac_private_share", "2025"), ("gac_private_share", "2024")),
    ),
    Definition(
        "trade_total_growth_2025",
        "Growth of total goods trade, 2025",
        derive.growth,
        (("gac_trade_total", "2025"), ("gac_trade_total", "2024")),
        ("gac_trade_total_growth", "2025"),
    ),
    Definition(
        "exports_growth_2025",
        "Growth of exports, 2025",
        derive.growth,
        (("gac_exports", "2025"), ("gac_exports", "2024")),
        ("gac_exports_growth", "2025"),
    ),
    Definition(
        "imports_growth_2025",
        "Growth of imports, 2025",
        derive.growth,
        (("gac_imports", "2025"), ("gac_imports", "2024")),
        ("gac_imports_growth", "2025"),
    ),
    Definition(
        "private_trade_growth_2025",
        "Growth of private enterprises' trade, 2025",
        derive.growth,
        (("gac_private_trade", "2025"), ("gac_private_trade", "2024")),
        ("gac_private_trade_growth", "2025"),
    ),
    Definition(
        "cbec_growth_2024",
        "Growth of cross-border e-commerce, 2024",
        derive.growth,
        (("gac_cbec_trade", "2024"), ("gac_cbec_trade", "2023")),
        ("gac_cbec_trade_growth", "2024"),
    ),
    *_markets(),
)


@dataclass(frozen=True)
class Outcome:
    """A definition's result: the derived record, or why it could not be computed."""

    definition: Definition
    derived: derive.Derived | None
    missing: str = ""


def compute_all(vintage: str = "latest") -> list[Outcome]:
    """Every derived number; a missing input is reported, never filled in."""
    outcomes = []
    for definition in DEFINITIONS:
        try:
            outcomes.append(Outcome(definition, definition.compute(vintage)))
        except MissingDataError as err:
            outcomes.append(Outcome(definition, None, str(err)))
    return outcomes
