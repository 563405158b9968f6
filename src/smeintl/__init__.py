"""smeintl: the public series behind Cao & Gan (2026) with their provenance.

>>> import smeintl
>>> frame = smeintl.series("gac_trade_total")  # one row per year, the latest release of each
>>> list(frame.columns[:4])
['series_id', 'period', 'vintage', 'value']
>>> smeintl.observation("gac_cbec_trade", "2020", vintage="2021-06-30").value
1.69
>>> "gac_trade_total" in set(smeintl.catalog()["series_id"])  # one row per series
True

Attributes are imported on first use, so that commands which never touch pandas
(``python -m smeintl data``, a no-op ``run``) start quickly.
"""

from __future__ import annotations

import sys
from importlib import import_module

# JupyterLab brings jsonschema's optional rfc3987-syntax, which builds a Lark grammar when it is
# imported: 1.5-3.5 s in every process that imports nbformat (the runner, the render, papermill),
# for the "iri" string formats that nothing here validates. jsonschema skips it when its import
# fails, so the project's processes block it (JupyterLab's own server is not affected).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

_EXPORTS = {
    "Derived": "smeintl.derive",
    "Input": "smeintl.derive",
    "catalog": "smeintl.registry",
    "claims": "smeintl.store",
    "MissingDataError": "smeintl.store",
    "observation": "smeintl.store",
    "observations": "smeintl.store",
    "paper_table": "smeintl.store",
    "rules": "smeintl.store",
    "series": "smeintl.store",
    "series_table": "smeintl.store",
    "sources": "smeintl.store",
    "vintages": "smeintl.store",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'smeintl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
