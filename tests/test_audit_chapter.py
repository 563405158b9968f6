"""The audit chapter for people (issue 10 §5) and the README's audit counts (issue 14 §4)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from smeintl import report
from smeintl.audit import audit_table
from smeintl.audit.rules import RULES

REPO = Path(__file__).resolve().parents[1]
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return audit_table(origin="raw")


@pytest.fixture(scope="module")
def chapter(table: pd.DataFrame) -> str:
    return report.audit_markdown(table)


def _tables(text: str) -> list[list[str]]:
    """Every Markdown table of ``text``, as its lines."""
    out, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def test_every_table_row_has_as_many_cells_as_its_header(chapter: str) -> None:
    tables = _tables(chapter)
    assert len(tables) >= 2
    for lines in tables:
        widths = {len(UNESCAPED_PIPE.findall(line)) for line in lines}
        assert len(widths) == 1, lines[0]


def test_a_printed_pipe_is_escaped(chapter: str) -> None:
    # Table 4's 2020 row is registered as "2020 | About RMB 1.62 trillion"
    row = next(ln for ln in chapter.splitlines() if ln.startswith("| {ref}`T4-R1-level "))
    assert "2020 \\| About RMB 1.62 trillion" in row
    assert row.rstrip().endswith("| reproduced | `value_derived_in_paper` |")


def test_counts_by_row_and_by_fact(table: pd.DataFrame, chapter: str) -> None:
    # a fact's class is that of its claims (one class per fact: tests/test_audit_rules.py)
    facts = dict(zip(table["fact_id"], table["class"], strict=True))
    by_fact = Counter(facts.values())
    by_row = Counter(table["class"])
    for klass in ("discrepancy", "holds under assumption", "unsourced", "reproduced"):
        assert f"| {klass} | {by_row[klass]} | {by_fact[klass]} |" in chapter, klass
    assert f"| all | {len(table)} | {len(facts)} |" in chapter


def test_one_reader_sentence_per_fact_not_reproduced(table: pd.DataFrame, chapter: str) -> None:
    section = chapter.split("## Claims not reproduced", 1)[1].split("## Every claim", 1)[0]
    bullets = [ln for ln in section.splitlines() if ln.startswith("- **")]
    others = table[table["class"] != "reproduced"]
    assert len(bullets) == others["fact_id"].nunique()
    for cid in others["claim_id"]:  # every claim not reproduced is named, with a link
        assert f"{{ref}}`{cid} <{report.audit_label(cid)}>`" in section, cid
    for line in bullets:
        assert re.search(r" gives |No source|print", line), line  # what the sources say
        assert "→" not in line and "claim:" not in line  # no machine notation for readers


def test_machine_detail_is_collapsed_and_every_claim_has_its_anchor(
    table: pd.DataFrame, chapter: str
) -> None:
    detail = chapter.split("## Machine detail", 1)[1]
    assert detail.count(":::{dropdown}") == len(table)
    assert detail.count("\n:::\n") == len(table)
    for cid in table["claim_id"]:
        assert f"({report.audit_label(cid)})=\n:::{{dropdown}} {cid} · " in detail, cid


def test_rules_are_listed_with_their_entry(chapter: str) -> None:
    for rule in RULES:
        assert f"**{rule.title}** (`{rule.name}`;" in chapter, rule.name
        assert rule.summary in chapter


def test_csv_download(chapter: str) -> None:
    assert "{download}`audit.csv <audit.csv>`" in chapter


def test_readme_audit_counts_are_current(table: pd.DataFrame) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert report.AUDIT_BEGIN in text
    block = text.split(report.AUDIT_BEGIN, 1)[1].split(report.AUDIT_END, 1)[0]
    facts = dict(zip(table["fact_id"], table["class"], strict=True))
    flat = " ".join(block.split())
    assert f"classes {len(table)} numeric claims" in flat
    assert f"{len(facts)} distinct printed facts" in flat
    for klass in ("discrepancy", "holds under assumption", "unsourced", "reproduced"):
        rows = int((table["class"] == klass).sum())
        n = sum(1 for k in facts.values() if k == klass)
        assert f"{klass} {rows} ({n})" in flat, klass
