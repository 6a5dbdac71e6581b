"""The quality gate: extraction must stay above its floors on the real pages in ../shared/data.

The same code prints the tables of `make eval`; here only Kliping runs (no peers), so it is quick.
A regression below a floor fails CI loudly (trafilatura's habit of pinning its benchmark).
"""

from __future__ import annotations

import pytest

from kliping.evaluation import Report, aeb_pages, evaluate, id_news_pages, kliping_predict


def test_english_benchmark_body_f1_floor(shared):
    report = evaluate("kliping", "aeb-dev", list(aeb_pages(shared / "data" / "aeb-dev")), kliping_predict)
    assert report.body.f1 >= 0.96, f"aeb-dev body F1 {report.body.f1:.3f}"


@pytest.fixture(scope="module")
def indonesian_report():
    from conftest import SHARED

    root = SHARED / "data" / "id-news-pages"
    if not root.is_dir():
        pytest.skip("../shared/data/id-news-pages is not present")
    return evaluate("kliping", "id-news-pages", list(id_news_pages(root)), kliping_predict)


def test_indonesian_body_f1_floor(indonesian_report):
    assert indonesian_report.body.f1 >= 0.95


def test_indonesian_title_accuracy_floor(indonesian_report):
    assert Report.ratio(indonesian_report.title) >= 0.90


def test_indonesian_publish_minute_accuracy_floor(indonesian_report):
    assert Report.ratio(indonesian_report.minute) >= 0.90
