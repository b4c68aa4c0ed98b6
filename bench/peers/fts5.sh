#!/usr/bin/env bash
# SQLite FTS5, the embedded full-text index a developer would reach for: one
# table with tokenize='porter unicode61', filled with the sqlite3 shell's own
# fsdir() and readfile() in one transaction. A query is the words and
# phrases OR-ed (FTS5's default is AND; lede, quest and recoll rank any
# word), ordered by FTS5's bm25 rank, with a snippet for each of the top 10,
# as lede prints. The batch is one sqlite3 process reading every SELECT.
#
# Interface: as bench/peers/lede.sh (fts5_index, fts5_convert, fts5_query,
# fts5_batch, fts5_size).
fts5_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fts5_index() {
  rm -f "$1"
  local folder=${2//\'/\'\'}
  "${BENCH_TIME[@]}" sqlite3 "$1" \
    "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='porter unicode61');
     INSERT INTO docs SELECT name, readfile(name) FROM fsdir('$folder') WHERE name LIKE '%.txt';"
}
fts5_convert() { awk -v mode=fts5 -f "$fts5_here/convert.awk"; }
fts5_query() { sqlite3 -readonly "$1" "$2"; }
fts5_batch() { sqlite3 -readonly "$1" < "$2"; }
fts5_size() { du -sb "$1" | cut -f1; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  BENCH_TIME=()
  cmd=$1
  shift
  "fts5_$cmd" "$@"
fi
