"""One setting, ``repository.url`` in ``_config.yml``, switches the repository and launch links.

Empty (as committed), the built book links to no repository, Binder or Colab. A copy of the
book's sources with the setting filled in is rendered, and there every notebook chapter links
to its notebook in the repository, on Binder and on Colab.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
URL = "https://github.com/example-owner/smeintl"
LAUNCH = re.compile(r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)[^"]*)"')


def test_the_committed_setting_is_empty_and_the_book_has_no_launch_links() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == ""
    chapters = sorted((HTML / "notebooks").glob("*.html"))
    assert chapters, "run `make book` first"
    for chapter in chapters:
        assert not LAUNCH.search(chapter.read_text(encoding="utf-8")), chapter.name


def test_setting_the_repository_url_adds_repository_binder_and_colab_links(
    tmp_path: Path,
) -> None:
    assert (ROOT / "book" / "generated").is_dir(), "run `make book` first"
    shutil.copy2(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    shutil.copytree(ROOT / "book", tmp_path / "book")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".*"))
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert config.count('\n  url: ""\n') == 1, "the repository url setting is no longer found"
    (tmp_path / "_config.yml").write_text(config.replace('\n  url: ""\n', f'\n  url: "{URL}"\n'))
    cmd = [str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going", "--quiet"]
    result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    chapters = sorted((tmp_path / "_build" / "html" / "notebooks").glob("*.html"))
    assert chapters
    for chapter in chapters:
        text = chapter.read_text(encoding="utf-8")
        notebook = f"notebooks/{chapter.stem}.ipynb"
        links = LAUNCH.findall(text)
        assert any("mybinder.org" in link and notebook in link for link in links), chapter.name
        assert any("colab" in link and notebook in link for link in links), chapter.name
        assert f'href="{URL}"' in text, f"{chapter.name}: no repository button"
