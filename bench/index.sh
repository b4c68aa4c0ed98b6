#!/usr/bin/env bash
# Times lede-index on two corpora and prints MB/s, peak RSS and database size:
#   news  ../shared/data/news (Reuters-21578 + BBC) written out as one .txt
#         file per article, the shape of a reader's archive;
#   wiki  the first 100 MB of ../shared/data/wiki as one JSON Lines file.
# With --peers it times omindex and SQLite FTS5 on the news folder too.
#
# Usage: bench/index.sh [--peers] [SHARED_DATA] [BUILD_DIR]
#   SHARED_DATA  default ../shared/data (relative to the repository)
#   BUILD_DIR    default build; the corpora and databases go under
#                BUILD_DIR/bench-index/ and are kept for re-runs.
set -euo pipefail
cd "$(dirname "$0")/.."

peers=0
if [[ "${1:-}" == --peers ]]; then peers=1; shift; fi
shared="${1:-../shared/data}"
build="${2:-build}"
work="$build/bench-index"
bin="$build/lede-index"
[[ -x "$bin" ]] || { echo "bench: $bin not built (run make build)" >&2; exit 2; }
for tool in zstd python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 2; }
done
mkdir -p "$work"

# The news folder: written once, reused by later runs.
news="$work/news"
if [[ ! -f "$news/.complete" ]]; then
  rm -rf "$news"
  zstd -dc "$shared/news/reuters21578.jsonl.zst" | python3 bench/news_to_files.py "$news" reuters
  zstd -dc "$shared/news/bbc_news.jsonl.zst" | python3 bench/news_to_files.py "$news" bbc
  touch "$news/.complete"
fi

# The first 100 MB of the wiki stream, cut at the last whole line.
wiki="$work/wiki-100MB.jsonl"
if [[ ! -s "$wiki" ]]; then
  zstd -dc "$shared/wiki/enwiki-2015.jsonl.zst" | head -c 100000000 | sed '$d' > "$wiki"
fi

mb() { du -sb --apparent-size "$@" | awk '{s += $1} END {printf "%.1f", s / 1e6}'; }

# row NAME INPUT_MB DB FRESH COMMAND...: times COMMAND (after deleting DB
# when FRESH is 1) and prints one row.
row() {
  local name=$1 input_mb=$2 db=$3 fresh=$4; shift 4
  [[ $fresh == 1 ]] && rm -rf "$db"
  local log="$work/$name.time"
  local status=0
  /usr/bin/time -f "%e %M" -o "$log" "$@" > "$work/$name.out" 2> "$work/$name.err" || status=$?
  # Exit status 1 means some inputs were skipped (the wiki has items without
  # text); anything above is a failure.
  if ((status > 1)); then
    echo "bench: $name failed ($status), see $work/$name.err" >&2
    return 1
  fi
  tail -n +1 "$log" | grep -v '^Command exited' > "$log.clean" || true
  mv "$log.clean" "$log"
  read -r seconds rss_kb < "$log"
  printf "%-14s %9s %9.1f %8.2f %10.0f %9s\n" "$name" "$input_mb" "$seconds" \
    "$(awk -v a="$input_mb" -v b="$seconds" 'BEGIN {print a / b}')" "$((rss_kb / 1024))" "$(mb "$db")"
}

news_mb=$(find "$news/" -name '*.txt' -print0 | du -cb --apparent-size --files0-from=- | tail -1 |
  awk '{printf "%.1f", $1 / 1e6}')
wiki_mb=$(mb "$wiki")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); lede-index $("$bin" --version)"
printf "%-14s %9s %9s %8s %10s %9s\n" corpus "input MB" seconds "MB/s" "peak RSS MB" "DB MB"
row lede-news "$news_mb" "$work/news.db" 1 "$bin" --quiet --db "$work/news.db" "$news"
row lede-news-again "$news_mb" "$work/news.db" 0 "$bin" --quiet --db "$work/news.db" "$news"
row lede-wiki "$wiki_mb" "$work/wiki.db" 1 "$bin" --quiet --db "$work/wiki.db" "$wiki"

if [[ $peers == 1 ]]; then
  if command -v omindex >/dev/null; then
    row omindex-news "$news_mb" "$work/omindex.db" 1 \
      omindex --db "$work/omindex.db" --url / "$news"
  fi
  if command -v sqlite3 >/dev/null; then
    row fts5-news "$news_mb" "$work/fts5.db" 1 sqlite3 "$work/fts5.db" \
      "CREATE VIRTUAL TABLE docs USING fts5(path, body, tokenize='porter unicode61');
       INSERT INTO docs SELECT name, readfile(name) FROM fsdir('$news') WHERE name LIKE '%.txt';"
  fi
fi
echo "(lede-news-again runs over the unchanged news folder: the cost of a run that changes nothing)"
