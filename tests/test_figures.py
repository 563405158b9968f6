"""Every figure as a bundle (issue 13): its CSV holds the values of its table, the SVG draws as
many marks as the CSV has rows, its colours stay apart under colour vision deficiency, its text
stays text, and the same commit gives the same bytes in any folder.

Reference values come from the tables (``table_2`` …), never from the figure code; marks are
counted again in the SVG, not taken from the sidecar.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from smeintl import paths, plotting
from smeintl.colours import ciede2000, lab, min_distance, simulate
from smeintl.exhibits import ecommerce, markets, outlook, population, survey, trade

FIGURES = {
    "sme-tiers": lambda: population.tier_figure(),
    "figure-01": lambda: trade.figure_1(),
    "trade-annual": lambda: trade.annual_figure(),
    "figure-02": lambda: markets.figure_2(),
    "figure-03": lambda: ecommerce.figure_3(),
    "figure-04": lambda: survey.figure4(),
    "figure-05": lambda: outlook.figure5(),
    "figure-06": lambda: survey.figure6(),
    "wto-forecast-vintages": lambda: outlook.figure_vintages(),
    "rules-timeline": lambda: outlook.figure_rules(),
}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> tuple[Path, dict, dict]:
    """Every figure saved into a temporary folder: the folder, the returned frames, the figure
    objects (captured as :func:`save_figure` counts their marks)."""
    out = tmp_path_factory.mktemp("figures")
    figs: dict[str, object] = {}
    frames: dict[str, pd.DataFrame] = {}
    original = plotting.count_marks
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "FIGURES", out)
        for name, draw in FIGURES.items():
            mp.setattr(
                plotting,
                "count_marks",
                lambda fig, n=name: figs.setdefault(n, fig) and original(fig),
            )
            frames[name] = draw()
    return out, frames, figs


def read_csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        folder / f"{name}.csv",
        dtype={"period": str, "vintage": str},
        keep_default_na=False,
        na_values=[""],
    )


def mismatches(csv: pd.DataFrame, expected: dict[tuple[str, str], float], role=None) -> list[str]:
    """Where the CSV's value for (series_id, period) is not the table's (to 1e-9)."""
    rows = csv if role is None else csv[csv["role"] == role]
    got = {(r.series_id, str(r.period)): r.value for r in rows.itertuples()}
    bad = []
    for key, value in expected.items():
        if key not in got:
            bad.append(f"{key}: not in the figure")
        elif not math.isclose(float(got[key]), float(value), rel_tol=0, abs_tol=1e-9):
            bad.append(f"{key}: figure {got[key]}, table {value}")
    return bad


# --------------------------------------------------------------------------------------------
# The bundle
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIGURES)
def test_bundle_has_four_files_and_a_complete_sidecar(bundles, name: str) -> None:
    folder, frames, _ = bundles
    for suffix in ("svg", "png", "csv", "json"):
        assert (folder / f"{name}.{suffix}").stat().st_size > 0, (name, suffix)
    meta = json.loads((folder / f"{name}.json").read_text())
    assert meta["figure"] == name
    assert meta["title"] and meta["caption"] and meta["alt"]
    assert meta["notebook"].startswith("notebooks/") and (paths.ROOT / meta["notebook"]).exists()
    assert meta["sources"] and all(s["url"].startswith("http") for s in meta["sources"])
    csv = read_csv(folder, name)
    assert list(csv.columns) == plotting.MARK_COLUMNS
    assert len(csv) == len(frames[name]) == meta["marks"]
    cited = {i for cell in csv["sources"].dropna() for i in cell.split(";") if i}
    assert cited == {s["source_id"] for s in meta["sources"]}
    assert set(csv["role"]) <= plotting.ROLES


def svg_marks(svg: Path) -> int:
    """Marks counted in the SVG file: one per bar group, one per marker (``<use>``) in a line or
    scatter group."""
    root = ET.parse(svg).getroot()
    total = 0
    for el in root.iter():
        gid = el.get("id", "")
        if gid.startswith("mark-bar-"):
            total += 1
        elif gid.startswith(("mark-line-", "mark-points-")):
            total += sum(1 for e in el.iter(f"{SVG}use"))
    return total


@pytest.mark.parametrize("name", FIGURES)
def test_svg_draws_one_mark_per_csv_row(bundles, name: str) -> None:
    folder, _, _ = bundles
    csv = read_csv(folder, name)
    assert svg_marks(folder / f"{name}.svg") == plotting.drawn_rows(csv) == len(csv), name


def test_a_figure_drawing_more_than_its_frame_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    data = plotting.marks(
        [
            {
                "series_id": "x",
                "period": "2024",
                "vintage": "",
                "value": 1.0,
                "unit": "u",
                "label": "a",
                "role": "published",
                "sources": "",
                "derivation": "",
            }
        ]
    )
    fig, ax = plotting.new_figure("constructed")
    ax.bar([0, 1], [1.0, 2.0])  # two bars, one row
    with pytest.raises(ValueError, match="2 marks drawn but 1 rows"):
        plotting.save_figure(fig, "constructed", None, data)
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------------------------
# Each figure against its table
# --------------------------------------------------------------------------------------------


def table_2_expected() -> dict[tuple[str, str], float]:
    table = trade.table_2()
    return {(r.series_id, str(r.year)): r.value for r in table.itertuples()}


def test_figure_1_is_table_2(bundles) -> None:
    folder, _, _ = bundles
    csv = read_csv(folder, "figure-01")
    assert len(csv) == len(trade.table_2())
    assert mismatches(csv, table_2_expected()) == []
    released = {(r.series_id, str(r.year)): r.released for r in trade.table_2().itertuples()}
    assert {(r.series_id, r.period): r.vintage for r in csv.itertuples()} == released


def test_figure_1_test_fails_on_a_changed_table_value(bundles) -> None:
    folder, _, _ = bundles
    expected = table_2_expected()
    key = next(iter(expected))
    expected[key] += 0.01  # a constructed error in the table
    bad = mismatches(read_csv(folder, "figure-01"), expected)
    assert len(bad) == 1 and bad[0].startswith(f"{key}: figure ")


def test_figure_1_redrawn_from_a_changed_table_fails_the_check(tmp_path, monkeypatch) -> None:
    """Change one Table 2 value as the figure reads it: the figure follows, the reference
    (the untouched table) no longer matches."""
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    original = trade.table_2

    def changed(*args, **kwargs):
        frame = original(*args, **kwargs).copy()
        frame.attrs = {}
        frame.loc[0, "value"] += 1.0
        return frame

    monkeypatch.setattr(trade, "table_2", changed)
    trade.figure_1()
    monkeypatch.setattr(trade, "table_2", original)
    bad = mismatches(read_csv(tmp_path, "figure-01"), table_2_expected())
    assert len(bad) == 1 and "figure" in bad[0]


def test_figure_2_is_table_3(bundles) -> None:
    folder, _, _ = bundles
    table = markets.table_3()
    expected = {(r.series_id, str(r.year)): r.value for r in table.itertuples()}
    assert mismatches(read_csv(folder, "figure-02"), expected) == []


def test_figure_3_is_table_4_and_the_derived_2020_base(bundles) -> None:
    folder, _, _ = bundles
    csv = read_csv(folder, "figure-03")
    table = ecommerce.table_4().set_index("year")
    sourced = {
        (ecommerce.LEVEL, str(y)): table.loc[y, "value"]
        for y in table.index
        if str(y) != ecommerce.BASE_YEAR
    }
    assert mismatches(csv, sourced, role="published") == []
    base = ecommerce.base_2020()
    derived = csv[csv["role"] == "derived"]
    assert len(derived) == 1 and derived["period"].iloc[0] == ecommerce.BASE_YEAR
    assert math.isclose(derived["value"].iloc[0], base.value, abs_tol=1e-9)
    # Table 4 holds the derived base rounded to four decimals
    assert math.isclose(
        derived["value"].iloc[0], table.loc[int(ecommerce.BASE_YEAR), "value"], abs_tol=5e-5
    )
    assert base.formula in derived["derivation"].iloc[0]
    firsts = csv[csv["role"] == "first release, later revised"].set_index("period")["value"]
    for year in table.index:
        first = table.loc[year, "first_published_value"]
        if str(year) in firsts.index:
            assert math.isclose(firsts[str(year)], first, abs_tol=1e-9), year


def table_5_expected(prefix: str) -> dict[tuple[str, str], float]:
    table = survey.table5()
    rows = table[table["series_id"].str.startswith(prefix)].dropna(subset=["value"])
    return {(r.series_id, str(r.period)): r.value for r in rows.itertuples()}


def test_figure_4_is_table_5_with_its_wilson_interval(bundles) -> None:
    folder, _, _ = bundles
    csv = read_csv(folder, "figure-04")
    bars = csv[~csv["role"].str.startswith("interval")]
    assert mismatches(bars, table_5_expected("wbes_direct_exporters")) == []
    assert len(bars) == len(table_5_expected("wbes_direct_exporters"))
    ci = survey.intervals()
    ci = ci[ci["indicator"] == survey.INDICATORS["direct_exporters"][0]].dropna(
        subset=["wilson_low"]
    )
    assert sorted(csv.loc[csv["role"] == "interval low", "value"]) == pytest.approx(
        sorted(ci["wilson_low"])
    )
    assert sorted(csv.loc[csv["role"] == "interval high", "value"]) == pytest.approx(
        sorted(ci["wilson_high"])
    )


def test_figure_6_is_table_5(bundles) -> None:
    folder, _, _ = bundles
    csv = read_csv(folder, "figure-06")
    expected = table_5_expected("wbes_bank_loan")
    assert len(csv) == len(expected) and mismatches(csv, expected) == []


def test_figure_5_is_table_6(bundles) -> None:
    folder, _, _ = bundles
    table = outlook.table6("baseline")
    rows = table[table["unit"].isin(["% y/y", "% of global trade"])].dropna(subset=["value"])
    expected = {(r.series_id, str(r.period)): r.value for r in rows.itertuples()}
    csv = read_csv(folder, "figure-05")
    assert len(csv) == len(expected) and mismatches(csv, expected) == []


def test_tier_chart_is_table_1(bundles) -> None:
    folder, _, _ = bundles
    table = population.table_1()
    expected = {(r.series_id, str(r.period)): r.value for r in table.itertuples()}
    assert mismatches(read_csv(folder, "sme-tiers"), expected) == []


def test_annual_figure_is_the_annual_table(bundles) -> None:
    folder, _, _ = bundles
    table = trade.annual_table()
    expected = {
        (sid, str(y)): v
        for sid in [s for s, _ in trade.ANNUAL_LEVELS] + [trade.SHARE_SERIES]
        for y, v in zip(table["year"], table[sid], strict=True)
        if not math.isnan(v)
    }
    csv = read_csv(folder, "trade-annual")
    assert len(csv) == len(expected) and mismatches(csv, expected) == []


def test_vintages_figure_is_every_forecast(bundles) -> None:
    folder, _, _ = bundles
    table = outlook.forecast_vintages()
    csv = read_csv(folder, "wto-forecast-vintages")
    got = sorted(zip(csv["series_id"], csv["period"], csv["vintage"], csv["value"], strict=True))
    want = sorted(
        zip(
            table["series_id"],
            table["year"].astype(str),
            table["released"],
            table["value"],
            strict=True,
        )
    )
    assert got == want


def test_rules_timeline_is_table_7(bundles) -> None:
    folder, _, _ = bundles
    table = outlook.table7()
    csv = read_csv(folder, "rules-timeline")
    assert dict(zip(csv["series_id"], csv["period"], strict=True)) == dict(
        zip(table["event_id"], table["date"], strict=True)
    )
    moved = set(table.loc[table["status"] == "superseded", "event_id"])
    assert set(csv.loc[csv["role"] == "date later moved", "series_id"]) == moved


# --------------------------------------------------------------------------------------------
# Readable by everyone
# --------------------------------------------------------------------------------------------


def test_ciede2000_reproduces_sharma_wu_dalal() -> None:
    """Pairs 1, 7 and 17 of Sharma, Wu and Dalal (2005), Table 1."""
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_the_old_red_green_pair_fails_the_threshold() -> None:
    """The issue's exports red and private-enterprise green merge under deuteranopia."""
    distance, vision, _, _ = min_distance(["#c0504d", "#4f9d69"])
    assert distance < plotting.MIN_COLOUR_DISTANCE and vision != "normal"
    normal = ciede2000(lab(simulate("#c0504d", "normal")), lab(simulate("#4f9d69", "normal")))
    assert normal > plotting.MIN_COLOUR_DISTANCE  # apart for normal vision only


