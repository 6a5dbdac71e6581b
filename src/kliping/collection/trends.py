"""Trending: what is rising against its own baseline — the honest "Terpopuler".

An entity trends when the number of articles mentioning it in the current window is well above what
its own recent past predicts. The score is a Poisson z-score, ``(now - expected) / sqrt(expected + 1)``,
where ``expected`` is the mean count over the ``baseline`` windows before the current one; so a name
that is always in the news (``Indonesia``) does not trend for being frequent, and a name that goes from
0 to 12 articles does. Pure functions over counts: the store supplies them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOWS = {"1h": timedelta(hours=1), "6h": timedelta(hours=6), "24h": timedelta(hours=24),
           "3d": timedelta(days=3), "7d": timedelta(days=7), "30d": timedelta(days=30)}
_WINDOW = re.compile(r"(\d{1,4})([hd])")
MIN_COUNT = 2  # articles in the current window before a name can trend at all


@dataclass(frozen=True, slots=True)
class Trend:
    """One rising name: articles now, the count its baseline expects, and the z-score."""

    name: str
    label: str | None
    count: int
    expected: float
    score: float


def parse_window(text: str) -> timedelta:
    """``24h`` / ``7d`` / ``90d`` -> timedelta; ValueError for anything else."""
    if text in WINDOWS:
        return WINDOWS[text]
    m = _WINDOW.fullmatch(text.strip())
    if not m or int(m.group(1)) == 0:
        raise ValueError(f"window {text!r}: use a number of hours or days, like 24h or 7d")
    n = int(m.group(1))
    return timedelta(hours=n) if m.group(2) == "h" else timedelta(days=n)


def trending(
    counts: Callable[[datetime, datetime], Mapping[tuple[str, str | None], int]],
    *,
    end: datetime,
    window: timedelta,
    baseline: int = 4,
    limit: int = 20,
) -> list[Trend]:
    """Names rising in ``[end - window, end)`` against the ``baseline`` windows before it.

    ``counts(since, until)`` returns ``{(name, label): articles}`` for a time range (the store's query).
    """
    now = counts(end - window, end)
    past: dict[tuple[str, str | None], int] = {}
    for k in range(1, baseline + 1):
        for key, n in counts(end - (k + 1) * window, end - k * window).items():
            past[key] = past.get(key, 0) + n
    out = []
    for (name, label), n in now.items():
        if n < MIN_COUNT:
            continue
        expected = past.get((name, label), 0) / baseline
        score = (n - expected) / math.sqrt(expected + 1)
        if score > 0:
            out.append(Trend(name=name, label=label, count=n, expected=round(expected, 2), score=round(score, 3)))
    out.sort(key=lambda t: (-t.score, -t.count, t.name))
    return out[:limit]
