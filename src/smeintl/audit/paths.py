"""Where the audit reads and writes: the claims register and ``_build/audit``.

Taken from :mod:`smeintl.paths` (which honours ``SMEINTL_ROOT``); if that module is absent the
repository root is computed from this package's location (``src/smeintl/audit`` → root).
"""

from __future__ import annotations

from pathlib import Path

try:  # pragma: no branch
    from smeintl import paths as _paths

    ROOT: Path = _paths.ROOT
    DATA_RAW: Path = _paths.DATA_RAW
    BUILD: Path = _paths.BUILD
except ImportError:  # pragma: no cover - the library always ships paths.py
    ROOT = Path(__file__).resolve().parents[3]
    DATA_RAW = ROOT / "data" / "raw"
    BUILD = ROOT / "_build"

CLAIMS: Path = DATA_RAW / "paper" / "claims.csv"
AUDIT: Path = BUILD / "audit"
