#!/usr/bin/env bash
# Writes the inputs of `make bench` under OUT (default build/bench/input):
#   news/          ../shared/data/news (Reuters-21578 + BBC) as one .txt file
#                  per article ("title\n\ntext"), the shape of a reader's archive;
#   wiki-10MB/     the first 10 MB, 100 MB and all ~400 MB of the English
#   wiki-100MB/    Wikipedia sample, written the same way, so that every tool
#   wiki-400MB/    reads the very same bytes and each cost can be seen growing;
#   long.tsv       the long queries of one judged collection (LONG_SET, default
#                  cacm), read at run time from relevance/SET/queries.tsv.
# Each folder is written once and marked complete; later runs reuse it.
#
# Usage: bench/prepare.sh [--quick] DATA_DIR OUT
#   --quick  only news and wiki-10MB
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
quick=0
if [[ "${1:-}" == --quick ]]; then quick=1; shift; fi
data=${1:?usage: prepare.sh [--quick] DATA_DIR OUT}
out=${2:?usage: prepare.sh [--quick] DATA_DIR OUT}
mkdir -p "$out"

# The article writer is the index engineer's bench/news_to_files.py, so that
# bench/index.sh and this harness time the same folder shape.
write_files() { python3 "$here/news_to_files.py" "$@"; }

if [[ ! -f "$out/news/.complete" ]]; then
  rm -rf "$out/news"
  echo "prepare: writing $out/news" >&2
  zstd -dc "$data/news/reuters21578.jsonl.zst" | write_files "$out/news" reuters
  zstd -dc "$data/news/bbc_news.jsonl.zst" | write_files "$out/news" bbc
  touch "$out/news/.complete"
fi

sizes=(10 100 400)
[[ $quick == 1 ]] && sizes=(10)
for mb in "${sizes[@]}"; do
  dir="$out/wiki-${mb}MB"
  [[ -f "$dir/.complete" ]] && continue
  rm -rf "$dir"
  echo "prepare: writing $dir" >&2
  # A prefix of the stream cut at the last whole line; 400 takes everything.
  if [[ $mb == 400 ]]; then
    zstd -dc "$data/wiki/enwiki-2015.jsonl.zst" | write_files "$dir" wiki
  else
    # zstd is cut off by head on purpose: its SIGPIPE status is not an error.
    { zstd -dc "$data/wiki/enwiki-2015.jsonl.zst" || true; } | head -c $((mb * 1000000)) |
      sed '$d' | write_files "$dir" wiki
  fi
  touch "$dir/.complete"
done

set_name=${LONG_SET:-cacm}
long="$data/relevance/$set_name/queries.tsv"
if [[ -f "$long" ]]; then
  # The first 50 queries of the set, as qid<TAB>query with one line each.
  head -n 50 "$long" | tr -d '\r' > "$out/long.tsv"
else
  echo "prepare: $long is absent; no long queries" >&2
  : > "$out/long.tsv"
fi
