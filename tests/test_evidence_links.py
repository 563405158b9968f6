"""Every number leads to its evidence (issue 10 §1).

Two parts:

* the mechanism, once: one value → its anchor, its link text, its hover title
  (:mod:`smeintl.presentation`), with expectations written out by hand;
* the built book (``_build/html``, made by ``make book``): every evidence link of every chapter
  and of the derivations page points to an anchor that exists and whose entry shows the same
  value; every value cell of the paper's Tables 1–8 is such a link; no number reaches the prose
  as plain glued text.

The HTML is read with BeautifulSoup (no browser).
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from smeintl import presentation as show
from smeintl.derive import Derived, Input

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHAPTERS = sorted((HTML / "notebooks").glob("0[1-7]_*.html"))
EVIDENCE = ("ev-", "derived-", "audit-")
TABLES = {
    1: "01_sme_population",
    2: "02_foreign_trade",
    3: "03_key_markets",
    4: "04_cross_border_ecommerce",
    5: "05_enterprise_survey",
    6: "06_global_trade_rules",
    7: "06_global_trade_rules",
    8: "07_financing",
}


# --------------------------------------------------------------------------------------------
# The mechanism
# --------------------------------------------------------------------------------------------


def test_anchors_are_derived_from_series_period_vintage_or_name():
    assert show.record_anchor("gac_trade_total", "2025", "2026-01-14") == (
        "ev-gac-trade-total-2025-2026-01-14"
    )
    assert show.record_anchor("wto_mfn_share", "2026Q1", "2026-06-12") == (
        "ev-wto-mfn-share-2026q1-2026-06-12"
    )
    assert show.derived_anchor("private_share_2025") == "derived-private-share-2025"
    assert show.rule_anchor("cbam_definitive_period") == "ev-rule-cbam-definitive-period"


def test_a_derived_value_becomes_a_link_with_its_unit_and_formula_as_title():
    part = Input("gac_private_trade", "2025", "2026-01-14", 26.04, "RMB trillion")
    whole = Input("gac_trade_total", "2025", "2026-01-14", 45.47, "RMB trillion")
    d = Derived("private_share_2025", 57.2685, "%", "100 × 26.04 / 45.47", (part, whole))
    assert show.link(d, "{:.2f}", True) == (
        '[57.27%](derived-private-share-2025 "Computed: 100 × 26.04 / 45.47")'
    )
    assert show.link(d, "{:.1f}") == (
        '[57.3](derived-private-share-2025 "Computed: 100 × 26.04 / 45.47")'
    )


def test_a_recorded_value_links_to_its_record_with_publisher_and_release_in_the_title():
    raw = pd.read_csv(ROOT / "data" / "raw" / "customs.csv", dtype=str, keep_default_na=False)
    row = raw[(raw["series_id"] == "gac_trade_total") & (raw["period"] == "2025")].iloc[-1]
    publishers = pd.read_csv(ROOT / "data" / "raw" / "sources.csv", dtype=str).set_index(
        "source_id"
    )["publisher"]
    x = Input(
        "gac_trade_total",
        "2025",
        row["vintage"],
        float(row["value"]),
        row["unit"],
        "",
        row["source_id"],
    )
    text = show.link(x, "{:.2f}", True)
    label, target, hover = re.fullmatch(r'\[(.+)\]\((\S+) "(.+)"\)', text).groups()
    assert label == f"RMB {float(row['value']):.2f} trillion"
    assert target == f"ev-gac-trade-total-2025-{row['vintage']}"
    assert publishers[row["source_id"]] in hover and row["vintage"] in hover


def test_qualifier_words_and_units_sit_beside_the_number():
    assert show.with_unit(show.number(35, "{:g}", "more_than"), "USD trillion") == (
        "more than USD 35 trillion"
    )
    assert show.with_unit("4", "%") == "4%"
    assert show.with_unit("3", "days") == "3 days"
    assert show.with_unit(show.MISSING, "%") == show.MISSING
    assert show.link(None) == show.MISSING


def test_evidence_refuses_a_frame_reindexed_after_attach():
    a = Input("s", "2024", "2025-01-01", 1.0, "%")
    b = Input("s", "2025", "2026-01-01", 2.0, "%")
    frame = show.attach(pd.DataFrame({"value": [1.0, 2.0]}), {(0, "value"): a, (1, "value"): b})
    assert show.evidence(frame, 1, "value") is b
    flipped = frame.iloc[::-1].reset_index(drop=True)
    with pytest.raises(ValueError, match="re-indexed"):
        show.evidence(flipped, 0, "value")


# --------------------------------------------------------------------------------------------
# The built book
# --------------------------------------------------------------------------------------------


@cache
def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built() -> Path:
    assert (HTML / "index.html").exists(), "build the book first: make book"
    assert len(CHAPTERS) == 7, f"expected chapters 01-07 in {HTML / 'notebooks'}"
    return HTML


def evidence_links(soup: BeautifulSoup) -> list:
    """The links made by :func:`smeintl.presentation.link` (class ``evidence-link``, set by
    :mod:`smeintl.sphinx_evidence`), which must all point to an evidence anchor."""
    links = soup.select("a.evidence-link")
    for a in links:
        assert urlsplit(a["href"]).fragment.startswith(EVIDENCE), f"not evidence: {a}"
    return links


NUMBER = re.compile(r"[−-]?\d[\d,]*(?:\.\d+)?")
MONTHS = "January February March April May June July August September October November December"


def _numbers(text: str) -> list[float]:
    text = re.sub(r"\d{4}-\d{2}-\d{2}", " ", text)
    return [float(m.replace(",", "").replace("−", "-")) for m in NUMBER.findall(text)]


def _shown_value(label: str) -> tuple[float, int] | None:
    """The number a link shows and its decimals (``more than 60 million`` → 60e6, 0)."""
    match = NUMBER.search(label.replace("+", ""))
    if match is None:
        return None
    text = match.group().replace(",", "").replace("−", "-")
    if "." in text:
        decimals = len(text.split(".")[1])
    else:  # "3,400" for 3,409: rounded to its last non-zero digit
        decimals = -(len(text) - len(text.rstrip("0"))) if text.strip("-0") else 0
    value = float(text)
    if re.search(re.escape(match.group()) + r"\s+million", label):
        value, decimals = value * 1e6, 0
    return value, decimals


def _long_to_iso(label: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", label)
    if not m or m.group(2) not in MONTHS.split():
        return None
    month = MONTHS.split().index(m.group(2)) + 1
    return date(int(m.group(3)), month, int(m.group(1))).isoformat()


def _iso_to_long(iso: str) -> str:
    if len(iso) != 10:
        return iso
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS.split()[d.month - 1]} {d.year}"


def target_text(link, source: Path) -> tuple[Path, str]:
    """The file and the text of the entry an evidence link points to (AssertionError if the
    file or the anchor is missing)."""
    parts = urlsplit(link["href"])
    target = (source.parent / parts.path).resolve() if parts.path else source
    assert target.exists(), f"{source.name}: {link['href']} points to a missing page"
    element = page(target).find(id=parts.fragment)
    assert element is not None, f"{source.name}: anchor #{parts.fragment} missing in {target.name}"
    while not element.get_text(strip=True) and element.parent is not None:
        element = element.parent  # an empty target span: its section holds the entry
    return target, element.get_text(" ", strip=True)


def check_same_value(link, source: Path) -> None:
    label = link.get_text(" ", strip=True)
    target, text = target_text(link, source)
    where = f"{source.name}: link {label!r} → {target.name}#{urlsplit(link['href']).fragment}"
    dates = re.findall(r"\d{4}-\d{2}(?:-\d{2})?", label) or [_long_to_iso(label)]
    if dates[0] and re.fullmatch(r"[\d-]+|\d{1,2} \w+ \d{4}", label):
        forms = {dates[0], _iso_to_long(dates[0])}
        assert any(f in text for f in forms), f"{where}: the entry does not show {dates[0]}"
        return
    shown = _shown_value(label)
    assert shown is not None, f"{where}: the link shows no number"
    value, decimals = shown
    candidates = _numbers(text)
    assert any(
        math.isclose(round(c, decimals), value, abs_tol=10 ** -(decimals + 3))
        or math.isclose(round(-c, decimals), value, abs_tol=10 ** -(decimals + 3))
        for c in candidates
    ), f"{where}: the entry shows none of the value {value:g} ({candidates[:8]})"


def test_every_evidence_link_reaches_an_entry_that_shows_the_same_value(built):
    pages = [*CHAPTERS, built / "book" / "generated" / "derivations.html"]
    checked = 0
    for source in pages:
        links = evidence_links(page(source))
        for link in links:
            check_same_value(link, source)
            assert link.get("title"), f"{source.name}: link {link.get_text()!r} has no title"
        checked += len(links)
    assert checked > 300, f"only {checked} evidence links in the chapters"


def test_every_chapter_glues_its_numbers_as_links(built):
    for chapter in CHAPTERS:
        soup = page(chapter)
        prose = [a for a in evidence_links(soup) if not a.find_parent("table")]
        assert prose, f"{chapter.name}: no glued number links to its evidence"
        for span in soup.select("span.pasted-text"):
            text = span.get_text(" ", strip=True)
            assert not re.search(r"\d", text) or text.startswith("Source"), (
                f"{chapter.name}: glued as plain text, not as a link to evidence: {text[:80]!r}"
            )


def paper_table(number: int):
    """The rendered table under the caption ``Table N.`` (in its chapter)."""
    soup = page(HTML / "notebooks" / f"{TABLES[number]}.html")
    for strong in soup.find_all("strong"):
        if strong.get_text(strip=True).startswith(f"Table {number}."):
            return strong.find_next("table")
    raise AssertionError(f"Table {number} not found in {TABLES[number]}.html")


NUMERIC_CELL = re.compile(
    r"(?:about |more than |nearly |at least )?[+−-]?\d[\d,]*(?:\.\d+)?%?|\d{4}-\d{2}-\d{2}"
)
NOT_VALUES = {"Year", "Period", "Released", "Level released", "Refers to", "which referred to"}


@pytest.mark.parametrize("number", range(1, 9))
def test_every_value_cell_of_the_papers_tables_is_a_link_to_its_evidence(built, number):
    table = paper_table(number)
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    linked = 0
    for tr in table.select("tbody tr"):
        for header, td in zip(headers, tr.find_all("td"), strict=True):
            text = td.get_text(" ", strip=True)
            if header in NOT_VALUES or not NUMERIC_CELL.fullmatch(text):
                continue
            if number != 7 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                continue  # a release date beside its value: the value links to the record
            link = td.select_one("a.evidence-link")
            assert link is not None, (
                f"Table {number}, column {header!r}: {text!r} is not linked to its evidence"
            )
            linked += 1
    assert linked >= 3, f"Table {number}: only {linked} value cells"


def test_catalogue_entries_show_release_publisher_url_and_quote(built):
    soup = page(built / "book" / "generated" / "catalogue.html")
    entries = [e for e in soup.find_all(id=True) if e["id"].startswith("ev-")]
    records = pd.read_csv(ROOT / "data" / "processed" / "observations.csv", dtype=str)
    assert len([e for e in entries if not e["id"].startswith("ev-rule-")]) == len(records)
    for entry in entries:
        text = entry.get_text(" ", strip=True)
        assert entry.find("a", href=re.compile(r"^https?://")), f"{entry['id']}: no URL"
        assert "Quote" in text, f"{entry['id']}: no quote line"
        if not entry["id"].startswith("ev-rule-"):
            assert re.search(r"released \d{4}-\d{2}-\d{2}", text), f"{entry['id']}: no release"


def test_two_records_with_one_anchor_are_refused():
    from smeintl.report import record_entries

    raw = pd.read_csv(ROOT / "data" / "raw" / "customs.csv", dtype=str, keep_default_na=False)
    one = raw[raw["series_id"] == "gac_trade_total"].iloc[[0]]
    one = one.assign(value=one["value"].astype(float))
    assert "(ev-gac-trade-total-" in record_entries(one)[0]
    with pytest.raises(ValueError, match="anchors would collide"):
        record_entries(pd.concat([one, one.assign(source_id=one["source_id"])]))


def test_a_record_entry_shows_its_quote_escaped_and_marks_chinese():
    from smeintl.report import record_entries

    raw = pd.read_csv(ROOT / "data" / "raw" / "customs.csv", dtype=str, keep_default_na=False)
    one = raw[raw["series_id"] == "gac_trade_total"].iloc[[0]]
    one = one.assign(
        value=one["value"].astype(float),
        quote="全年进出口总值45.47万亿元 *增长* [3.8%]",
        quote_en="total trade of RMB 45.47 trillion | up 3.8%",
    )
    entry = record_entries(one)[1]
    assert '<span lang="zh">“全年进出口总值45.47万亿元 \\*增长\\* \\[3.8%\\]”</span>' in entry
    assert "(in English: “total trade of RMB 45.47 trillion \\| up 3.8%”)" in entry
