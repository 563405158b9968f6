"""The "What changed since the paper" page from a constructed comparison: one sentence per
changed item, grouped by chapter, the counts of unchanged items, the CSV download."""

from __future__ import annotations

from smeintl import diff, vintage_pages

CHANGE = diff.Change(
    "table",
    "table:4:2024:Value (RMB trillion)",
    "Table 4 (chapter 04), 2024, Value (RMB trillion)",
    "2.63",
    "2.71",
    "gac_cbec_trade 2024 = 2.71 (China.com.cn (commentary), 2025-07-07)",
)
RESULT = diff.Diff("first", "latest", "first", "latest", [CHANGE], {"table": 530, "glue": 240})


def test_sentence_says_what_was_printed_what_is_printed_and_why() -> None:
    assert vintage_pages.sentence(CHANGE, RESULT) == (
        "**Table 4 (chapter 04), 2024, Value (RMB trillion)**: with each value as first released "
        "the book prints “2.63”; with the latest releases it prints “2.71”. Changed by: "
        "gac_cbec_trade 2024 = 2.71 (China.com.cn (commentary), 2025-07-07)."
    )


def test_page_groups_by_chapter_and_counts_the_unchanged() -> None:
    page = vintage_pages.changes_markdown([RESULT], {"first_latest": "changes-first_latest.csv"})
    section = page.split("(changes-04-first-latest)=")[1].split("(changes-05-first-latest)=")[0]
    assert "“2.63”" in section and "“2.71”" in section
    assert (
        page.split("(changes-01-first-latest)=")[1]
        .split("\n(")[0]
        .strip()
        .endswith("Nothing changed.")
    )
    assert "1 item(s) changed; unchanged: 240 glue item(s), 530 table item(s)." in page
    assert "{download}`changes-first_latest.csv <changes-first_latest.csv>`" in page
