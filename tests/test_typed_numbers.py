"""No number taken from data may be typed into the book's prose.

Numbers that come from data reach the book through notebooks (myst-nb ``glue``) or through
tables generated into ``book/generated/``. This test scans every prose page ``book/**/*.md``
(except ``book/generated/``) and fails on anything that looks like a typed number.

Two checks run on every line:

* **data-like numbers** (percentages, amounts with a currency, numbers with a magnitude or unit
  word such as "trillion" or "days", thousands separators) are flagged *everywhere*, including
  inline code, code blocks, MyST comments and role contents;
* **any other digit** is flagged in prose once the allowed forms are masked: years (1900-2099)
  and year ranges, references to tables/figures/sections/chapters/parts, framework labels
  (C1-C4), heading levels (H1), citation keys and other MyST roles' targets, labels ``(x)=``,
  directive and option lines, URLs and DOIs, file names and paths, inline code, code blocks,
  comments, ordered-list markers, dates such as "12 June 2026", software versions
  ("Python 3.11") and licence versions ("CC BY-NC 4.0").

The self-tests at the bottom make sure the scanner can fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
EXCLUDED_DIRS = {"generated", "_build", "_static", ".ipynb_checkpoints"}

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
YEAR = r"(?:19|20)\d{2}"
DASH = r"(?:-|–|—|to|and|or|&|,)"

# --- check 1: data-like numbers, flagged everywhere --------------------------------------
NUM = r"\d+(?:[.,]\d+)*"
NOT_A_YEAR = rf"(?!{YEAR}\b)"
DATA_LIKE = re.compile(
    "|".join(
        [
            rf"{NUM}\s*(?:%|‰|per\s*cent\b|percent\b|pp\b|percentage\s+points?\b)",
            rf"(?:RMB|CNY|USD|US\$|EUR|HKD|JPY|yuan|\$|€|¥|£)\s*{NUM}",
            rf"{NUM}\s*(?:trillion|billion|million|thousand|bn\b|mn\b|tn\b|yuan\b)",
            rf"\b{NOT_A_YEAR}{NUM}\s*(?:days?|years?|months?|weeks?|firms|enterprises|SMEs"
            rf"|companies|people|stores|times|fold|x)\b",
            r"\b\d{1,3}(?:,\d{3})+\b",
        ]
    ),
    re.IGNORECASE,
)

# --- check 2: masks for allowed forms (applied before looking for any digit) --------------
SOFTWARE = (
    r"Python|Sphinx|Jupyter\s+Book|jupyter-book|myst-nb|MyST-NB|myst-parser|Playwright|"
    r"Chromium|pandas|matplotlib|papermill|statsmodels|nbval|sphinxcontrib-bibtex|pytest|ruff|uv"
)
# Targets that are names, not quantities: masked before both checks.
TARGETS = [
    # MyST roles whose content is a key or a target: citations, cross-references, glue keys
    re.compile(
        r"\{(?:cite(?::\w+)?|ref|numref|doc|eq|term|download|glue(?::\w+)?|"
        r"footcite(?::\w+)?|abbr|index)\}`[^`]*`"
    ),
    re.compile(r"https?://\S+|mailto:\S+|<https?://[^>]+>"),
    re.compile(r"\]\([^)]*\)"),  # markdown link targets
    re.compile(r"\bdoi:\s*\S+|\b10\.\d{4,9}/\S+", re.IGNORECASE),
    re.compile(r"[\w./-]*\d[\w./-]*\.(?:ipynb|md|py|json|csv|ya?ml|toml|bib|html|png|svg|txt)\b"),
    re.compile(r"\[\^[\w-]+\]"),  # footnote references
]
# Non-data numbers in prose: masked before the second check only.
ALLOWED_IN_PROSE = [
    re.compile(r"`[^`\n]*`"),  # inline code (data-like numbers are still caught by check 1)
    # references to parts of the paper or book: "Table 3", "Tables 6–7", "Figures 4 and 6"
    re.compile(
        rf"\b(?:Tables?|Figures?|Figs?\.?|Sections?|Chapters?|Parts?|Appendix|Appendices|"
        rf"Equations?|Eqs?\.?|Steps?|Stages?|Notebooks?|Pages?|pp?\.)\s+"
        rf"\d+(?:\.\d+)*(?:\s*{DASH}\s*\d+(?:\.\d+)*)*",
        re.IGNORECASE,
    ),
    re.compile(rf"\bC\d(?:\s*{DASH}\s*C\d)*\b"),  # framework labels C1–C4
    re.compile(r"\bH[1-6]\b"),  # heading levels
    re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\s+{YEAR}\b"),  # 12 June 2026
    re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s+{YEAR}\b"),  # June 12, 2026
    re.compile(rf"\b{YEAR}-\d{{2}}-\d{{2}}\b"),  # ISO dates
    re.compile(rf"\b(?:{SOFTWARE})\s+v?\d+(?:\.\d+)*(?:\.post\d+)?\b", re.IGNORECASE),
    re.compile(r"\bCC\s+BY(?:-[A-Z]{2})*\s+\d\.\d\b"),  # licence versions
    re.compile(rf"(?<![\d.,])\b{YEAR}(?:\s*{DASH}\s*{YEAR})*\b(?![.,]\d)"),  # years
]
ALLOWED_LINE = [
    re.compile(r"^\s*\([\w:.-]+\)=\s*$"),  # (label)=
    re.compile(r"^\s*:{3,}"),  # colon-fence directive lines
    re.compile(r"^\s*:[\w-]+:"),  # directive options
    re.compile(r"^\s*%"),  # MyST comments (data-like numbers still flagged)
    re.compile(r"^\s*\|?\s*:?-{3,}"),  # table separator rows
]
LIST_MARKER = re.compile(r"^(\s*)\d+[.)](?=\s)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(.*?)\s*$")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str
    match: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} {self.match!r} in: {self.text.strip()}"


def _mask(text: str, patterns: list[re.Pattern[str]]) -> str:
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def scan_text(text: str, path: str = "<string>") -> list[Finding]:
    """Return every typed number in a MyST Markdown text."""
    findings: dict[tuple[int, str], Finding] = {}

    def flag(lineno: int, kind: str, match: str, line: str) -> None:
        findings.setdefault((lineno, match.strip()), Finding(path, lineno, kind, match, line))

    # Open backtick/tilde fences: (marker, is_code). Directive fences (```{name}) hold
    # MyST content, which is prose; other fences hold code (commands), which is not.
    fences: list[tuple[str, bool]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        targets_masked = _mask(line, TARGETS)
        # check 1: data-like numbers are never allowed, not even in code or comments
        for m in DATA_LIKE.finditer(targets_masked):
            flag(lineno, "data-like number", m.group(0), line)

        fence = FENCE.match(line)
        if fence:
            marker, info = fence.groups()
            top = fences[-1][0] if fences else ""
            if top and not info and marker[0] == top[0] and len(marker) >= len(top):
                fences.pop()
            elif not (fences and fences[-1][1]):  # no new fences inside a code block
                fences.append((marker, not info.startswith("{")))
            continue
        if any(is_code for _, is_code in fences):
            continue
        if any(p.match(line) for p in ALLOWED_LINE):
            continue

        # check 2: any digit left in prose once the allowed forms are masked
        prose = LIST_MARKER.sub(
            lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), targets_masked
        )
        prose = _mask(prose, [DATA_LIKE, *ALLOWED_IN_PROSE])  # data-like: already reported
        for m in re.finditer(r"\d+(?:[.,]\d+)*", prose):
            flag(lineno, "typed number", m.group(0), line)
    return sorted(findings.values(), key=lambda f: f.line)


def prose_pages(book: Path = BOOK) -> list[Path]:
    """Every Markdown page under book/, except generated tables and build/static folders."""
    pages = []
    for path in sorted(book.rglob("*.md")):
        rel = path.relative_to(book)
        if any(part in EXCLUDED_DIRS for part in rel.parts[:-1]):
            continue
        pages.append(path)
    return pages


# --- the real check -----------------------------------------------------------------------


def test_book_has_prose_pages() -> None:
    pages = prose_pages()
    names = {p.name for p in pages}
    assert {"intro.md", "frameworks.md", "reproducibility.md", "references.md"} <= names, (
        f"expected the book's prose pages under {BOOK}, found {sorted(names)}"
    )


def test_no_typed_numbers_in_book_prose() -> None:
    findings: list[Finding] = []
    for page in prose_pages():
        findings += scan_text(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))
    assert not findings, (
        "Numbers from data must come from notebooks (myst-nb glue) or generated tables, "
        "not be typed into book/*.md:\n" + "\n".join(str(f) for f in findings)
    )


# --- the scanner can fail -----------------------------------------------------------------

FLAGGED = [
    "In 2025 total goods trade reached RMB 45.47 trillion.",
    "Private enterprises accounted for 57.3% of trade.",
    "Only 4% of firms export directly.",
    "About USD 35 trillion in 2025.",
    "a gap of about USD 2.5 trillion",
    "more than 140,000 specialised firms",
    "about 17,600 little giants",
    "customs clearance takes 3 days",
    "exports rose by 6.1 per cent",
    "a ratio of 1.697",
    "the share fell from 80 to 72",
    "growth of 4.6 in 2025",
    "`57.3%` hidden in inline code",
    "% generated: the share is 57.3%",
    "{sub-ref}`45.47 trillion`",
    "Table 3 shows RMB 7.55 trillion for ASEAN.",
    "| ASEAN | 7.55 | +8.0% |",
]

ALLOWED = [
    "Table 3",
    "Figure 5",
    "Sections 3–4 of the paper",
    "Tables 6–7, Figure 5",
    "Table 5, Figures 4 and 6",
    "the categories C1–C4, and the path C1 to C3 to C4",
    "as argued by {cite:t}`caogan2026` and {cite:p}`wto2026gtos`",
    "{cite:p}`gac2026trade{full-year trade release}`",
    "see <https://doi.org/10.62177/apemr.v3i3.1485>",
    "doi:10.62177/apemr.v3i3.1485",
    "[the release](https://www.gov.cn/lianbo/bumen/202501/content_6998197.htm)",
    "between 2024 and 2025, and in 2010–2016",
    "(intro)=",
    "```{include} generated/table_02.md",
    ":maxdepth: 2",
    "% generated: include the runtime table here",
    "1. Each value is transcribed once.",
    "`notebooks/01_sme_population.ipynb`",
    "Published 12 June 2026.",
    "built with Python 3.11 and Sphinx 7.4",
    "licensed under CC BY-NC 4.0",
    "every page needs an H1",
    "{glue:text}`02_foreign_trade::total_trade_2025`",
]


@pytest.mark.parametrize("text", FLAGGED)
def test_scanner_flags_typed_numbers(text: str) -> None:
    assert scan_text(text), f"scanner failed to flag a typed number in: {text!r}"


@pytest.mark.parametrize("text", ALLOWED)
def test_scanner_allows_non_data_numbers(text: str) -> None:
    findings = scan_text(text)
    assert not findings, "\n".join(str(f) for f in findings)


def test_scanner_skips_code_blocks_but_not_data_in_them() -> None:
    commands = "```bash\njupyter-book build . -W -n --keep-going\npython -m http.server 8000\n```"
    assert not scan_text(commands)
    data_in_code = "```text\nprivate share 57.3%\n```"
    assert scan_text(data_in_code)


def test_scanner_reports_file_and_line() -> None:
    text = "(intro)=\n# Title\n\nTrade reached RMB 45.47 trillion.\n"
    findings = scan_text(text, "book/intro.md")
    assert findings and findings[0].line == 4 and findings[0].path == "book/intro.md"


def test_scanner_handles_directive_fences() -> None:
    text = "```{note}\nOnly 4% of firms export directly.\n```\nText after the note.\n"
    assert [f.line for f in scan_text(text)] == [2]
    text = "````{admonition} Commands\n```bash\nmake book\n```\nShare 57.3\n````\n"
    assert [f.match for f in scan_text(text)] == ["57.3"]


def test_generated_tables_are_not_scanned(tmp_path: Path) -> None:
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "table_02.md").write_text("| Total | 45.47 |\n")
    (tmp_path / "intro.md").write_text("(intro)=\n# Intro\n")
    assert [p.name for p in prose_pages(tmp_path)] == ["intro.md"]


def test_no_typed_numbers_in_notebook_prose() -> None:
    # the notebooks are chapters of the book too: their Markdown cells obey the same rule
    import json

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    findings = []
    for notebook in notebooks:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                findings += scan_text("".join(cell["source"]), f"{notebook.name} cell {index}")
    assert not findings, "\n".join(map(str, findings))
