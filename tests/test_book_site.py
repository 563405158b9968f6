"""The built book works in a real browser.

Serves ``_build/html`` with ``python -m http.server`` on a free local port and opens every HTML
page in headless Chromium (Playwright for Python, driving the system's ``/usr/bin/chromium``).
For every page it checks that

* no console error and no uncaught page error is logged;
* no request for a file of the site (127.0.0.1) fails or returns a status >= 400;
* nothing is requested from outside the site (the book must work offline);
* every ``<img>`` has loaded (``naturalWidth > 0``) and has a non-empty ``alt`` that is not
  just a file name; every image inside a ``<figure>`` (``<img>``, inline ``<svg>``,
  ``<object>``) has a text alternative;

and, at 1280 px and at 390 px (a phone), that axe-core (``make browser`` installs it from npm)
finds no critical or serious accessibility violation and that no page scrolls sideways. On the
chapters, every code input is folded away (outputs stay), no caption carries Sphinx's running
"Fig. N", CJK text carries ``lang="zh"``, and a table wider than its frame has a cue. The search
page finds a word taken from the introduction and numbers (a year, decimals). It saves
screenshots of the home page, of one chapter at 1280 px and of the audit at 390 px under
``_build/screenshots/`` and writes a summary to ``_build/browser-report.json`` (also printed,
visible with ``pytest -s``).

The test never skips: a missing build or a missing Chromium is a failure that says how to fix it.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
REPORT = ROOT / "_build" / "browser-report.json"
AXE = ROOT / "_build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_HINT = "run `make browser` (npm install axe-core into _build/npm)"
WIDTHS = (1280, 390)
BLOCKING_IMPACTS = {"critical", "serious"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A word from book/intro.md that the search page must find (checked against the source below).
SEARCH_WORD = "capability"
# Numbers a reader searches for: a year and two of the paper's decimals (Sphinx's search once
# dropped every all-digit term and split decimals in two). Each must be on some page's text.
SEARCH_NUMBERS = ("2020", "45.47", "1.62")
HOME_PAGE = "book/intro.html"
AUDIT_PAGE = "book/generated/audit.html"
FALLBACK_CHAPTER = "book/frameworks.html"
TIMEOUT_MS = 30_000
FILE_NAME_ALT = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)$", re.IGNORECASE)

BUILD_HINT = "run `make book` (or `.venv/bin/jupyter-book build . -W -n --keep-going`) first"
CHROMIUM_HINT = (
    "install Chromium: apt-get install -y chromium (the Makefile's `browser` target does it)"
)

IMAGES_JS = """
async () => {
  const images = Array.from(document.images);
  for (const img of images) { img.loading = "eager"; }
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done, { once: true });
    img.addEventListener("error", done, { once: true });
    setTimeout(done, 10000);
  })));
  const accessibleName = (el) => (
    el.getAttribute("aria-label") ||
    (el.getAttribute("aria-labelledby") &&
      document.getElementById(el.getAttribute("aria-labelledby"))?.textContent) ||
    el.querySelector?.("title")?.textContent ||
    el.getAttribute("title") || ""
  ).trim();
  const imgs = images.map((img) => ({
    src: img.currentSrc || img.src,
    alt: img.getAttribute("alt"),
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    inFigure: Boolean(img.closest("figure")),
  }));
  // inline SVG and <object> images inside figures (an <svg> nested in another is part of it)
  const others = Array.from(document.querySelectorAll("figure svg, figure object"))
    .filter((el) => !el.parentElement.closest("svg"))
    .map((el) => ({ tag: el.tagName.toLowerCase(), name: accessibleName(el) }));
  return { imgs, others };
}
"""


AXE_JS = """
async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    nodes: v.nodes.length,
  }));
}
"""

# Facts about the page a reader sees: sideways scroll, folded code, captions, CJK, table cues.
READER_JS = """
() => {
  const cjk = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const walker = document.createTreeWalker(document.querySelector("main") || document.body,
    NodeFilter.SHOW_TEXT);
  const unmarked = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (cjk.test(node.data) && !node.parentElement.closest('[lang^="zh"]')) {
      unmarked.push(node.data.trim().slice(0, 40));
    }
  }
  const inputs = Array.from(document.querySelectorAll(".cell .cell_input"));
  const frames = Array.from(
    document.querySelectorAll(".bd-article .pst-scrollable-table-container"));
  const wide = frames.filter((f) => f.scrollWidth > f.clientWidth + 1);
  const cued = (f) => {
    const cue = f.previousElementSibling;
    return cue && cue.classList.contains("smeintl-scroll-cue") && !cue.hidden;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    codeInputs: inputs.length,
    codeInputsShown: inputs.filter((el) => !el.closest("details:not([open])")).length,
    outputs: document.querySelectorAll(".cell .cell_output").length,
    captionNumbers: Array.from(document.querySelectorAll(".caption-number"))
      .map((el) => el.textContent.trim()),
    unmarkedCjk: unmarked,
    wideTables: wide.length,
    wideTablesWithoutCue: wide.filter((f) => !cued(f)).length,
  };
}
"""


def _fail(message: str) -> None:
    pytest.fail(message, pytrace=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site (not the theme's assets), home page and index first."""
    pages = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0].startswith("_"):  # _static, _sources, _images, _sphinx_design_static
            continue
        pages.append(rel.as_posix())
    first = {"index.html": 0, HOME_PAGE: 1}
    return sorted(pages, key=lambda p: (first.get(p, 2), p))


