#!/usr/bin/env bash
# Xapian's own tools, what a user who knows Xapian would pick: omindex
# (xapian-omega) indexes the folder, quest (xapian-tools) answers one query a
# process with its defaults (English stemmer, STEM_SOME, OR, BM25), and as
# quest has no batch mode, the batch is a plain QueryParser loop in one
# process over the same database (bench/xapian_loop.cc, path in XAPIAN_LOOP).
#
# Interface: as bench/peers/lede.sh (xapian_index, xapian_update,
# xapian_convert, xapian_query, xapian_batch, xapian_size).

xapian_index() {
  rm -rf "$1"
  # omindex names every file it reads on standard output.
  "${BENCH_TIME[@]}" omindex --db "$1" --url / "$2" > /dev/null
}
# omindex skips files whose modification time has not changed.
xapian_update() { "${BENCH_TIME[@]}" omindex --db "$1" --url / "$2" > /dev/null; }
xapian_convert() { cat; }
xapian_query() { quest -d "$1" -m 10 -- "$2"; }
xapian_batch() { "${XAPIAN_LOOP:?set XAPIAN_LOOP to the xapian-loop binary}" "$1" "$2" 1; }
xapian_size() { du -sb "$1" | cut -f1; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  BENCH_TIME=()
  cmd=$1
  shift
  "xapian_$cmd" "$@"
fi
