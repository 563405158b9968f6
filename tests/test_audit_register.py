"""The claims register covers every number the paper prints in Tables 1–8 and Sections 1–3.

The tables and the number-bearing sentences of Sections 1–3 are kept below exactly as printed,
so that the coverage test runs without the paper; when the paper's text is available
(``conftest.PAPER``) the excerpts are first checked against it, so they cannot drift.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from smeintl.audit.register import COLUMNS, Claim, load_claims, validate_claims

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO / "data" / "raw" / "paper" / "claims.csv"

# Tables 1–8 as printed: caption, header row, body rows, source line (tab-separated cells).
TABLES = """\
*Table 1. Number and Quality Tiers of Chinese SMEs*
Indicator\tPublicly reported basis\tValue\tInterpretation
Registered SMEs\tEnd of 2024\tMore than 60 million\tA very large population; support cannot be \
confined to a small group of leading firms.
Technology-based and innovative SMEs\tPublic reports in 2025\tMore than 600,000\tA pool of \
technological potential that still needs channels and compliance capabilities.
Specialised and sophisticated SMEs\tPublic reports in 2025\tMore than 140,000\tStronger capacity \
in niche markets.
Specialised and sophisticated "little giant" firms\tPublic reports in 2026\tAbout 17,600\tThe \
leading group is expanding, but it remains a minority.
Source: Compiled from public releases by the Ministry of Industry and Information Technology, \
Xinhua News Agency and China Government Network.
Table 2. China’s Foreign Trade and Private Enterprise Contribution, 2024-2025
Indicator\t2024\t2025\tChange
Total goods trade\tRMB 43.85 trillion; +5.0%\tRMB 45.47 trillion; +3.8%\tA new record high, with \
a slower growth rate.
Total exports\tRMB 25.45 trillion; +7.1%\tRMB 26.99 trillion; +6.1%\tExports remained the main \
source of resilience.
Total imports\tAbout RMB 18.40 trillion\tRMB 18.48 trillion; +0.5%\tImport growth remained \
relatively weak.
Private enterprise trade\tRMB 24.33 trillion; +8.8%\tRMB 26.04 trillion; +7.1%\tPrivate firms \
carried a larger share of growth responsibilities.
Private enterprises’ share of total trade\t55.5%\t57.3%\tTheir position as a major trading body \
continued to rise.
Source: Compiled from public data released by the General Administration of Customs, China \
Government Network and China Economic Net.
Table 3. Import and Export Scale of Key Markets in 2025
Market\tScale\tYear-on-year growth\tRisk implication
Belt and Road countries\tRMB 23.6 trillion\t+6.3%\tMarket expansion, but larger cross-country \
institutional differences.
ASEAN\tRMB 7.55 trillion\t+8.0%\tSupply-chain cooperation and localisation requirements coexist.
European Union\tRMB 5.93 trillion\t+6.0%\tDense green, data and product-safety rules.
Latin America\tRMB 3.93 trillion\t+6.5%\tHigher pressure from exchange rates, credit and logistics \
cycles.
Africa\tRMB 2.49 trillion\t+18.4%\tHigh growth, but prominent after-sales and payment risks.
Source: Compiled from the General Administration of Customs' full-year 2025 foreign trade release.
Table 4. Changes in Cross-Border E-Commerce Import and Export Scale
Year\tScale\tChange\tImplication
2020\tAbout RMB 1.62 trillion\tDerived from the statement that 2025 was 69.7% higher than 2020\t\
The digital-channel base was already substantial.
2024\tRMB 2.63 trillion\t+10.8%\tPlatform-based entry continued to expand.
2025\tRMB 2.75 trillion\t+69.7% compared with 2020\tTransaction growth does not equal the \
accumulation of customer assets.
Source: Compiled from public data released by the General Administration of Customs and China \
Government Network; the 2020 value is derived from 2.75/1.697.
Table 5. Micro-Level Gaps in the World Bank China Enterprise Survey
Indicator\tChina 2024\tEast Asia and Pacific\tUpper-middle-income economies\tImplication
Share of firms exporting directly\t4%\t8%\t9%\tDirect firm-level internationalisation remains low.
Average days to clear exports through customs\t3 days\t9 days\t10 days\tCustoms clearance is not \
the main bottleneck.
Average days to clear imports through customs\t11 days\t7 days\t11 days\tImport lead time still \
affects production scheduling.
Small firms with bank loans\t22%\t-\t-\tSmall firms face evident financing disadvantages.
Medium-sized/large firms with bank loans\t46%/46%\t-\t-\tAccess to credit is strongly stratified \
by size.
Source: World Bank Enterprise Surveys, China 2024 Country Profile.
Table 6. Global Trade and Rules Environment
Variable\tValue or node\tInterpretation
Global trade scale\tAbout USD 35 trillion in 2025\tThe aggregate volume was still expanding.
Increase in global trade\tAbout USD 2.5 trillion more than in 2024\tMarket opportunities still \
existed.
World merchandise trade volume growth\t4.6% in 2025; WTO baseline forecast of 1.9% in 2026\t\
Growth was expected to slow.
Energy shock scenario\tMay fall to 1.4% in 2026\tExternal shocks could still compress orders.
MFN-covered trade share\tAbout 80% in 2024; about 72% in early 2026\tRule fragmentation was \
becoming more visible.
Source: UNCTAD Global Trade Update 2026 and WTO Global Trade Outlook and Statistics 2026.
Table 7. Timeline of Green and Supply-Chain Rules
Rule\tApplication node\tScope\tPressure on SMEs
EU CBAM\tDefinitive period from 1 January 2026\tCarbon-emission reporting and certificate \
arrangements\tPressure from carbon data, authorised reporting and cost pass-through.
EUDR\tLarge and medium-sized firms: 30 December 2025; small and micro firms: 30 June 2026\tDue \
diligence for deforestation-related products\tSupply-chain traceability and material \
documentation requirements.
EU supply-chain and product-safety rules\tProgressively strengthened\tProduct safety, ESG and \
consumer protection\tRaises documentation, legal and after-sales costs.
Source: Compiled from public information released by the European Commission and the Council of \
the European Union.
Table 8. Financing and Cash-Flow Pressure Data
Source\tIndicator\tValue\tMeaning for SMEs
World Bank\tSmall firms with bank loans\t22%\tWeak order-financing capacity.
World Bank\tMedium-sized/large firms with bank loans\t46%/46%\tClear size-based stratification.
ADB\tGlobal trade finance gap\tAbout USD 2.5 trillion\tTrade-finance shortage remains a global \
problem.
Public releases by the People's Bank of China\tBalance of inclusive loans to small and micro \
firms\tAbout RMB 32.93 trillion\tThe aggregate supply has improved, but foreign-trade scenarios \
still require order-based recognition.
Source: Compiled from public data released by the World Bank, ADB, China Government Network and \
the People's Bank of China.
"""

# Source notes of Figures 3 and 5, which print numbers of their own.
FIGURE_SOURCES = {
    3: "Source: Compiled from public data released by the General Administration of Customs and "
    "China Government Network; the 2020 value is derived from 2.75/1.697; unit: RMB trillion.",
    5: "Source: WTO Global Trade Outlook and Statistics, March 2026; the decline in MFN-covered "
    "trade share is calculated from 80% to 72%.",
}

# Every sentence of Sections 1–3 (outside tables and figures) that prints a digit, with
# parenthetical citations such as "(World Bank, 2025)" removed; keyed by section.
SENTENCES: dict[int, list[str]] = {
    1: [
        "In 2025, China’s total goods trade reached RMB 45.47 trillion, while private "
        "enterprises accounted for 57.3% of total imports and exports .",
        "At the same time, the World Bank’s China Enterprise Survey reports that only 4% of "
        "firms in the China sample export directly, below the 8% observed in East Asia and the "
        "Pacific and the 9% observed in upper-middle-income economies .",
    ],
    2: [
        "Total goods trade increased from RMB 43.85 trillion in 2024 to RMB 45.47 trillion in "
        "2025, while exports rose from RMB 25.45 trillion to RMB 26.99 trillion .",
        "Imports and exports by private enterprises increased from RMB 24.33 trillion to RMB "
        "26.04 trillion, raising their share of total trade from 55.5% to 57.3%.",
        "By the end of 2024, more than 60 million SMEs were registered.",
        "By 2025-2026, there were more than 600,000 technology-based and innovative SMEs, more "
        "than 140,000 specialised and sophisticated SMEs, and about 17,600 specialised and "
        "sophisticated 'little giant' firms .",
        "In 2025, China's trade with Belt and Road countries reached RMB 23.6 trillion, "
        "accounting for 51.9% of total foreign trade.",
        "Trade with ASEAN, the European Union, Latin America and Africa reached RMB 7.55 "
        "trillion, RMB 5.93 trillion, RMB 3.93 trillion and RMB 2.49 trillion, respectively .",
        "China's cross-border e-commerce imports and exports reached RMB 2.63 trillion in 2024, "
        "up 10.8% year on year, and RMB 2.75 trillion in 2025, 69.7% higher than in 2020 .",
        "The World Bank  shows that only 4% of firms in the China sample export directly, while "
        "the average time to clear exports through customs is three days, much better than the "
        "regional and income-group comparators.",
        "UNCTAD estimates that global trade reached about USD 35 trillion in 2025, roughly USD "
        "2.5 trillion more than in 2024 .",
        "The WTO forecasts that world merchandise trade volume growth will fall from 4.6% in "
        "2025 to 1.9% in 2026, and could fall to 1.4% under an energy-shock scenario.",
        "The share of trade covered by the most-favoured-nation principle also declined from "
        "about 80% in 2024 to about 72% in early 2026 .",
        "Tables 1 to 8 jointly indicate that macro-level resilience must be converted into "
        "firm-level operating capability.",
        "More than 60 million SMEs constitute a broad base of market actors, while only about "
        "17,600 specialised and sophisticated ‘little giant’ firms have developed stronger "
        "international competitiveness through technology, specialisation and niche advantages .",
    ],
    3: [
        "The EU Carbon Border Adjustment Mechanism (CBAM) entered its definitive period on 1 "
        "January 2026, and the EU Deforestation Regulation (EUDR) has also specified the "
        "application timetable for large, medium-sized, small and micro firms .",
        "The World Bank  reports that 22% of small firms in the China sample have bank loans, "
        "compared with 46% of both medium-sized and large firms.",
        "ADB  estimates the global trade-finance gap at about USD 2.5 trillion.",
    ],
}
# Numbers in the text that are not claims about the world: cross-references to the tables.
NOT_CLAIMS = {"Tables 1 to 8"}

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
CITATION = re.compile(r"\([^()]*\b(?:19|20)\d{2}\b[^()]*\)")
CAPTION = re.compile(r"^\*?(Table|Figure) (\d+)\.")
YEAR = re.compile(r"^(19|20)\d{2}$")


# parsing -----------------------------------------------------------------------------------
def parse_tables(text: str) -> dict[int, dict[str, list]]:
    """Tables in ``text``: {n: {"header": [cells], "rows": [[cells]], "source": str}}.

    A table runs from its "Table N." caption to its "Source:" line; the first non-empty line
    after the caption is the header row.
    """
    tables: dict[int, dict[str, list]] = {}
    current: dict[str, list] | None = None
    for line in text.splitlines():
        m = CAPTION.match(line.strip())
        if m and m.group(1) == "Table":
            current = {"header": [], "rows": [], "source": [], "caption": [line.strip()]}
            tables[int(m.group(2))] = current
            continue
        if current is None or not line.strip():
            continue
        if line.startswith("Source:"):
            current["source"] = [line]
            current = None
        elif not current["header"]:
            current["header"] = line.split("\t")
        else:
            current["rows"].append(line.split("\t"))
    return tables


def section_sentences(text: str) -> dict[int, list[str]]:
    """Digit-bearing sentences of Sections 1–3, outside tables and figures, citations removed."""
    body = text[text.index("## 1. Introduction") : text.index("#### 4. Governance Pathways")]
    out: dict[int, list[str]] = {1: [], 2: [], 3: []}
    section, skipping = 0, False
    for line in body.splitlines():
        s = line.strip()
        heading = re.match(r"^#+ (\d)\. ", s)
        if heading:
            section = int(heading.group(1))
            continue
        if CAPTION.match(s):
            skipping = True
            continue
        if skipping:
            skipping = not s.startswith("Source:")
            continue
        if not s:
            continue
        for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", CITATION.sub("", s)):
            if NUMBER.search(sentence):
                out[section].append(sentence)
    return out


def numbers(text: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) for n in NUMBER.findall(text)]


def claim_numbers(claims: list[Claim]) -> set[Decimal]:
    found: set[Decimal] = set()
    for c in claims:
        found.update(numbers(c.printed_text))
        if c.is_numeric:
            found.add(Decimal(c.value))
    return found


# fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    return load_claims(CLAIMS)


@pytest.fixture(scope="module")
def paper(paper_text: str) -> str:
    return paper_text


# the excerpts are the paper's own words -------------------------------------------------------
def test_table_excerpt_is_the_papers(paper: str) -> None:
    ours, theirs = parse_tables(TABLES), parse_tables(paper)
    assert sorted(ours) == list(range(1, 9))
    for n in range(1, 9):
        assert ours[n] == theirs[n], f"Table {n} differs from the paper"


def test_figure_sources_are_the_papers(paper: str) -> None:
    for n, line in FIGURE_SOURCES.items():
        start = paper.index(f"Figure {n}.")
        assert paper[paper.index("Source:", start) :].startswith(line)


def test_sentence_excerpt_is_the_papers(paper: str) -> None:
    assert section_sentences(paper) == SENTENCES


# coverage ----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", range(1, 9))
def test_every_number_in_table_is_a_claim(n: int, claims: list[Claim]) -> None:
    """Every number in Table n's body is printed in, or is the value of, a Table n claim.

    Years are exempt only in the header row, where they are column headers.
    """
    table = parse_tables(TABLES)[n]
    mine = claim_numbers([c for c in claims if c.table == n])
    missing = []
    for cell in table["header"]:
        for text in NUMBER.findall(cell):
            if not YEAR.match(text) and Decimal(text.replace(",", "")) not in mine:
                missing.append((cell, text))
    for row in table["rows"]:
        for cell in row:
            for value in numbers(cell):
                if value not in mine:
                    missing.append((row[0], cell, str(value)))
    assert not missing, f"Table {n}: numbers with no claim: {missing}"


@pytest.mark.parametrize("section", [1, 2, 3])
def test_every_number_in_text_is_a_claim(section: int, claims: list[Claim]) -> None:
    mine = claim_numbers([c for c in claims if c.section == section])
    missing = []
    for sentence in SENTENCES[section]:
        text = sentence
        for phrase in NOT_CLAIMS:
            text = text.replace(phrase, "")
        missing += [(sentence[:60], str(v)) for v in numbers(text) if v not in mine]
    assert not missing, f"Section {section}: numbers with no claim: {missing}"


def test_word_numbers_are_claims(claims: list[Claim]) -> None:
    # "three days" (Section 2, paragraph 3) is written out in words
    hits = [c for c in claims if "three days" in c.printed_text and c.is_numeric]
    assert [(c.value, c.unit) for c in hits] == [("3", "days")]


def test_source_notes_are_claims(claims: list[Claim]) -> None:
    table4 = parse_tables(TABLES)[4]["source"][0]
    notes = {c.claim_id: c for c in claims if "source note" in c.location}
    assert {"T4-SRC", "F3-SRC", "F5-SRC-from", "F5-SRC-to"} <= set(notes)
    assert notes["T4-SRC"].printed_text in table4
    assert notes["F3-SRC"].printed_text in FIGURE_SOURCES[3]
    assert notes["F5-SRC-from"].printed_text in FIGURE_SOURCES[5]


# printed_text is verbatim -------------------------------------------------------------------
def test_table_claims_quote_their_row(claims: list[Claim]) -> None:
    """A table claim's printed_text (parts joined by " | ") occurs in one row of its table."""
    tables = parse_tables(TABLES)
    bad = []
    for c in claims:
        if c.table is None or "source note" in c.location:
            continue
        rows = ["\t".join(r) for r in tables[c.table]["rows"]]
        parts = c.printed_text.split(" | ")
        if not any(all(p in row for p in parts) for row in rows):
            bad.append((c.claim_id, c.printed_text))
    assert not bad


