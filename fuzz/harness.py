"""Fuzz ``kliping.read()`` and ``kliping.analyze()`` with mutated pages and texts.

    .venv/bin/python fuzz/harness.py --runs 1000000 --out build/fuzz        # or --seconds 3600
    .venv/bin/python fuzz/harness.py --engine atheris --seconds 600          # coverage-guided (atheris)

The default engine is a mutation fuzzer without coverage (fast, survives its findings): seeds are the
fixture pages, the demo corpus and the texts below; each execution stacks one to four byte- or
structure-level mutations (``fuzz/mutate.py``). A *crash* is any exception other than ``KlipingError``;
a *stage failure* is an enrichment stage that raised (the pipeline keeps the record but loses that
stage: a bug too); a *slow* input takes over ``--slow`` seconds of CPU time (its own thread's: other
processes on a shared machine do not make an input slow; the longest wall-clock time is reported too). Inputs that take longest per byte are
fed back as seeds, to climb towards what is slow. Each worker runs in a child process with a watchdog
(``faulthandler``): a true hang kills the child, the supervisor keeps the input and starts another.
Crashers, stage failures, slow and the slowest inputs are written to ``--out``.
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import heapq
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutate import mutate, set_limit  # noqa: E402 - the sibling module, run as a script

ROOT = Path(__file__).resolve().parents[1]
SEED_GLOBS = ("tests/fixtures/pages/**/*.html", "demo/corpus/**/*.html")
HANG_S = 60  # a single execution past this is a hang: the watchdog ends the worker
KEEP_SLOWEST = 10
FEEDBACK = 64  # evolved seeds kept (slowest per byte)
TEXT_SEEDS = (
    # Fictional texts in the shapes the text reader and the enrichers handle.
    "Kota Seberang - Wali Kota Seberang, Rahmat Hidayat, meresmikan jembatan baru di Kecamatan Tanjung "
    "Lestari pada Senin (4/3/2024). \"Jembatan ini memangkas waktu tempuh warga,\" kata Rahmat.\n\n"
    "Proyek senilai Rp 12,5 miliar itu dikerjakan sejak 2022.\n\nBaca Juga: Banjir Rendam Dua Desa\n\n"
    "Editor: Sri Wulandari",
    "JAKARTA, KABARNUSA.id -- Harga cabai rawit di Pasar Induk Sukamaju naik 40 persen dalam sepekan. "
    "Pedagang bernama Ujang (45) menuturkan pasokan dari petani turun sejak hujan deras pekan lalu.\n\n"
    "“Kalau begini terus, pembeli berkurang,” ujarnya, Kamis (14/11).\n\nPenulis: Andi Pratama",
    "Title: Warga Desa Mekarwangi Gelar Festival Layang-layang\nDate: 2024-07-21T09:30:00+07:00\n\n"
    "Ratusan warga memadati lapangan desa. Ketua panitia, Dewi Anggraini, menyebut festival digelar "
    "tahunan.\n\nSimak Video: Festival Layang-layang\n\nADVERTISEMENT\n\nHalaman 1 2 3",
    "Bupati Lembah Hijau, H. Sutrisno, S.H., M.Si., bertemu Menteri Perhubungan di Jakarta. Ia menyebut "
    "anggaran US$ 3,5 juta akan cair pada kuartal ketiga 2025, atau 15 hari setelah kontrak diteken.",
)
ENGINES = ("mutation", "atheris")


def load_seeds() -> list[bytes]:
    """The fixture pages, the demo corpus and the hand-written texts, as bytes."""
    seeds = [p.read_bytes() for pattern in SEED_GLOBS for p in sorted(ROOT.glob(pattern))]
    return seeds + [t.encode("utf-8") for t in TEXT_SEEDS]


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


class Worker:
    """One fuzzing process: runs executions, keeps figures, writes findings under ``out``."""

    def __init__(self, index: int, out: Path, seed: int, slow_s: float) -> None:
        from kliping.pipeline import default_pipeline

        self.index, self.out, self.slow_s = index, out, slow_s
        self.rng = random.Random(seed)
        self.pipeline = default_pipeline()
        self.seeds = load_seeds()
        from kliping.pipeline import read

        read(TEXT_SEEDS[0], pipeline=self.pipeline)  # load the models now, not in the first timed execution
        self.pipeline.failures.clear()
        self.feedback: list[tuple[float, bytes]] = []  # (ms per KB, input), a min-heap
        self.slowest: list[tuple[float, int, str, bytes, str]] = []  # (ms, n, target, input, mutations)
        self.stats = {"executions": 0, "read": 0, "analyze": 0, "crashes": 0, "stage_failures": 0, "slow": 0,
                      "not_article": 0, "seconds": 0.0, "slowest_wall_ms": 0.0}
        self.signatures: set[str] = set()
        self.current = os.open(out / f"current-{index}.bin", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)

    def one(self) -> None:
        """Mutate an input, run one target on it, and record what happened."""
        rng = self.rng
        base = rng.choice(self.seeds) if not self.feedback or rng.random() < 0.8 else rng.choice(self.feedback)[1]
        data, names = mutate(base, rng, rng.choice(self.seeds))
        target = "read" if rng.random() < 0.7 else "analyze"
        arg: bytes | str = data
        if target == "analyze" or rng.random() < 0.1:
            arg = data.decode("utf-8", rng.choice(("replace", "replace", "surrogateescape", "ignore")))
        self._remember(target, arg)
        failures_before = sum(self.pipeline.failures.values())
        start, cpu_start = time.perf_counter(), time.thread_time()
        error = None
        self.warnings: tuple[str, ...] = ()
        try:
            if target == "read":
                from kliping.pipeline import read

                self.warnings = read(arg, pipeline=self.pipeline).warnings
            else:
                from kliping.pipeline import analyze

                self.warnings = analyze(arg, pipeline=self.pipeline).warnings
        except Exception as exc:  # noqa: BLE001 - classified below
            error = exc
        wall, cpu = time.perf_counter() - start, time.thread_time() - cpu_start
        self._account(target, arg, names, cpu, wall, error, failures_before)

    def _remember(self, target: str, arg: bytes | str) -> None:
        # The watchdog kills the process on a hang: the input must already be on disk.
        raw = arg if isinstance(arg, bytes) else arg.encode("utf-8", "surrogateescape")
        header = f"{target} {'bytes' if isinstance(arg, bytes) else 'str'}\n".encode()
        os.pwrite(self.current, header + raw, 0)
        os.ftruncate(self.current, len(header) + len(raw))

    def _account(self, target: str, arg: bytes | str, names: list[str], elapsed: float, wall: float,
                 error: Exception | None, failures_before: int) -> None:
        # ``elapsed`` is the input's own CPU time: on a shared machine the wall clock also counts the
        # time other processes held the core. The wall clock is kept beside it (``slowest_wall_ms``).
        self.stats["slowest_wall_ms"] = max(self.stats["slowest_wall_ms"], round(wall * 1000, 1))
        from kliping.errors import KlipingError

        s = self.stats
        s["executions"] += 1
        s[target] += 1
        s["seconds"] += elapsed
        raw = arg if isinstance(arg, bytes) else arg.encode("utf-8", "surrogateescape")
        if isinstance(error, KlipingError):
            s["not_article"] += 1
        elif error is not None:
            s["crashes"] += 1
            frame = traceback.extract_tb(error.__traceback__)[-1]
            self._finding("crash", f"{type(error).__name__}@{Path(frame.filename).name}:{frame.lineno}", target,
                          raw, "".join(traceback.format_exception(error)))
        if sum(self.pipeline.failures.values()) > failures_before:
            s["stage_failures"] += 1
            stages = ",".join(sorted(self.pipeline.failures))
            self.pipeline.failures.clear()
            self._finding("stage", stages, target, raw, "\n".join(w for w in self.warnings if "failed" in w))
        ms = elapsed * 1000
        if elapsed > self.slow_s:
            s["slow"] += 1
            self._finding("slow", f"{ms:.0f}ms-{_digest(raw)}", target, raw, f"{ms:.0f} ms; mutations {names}")
        entry = (ms, s["executions"], target, raw, "+".join(names))
        if len(self.slowest) < KEEP_SLOWEST:
            heapq.heappush(self.slowest, entry)
        elif ms > self.slowest[0][0]:
            heapq.heapreplace(self.slowest, entry)
        if 1024 <= len(raw) <= 200_000:
            per_kb = ms / (len(raw) / 1024)
            if len(self.feedback) < FEEDBACK:
                heapq.heappush(self.feedback, (per_kb, raw))
            elif per_kb > self.feedback[0][0]:
                heapq.heapreplace(self.feedback, (per_kb, raw))

    def _finding(self, kind: str, signature: str, target: str, raw: bytes, detail: str) -> None:
        """Write a finding once per signature (the same bug found again is counted, not rewritten)."""
        key = f"{kind}:{signature}"
        if key in self.signatures:
            return
        self.signatures.add(key)
        stem = f"{kind}-{target}-{_digest(raw)}"
        (self.out / f"{stem}.bin").write_bytes(raw)
        (self.out / f"{stem}.txt").write_text(f"{key}\n{detail}\n", encoding="utf-8")

    def report(self) -> dict:
        """The figures so far, with the slowest inputs written to disk."""
        for ms, _, target, raw, names in sorted(self.slowest, reverse=True):
            stem = f"slowest-w{self.index}-{ms:08.1f}ms-{target}-{_digest(raw)}"
            (self.out / f"{stem}.bin").write_bytes(raw)
            (self.out / f"{stem}.txt").write_text(f"{ms:.1f} ms, {len(raw)} bytes, {names}\n", encoding="utf-8")
        top = max(self.slowest, default=None)
        return {**self.stats, "signatures": sorted(self.signatures),
                "slowest_ms": round(top[0], 1) if top else 0.0,
                "slowest": {"target": top[2], "bytes": len(top[3]), "mutations": top[4]} if top else None}


def _work(index: int, out: str, runs: int, deadline: float, seed: int, slow_s: float, queue) -> None:
    """A worker process: fuzz until ``runs`` executions or the wall-clock ``deadline``."""
    worker = Worker(index, Path(out), seed, slow_s)
    progress = Path(out) / f"progress-{index}.json"
    last = time.time()
    while worker.stats["executions"] < runs and time.time() < deadline:
        faulthandler.dump_traceback_later(HANG_S, exit=True)
        worker.one()
        faulthandler.cancel_dump_traceback_later()
        if time.time() - last > 10:
            last = time.time()
            progress.write_text(json.dumps({**worker.stats, "slowest_ms": round(max(worker.slowest)[0], 1)}))
    queue.put((index, worker.report()))


def run_mutation(args: argparse.Namespace) -> dict:
    """Run the mutation engine over ``--jobs`` worker processes; returns the merged figures."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    deadline = time.time() + (args.seconds or 10**9)
    started = time.time()
    results: list[dict] = []
    hangs = 0
    left = {i: args.runs // args.jobs + (i < args.runs % args.jobs) for i in range(args.jobs)}
    procs = {}
    generation = 0
    while left and time.time() < deadline:
        for i in [i for i in left if not left[i]]:
            left.pop(i)
        for i in list(left):
            if i not in procs:
                generation += 1
                seed = args.seed * 1000 + generation
                procs[i] = ctx.Process(target=_work, args=(i, str(out), left[i], deadline, seed, args.slow, queue))
                procs[i].start()
        index, report = _next_result(queue, procs)
        if report is not None:
            results.append(report)
            procs.pop(index).join()
            left.pop(index)
            continue
        # A worker died without reporting: a hang (watchdog), or killed for memory. Keep its input.
        hangs += 1
        proc = procs.pop(index)
        progress = out / f"progress-{index}.json"
        done = json.loads(progress.read_text()) if progress.exists() else {}
        progress.unlink(missing_ok=True)
        if done:  # its figures up to its last progress note (at most 10 s old): counted, never over-counted
            results.append({**done, "signatures": [], "slowest": None})
        current = (out / f"current-{index}.bin").read_bytes()
        (out / f"hang-{_digest(current)}.bin").write_bytes(current.split(b"\n", 1)[1])
        (out / f"hang-{_digest(current)}.txt").write_text(f"worker exit code {proc.exitcode}; {current[:40]!r}\n")
        left[index] = max(0, left[index] - max(1, done.get("executions", 0)))  # the hang used up a run, at least
        print(f"worker {index} died (exit {proc.exitcode}); input kept as hang-{_digest(current)}.bin", flush=True)
    return _merge(results, hangs, time.time() - started)


def _next_result(queue, procs: dict) -> tuple[int, dict | None]:
    """The next worker report, or (index, None) for a worker that died without one."""
    import queue as queue_module

    while True:
        try:
            return queue.get(timeout=2)
        except queue_module.Empty:
            for index, proc in procs.items():
                if not proc.is_alive() and proc.exitcode != 0:
                    return index, None


def _merge(results: list[dict], hangs: int, wall: float) -> dict:
    keys = ("executions", "read", "analyze", "crashes", "stage_failures", "slow", "not_article")
    merged = {k: sum(r[k] for r in results) for k in keys}
    top = max(results, key=lambda r: r["slowest_ms"], default=None)
    merged.update(hangs=hangs, wall_seconds=round(wall, 1),
                  exec_per_second=round(merged["executions"] / wall, 1) if wall else 0.0,
                  cpu_ms_per_exec=round(1000 * sum(r["seconds"] for r in results) / max(merged["executions"], 1), 3),
                  slowest_ms=top["slowest_ms"] if top else 0.0, slowest=top["slowest"] if top else None,
                  slowest_wall_ms=max((r.get("slowest_wall_ms", 0.0) for r in results), default=0.0),
                  signatures=sorted({s for r in results for s in r["signatures"]}))
    return merged


def run_atheris(args: argparse.Namespace) -> None:
    """Coverage-guided fuzzing with atheris (libFuzzer) and the same mutations as a custom mutator."""
    import atheris

    with atheris.instrument_imports(include=["kliping"]):
        from kliping.errors import KlipingError
        from kliping.pipeline import analyze, default_pipeline, read

        pipeline = default_pipeline()  # the stages import their modules here: instrumented too
    seeds = load_seeds()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "atheris-corpus"
    corpus.mkdir(exist_ok=True)
    for seed in seeds:
        (corpus / _digest(seed)).write_bytes(seed[:200_000])

    def one(data: bytes) -> None:
        target, body = data[:1], data[1:]
        try:
            if target and target[0] % 3 == 0:
                analyze(body.decode("utf-8", "replace"), pipeline=pipeline)
            else:
                read(body, pipeline=pipeline)
        except KlipingError:
            pass
        if pipeline.failures:
            raise RuntimeError(f"stage(s) failed: {sorted(pipeline.failures)}")

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.5:
            return atheris.Mutate(data, max_size)
        return (data[:1] + mutate(data[1:], rng, rng.choice(seeds))[0])[:max_size]

    flags = [sys.argv[0], str(corpus), f"-artifact_prefix={out}/", f"-timeout={int(max(args.slow, 1))}",
             f"-max_len={min(args.max_size, 200_000)}", "-print_final_stats=1"]
    if args.runs:
        flags.append(f"-runs={args.runs}")
    if args.seconds:
        flags.append(f"-max_total_time={int(args.seconds)}")
    atheris.Setup(flags, one, custom_mutator=custom_mutator)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    """The command line; prints the figures and returns 1 when anything crashed, hung or was slow."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="executions in all (0: until --seconds)")
    parser.add_argument("--seconds", type=float, default=0, help="wall-clock limit (0: none)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--out", default="build/fuzz", help="folder for findings and the slowest inputs")
    parser.add_argument("--seed", type=int, default=1, help="random seed (runs are reproducible per seed)")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds over which an input is a failure")
    parser.add_argument("--max-size", type=int, default=3_000_000, help="largest mutant, bytes")
    parser.add_argument("--engine", choices=ENGINES, default="mutation")
    args = parser.parse_args(argv)
    set_limit(args.max_size)
    if args.runs <= 0:
        args.runs = 10**12
    if args.engine == "atheris":
        run_atheris(args)
        return 0
    figures = run_mutation(args)
    Path(args.out, "summary.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    print(f"executions {figures['executions']:,}  crashes {figures['crashes']}  stage failures "
          f"{figures['stage_failures']}  hangs {figures['hangs']}  over {args.slow:g} s {figures['slow']}  "
          f"slowest {figures['slowest_ms']:.1f} ms CPU ({figures['slowest_wall_ms']:.1f} ms wall at most)  "
          f"{figures['exec_per_second']:.1f} exec/s")
    return 1 if figures["crashes"] or figures["hangs"] or figures["slow"] or figures["stage_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
