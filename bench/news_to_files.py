#!/usr/bin/env python3
"""Writes JSON Lines news articles (read from stdin) as one .txt file each.

Each file holds the title, a blank line and the text, the way a reader's
archive of saved articles looks. Used by bench/index.sh to time indexing a
folder of files.

Usage: zstd -dc news.jsonl.zst | news_to_files.py OUT_DIR PREFIX
"""
import json
import os
import re
import sys


def main() -> None:
    out_dir, prefix = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    count = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        item = json.loads(line)
        text = (item.get("text") or "").strip()
        if not text:
            continue
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", str(item.get("id", count)))
        title = (item.get("title") or "").strip()
        with open(os.path.join(out_dir, f"{prefix}_{name}.txt"), "w", encoding="utf-8") as f:
            if title:
                f.write(title + "\n\n")
            f.write(text + "\n")
        count += 1
    print(f"{count} files written to {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