def test_text_claims_quote_their_sentence(claims: list[Claim]) -> None:
    """A text claim's printed_text (parts joined by " ... ") occurs, in order, in its section."""
    bad = []
    for c in claims:
        if c.section is None:
            continue
        sentences = SENTENCES[c.section]
        parts = c.printed_text.split(" ... ")
        if not any(_in_order(parts, s) for s in sentences):
            bad.append((c.claim_id, c.printed_text))
    assert not bad


def _in_order(parts: list[str], text: str) -> bool:
    at = 0
    for p in parts:
        at = text.find(p, at)
        if at < 0:
            return False
        at += len(p)
    return True


def test_printed_value_appears_in_printed_text(claims: list[Claim]) -> None:
    """The value is a number of printed_text (60 million → 60 × 10⁶; dates and words aside)."""
    bad = []
    for c in claims:
        if not c.is_numeric or "three" in c.printed_text or "source note" in c.location:
            continue
        printed = numbers(c.printed_text)
        value = Decimal(c.value)
        scaled = {v * 1_000_000 for v in printed} if "million" in c.printed_text else set()
        if value not in printed and value not in scaled:
            bad.append((c.claim_id, c.value, c.printed_text))
    assert not bad


# the register itself ------------------------------------------------------------------------
def test_register_is_valid_utf8_csv_without_bom() -> None:
    raw = CLAIMS.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    raw.decode("utf-8")
    with open(CLAIMS, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(r) == len(COLUMNS) for r in rows)
    assert validate_claims(load_claims(CLAIMS, validate=False)) == []


