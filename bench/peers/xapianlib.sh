#!/usr/bin/env bash
# The Xapian library itself, without omindex: a plain TermGenerator loop
# indexes the folder (bench/xapian_index.cc, path in XAPIAN_INDEX), and the
# same QueryParser loop as the xapian peer answers the batch; a per-process
# query is quest's. It is the floor under any indexer written on Xapian, so
# lede's indexing figures read against it show what lede's own work costs
# and what Xapian's writer costs.
#
# Interface: as bench/peers/lede.sh (xapianlib_index, xapianlib_convert,
# xapianlib_query, xapianlib_batch, xapianlib_size).

xapianlib_index() {
  "${BENCH_TIME[@]}" "${XAPIAN_INDEX:?set XAPIAN_INDEX to the xapian-index binary}" "$1" "$2"
}
xapianlib_convert() { cat; }
xapianlib_query() { quest -d "$1" -m 10 -- "$2"; }
xapianlib_batch() { "${XAPIAN_LOOP:?set XAPIAN_LOOP to the xapian-loop binary}" "$1" "$2" 1; }
xapianlib_size() { du -sb "$1" | cut -f1; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  BENCH_TIME=()
  cmd=$1
  shift
  "xapianlib_$cmd" "$@"
fi
