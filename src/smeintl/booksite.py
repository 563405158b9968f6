"""Sphinx extension for the book's reader pages (listed in ``_config.yml``).

* Code inputs are hidden behind a toggle on every notebook cell; outputs stay. The
  ``parameters`` cell gets a summary line that says how to rerun the chapter with other values.
  Nothing is edited in the notebooks: the cells are marked when the page is rendered.
* Search finds numbers: the index keeps decimals such as ``45.47`` as one term (besides the
  ``45`` and ``47`` Sphinx already indexes), and the search page's query splitter does the same
  (``book/_static/search-numbers.js`` puts back the all-digit terms, such as years, that
  Sphinx's search script drops).
* Accessibility fixes that the markup needs: bibliography entries get the ``listitem``
  role their ``list`` requires, and runs of CJK characters are marked ``lang="zh"``.
* Deterministic pages: no ``?v=`` checksum query strings on CSS and JS links (Sphinx adds them
  only for files that already exist in the output, so an incremental render wrote them and a
  clean one did not).
* Launch links: ``repository.url`` in ``_config.yml`` is the one setting. Empty (the default),
  the book shows no repository or launch button; set to the repository's public GitHub URL, the
  theme shows the repository button and, on every notebook chapter, the launch menu (Binder,
  which builds from ``environment.yml``, and Colab).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish
from sphinx.transforms.post_transforms import SphinxPostTransform

SHOW_CODE = "Show code"
HIDE_CODE = "Hide code"
PARAMETER_TAGS = {"parameters", "injected-parameters"}
# a decimal or a thousands-grouped number: 45.47, 1.62, 1,234.5 (kept as one search term)
DECIMAL = r"\d+(?:[.,]\d+)+"
_QUERY_STRING = re.compile(r"""(\b(?:href|src)="[^"?]+)\?v=[0-9a-f]{8}(")""")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# markup, scripts and styles are left alone; only text between tags is marked
_MARKUP = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)", re.DOTALL)


class SearchEnglishNumbers(SearchEnglish):
    """English search that also indexes decimals (``45.47``) as single terms."""

    _word_re = re.compile(DECIMAL + r"|\w+")
    js_splitter_code = (
        "var splitQuery = (query) => query.match("
        "/\\p{Number}+(?:[.,]\\p{Number}+)+|[\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu"
        ") || [];"
    )

    def split(self, input: str) -> list[str]:
        words = self._word_re.findall(input)
        # a decimal is indexed whole and by its parts, so "45" still finds "45.47"
        return words + [part for w in words if "." in w or "," in w for part in re.split("[.,]", w)]


def parameters_prompt(docname: str) -> str:
    """The summary line of a chapter's parameters cell: what it is and how to rerun."""
    notebook = docname.rsplit("/", 1)[-1] + ".ipynb"
    return (
        "Parameters of this chapter (the values it was built with). To rerun it with others: "
        f"python -m smeintl run {notebook} -p NAME VALUE"
    )


class HideCodeInputs(SphinxPostTransform):
    """Mark every notebook code cell's input as hidden (myst-nb then wraps it in a toggle)."""

    default_priority = 198  # just before myst-nb's HideInputCells (199)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") != "cell_code" or not node.children:
                continue
            if node.children[0].get("nb_element") != "cell_code_source":
                continue  # input removed already
            tags = set(node.get("cell_metadata", {}).get("tags", []))
            if tags & PARAMETER_TAGS:
                node["hide_mode"] = "input"
                node["prompt_show"] = parameters_prompt(self.env.docname)
                node["prompt_hide"] = "Hide the parameters"
                node["classes"].append("smeintl-parameters")
            elif not node.get("hide_mode"):
                node["hide_mode"] = "input"
                node["prompt_show"] = SHOW_CODE
                node["prompt_hide"] = HIDE_CODE


def mark_cjk(body: str) -> str:
    """``body`` with every run of CJK text (outside tags, scripts and styles) in a
    ``<span lang="zh">``."""

    def text(segment: str) -> str:
        def wrap(match: re.Match[str]) -> str:
            run = match.group(0)
            return f'<span lang="zh">{run}</span>' if _CJK_CHAR.search(run) else run

        return _CJK_RUN.sub(wrap, segment)

    parts = _MARKUP.split(body)
    return "".join(p if i % 2 else text(p) for i, p in enumerate(parts))


