"""Colour-vision checks for figure palettes: simulate colour vision deficiency and measure
CIEDE2000 distances between the colours a figure uses together.

Simulation is Machado et al. (2009) at full severity, as implemented by ``colorspacious``; the
distance is CIEDE2000 (Sharma, Wu and Dalal 2005) between CIELab (D65) coordinates.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

import numpy as np

VISIONS = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")


def _rgb(colour: str | tuple) -> np.ndarray:
    from matplotlib.colors import to_rgb

    return np.array(to_rgb(colour), dtype=float)


def simulate(colour: str | tuple, vision: str) -> np.ndarray:
    """sRGB (0–1) of ``colour`` as seen with ``vision`` (one of :data:`VISIONS`, full severity)."""
    from colorspacious import cspace_convert

    rgb = _rgb(colour)
    if vision == "normal":
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def lab(rgb: np.ndarray) -> np.ndarray:
    """CIELab (D65) of an sRGB (0–1) triple."""
    from colorspacious import cspace_convert

    return cspace_convert(rgb, "sRGB1", "CIELab")


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference between two CIELab colours (kL = kC = kH = 1)."""
    l1, a1, b1 = (float(v) for v in lab1)
    l2, a2, b2 = (float(v) for v in lab2)
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhp_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lp_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    else:
        hp_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hp_bar - 30))
        + 0.24 * math.cos(math.radians(2 * hp_bar))
        + 0.32 * math.cos(math.radians(3 * hp_bar + 6))
        - 0.20 * math.cos(math.radians(4 * hp_bar - 63))
    )
    d_theta = 30 * math.exp(-(((hp_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (lp_bar - 50) ** 2 / math.sqrt(20 + (lp_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dlp / s_l) ** 2
        + (dcp / s_c) ** 2
        + (dhp_big / s_h) ** 2
        + r_t * (dcp / s_c) * (dhp_big / s_h)
    )


def min_distance(colours: Iterable[str | tuple]) -> tuple[float, str, str, str]:
    """The smallest CIEDE2000 distance between any two of ``colours`` under any of
    :data:`VISIONS`: ``(distance, vision, colour_a, colour_b)``; ``inf`` for fewer than two."""
    unique = list(dict.fromkeys(colours))
    best = (math.inf, "", "", "")
    for vision in VISIONS:
        seen = {c: lab(simulate(c, vision)) for c in unique}
        for a, b in itertools.combinations(unique, 2):
            d = ciede2000(seen[a], seen[b])
            if d < best[0]:
                best = (d, vision, str(a), str(b))
    return best
