"""Audit of the paper's numeric claims against the sourced data.

``python -m smeintl audit`` (or ``smeintl.audit.main([])``) reads the claims register
``data/raw/paper/claims.csv`` (see :mod:`smeintl.audit.register` for its columns), recomputes
every claim from the sourced records with interval arithmetic over the printed precision
(:mod:`smeintl.audit.intervals`), classes it ``reproduced`` / ``holds under assumption`` /
``discrepancy`` / ``unsourced`` by the first named rule that decides (:mod:`smeintl.audit.rules`,
applied by :mod:`smeintl.audit.classify`), prints a summary with counts by row and by distinct
printed fact, and writes ``_build/audit/audit.csv`` and ``_build/audit/audit.json``
(:mod:`smeintl.audit.report`).

For the book: :func:`audit_table` returns the result as a DataFrame (one row per claim).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# The classifier and the evidence (which need pandas) are imported when used: `make data` imports
# this package only for smeintl.audit.intervals, and pandas was a third of its time.
if TYPE_CHECKING:
    import pandas as pd

    from smeintl.audit.classify import Result
    from smeintl.audit.evidence import Evidence
    from smeintl.audit.register import Claim

__all__ = ["CLASSES", "audit_table", "main", "run_audit"]


def __getattr__(name: str):
    if name == "CLASSES":
        from smeintl.audit.classify import CLASSES

        return CLASSES
    raise AttributeError(f"module 'smeintl.audit' has no attribute {name!r}")


def run_audit(
    claims: list[Claim] | None = None,
    evidence: Evidence | None = None,
    *,
    origin: str = "auto",
) -> tuple[list[Result], Evidence]:
    """Class every claim; returns the results (register order) and the evidence used."""
    from smeintl.audit.classify import Auditor
    from smeintl.audit.evidence import Evidence
    from smeintl.audit.register import load_claims

    claims = load_claims() if claims is None else claims
    evidence = Evidence.load(origin) if evidence is None else evidence
    return Auditor(claims, evidence).run(), evidence


def audit_table(origin: str = "auto") -> pd.DataFrame:
    """The audit as a DataFrame, one row per claim (columns of ``audit.csv``)."""
    from smeintl.audit.report import frame

    results, evidence = run_audit(origin=origin)
    return frame(results, evidence)


def main(argv: list[str] | None = None) -> int:
    """Run the audit; 0 when it ran (whatever it found), non-zero only when it could not run."""
    from smeintl.audit import paths
    from smeintl.audit.evidence import Evidence
    from smeintl.audit.register import RegisterError, load_claims
    from smeintl.audit.report import summary, write

    parser = argparse.ArgumentParser(
        prog="python -m smeintl audit",
        description="Recompute and classify every numeric claim of Cao & Gan (2026).",
    )
    parser.add_argument(
        "--claims",
        type=Path,
        default=paths.CLAIMS,
        help="claims register (default: data/raw/paper/claims.csv)",
    )
    parser.add_argument(
        "--out", type=Path, default=paths.AUDIT, help="output folder (default: _build/audit)"
    )
    parser.add_argument(
        "--from",
        dest="origin",
        choices=["auto", "processed", "raw"],
        default="auto",
        help="evidence from data/processed, from data/raw built in memory, or "
        "auto (processed when built)",
    )
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        claims = load_claims(args.claims)
        evidence = Evidence.load(args.origin)
        results, evidence = run_audit(claims, evidence)
        written = write(results, evidence, args.out, _relative(args.claims, paths.ROOT))
    except RegisterError as err:
        print(f"error: the claims register is malformed:\n{err}", file=sys.stderr)
        return 2
    except (FileNotFoundError, OSError, ValueError, KeyError) as err:
        print(f"error: the audit could not run: {err}", file=sys.stderr)
        return 1
    print(summary(results))
    print("")
    print(
        "wrote "
        + ", ".join(_relative(p, paths.ROOT) for p in written)
        + f" (evidence: {evidence.origin})"
    )
    return 0


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