def _redirect_target(site: Path, page: str) -> str | None:
    """Where a page's <meta http-equiv="refresh"> points to (index.html does this)."""
    text = (site / page).read_text(encoding="utf-8", errors="replace")
    match = re.search(
        r"<meta[^>]+http-equiv=[\"']refresh[\"'][^>]+content=[\"'][^\"']*url=([^\"']+)[\"']",
        text,
        re.IGNORECASE,
    )
    return match.group(1).strip() if match else None


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Path:
    if not (HTML / "index.html").is_file():
        _fail(f"The built book is missing ({HTML / 'index.html'} not found): {BUILD_HINT}.")
    return HTML


@pytest.fixture(scope="module")
def chromium() -> Path:
    from conftest import require_chromium  # PATH or SMEINTL_CHROMIUM; skips outside CI only

    return require_chromium()


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        _fail(f"axe-core not found at {AXE.relative_to(ROOT)}: {AXE_HINT}.")
    return AXE


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1:<free port>; stopped in teardown."""
    port = _free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(
        [*cmd, "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                _fail(f"`{' '.join(cmd)}` exited with code {proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    _fail(f"`{' '.join(cmd)}` did not start listening within 15 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def crawl(site: Path, chromium: Path, axe_script: Path, server: str) -> dict[str, Any]:
    """Open every page at both widths, run axe and the search, take the screenshots; return
    the report."""
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    origin = urlsplit(server).netloc
    pages = _pages(site)
    results: list[dict[str, Any]] = []
    external: list[dict[str, str]] = []
    screenshots: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def is_local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and parts.netloc == origin

    def is_network(url: str) -> bool:
        return urlsplit(url).scheme in {"http", "https", "ws", "wss", "ftp"}

    def examine(page: Any) -> dict[str, Any]:
        """What a reader meets on the loaded page, and axe-core's violations."""
        facts = page.evaluate(READER_JS)
        page.add_script_tag(path=str(axe_script))
        facts["axe"] = page.evaluate(AXE_JS)
        return facts

    def search_for(context: Any, term: str) -> dict[str, Any]:
        found: dict[str, Any] = {"term": term, "results": 0, "pages": [], "error": ""}
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        try:
            page.goto(urljoin(server, f"search.html?q={term}"), wait_until="load")
            page.wait_for_selector("#search-results ul.search li", timeout=TIMEOUT_MS)
            links = page.eval_on_selector_all(
                "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
            )
            found["results"] = page.locator("#search-results ul.search li").count()
            found["pages"] = sorted({(href or "").split("#")[0].split("?")[0] for href in links})
        except Exception as exc:  # noqa: BLE001
            found["error"] = str(exc).splitlines()[0]
        found["console_errors"] = errors
        page.close()
        return found

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)

        def block_outside(route: Any) -> None:
            external.append({"page": current["page"], "url": route.request.url})
            route.abort()

        current = {"page": ""}
        site_links: set[str] = set()
        context.route(lambda url: is_network(url) and not is_local(url), block_outside)

        for page_path in pages:
            current["page"] = page_path
            record: dict[str, Any] = {
                "page": page_path,
                "console_errors": [],
                "page_errors": [],
                "bad_responses": [],
                "failed_requests": [],
                "images": 0,
                "image_problems": [],
            }
            page = context.new_page()
            page.on(
                "console",
                lambda msg, r=record: (
                    r["console_errors"].append(f"{msg.text} ({msg.location.get('url', '')})")
                    if msg.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda exc, r=record: r["page_errors"].append(str(exc)))
            page.on(
                "response",
                lambda resp, r=record: (
                    r["bad_responses"].append(f"{resp.status} {resp.url}")
                    if is_local(resp.url) and resp.status >= 400
                    else None
                ),
            )
            page.on(
                "requestfailed",
                lambda req, r=record: (
                    r["failed_requests"].append(f"{req.failure} {req.url}")
                    if is_local(req.url)
                    else None
                ),
            )
            url = urljoin(server, page_path)
            target = _redirect_target(site, page_path)
            page_started = time.monotonic()
            try:
                page.goto(url, wait_until="load")
                if target:
                    page.wait_for_url(urljoin(url, target))
                    page.wait_for_load_state("load")
                    record["redirects_to"] = urljoin(url, target)
                page.wait_for_load_state("networkidle")
                found = page.evaluate(IMAGES_JS)
                hrefs = page.eval_on_selector_all(
                    "a[href]", "els => els.map(e => e.getAttribute('href'))"
                )
                absolute = (urljoin(page.url, h) for h in hrefs)
                site_links.update(h.split("#")[0] for h in absolute if is_local(h))
                record["at"] = {str(WIDTHS[0]): examine(page)}
            except Exception as exc:  # noqa: BLE001 - any browser failure is a page failure
                record["page_errors"].append(f"could not load the page: {exc}")
                found = {"imgs": [], "others": []}
            record["final_url"] = page.url
            record["ms"] = round((time.monotonic() - page_started) * 1000)
            record["images"] = len(found["imgs"]) + len(found["others"])
            for img in found["imgs"]:
                if not img["complete"] or img["naturalWidth"] <= 0:
                    record["image_problems"].append(f"image did not load: {img['src']}")
                alt = (img["alt"] or "").strip()
                where = "figure image" if img["inFigure"] else "image"
                if not alt:
                    record["image_problems"].append(f"{where} without alt text: {img['src']}")
                elif FILE_NAME_ALT.search(alt):
                    # docutils falls back to the image's path when no alt is given (myst-nb
                    # outputs without `mystnb: image: alt` metadata): not a text alternative
                    record["image_problems"].append(
                        f"{where} whose alt text is a file name ({alt!r}): {img['src']}"
                    )
            for other in found["others"]:
                if not other["name"]:
                    record["image_problems"].append(
                        f"<{other['tag']}> in a figure without a text alternative"
                    )
            if page_path == "index.html":
                shot = SCREENSHOTS / "home.png"
                page.screenshot(path=str(shot), full_page=True)
                screenshots.append(shot.relative_to(ROOT).as_posix())
            page.close()
            results.append(record)

        # one chapter: the first notebook chapter if there is one, else a prose chapter
        chapters = [p for p in pages if p.startswith("notebooks/")] or [FALLBACK_CHAPTER]
        chapter = chapters[0]
        if (site / chapter).is_file():
            page = context.new_page()
            page.goto(urljoin(server, chapter), wait_until="networkidle")
            shot = SCREENSHOTS / "chapter-1280.png"
            page.screenshot(path=str(shot), full_page=True)
            screenshots.append(shot.relative_to(ROOT).as_posix())
            page.close()

        # search: a word, then numbers
        current["page"] = "search.html"
        search = search_for(context, SEARCH_WORD)
        search["word"] = SEARCH_WORD
        number_searches = {term: search_for(context, term) for term in SEARCH_NUMBERS}
        context.close()

        # every page again on a phone's width
        narrow = browser.new_context(viewport={"width": WIDTHS[1], "height": 844})
        narrow.set_default_timeout(TIMEOUT_MS)
        narrow.route(lambda url: is_network(url) and not is_local(url), block_outside)
        by_page = {r["page"]: r for r in results}
        for page_path in pages:
            current["page"] = page_path
            page = narrow.new_page()
            try:
                page.goto(urljoin(server, page_path), wait_until="networkidle")
                if _redirect_target(site, page_path):
                    page.wait_for_load_state("networkidle")
                by_page[page_path].setdefault("at", {})[str(WIDTHS[1])] = examine(page)
                if page_path == AUDIT_PAGE:
                    shot = SCREENSHOTS / "audit-390.png"
                    page.screenshot(path=str(shot), full_page=True)
                    screenshots.append(shot.relative_to(ROOT).as_posix())
            except Exception as exc:  # noqa: BLE001
                by_page[page_path]["page_errors"].append(f"at {WIDTHS[1]} px: {exc}")
            page.close()
        narrow.close()

        broken_links = []
        for link in sorted(site_links):
            try:
                with urllib.request.urlopen(link, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as err:
                status = err.code
            except OSError as err:
                broken_links.append(f"{link}: {err}")
                continue
            if status >= 400:
                broken_links.append(f"{status} {link}")

        chromium_version = browser.version
        browser.close()

    report = {
        "site": str(site.relative_to(ROOT)),
        "base_url": server,
        "chromium": f"{chromium} {chromium_version}",
        "pages": len(results),
        "page_results": results,
        "external_requests": external,
        "search": search,
        "number_searches": number_searches,
        "axe": _axe_summary(results),
        "links_checked": len(site_links),
        "broken_links": broken_links,
        "screenshots": screenshots,
        "seconds": round(time.monotonic() - started, 2),
    }
    problems = sum(
        len(r[k])
        for r in results
        for k in ("console_errors", "page_errors", "bad_responses", "failed_requests")
    ) + sum(len(r["image_problems"]) for r in results)
    problems += len(broken_links)
    report["ok"] = not problems and not external and search["results"] > 0
    REPORT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nbrowser test: {len(results)} pages checked in {report['seconds']} s "
        f"({report['chromium']}); problems: {problems}; requests outside the site: "
        f"{len(external)}; search {SEARCH_WORD!r}: {search['results']} results; "
        + ", ".join(f"{t!r}: {r['results']}" for t, r in number_searches.items())
        + f"\naxe-core violations (impact: count of nodes): {report['axe']}\n"
        f"screenshots: {', '.join(screenshots) or 'none'}\n"
        f"report: {REPORT.relative_to(ROOT)}"
    )
    return report


# --- tests -----------------------------------------------------------------------------------


def _axe_summary(results: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in results:
        for facts in record.get("at", {}).values():
            for violation in facts["axe"]:
                counts[violation["impact"]] = (
                    counts.get(violation["impact"], 0) + violation["nodes"]
                )
    return dict(sorted(counts.items()))


def _at(report: dict[str, Any], width: int) -> list[tuple[str, dict[str, Any]]]:
    """(page, facts at ``width``) for every page; a page that did not load has no facts."""
    missing = [r["page"] for r in report["page_results"] if str(width) not in r.get("at", {})]
    assert not missing, f"pages not examined at {width} px: {missing}"
    return [(r["page"], r["at"][str(width)]) for r in report["page_results"]]


def _listing(report: dict[str, Any], key: str) -> str:
    lines = [f"{r['page']}: {item}" for r in report["page_results"] for item in r[key]]
    return "\n".join(lines)


def test_every_toc_page_was_built_and_opened(crawl: dict[str, Any]) -> None:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        stack = list(part.get("chapters", []))
        while stack:
            entry = stack.pop(0)
            if "file" in entry:
                files.append(entry["file"])
            stack[:0] = entry.get("sections", [])
    opened = {r["page"] for r in crawl["page_results"]}
    missing = [f for f in files if f"{Path(f).with_suffix('').as_posix()}.html" not in opened]
    assert not missing, f"pages in _toc.yml with no HTML page in the build: {missing}"
    assert {"index.html", "search.html"} <= opened


def test_no_console_errors(crawl: dict[str, Any]) -> None:
    listing = "\n".join(
        filter(None, [_listing(crawl, "console_errors"), _listing(crawl, "page_errors")])
    )
    assert not listing, f"console or page errors:\n{listing}"


def test_no_broken_requests_inside_site(crawl: dict[str, Any]) -> None:
    listing = "\n".join(
        filter(None, [_listing(crawl, "bad_responses"), _listing(crawl, "failed_requests")])
    )
    assert not listing, f"requests for files of the site that failed or returned >= 400:\n{listing}"


def test_no_requests_outside_site(crawl: dict[str, Any]) -> None:
    listing = "\n".join(f"{e['page']}: {e['url']}" for e in crawl["external_requests"])
    assert not listing, (
        "the book must work offline, but pages requested resources from outside the site "
        f"(e.g. a CDN; vendor them under book/_static):\n{listing}"
    )


def test_no_broken_links_inside_site(crawl: dict[str, Any]) -> None:
    # every <a href> into the site (pages, downloads, generated CSVs, the PDF) answers with < 400
    assert crawl["links_checked"] > 0
    hint = ""
    if any("smeintl.pdf" in link for link in crawl["broken_links"]):
        hint = "\n(the home page links the PDF edition: run `make pdf` before this test)"
    assert not crawl["broken_links"], "\n".join(crawl["broken_links"]) + hint


def test_images_load_and_have_alt_text(crawl: dict[str, Any]) -> None:
    listing = _listing(crawl, "image_problems")
    assert not listing, f"image problems:\n{listing}"


def test_search_finds_a_word_from_the_intro(crawl: dict[str, Any]) -> None:
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    assert SEARCH_WORD in intro, f"SEARCH_WORD {SEARCH_WORD!r} no longer occurs in book/intro.md"
    search = crawl["search"]
    assert search["results"] >= 1, (
        f"search.html?q={SEARCH_WORD} showed no results ({search['error'] or 'no error'}; "
        f"console errors: {search['console_errors']})"
    )
    assert HOME_PAGE in search["pages"], (
        f"the search for {SEARCH_WORD!r} did not list {HOME_PAGE}: {search['pages']}"
    )
    assert not search["console_errors"], f"search page errors: {search['console_errors']}"


def test_screenshots_saved(crawl: dict[str, Any]) -> None:
    names = {Path(shot).name for shot in crawl["screenshots"]}
    assert names == {"home.png", "chapter-1280.png", "audit-390.png"}, crawl["screenshots"]
    for shot in crawl["screenshots"]:
        path = ROOT / shot
        assert path.is_file() and path.stat().st_size > 1000, f"screenshot {path} is empty"
    assert REPORT.is_file()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_critical_or_serious_accessibility_violation(crawl: dict[str, Any], width: int) -> None:
    found = [
        f"{page}: {v['impact']} {v['id']} ({v['help']}) x{v['nodes']}: {v['targets']}"
        for page, facts in _at(crawl, width)
        for v in facts["axe"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not found, f"axe-core at {width} px:\n" + "\n".join(found)


def test_no_page_scrolls_sideways_on_a_phone(crawl: dict[str, Any]) -> None:
    wide = [
        f"{page}: {facts['scrollWidth']} px wide in a {facts['innerWidth']} px window"
        for page, facts in _at(crawl, WIDTHS[1])
        if facts["scrollWidth"] > facts["innerWidth"]
    ]
    assert not wide, "pages that scroll sideways at 390 px:\n" + "\n".join(wide)


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_tables_scroll_in_a_frame_with_a_cue(crawl: dict[str, Any], width: int) -> None:
    uncued = [
        f"{page}: {facts['wideTablesWithoutCue']} of {facts['wideTables']} wide tables"
        for page, facts in _at(crawl, width)
        if facts["wideTablesWithoutCue"]
    ]
    assert not uncued, f"tables wider than their frame without a cue at {width} px: {uncued}"


def test_code_inputs_are_folded_and_outputs_shown(crawl: dict[str, Any]) -> None:
    chapters = [(p, f) for p, f in _at(crawl, WIDTHS[0]) if p.startswith("notebooks/")]
    assert chapters, "no notebook chapter was opened"
    shown = [
        f"{p}: {f['codeInputsShown']} of {f['codeInputs']}"
        for p, f in chapters
        if f["codeInputsShown"]
    ]
    assert not shown, f"code inputs shown without a click: {shown}"
    assert all(f["codeInputs"] for _, f in chapters), "a chapter without code cells?"
    assert all(f["outputs"] for _, f in chapters), "a chapter shows no cell output"


def test_captions_carry_no_running_figure_number(crawl: dict[str, Any]) -> None:
    numbered = [
        f"{p}: {f['captionNumbers']}" for p, f in _at(crawl, WIDTHS[0]) if f["captionNumbers"]
    ]
    assert not numbered, f"Sphinx's running numbers beside the paper's own: {numbered}"


def test_cjk_text_carries_a_language(crawl: dict[str, Any]) -> None:
    unmarked = [f"{p}: {f['unmarkedCjk']}" for p, f in _at(crawl, WIDTHS[0]) if f["unmarkedCjk"]]
    assert not unmarked, f'CJK text outside any lang="zh" element: {unmarked}'


@pytest.mark.parametrize("term", SEARCH_NUMBERS)
def test_search_finds_numbers(crawl: dict[str, Any], site: Path, term: str) -> None:
    found = crawl["number_searches"][term]
    assert found["results"] >= 1, (
        f"search.html?q={term} showed no results ({found['error'] or 'no error'})"
    )
    assert not found["console_errors"], found["console_errors"]
    # the pages listed hold the number (as a whole number, not a part of a longer one)
    pattern = re.compile(rf"(?<![\d.]){re.escape(term)}(?![\d]|\.\d)")
    holding = [
        p
        for p in found["pages"]
        if (site / p).is_file()
        and pattern.search(re.sub(r"<[^>]+>", " ", (site / p).read_text(encoding="utf-8")))
    ]
    assert holding, f"search for {term!r} listed {found['pages']}, none of which shows {term}"


def test_footer_shows_the_configured_copyright_year() -> None:
    # SOURCE_DATE_EPOCH leaking into the Sphinx build once turned it into 1970
    import yaml

    year = str(yaml.safe_load((ROOT / "_config.yml").read_text())["copyright"])
    html = (ROOT / "_build" / "html" / "book" / "intro.html").read_text(encoding="utf-8")
    assert f"Copyright {year}" in html
