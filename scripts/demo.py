#!/usr/bin/env python3
"""`make demo`: read the bundled fixture pages (and the seed page, when ../shared is beside the repo)
and show what Kliping makes of each: outlet, time, people, syndication, and what it cut out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

import kliping

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_306cb9d6b3f4ce8e.txt"


def _inputs() -> list[tuple[str, bytes, str | None]]:
    out = []
    if SEED.exists():
        out.append(("seed (scraped text)", SEED.read_bytes(), None))
    for page in sorted((REPO / "tests" / "fixtures" / "pages").glob("*/*.html")):
        expected = page.with_suffix(".json")
        url = json.loads(expected.read_text(encoding="utf-8")).get("url") if expected.exists() else None
        out.append((f"{page.parent.name}/{page.stem}", page.read_bytes(), url))
    return out


def main() -> int:
    console = Console()
    if not console.is_terminal:  # piped or in CI: rich would fold the table to 80 columns
        console = Console(width=150)
    table = Table(title="Kliping: what each page became", show_lines=False)
    for col in ("page", "outlet", "published", "authors / editors", "¶", "cut out", "syndicated from"):
        table.add_column(col, overflow="fold")
    seed_record = None
    for name, data, url in _inputs():
        try:
            a = kliping.read(data, url=url)
        except kliping.KlipingError as exc:
            table.add_row(name, "—", "—", str(exc), "", "", "")
            continue
        if name.startswith("seed"):
            seed_record = a
        kinds: dict[str, int] = {}
        for r in a.removed:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
        table.add_row(
            name,
            a.outlet.name or "?",
            (a.published or "—").replace("T", " "),
            ", ".join(a.authors) + (" / " + ", ".join(a.editors) if a.editors else ""),
            str(len(a.paragraphs)),
            ", ".join(f"{k}×{v}" for k, v in sorted(kinds.items())),
            a.syndication.source_outlet if a.syndication else "",
        )
    console.print(table)
    if seed_record is not None:
        d = seed_record.to_dict()
        d["body"] = d["body"][:400] + " …"
        d["paragraphs"] = f"{len(seed_record.paragraphs)} spans"
        console.print("\n[bold]The seed page as a record[/bold] (body abridged):")
        console.print_json(json.dumps(d, ensure_ascii=False))
    else:
        console.print("\n(../shared/seeds is not beside the repository: the seed page was skipped)")
    console.print("\nTry it on your own pages:  [bold].venv/bin/kliping extract PAGE.html[/bold]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
