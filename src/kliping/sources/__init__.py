"""Where pages come from: files, URLs (and, later, JSONL, WARC, feeds)."""