def test_register_size(claims: list[Claim]) -> None:
    assert len(claims) > 60
    assert len({c.claim_id for c in claims}) == len(claims)


def test_duplicated_claims_share_their_check(claims: list[Claim]) -> None:
    """The same quantity printed twice (text and table) is checked the same way."""
    pairs = [
        ("S1-P1-S2-trade-2025", "T2-R1-C2025-level"),
        ("S2-P1-S2-trade-2024", "T2-R1-C2024-level"),
        ("S2-P1-S3-private-share-2025", "T2-R5-C2025"),
        ("S2-P3-S6-global-trade-increase", "T6-R2"),
        ("S3-P2-S2-cbam", "T7-R1"),
        ("S3-P2-S8-bank-loan-small", "T8-R1"),
        ("T5-R4-CHN", "T8-R1"),
        ("S2-P3-S8-mfn-2026", "T6-R5-2026"),
        ("T4-R2-level", "S2-P2-S7-cbec-2024"),
    ]
    by_id = {c.claim_id: c for c in claims}
    for a, b in pairs:
        assert by_id[a].check == by_id[b].check, (a, b)
        assert by_id[a].value == by_id[b].value, (a, b)


def test_validator_reports_problems() -> None:
    bad = [
        Claim("T9-R1", "Table 9", "x", "1", "days", "1", "roughly", "level", "series:x@2024"),
        Claim("T9-R1", "Table 9", "x", "abc", "days", "1", "", "kind", "growth:x@2024"),
        Claim(
            "T9-R2",
            "Table 9",
            "x",
            "1",
            "days",
            "1",
            "",
            "level",
            "series:x@2024",
            "an assumption",
            "",
        ),
        Claim("T9-R3", "Table 9", "x", "1", "days", "1", "", "level", "share:claim:T9-R9/x@2024"),
    ]
    problems = "\n".join(validate_claims(bad))
    for fragment in (
        "qualifier 'roughly'",
        "duplicate claim_id",
        "not a plain number",
        "kind 'kind'",
        "two operands",
        "go together",
        "unknown claim 'T9-R9'",
    ):
        assert fragment in problems