def test_palette_pairs_stay_apart_under_every_simulated_vision() -> None:
    assert min_distance(plotting.PALETTE)[0] >= plotting.MIN_COLOUR_DISTANCE


def svg_colours(svg: Path) -> set[str]:
    """Fill and stroke colours of the mark elements of an SVG (neutral greys and white aside)."""
    found = set()
    root = ET.parse(svg).getroot()
    for el in root.iter():
        if not el.get("id", "").startswith("mark-"):
            continue
        for sub in el.iter():
            for part in (sub.get("style") or "").split(";") + [
                f"fill:{sub.get('fill')}",
                f"stroke:{sub.get('stroke')}",
            ]:
                key, _, value = part.partition(":")
                value = value.strip()
                if key.strip() in ("fill", "stroke") and value.startswith("#"):
                    found.add(value.lower())
    return found - plotting.NEUTRAL


@pytest.mark.parametrize("name", FIGURES)
def test_colours_of_one_figure_stay_apart(bundles, name: str) -> None:
    folder, _, _ = bundles
    colours = svg_colours(folder / f"{name}.svg")
    assert colours, name
    distance, vision, a, b = min_distance(sorted(colours))
    assert distance >= plotting.MIN_COLOUR_DISTANCE, (name, vision, a, b, distance)


