"""Where a table or figure is written, and under which name for a given parameter set.

Defaults produce ``table-02.csv``; any parameter that differs from the project-wide default is
appended, so a non-default run never overwrites the default outputs:
``table-02__currency-USD.csv``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from smeintl import paths

DEFAULTS: dict[str, str] = {"currency": "RMB", "vintage": "latest", "scenario": "baseline"}


def stem(kind: str, key: int | str, params: Mapping[str, str] | None = None) -> str:
    """``table-02``, ``figure-03__vintage-2021-06-30`` or, for an output that is not one of the
    paper's numbered ones, its name: ``rules-timeline__scenario-energy_shock``.

    Non-default parameters are appended, sorted by name.
    """
    name = f"{kind}-{key:02d}" if isinstance(key, int) else key
    extra = sorted((k, str(v)) for k, v in (params or {}).items() if DEFAULTS.get(k) != str(v))
    return name + "".join(f"__{k}-{v}" for k, v in extra)


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename.

    An unchanged file is left alone, mtime included, so that builds keyed on mtimes (make,
    Sphinx) see no change where there is none.
    """
    if path.exists() and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def table_path(key: int | str, params: Mapping[str, str] | None = None) -> Path:
    return paths.TABLES / f"{stem('table', key, params)}.csv"


def figure_path(key: int | str, suffix: str, params: Mapping[str, str] | None = None) -> Path:
    return paths.FIGURES / f"{stem('figure', key, params)}.{suffix}"
