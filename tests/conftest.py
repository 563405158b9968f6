"""Shared fixtures: a scratch copy of the repository's raw data to break on purpose, and
where the browser test finds Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from smeintl.chromium import CHROMIUM_ENV, CHROMIUM_NAMES, find_chromium

REPO = Path(__file__).resolve().parents[1]

CHROMIUM_HINT = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium, which `make browser` does as "
    "root; Fedora: dnf install chromium; macOS: brew install --cask chromium) and put it on PATH, "
    f"or set {CHROMIUM_ENV}=/path/to/chromium"
)


def require_chromium() -> Path:
    """Chromium; if there is none, a failure under ``CI=true``, a skip elsewhere (with a hint)."""
    try:
        found = find_chromium()
    except FileNotFoundError as err:
        pytest.fail(f"{err}: {CHROMIUM_HINT}")
    if found is not None:
        return found
    message = f"no Chromium found ({', '.join(CHROMIUM_NAMES)} on PATH, {CHROMIUM_ENV} unset)"
    if _in_ci():
        pytest.fail(f"{message}; CI=true needs the browser test: {CHROMIUM_HINT}")
    pytest.skip(f"{message}: {CHROMIUM_HINT}")


PAPER = REPO.parent / "shared" / "seeds" / "000_c521b0f54e6f0288.txt"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def paper_text() -> str:
    """The paper's full text from ``../shared`` (read in tests only, never by the project). CI
    always has shared/ beside the clone, so there a missing paper fails; a user's clone has no
    shared/, so there the tests that compare with the paper skip, saying why."""
    if not PAPER.is_file():
        if _in_ci():
            pytest.fail(f"the paper's text is not available at {PAPER} (CI has shared/)")
        pytest.skip(f"the paper's text is not available at {PAPER} (a user's clone has no shared/)")
    return PAPER.read_text(encoding="utf-8")


@dataclass
class Sandbox:
    """A folder laid out like the repository (data/raw, data/processed) for one test."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    def smeintl(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "SMEINTL_ROOT": str(self.root)}
        return subprocess.run(
            [sys.executable, "-m", "smeintl", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
        )

    def snapshot(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.processed).as_posix(): p.read_bytes()
            for p in sorted(self.processed.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    box = Sandbox(tmp_path)
    shutil.copytree(REPO / "data" / "raw", box.raw)
    result = box.smeintl("data")
    assert result.returncode == 0, result.stderr
    return box
