"""Where Chromium is: one lookup for the browser test, the PDF edition and ``make browser``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ENV = "SMEINTL_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_APPS = (  # macOS installs apps outside PATH
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)


def find_chromium() -> Path | None:
    """Chromium (or Chrome) for the browser test: ``$SMEINTL_CHROMIUM``, else PATH, else the
    usual macOS app folders; None when there is none. A variable naming no executable raises."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        path = Path(named)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise FileNotFoundError(f"{CHROMIUM_ENV}={named} is not an executable file")
        return path
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((Path(p) for p in CHROMIUM_APPS if os.access(p, os.X_OK)), None)