def test_claims_of_one_fact_print_one_number(claims: list[Claim]) -> None:
    """Repeats of a printed fact (``fact_id``) print the same value in the same unit."""
    by_fact: dict[str, set[tuple[str, str]]] = {}
    for c in claims:
        by_fact.setdefault(c.fact_id, set()).add((c.value, c.unit))
    assert {f: v for f, v in by_fact.items() if len(v) > 1} == {}
    # the 2025 total trade is printed three times (Section 1, Section 2, Table 2): one fact
    assert sum(c.fact_id == "trade-total-2025" for c in claims) == 3


def test_validator_requires_a_fact_id_and_comparison_recipes() -> None:
    bad = [
        Claim("T9-R1", "Table 9", "x", "1", "days", "1", "", "level", "series:x@2024"),
        Claim(
            "T9-R2",
            "Table 9",
            "higher",
            "higher",
            "comparison",
            "",
            "",
            "comparison",
            "series:x@2024",
            fact_id="x-higher",
        ),
        Claim("T9-R3", "Table 9", "x", "1", "days", "1", "", "level", "less:x@2024/y@2024"),
    ]
    problems = "\n".join(validate_claims(bad))
    assert "T9-R1: column 'fact_id' is empty" in problems
    assert "T9-R2: column 'check': a comparison takes less/greater/record recipes" in problems
    assert "T9-R3: column 'check': less recipes belong to comparison claims" in problems