@pytest.mark.parametrize("name", ["trade-annual", "wto-forecast-vintages"])
def test_lines_that_differ_differ_in_marker_or_dash(bundles, name: str) -> None:
    _, _, figs = bundles
    lines = [ln for ax in figs[name].axes for ln in ax.lines if ln.get_linestyle() != "None"]
    assert len(lines) > 1
    styles = [(ln.get_marker(), str(ln.get_linestyle())) for ln in lines]
    assert len(set(styles)) == len(styles), styles


@pytest.mark.parametrize("name", FIGURES)
def test_svg_text_is_text(bundles, name: str) -> None:
    folder, _, _ = bundles
    root = ET.parse(folder / f"{name}.svg").getroot()
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    meta = json.loads((folder / f"{name}.json").read_text())
    assert meta["title"] in texts
    svg = (folder / f"{name}.svg").read_text()
    assert f"font-family: '{plotting.EMBEDDED}', 'DejaVu Sans'" in svg and "sans-serif" in svg


FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
DATA_URI = re.compile(r"url\(data:font/(?:woff|ttf);base64,([A-Za-z0-9+/=]+)\)")


def font_problems(svg: bytes) -> list[str]:
    """What keeps the text of an SVG from rendering the same everywhere: no ``<text>``, a text
    whose first font-family is not an embedded ``@font-face`` of its weight and style, or a
    character the embedded font has no glyph for."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    root = ET.fromstring(svg)
    css = "".join("".join(s.itertext()) for s in root.iter(f"{SVG}style"))
    faces: dict[tuple[str, str, str], set[int]] = {}
    for rule in FONT_FACE.findall(css):
        desc = dict(
            (k.strip(), v.strip()) for k, _, v in (p.partition(":") for p in rule.split(";"))
        )
        data = DATA_URI.search(rule)
        if data is None:
            return [f"@font-face without an embedded font: {rule[:80]}"]
        font = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
        key = (desc["font-family"].strip("'\""), desc["font-weight"], desc["font-style"])
        faces[key] = set(font.getBestCmap())
    texts = [
        el
        for el in root.iter()
        if el.tag in (f"{SVG}text", f"{SVG}tspan") and (el.text or "").strip()
    ]
    if not texts:
        return ["no <text> in the SVG"]
    bad = []
    for el in texts:
        style = {
            k.strip(): v.strip()
            for k, _, v in (p.partition(":") for p in (el.get("style") or "").split(";"))
        }
        family = style.get("font-family", "").split(",")[0].strip().strip("'\"")
        weight = {"normal": "400", "bold": "700"}.get(style.get("font-weight", "normal"))
        key = (family, weight or style["font-weight"], style.get("font-style", "normal"))
        if key not in faces:
            bad.append(f"{el.text!r}: set in {key}, no embedded @font-face of it")
            continue
        missing = sorted({c for c in el.text if ord(c) not in faces[key]})
        if missing:
            bad.append(f"{el.text!r}: no glyph for {missing} in the embedded {key}")
    return bad


@pytest.mark.parametrize("name", FIGURES)
def test_svg_text_is_set_in_an_embedded_font_that_covers_it(bundles, name: str) -> None:
    folder, _, _ = bundles
    svg = (folder / f"{name}.svg").read_bytes()
    assert font_problems(svg) == [], name
    assert svg.count(b"@font-face") >= 1


def test_every_built_svg_embeds_the_font_of_its_text() -> None:
    svgs = sorted(paths.FIGURES.glob("*.svg"))
    assert svgs, "book/generated/figures is empty: build the book with `make book`"
    assert {s.name: font_problems(s.read_bytes()) for s in svgs} == {s.name: [] for s in svgs}


def test_the_font_check_fails_on_a_glyph_or_face_not_embedded(bundles) -> None:
    folder, _, _ = bundles
    svg = (folder / "figure-01.svg").read_bytes()
    title = json.loads((folder / "figure-01.json").read_text())["title"].encode()
    assert title in svg
    # a character the subset lacks (the title is bold: its face has only the title's glyphs)
    problems = font_problems(svg.replace(title, title + "Z\u03a9".encode()))
    assert len(problems) == 1 and "no glyph for ['Z', '\u03a9']" in problems[0], problems
    # no embedded font at all
    stripped = re.sub(rb"@font-face\s*\{[^}]*\}", b"", svg)
    assert font_problems(stripped) and all(
        "no embedded @font-face" in p for p in font_problems(stripped)
    )
    # the embedded family not first: text falls back to whatever the reader has
    plain = svg.replace(f"'{plotting.EMBEDDED}', ".encode(), b"")
    assert all("set in ('DejaVu Sans'" in p for p in font_problems(plain)) and font_problems(plain)
    # an SVG without text
    assert font_problems(b'<svg xmlns="http://www.w3.org/2000/svg"/>') == ["no <text> in the SVG"]


def test_alt_text_is_made_from_the_data(bundles) -> None:
    folder, _, _ = bundles
    meta = json.loads((folder / "figure-01.json").read_text())
    table = trade.table_2()
    low, high = table.loc[table["value"].idxmin()], table.loc[table["value"].idxmax()]
    assert f"{low['value']:.4g}" in meta["alt"] and f"{high['value']:.4g}" in meta["alt"]
    assert f"{len(table)} values" in meta["alt"]


# --------------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------------

DRAW_ALL = """
from smeintl.exhibits import ecommerce, markets, outlook, population, survey, trade
population.tier_figure(); trade.figure_1(); trade.annual_figure(); markets.figure_2()
ecommerce.figure_3(); survey.figure4(); survey.figure6(); outlook.figure5()
outlook.figure_vintages(); outlook.figure_rules()
"""


def test_same_commit_same_bytes_in_any_folder(bundles, tmp_path) -> None:
    """Two fresh processes started in different folders write byte-identical bundles, equal to
    the ones this process wrote."""
    folder, _, _ = bundles
    written = []
    for seed, where in (("1", "one"), ("2", "two/deeper")):
        cwd = tmp_path / where
        cwd.mkdir(parents=True)
        stage = tmp_path / f"stage-{where.replace('/', '-')}"
        env = {**os.environ, "SMEINTL_STAGE": str(stage), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", DRAW_ALL], cwd=cwd, env=env, check=True)
        written.append(stage / paths.FIGURES.relative_to(paths.ROOT))
    for name in FIGURES:
        for suffix in ("svg", "png", "csv", "json"):
            ours = (folder / f"{name}.{suffix}").read_bytes()
            for other in written:
                assert (other / f"{name}.{suffix}").read_bytes() == ours, (name, suffix, other)


# --------------------------------------------------------------------------------------------
# The built book (make book; the pytest target builds it first)
# --------------------------------------------------------------------------------------------


def built(page: str) -> str:
    path = paths.HTML / page
    assert path.exists(), f"{paths.relative(path)} is missing: build the book with `make book`"
    return path.read_text(encoding="utf-8")


def test_every_built_figure_has_its_whole_bundle() -> None:
    svgs = sorted(paths.FIGURES.glob("*.svg"))
    assert svgs, "book/generated/figures is empty: build the book with `make book`"
    for svg in svgs:
        for suffix in ("png", "csv", "json"):
            assert svg.with_suffix(f".{suffix}").exists(), (svg.name, suffix)


def test_book_pages_link_every_bundle_file_and_use_the_generated_alt_text() -> None:
    from html import unescape

    from smeintl.figures import sidecars

    figures_page = built("book/generated/figures.html")
    metas = sidecars()
    assert {m["figure"] for m in metas if m["notebook"]} == set(FIGURES)
    for meta in metas:
        name = meta["figure"]
        if not meta["notebook"]:  # a figure of a generated page: shown there, listed and linked
            shown = built(f"book/generated/{meta['page']}.html")
            assert f"{name}.svg" in shown, (name, meta["page"])
            links = set(re.findall(r'href="[^"]*/_downloads/[0-9a-f]+/([^"]+)"', figures_page))
            for suffix in ("svg", "png", "csv", "json"):
                assert f"{name}.{suffix}" in links, (name, suffix, "Figures page")
            continue
        notebook = meta["notebook"].removeprefix("notebooks/")
        chapter = built(f"notebooks/{notebook.removesuffix('.ipynb')}.html")
        for page, where in ((chapter, "chapter"), (figures_page, "Figures page")):
            links = set(re.findall(r'href="[^"]*/_downloads/[0-9a-f]+/([^"]+)"', page))
            for suffix in ("svg", "png", "csv", "json"):
                assert f"{name}.{suffix}" in links, (name, suffix, where)
            assert notebook in links, (name, where)
        alts = {unescape(a) for a in re.findall(r'<img alt="([^"]*)"', chapter)}
        assert meta["alt"] in alts, name


def test_registry_names_the_notebook_and_caption_the_book_shows() -> None:
    """The sidecar's caption and notebook (smeintl.figures.FIGURES) are those of the chapter:
    the notebook shows the figure with the caption glued from the registry (declared once;
    tests/test_figures_notes.py checks the rendered caption and source note)."""
    from smeintl.figures import FIGURES as REGISTRY
    from smeintl.figures import glue_name
    from smeintl.outputs import stem

    made_by_notebooks = {k: e for k, e in REGISTRY.items() if e.notebook}
    assert {stem("figure", k) for k in made_by_notebooks} == set(FIGURES)
    assert all(e.page for e in REGISTRY.values() if not e.notebook)
    for key, entry in made_by_notebooks.items():
        nb = json.loads((paths.NOTEBOOKS / f"{entry.notebook}.ipynb").read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        assert f"```{{figure}} ../book/generated/figures/{stem('figure', key)}.svg" in text, key
        assert f"{{glue:md}}`{glue_name(key)}_caption:myst`" in text, key
        assert entry.caption not in text, key


@pytest.mark.parametrize("chars", ["Exports 2024 (RMB trillion) −4.5%", "Straße Ωmega"])
def test_the_font_subset_is_the_same_through_the_common_face(
    chars: str, tmp_path, monkeypatch
) -> None:
    """The quick path (a face cut to the common characters first) gives the very bytes that
    subsetting the whole face gives; characters outside the common set take the whole face."""
    from smeintl import fontcache, plotting

    monkeypatch.setattr(fontcache, "CACHE", tmp_path)  # computed here, not read from a cache
    plotting._common_face.cache_clear()
    whole = plotting._subset(plotting._face_path(400, "normal"), chars, "woff")
    assert plotting.font_subset(400, "normal", chars) == whole


def test_alt_text_spans_the_earliest_to_the_latest_period_whatever_the_drawing_order() -> None:
    from smeintl import plotting

    rows = [
        {"series_id": "s", "period": p, "vintage": "2026-01-01", "value": v, "unit": "%",
         "label": "Share", "role": "published", "sources": "x", "derivation": ""}
        for p, v in (("2025", 3.0), ("2026Q1", 4.0), ("2022", 1.0))
    ]  # fmt: skip
    text = plotting.alt_text("Title", plotting.marks(rows))
    assert "2022 to 2026Q1" in text
    assert "Lowest: Share, 2022, 1" in text and "highest: Share, 2026Q1, 4" in text


def test_alt_text_by_release_describes_each_quantity_from_its_first_to_its_last_release() -> None:
    from smeintl import plotting

    releases = [("A", "2023-06-17", -0.8), ("B", "2025-04-16", 2.5), ("A", "2023-01-13", 4.9),
                ("B", "2026-03-19", 1.9), ("B", "2025-10-07", 0.5)]  # fmt: skip
    rows = [
        {"series_id": q, "period": "2022", "vintage": d, "value": v, "unit": "% y/y",
         "label": f"Quantity {q}", "role": "published", "sources": "x", "derivation": ""}
        for q, d, v in releases
    ]  # fmt: skip
    text = plotting.alt_by_release("Title", plotting.marks(rows))
    assert text == (
        "Title. 2 quantities by release date. "
        "Quantity A (% y/y): 2 values, from 4.9 on 2023-01-13 to -0.8 on 2023-06-17; "
        "Quantity B (% y/y): 3 values, from 2.5 on 2025-04-16 to 1.9 on 2026-03-19."
    )


@pytest.mark.parametrize("name", ["revisions-most-revised", "revisions-sweep"])
def test_release_date_figures_describe_every_quantity_they_draw(name: str) -> None:
    import pandas as pd

    meta = json.loads((paths.FIGURES / f"{name}.json").read_text(encoding="utf-8"))
    drawn = pd.read_csv(paths.FIGURES / f"{name}.csv").dropna(subset=["value"])
    labels = list(dict.fromkeys(drawn["label"]))
    assert f"{len(labels)} quantities by release date" in meta["alt"]
    for label in labels:
        part = drawn[drawn["label"] == label].sort_values("vintage", kind="stable")
        assert f"{label} ({part['unit'].iloc[0]}): {len(part)} values, from " in meta["alt"]
        assert f"on {part['vintage'].iloc[0]} to " in meta["alt"]
    assert "_" not in meta["alt"], "a series id instead of its title"


def test_alt_text_names_the_period_once_when_the_label_holds_it() -> None:
    from smeintl import plotting

    rows = [
        {"series_id": "s", "period": p, "vintage": "2026-01-01", "value": v, "unit": "%",
         "label": label, "role": "published", "sources": "x", "derivation": ""}
        for label, p, v in (("MFN share, 2022", "2022", 83.0), ("Growth", "2025", 4.6))
    ]  # fmt: skip
    text = plotting.alt_text("Title", plotting.marks(rows))
    assert "Lowest: Growth, 2025, 4.6; highest: MFN share, 2022, 83." in text


def test_alt_text_compares_values_within_their_unit_only() -> None:
    from smeintl import plotting

    rows = [
        {"series_id": "s", "period": p, "vintage": "2026-01-01", "value": v, "unit": u,
         "label": label, "role": "published", "sources": "x", "derivation": ""}
        for label, p, v, u in (("Total", "2024", 43.85, "RMB trillion"),
                               ("Total", "2025", 45.47, "RMB trillion"),
                               ("Share", "2025", 57.3, "% of total trade"))
    ]  # fmt: skip
    assert plotting.alt_text("Title", plotting.marks(rows)) == (
        "Title. 3 values in 2 units: in RMB trillion, 2 values compare Total, 2024 to 2025. "
        "Lowest: Total, 2024, 43.85; highest: Total, 2025, 45.47; in % of total trade, 1 value "
        "compares Share, 2025. Value: Share, 2025, 57.3."
    )