def fix_citation_roles(body: str) -> str:
    """docutils gives bibliography entries the deprecated ``doc-biblioentry`` role inside a
    ``role="list"`` container, which requires ``listitem`` children (axe: critical)."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def fix_toggle_names(body: str) -> str:
    """myst-nb labels every cell toggle "Toggle hidden content" although its visible text says
    "Show code" (axe: label-content-name-mismatch): let the visible text be the name."""
    return body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


def strip_query_strings(tag: str) -> str:
    """A ``<link>``/``<script>`` tag without Sphinx's ``?v=<crc32>`` suffix."""
    return _QUERY_STRING.sub(r"\1\2", tag)


BINDER = "https://mybinder.org"
COLAB = "https://colab.research.google.com"


def enable_launch_buttons(theme_options: dict[str, Any]) -> dict[str, Any]:
    """The theme options with the repository button and the Binder/Colab launch menu switched
    on when a repository URL is configured; unchanged when it is empty."""
    if not theme_options.get("repository_url"):
        return theme_options
    launch = dict(theme_options.get("launch_buttons") or {})
    launch.update(binderhub_url=BINDER, colab_url=COLAB, notebook_interface="jupyterlab")
    return {**theme_options, "use_repository_button": True, "launch_buttons": launch}


def assets_digest(folders: list[Path]) -> str:
    """A checksum of every file under ``folders`` (names and contents)."""
    digest = 0
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest = zlib.crc32(path.relative_to(folder).as_posix().encode(), digest)
            digest = zlib.crc32(path.read_bytes(), digest)
    return f"{digest:08x}"


def _config_inited(app: Sphinx, config: Any) -> None:
    config.html_theme_options = enable_launch_buttons(dict(config.html_theme_options))
    # Sphinx re-copies html_static_path only when some page is out of date: a change to a
    # stylesheet alone left the old copy in _build/html. Hashing the assets into a config value
    # makes such a change a config change, which rewrites every page and copies the assets.
    folders = [Path(app.confdir, f) for f in [*config.html_static_path, *config.templates_path]]
    config.smeintl_assets_digest = assets_digest([f for f in folders if f.is_dir()])


def navigation_digest(app: Sphinx, env: Any) -> str:
    """A checksum of what every page's navigation shows: the table of contents file, every
    document's title and the toctree structure."""
    parts = []
    toc = Path(app.srcdir, getattr(app.config, "external_toc_path", "_toc.yml"))
    if toc.is_file():
        parts.append(toc.read_text(encoding="utf-8"))
    parts += [f"{name}\t{title.astext()}" for name, title in sorted(env.titles.items())]
    parts += [f"{name}\t{' '.join(kids)}" for name, kids in sorted(env.toctree_includes.items())]
    return f"{zlib.crc32(chr(10).join(parts).encode()):08x}"


def _env_updated(app: Sphinx, env: Any) -> list[str]:
    """Every page's sidebar lists every chapter by title: when a title or the table of contents
    changed, rewrite every page (Sphinx would rewrite only the changed ones, leaving the others'
    navigation stale, unlike a clean render)."""
    digest = navigation_digest(app, env)
    if getattr(env, "smeintl_navigation_digest", None) == digest:
        return []
    env.smeintl_navigation_digest = digest
    return sorted(env.found_docs)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for key in ("css_tag", "js_tag"):
        if key in context:
            original = context[key]
            context[key] = lambda asset, _f=original: strip_query_strings(_f(asset))
    if "body" in context:
        context["body"] = mark_cjk(fix_toggle_names(fix_citation_roles(context["body"])))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("smeintl_assets_digest", "", "html")
    app.add_search_language(SearchEnglishNumbers)
    app.add_post_transform(HideCodeInputs)
    app.connect("config-inited", _config_inited)
    app.connect("env-updated", _env_updated)
    app.connect("html-page-context", _page_context, priority=900)
    # env_version: a change to this file discards Sphinx's saved environment, so an incremental
    # render rewrites every page as a clean one would (Sphinx does not track extension code)
    return {
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "version": "1",
        "env_version": zlib.crc32(Path(__file__).read_bytes()),
    }
