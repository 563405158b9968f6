"""smeintl: the public series behind Cao & Gan (2026) with their provenance.

>>> import smeintl
>>> smeintl.series("gac_trade_total")            # one row per year, latest release
>>> smeintl.observation("gac_cbec_trade", "2020", vintage="2021-06-30")
>>> smeintl.catalog()                            # one row per series
"""

from smeintl.derive import Derived, Input
from smeintl.registry import catalog
from smeintl.series import (
    MissingDataError,
    observation,
    observations,
    paper_table,
    rules,
    series,
    series_table,
    sources,
    vintages,
)

__all__ = [
    "Derived",
    "Input",
    "MissingDataError",
    "catalog",
    "observation",
    "observations",
    "paper_table",
    "rules",
    "series",
    "series_table",
    "sources",
    "vintages",
]
