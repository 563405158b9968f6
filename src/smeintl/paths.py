"""Every path the project uses, anchored at the repository root.

Nothing else in the project builds a path by hand. ``SMEINTL_ROOT`` overrides the root so that
tests can run the pipeline on a copy of the repository's data in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARY_SRC = _PACKAGE_DIR
ROOT = Path(os.environ.get("SMEINTL_ROOT") or _PACKAGE_DIR.parents[1]).resolve()

DATA = ROOT / "data"
DATA_RAW = DATA / "raw"
DATA_PROCESSED = DATA / "processed"
MANIFEST = DATA_RAW / "MANIFEST.sha256"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
GENERATED = BOOK / "generated"
TABLES = GENERATED / "tables"
FIGURES = GENERATED / "figures"
BUILD = ROOT / "_build"
STAMPS = BUILD / "stamps"
# The book renders from SITE: links to _config.yml, _toc.yml and book/, and a real notebooks/
# folder holding the executed copies, so the committed notebooks stay the reviewed reference.
SITE = BUILD / "site"
EXECUTED = SITE / "notebooks"
TIMINGS = BUILD / "timings"
BENCH_REFERENCE = BOOK / "bench.json"  # the last `make bench` figures (committed)
RUNS = BUILD / "runs"
AUDIT = BUILD / "audit"
HTML = BUILD / "html"


def relative(path: Path) -> str:
    """``path`` relative to the repository root, with forward slashes (for messages and files)."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
