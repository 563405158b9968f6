"""Write the audit: ``_build/audit/audit.csv`` and ``audit.json``, and a printed summary.

Both files are written atomically (to a temporary file in the same folder, then renamed), the
folder is created if missing, and the same inputs always give the same bytes (no timestamps).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from pathlib import Path

import pandas as pd

from smeintl.audit.classify import CLASSES, REPRODUCED, Result
from smeintl.audit.evidence import Evidence
from smeintl.audit.rules import POLICIES, RULES, SEVERITY

CSV_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "fact_id",
    "location",
    "printed_text",
    "printed_value",
    "unit",
    "qualifier",
    "kind",
    "printed_interval",
    "class",
    "rule",
    "recomputed_value",
    "recomputed_interval",
    "difference",
    "relative_difference_pct",
    "side",
    "sources_say",
    "reason",
    "explanation",
    "assumption",
    "checks",
    "sources",
    "urls",
)


def frame(results: list[Result], evidence: Evidence) -> pd.DataFrame:
    """One row per claim (columns :data:`CSV_COLUMNS`), in register order."""
    return pd.DataFrame([r.row(evidence) for r in results], columns=list(CSV_COLUMNS))


def counts(results: list[Result]) -> dict[str, int]:
    """Number of claims (rows) per class, every class listed (0 when none)."""
    tally = Counter(r.klass for r in results)
    return {k: tally.get(k, 0) for k in CLASSES}


def fact_classes(results: list[Result]) -> dict[str, str]:
    """The class of each distinct printed fact: that of its claims (the most severe, should the
    register allow its claims to differ), in register order."""
    out: dict[str, str] = {}
    for r in results:
        now = out.get(r.fact_id)
        if now is None or SEVERITY[r.klass] > SEVERITY[now]:
            out[r.fact_id] = r.klass
    return out


def counts_by_fact(results: list[Result]) -> dict[str, int]:
    """Number of distinct printed facts per class, every class listed (0 when none)."""
    tally = Counter(fact_classes(results).values())
    return {k: tally.get(k, 0) for k in CLASSES}


def counts_by_rule(results: list[Result]) -> dict[str, int]:
    """Number of claims (rows) each rule classed, in the rules' order (0 when none)."""
    tally = Counter(r.rule for r in results)
    return {rule.name: tally.get(rule.name, 0) for rule in RULES}


def json_document(results: list[Result], evidence: Evidence, claims_file: str) -> dict:
    """The JSON report: counts, then every claim with its recipes and cited sources."""
    claims = []
    for r in results:
        row = r.row(evidence)
        row["sources"] = [
            {
                "source_id": sid,
                "publisher": evidence.sources.get(sid, {}).get("publisher", ""),
                "published": evidence.sources.get(sid, {}).get("published", ""),
                "url": evidence.url(sid),
                "kind": evidence.sources.get(sid, {}).get("kind", ""),
            }
            for sid in r.sources
        ]
        row.pop("urls")
        row["checks"] = [
            {
                "recipe": o.recipe,
                "status": o.status,
                "value": o.value if not isinstance(o.value, float) else float(f"{o.value:.10g}"),
                "interval": o.interval.format() if o.interval else "",
                "formula": o.derived.formula if o.derived else "",
                "detail": o.detail,
                "tests_little": o.weak,
                "reasons": o.reasons,
                "releases": [ln.describe() for ln in o.vintages],
            }
            for o in r.outcomes
        ]
        row["assumption_checks"] = [
            {"recipe": o.recipe, "status": o.status, "detail": o.detail}
            for o in r.assumption_outcomes
        ]
        row["reasons"] = [reason.to_dict() for reason in r.reasons]
        claims.append(row)
    return {
        "generated_by": "smeintl.audit",
        "claims_file": claims_file,
        "evidence": evidence.origin,
        "counts": counts(results),
        "counts_by_fact": counts_by_fact(results),
        "rows": len(results),
        "facts": len(fact_classes(results)),
        "counts_by_rule": counts_by_rule(results),
        "checks_not_run": [
            {"claim_id": r.claim.claim_id, "recipe": o.recipe, "status": o.status}
            for r in results
            for o in (*r.outcomes, *r.assumption_outcomes)
            if o.missing
        ],
        "policies": [{"policy": name, "text": text} for name, text in POLICIES],
        "rules": [
            {
                "rule": rule.name,
                "title": rule.title,
                "classes": list(rule.classes),
                "summary": rule.summary,
            }
            for rule in RULES
        ],
        "claims": claims,
    }


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` (created with the usual umask), then
    rename it over ``path``: readers see the old file or the new one, never a partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise


def csv_text(table: pd.DataFrame) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write(results: list[Result], evidence: Evidence, out_dir: Path, claims_file: str) -> list[Path]:
    """Write ``audit.csv`` and ``audit.json`` under ``out_dir``; return their paths."""
    table = frame(results, evidence)
    csv_path, json_path = out_dir / "audit.csv", out_dir / "audit.json"
    _atomic_write(csv_path, csv_text(table))
    document = json_document(results, evidence, claims_file)
    _atomic_write(json_path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return [csv_path, json_path]


def summary(results: list[Result]) -> str:
    """Counts per class (by row and by distinct fact), then one line per claim not reproduced."""
    by_fact = counts_by_fact(results)
    lines = [
        f"audited {len(results)} claims ({len(fact_classes(results))} distinct printed facts)",
        f"  {'class':<24} {'rows':>4} {'facts':>6}",
    ]
    for klass, n in counts(results).items():
        lines.append(f"  {klass:<24} {n:>4} {by_fact[klass]:>6}")
    recipes = [o for r in results for o in (*r.outcomes, *r.assumption_outcomes)]
    not_run = [o for o in recipes if o.missing]
    weak = [o for o in recipes if o.weak]
    lines.append(
        f"  checks evaluated: {len(recipes)}; could not run for lack of data: {len(not_run)}; "
        f"ran but test little: {len(weak)} (each named in its claim's explanation)"
    )
    others = [r for r in results if r.klass != REPRODUCED]
    if others:
        lines.append("")
        lines.append("not reproduced:")
    for r in others:
        c = r.claim
        diff = ""
        if r.difference is not None:
            unit = "days" if c.kind == "date" else c.unit
            diff = f"; printed − recomputed = {r.difference:+.4g} {unit}"
            if r.side:
                diff += f" ({r.side})"
        recomputed = "" if r.recomputed in (None, "") else f" vs {_short(r.recomputed)}"
        reason = _clip(r.reason, 150)
        lines.append(
            f"  [{r.klass}] {c.claim_id} ({r.rule}): printed {c.value}{recomputed}{diff}"
            + (f" — {reason}" if reason else "")
        )
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _short(x: object) -> str:
    return f"{x:.6g}" if isinstance(x, float) else str(x)
