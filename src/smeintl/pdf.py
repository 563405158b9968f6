"""The book's PDF edition: the single-page HTML build printed by Chromium.

jupyter-book's LaTeX builder drops glued figures (jupyter-book #1539) and needs TeX; the
single-page HTML build keeps every glued number, figure and table, and Chromium (the one the
browser test uses) prints it with the book's print stylesheet (``book/_static/smeintl.css``:
no navigation, code inputs hidden, tables whole). ``make pdf`` runs::

    python -m smeintl.pdf            # -> _build/html/smeintl.pdf, linked from the home page

The PDF is written inside the HTML site so that the book's link to it works when served.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from smeintl.paths import BUILD, HTML, ROOT

SINGLE = BUILD / "pdf"  # jupyter-book writes _build/pdf/_build/singlehtml
PDF = HTML / "smeintl.pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class PdfError(RuntimeError):
    """The PDF could not be made (missing tool, failed build)."""


def chromium_path(explicit: str | None = None) -> Path:
    """The Chromium to print with: ``explicit``, else :func:`smeintl.chromium.find_chromium`
    (``$SMEINTL_CHROMIUM``, then PATH)."""
    from smeintl.chromium import CHROMIUM_ENV, find_chromium

    try:
        candidate = Path(explicit) if explicit else find_chromium()
    except FileNotFoundError as err:
        raise PdfError(str(err)) from None
    if candidate is None or not candidate.is_file():
        raise PdfError(
            f"Chromium not found (looked at --chromium, ${CHROMIUM_ENV} and PATH): "
            "`make browser` installs Debian's package or says what to install"
        )
    return candidate


def build_single_page(root: Path = ROOT, out: Path = SINGLE) -> Path:
    """Render the whole book as one HTML page; return its path."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", str(root), "--builder", "singlehtml"]
    cmd += ["--path-output", str(out), "-W", "-n", "--keep-going", "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
    page = out / "_build" / "singlehtml" / "book" / "intro.html"
    if result.returncode != 0 or not page.is_file():
        raise PdfError(
            f"single-page build failed ({' '.join(cmd)}):\n{result.stdout}{result.stderr}"
        )
    return page


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def print_pdf(page: Path, pdf: Path, chromium: Path) -> Path:
    """Print ``page`` (an HTML file of a local site) to ``pdf`` with Chromium, A4."""
    from playwright.sync_api import sync_playwright

    # Sphinx's singlehtml builder writes the root document at <site>/book/intro.html but makes
    # its links relative to the site's root: the page is printed from a copy at the root.
    site = page.parents[1]
    printed = site / "book.html"
    printed.write_bytes(page.read_bytes())
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        context = browser.new_context()
        # the book loads nothing from outside; a request that tries is refused
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        tab = context.new_page()
        failed: list[str] = []
        tab.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        tab.goto(base + printed.name, wait_until="networkidle")
        tab.evaluate(
            "() => Promise.all(Array.from(document.images).map((img) => {"
            " img.loading = 'eager'; return img.complete ? null :"
            " new Promise((done) => { img.onload = img.onerror = done; }); }))"
        )
        failed = [f for f in failed if not f.endswith("/searchindex.js")]  # no search in print
        if failed:
            raise PdfError("the single page could not load: " + "; ".join(failed))
        tab.emulate_media(media="print")
        tab.pdf(
            path=str(pdf),
            format="A4",
            print_background=True,
            margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                '<div style="font-size:8px;width:100%;text-align:center;">'
                '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
            ),
        )
        browser.close()
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m smeintl.pdf", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--chromium", help="Chromium executable (default: $SMEINTL_CHROMIUM, then PATH)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=PDF, help=f"default: {PDF.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    try:
        chromium = chromium_path(args.chromium)
        from smeintl.render import prepare_site

        # the executed notebooks of this build, as the HTML book renders them (_build/site)
        page = build_single_page(prepare_site())
        pdf = print_pdf(page, args.output, chromium)
    except PdfError as err:
        print(f"make pdf: {err}", file=sys.stderr)
        return 1
    print(f"wrote {pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
