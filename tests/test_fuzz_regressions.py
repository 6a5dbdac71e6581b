"""The fuzzing regression corpus (``tests/fuzz_corpus``, written by ``fuzz/make_corpus.py``): every input through
``read()`` and ``analyze()`` ends with a record or a ``KlipingError``, no enrichment stage fails, and each
finishes within ``LIMIT_S`` (the fuzzer's bar; a generous bound: the slowest passing input takes under 1 s).

Inputs that still break are listed in ``KNOWN`` with the bug; they are strict xfails, so a fix makes the
test fail until its entry is removed.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import pytest

from kliping.errors import KlipingError
from kliping.pipeline import analyze, default_pipeline, read

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
LIMIT_S = 2.0
KNOWN: dict[tuple[str, str], str] = {}  # (file, target) -> the open bug; none today


class TooSlow(BaseException):
    """Raised by the alarm: a BaseException, so that no ``except Exception`` in the pipeline hides it."""


def _cases() -> list:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    cases = []
    for path in files:
        for target in ("read", "analyze"):
            reason = KNOWN.get((path.name, target))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(path, target, id=f"{path.name}-{target}", marks=marks))
    return cases


def _argument(path: Path, target: str) -> bytes | str:
    raw = path.read_bytes()
    if path.suffix == ".json":  # a JSONL-style record: its text may hold what only JSON can carry
        return json.loads(raw)["text"]
    return raw if target == "read" else raw.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def pipeline():
    """One pipeline with its models loaded before any clock starts."""
    pipe = default_pipeline()
    read("Warga Desa Sukamaju berkumpul di balai desa, Senin (4/3/2024).", pipeline=pipe)
    return pipe


def _run_bounded(call, seconds: float):
    """``call()``, stopped by an alarm after ``seconds`` where signals allow (main thread, POSIX)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return call()

    def expire(signum, frame):
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_corpus_is_present_and_small():
    files = [p for p in CORPUS.iterdir() if p.is_file()]
    assert 20 <= len(files) <= 60
    assert all(p.stat().st_size <= 200_000 for p in files)
    assert {name for name, _ in KNOWN} <= {p.name for p in files}


@pytest.mark.parametrize(("path", "target"), _cases())
def test_corpus_input_is_handled(path, target, pipeline):
    arg = _argument(path, target)
    pipeline.failures.clear()
    started = time.perf_counter()
    try:
        article = _run_bounded(lambda: (read if target == "read" else analyze)(arg, pipeline=pipeline), LIMIT_S)
    except KlipingError:
        article = None  # a named refusal (not an article, too large) is a correct answer
    except TooSlow:
        pytest.fail(f"{path.name}: {target}() ran past {LIMIT_S} s")
    elapsed = time.perf_counter() - started
    assert elapsed < LIMIT_S, f"{path.name}: {target}() took {elapsed:.2f} s"
    failed = [w for w in (article.warnings if article else ()) if w.startswith("stage ")]
    assert not pipeline.failures and not failed, failed
    if article is not None:
        assert isinstance(article.body, str)


def test_page_with_too_many_elements_is_refused_not_walked():
    from kliping.errors import InputTooLarge
    from kliping.extract.html import MAX_NODES

    flat = "<html><body><article>" + "<p>Warga datang.</p>" * (MAX_NODES + 1) + "</article></body></html>"
    with pytest.raises(InputTooLarge, match="elements"):
        _run_bounded(lambda: read(flat.encode(), enrich=False), 10 * LIMIT_S)
    nested = "<div>" * (MAX_NODES + 1) + "<p>Warga datang ke balai desa pada Senin pagi.</p>"
    article = _run_bounded(lambda: read(nested, enrich=False), 10 * LIMIT_S)  # dropped tags are no nodes
    assert "Warga datang" in article.body
