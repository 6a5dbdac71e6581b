#!/usr/bin/env python3
"""`make eval`: Kliping's extraction quality side by side with trafilatura's, same pages, same run.

Datasets are read from ../shared/data (absent folders are skipped). Prints one table per dataset and,
with --json, writes every figure to a file. --check turns the floors below into a failing exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kliping.evaluation import Page, Prediction, Report, aeb_pages, evaluate, id_news_pages, kliping_predict

# Quality floors (the bars); `--check` fails the run below them.
FLOORS = {
    ("aeb-dev", "body_f1"): 0.96,
    ("id-news-pages", "body_f1"): 0.95,
    ("id-news-pages", "title"): 0.90,
    ("id-news-pages", "minute"): 0.90,
}


def trafilatura_predict(page: Page) -> Prediction:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html.decode("utf-8", "replace"), url=page.url, with_metadata=True)
    if doc is None:
        return Prediction("")
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    author = get("author")
    authors = tuple(a.strip() for a in author.split(";")) if author else ()
    return Prediction(get("text") or "", get("title"), get("date"), authors)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def row(report: Report) -> dict:
    return {
        "system": report.system,
        "dataset": report.dataset,
        "pages": report.body.pages,
        "body_precision": round(report.body.precision, 4),
        "body_recall": round(report.body.recall, 4),
        "body_f1": round(report.body.f1, 4),
        "title": Report.ratio(report.title),
        "minute": Report.ratio(report.minute),
        "date": Report.ratio(report.date),
        "authors": Report.ratio(report.authors),
        "n": {"title": report.title[1], "minute": report.minute[1], "date": report.date[1],
              "authors": report.authors[1]},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--json", type=Path, help="write all figures to this file")
    ap.add_argument("--check", action="store_true", help="exit 1 when a quality floor is missed")
    ap.add_argument("--no-peers", action="store_true", help="score Kliping only")
    ap.add_argument("--worst", type=int, default=3, help="list the N worst pages per dataset")
    args = ap.parse_args()

    datasets = {
        "aeb-dev": (args.shared / "data" / "aeb-dev", aeb_pages),
        "id-news-pages": (args.shared / "data" / "id-news-pages", id_news_pages),
    }
    systems = {"kliping": kliping_predict}
    if not args.no_peers:
        systems["trafilatura 2.3.1"] = trafilatura_predict
    rows, missed = [], []
    for name, (root, loader) in datasets.items():
        if not root.exists():
            print(f"skip {name}: {root} not found")
            continue
        pages = list(loader(root))
        print(f"\n{name} ({len(pages)} pages)")
        print(f"{'system':<20} {'body P':>7} {'body R':>7} {'body F1':>8} {'title':>6} {'minute':>7} "
              f"{'date':>6} {'author':>7}")
        for system, predict in systems.items():
            report = evaluate(system, name, pages, predict)
            r = row(report)
            rows.append(r)
            print(f"{system:<20} {r['body_precision']:>7.3f} {r['body_recall']:>7.3f} {r['body_f1']:>8.3f} "
                  f"{_fmt(r['title']):>6} {_fmt(r['minute']):>7} {_fmt(r['date']):>6} {_fmt(r['authors']):>7}")
            if system == "kliping":
                worst = sorted(report.per_page.items(), key=lambda kv: kv[1])[: args.worst]
                print("  worst body F1: " + ", ".join(f"{pid[:24]} {f1:.2f}" for pid, f1 in worst))
                for (ds, key), floor in FLOORS.items():
                    if ds == name and (r[key] is None or r[key] < floor):
                        missed.append(f"{name} {key} {r[key]} < {floor}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if missed:
        print("\nbelow the floors: " + "; ".join(missed))
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
