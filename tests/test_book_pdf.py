"""The PDF edition (``make pdf``) holds the whole book: key numbers, glued values, captions.

Its text is extracted with ``pdftotext`` (Debian's poppler-utils) and compared with
* the paper's key numbers, each checked against the paper's own text first;
* every numeric value glued into a chapter of the HTML build (``span.pasted-text``);
* every table and figure caption of the HTML build ("Table 2. ...", "Figure 1. ...").
The test never skips: a missing PDF or a missing ``pdftotext`` is a failure that says what to run.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "html" / "smeintl.pdf"
HTML = ROOT / "_build" / "html"

# The paper's headline numbers (Section 1-2 and Tables 2 and 4), each with the words the paper
# prints around it, so that the list is checked against the paper before the PDF is searched.
KEY_NUMBERS = {
    "45.47": "RMB 45.47 trillion",
    "43.85": "RMB 43.85 trillion",
    "26.99": "RMB 26.99 trillion",
    "25.45": "RMB 25.45 trillion",
    "26.04": "RMB 26.04 trillion",
    "24.33": "RMB 24.33 trillion",
    "57.3": "57.3%",
    "55.5": "55.5%",
    "1.62": "About RMB 1.62 trillion",
    "69.7": "69.7% higher than 2020",
}
NUMERIC = re.compile(r"^[−\-+]?\d[\d,]*(?:\.\d+)?$")
CAPTION = re.compile(r"\b((?:Table|Figure) \d+\.\s[^.]+)")


def _normal(text: str) -> str:
    text = html.unescape(text).replace("\u00ad", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@cache
def pdf_text() -> str:
    if not PDF.is_file():
        pytest.fail(f"{PDF.relative_to(ROOT)} not found: run `make pdf`", pytrace=False)
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: apt-get install -y poppler-utils (`make browser`)")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(PDF), "-"], capture_output=True, text=True, check=True
    )
    return _normal(result.stdout)


def chapter_pages() -> list[Path]:
    pages = sorted((HTML / "notebooks").glob("*.html"))
    if not pages:
        pytest.fail(f"no chapters under {HTML.relative_to(ROOT)}: run `make book`", pytrace=False)
    return pages


def _strip_tags(fragment: str) -> str:
    return _normal(re.sub(r"<[^>]+>", " ", fragment))


def html_captions() -> list[str]:
    """'Table N. Title' / 'Figure N. Title' of every caption on the chapter pages."""
    found: set[str] = set()
    for page in chapter_pages():
        text = page.read_text(encoding="utf-8")
        blocks = re.findall(r"<figcaption>(.*?)</figcaption>", text, re.DOTALL)
        blocks += re.findall(r"<strong>((?:Table|Figure) \d+\..*?)</strong>", text, re.DOTALL)
        for block in blocks:
            match = CAPTION.search(_strip_tags(block))
            if match:
                found.add(match.group(1).strip())
    return sorted(found)


def glued_numbers() -> dict[str, set[str]]:
    """Every numeric glued value on the chapter pages, by page: plain glued text, and the numbers
    glued as evidence links (``<span class="evidence">``, in the prose and the tables)."""
    values: dict[str, set[str]] = {}
    pattern = r'<span class="(?:pasted-text|evidence)">(.*?)</span>'
    for page in chapter_pages():
        text = page.read_text(encoding="utf-8")
        for fragment in re.findall(pattern, text, re.DOTALL):
            value = _strip_tags(fragment)
            if NUMERIC.match(value):
                values.setdefault(value, set()).add(page.name)
    return values


def test_the_pdf_is_one_book() -> None:
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=False)
    pages = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert pages and int(pages.group(1)) > 20, f"pdfinfo {PDF.name}: {info.stdout}{info.stderr}"
    text = pdf_text()
    for title in ("Reading guide", "Glossary", "Auditing the paper", "Data catalogue"):
        assert title in text, f"{title!r} not in the PDF's text"


def test_the_key_numbers_are_the_papers(paper_text: str) -> None:
    paper = _normal(paper_text)
    for number, context in KEY_NUMBERS.items():
        assert context in paper, f"KEY_NUMBERS: {context!r} is not in the paper's text"
        assert number in context, f"KEY_NUMBERS: {number} is not in its context {context!r}"


def test_key_numbers_of_the_paper_are_in_the_pdf() -> None:
    text = pdf_text()
    for number, context in KEY_NUMBERS.items():
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text), (
            f"the paper's {context!r}: {number} not found in the PDF"
        )


def test_every_glued_number_is_in_the_pdf() -> None:
    values = glued_numbers()
    assert len(values) > 20, f"only {len(values)} glued numbers found on the chapter pages"
    text = pdf_text()
    missing = [
        f"{value} ({', '.join(sorted(pages))})"
        for value, pages in sorted(values.items())
        if not re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text)
    ]
    assert not missing, f"glued numbers missing from the PDF: {missing}"


def test_every_table_and_figure_caption_is_in_the_pdf() -> None:
    captions = html_captions()
    numbers = {c.split(".")[0] for c in captions}
    expected = {f"Table {n}" for n in range(1, 11)} | {f"Figure {n}" for n in range(1, 7)}
    assert expected <= numbers, f"captions missing from the HTML chapters: {expected - numbers}"
    text = pdf_text()
    missing = [c for c in captions if c not in text]
    assert not missing, f"captions missing from the PDF: {missing}"
