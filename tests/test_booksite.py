"""The book's Sphinx extension (smeintl.booksite), piece by piece, without a build."""

from __future__ import annotations

from pathlib import Path

from smeintl.booksite import (
    SearchEnglishNumbers,
    assets_digest,
    enable_launch_buttons,
    fix_citation_roles,
    fix_toggle_names,
    mark_cjk,
    parameters_prompt,
    strip_query_strings,
)


def test_search_index_keeps_decimals_and_years_whole() -> None:
    words = SearchEnglishNumbers({}).split("In 2025 trade reached RMB 45.47 trillion (1,234.5).")
    assert {"2025", "45.47", "1,234.5", "trade"} <= set(words)
    assert {"45", "47"} <= set(words)  # the parts still find the decimal


def test_search_query_splitter_keeps_decimals_whole() -> None:
    # the JavaScript splitter's pattern, checked on its text: decimals first, then words
    code = SearchEnglishNumbers.js_splitter_code
    assert code.startswith("var splitQuery = ")
    assert "\\p{Number}+(?:[.,]\\p{Number}+)+|" in code


def test_cjk_runs_get_a_language_outside_markup() -> None:
    body = (
        '<p title="普惠">Balance of 普惠小微贷款 (inclusive loans)</p><script>"专精特新"</script>'
    )
    marked = mark_cjk(body)
    assert '<span lang="zh">普惠小微贷款</span>' in marked
    assert 'title="普惠"' in marked  # attributes untouched
    assert '<script>"专精特新"</script>' in marked  # scripts untouched
    assert mark_cjk("<p>no Chinese here, only ASCII</p>") == "<p>no Chinese here, only ASCII</p>"


def test_citation_entries_become_list_items() -> None:
    body = '<div role="list" class="citation-list">\n<div class="citation" role="doc-biblioentry">'
    assert 'role="listitem"' in fix_citation_roles(body)
    assert "doc-biblioentry" not in fix_citation_roles(body)


def test_cell_toggles_are_named_by_their_visible_text() -> None:
    body = '<summary aria-label="Toggle hidden content">\n<p class="collapsed">Show code</p>'
    assert fix_toggle_names(body).startswith("<summary>\n")


def test_query_strings_are_stripped_from_local_assets_only() -> None:
    tag = '<link rel="stylesheet" href="../_static/mystnb.css?v=8cd3d715" />'
    assert strip_query_strings(tag) == '<link rel="stylesheet" href="../_static/mystnb.css" />'
    script = '<script src="_static/doctools.js?v=9a2dae69"></script>'
    assert strip_query_strings(script) == '<script src="_static/doctools.js"></script>'
    digest = '<link href="_static/styles/theme.css?digest=55c26ed414f5f8a31ebb" />'
    assert strip_query_strings(digest) == digest  # the theme's own cache key is stable


def test_launch_buttons_follow_the_repository_url() -> None:
    assert enable_launch_buttons({"repository_url": ""}) == {"repository_url": ""}
    options = enable_launch_buttons({"repository_url": "https://github.com/o/smeintl"})
    assert options["use_repository_button"] is True
    assert options["launch_buttons"]["binderhub_url"].startswith("https://")
    assert options["launch_buttons"]["colab_url"].startswith("https://")


def test_parameters_prompt_names_the_notebook_and_the_command() -> None:
    prompt = parameters_prompt("notebooks/02_foreign_trade")
    assert "python -m smeintl run 02_foreign_trade.ipynb -p NAME VALUE" in prompt


def test_assets_digest_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("p {}")
    before = assets_digest([tmp_path])
    assert assets_digest([tmp_path]) == before
    (tmp_path / "a.css").write_text("p { color: red }")
    assert assets_digest([tmp_path]) != before
