"""Trending against each name's own baseline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kliping.collection.trends import parse_window, trending

END = datetime(2026, 3, 10, tzinfo=UTC)
DAY = timedelta(days=1)


def counts_from(history):
    """history: {name: [articles per day, oldest first, last = the day before END]}."""
    def counts(since, until):
        out = {}
        for name, per_day in history.items():
            n = 0
            for i, c in enumerate(reversed(per_day)):
                day_start = END - (i + 1) * DAY
                if since <= day_start < until:
                    n += c
            if n:
                out[(name, "PERSON")] = n
        return out
    return counts


def test_a_rising_name_beats_a_always_frequent_one():
    history = {"Indonesia": [20, 22, 19, 21, 20], "Rahmat Hidayat": [0, 0, 1, 0, 12], "Sepi": [0, 0, 0, 0, 1]}
    trends = trending(counts_from(history), end=END, window=DAY)
    assert [t.name for t in trends] == ["Rahmat Hidayat"]
    assert trends[0].count == 12 and trends[0].expected == 0.25


def test_nothing_trends_in_an_empty_store():
    assert trending(lambda since, until: {}, end=END, window=DAY) == []


@pytest.mark.parametrize(("text", "delta"), [("24h", DAY), ("7d", 7 * DAY), ("36h", timedelta(hours=36))])
def test_windows(text, delta):
    assert parse_window(text) == delta


@pytest.mark.parametrize("text", ["", "0d", "1w", "d7", "99999d", "-1h"])
def test_bad_windows_are_refused(text):
    with pytest.raises(ValueError):
        parse_window(text)
