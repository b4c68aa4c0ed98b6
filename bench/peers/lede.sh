#!/usr/bin/env bash
# lede itself, measured like its peers: lede-index builds the index of a
# folder, lede-query answers one query a process (the plain terminal output,
# what a user at a terminal reads) or a whole file of queries in one process
# with --batch (TSV, what a script reads).
#
# bench/run.sh sources this file and calls the functions; each runs the tool
# itself (no wrapper shell) so that a timing measures the tool alone.
#   lede_index DB FOLDER     a fresh index of FOLDER at DB, the command run under
#                            "${BENCH_TIME[@]}" (run.sh sets it to /usr/bin/time)
#   lede_update DB FOLDER    the index brought up to date again, nothing having
#                            changed (optional: tools without updates lack it)
#   lede_convert < QUERIES   the queries in the tool's syntax, one a line
#   lede_query DB QUERY      one query, the top 10, in a new process
#   lede_batch DB FILE       every query of a converted FILE in one process
#   lede_size DB             bytes of the index on disk
# Run directly: bench/peers/lede.sh index|query|batch|size ARGS (LEDE_BIN_DIR
# defaults to build).
: "${LEDE_BIN_DIR:=build}"

lede_index() {
  rm -rf "$1"
  local status=0
  "${BENCH_TIME[@]}" "$LEDE_BIN_DIR/lede-index" --db "$1" --quiet "$2" || status=$?
  # Exit status 1 only says that some inputs had no text.
  [[ $status -eq 1 ]] && status=0
  return "$status"
}
# The same command over the unchanged folder: what a daily re-run costs.
lede_update() { "${BENCH_TIME[@]}" "$LEDE_BIN_DIR/lede-index" --db "$1" --quiet "$2" || [[ $? -eq 1 ]]; }
lede_convert() { cat; }
lede_query() { "$LEDE_BIN_DIR/lede-query" --db "$1" --limit 10 --color=never -- "$2"; }
lede_batch() { "$LEDE_BIN_DIR/lede-query" --db "$1" --limit 10 --tsv --batch "$2"; }
lede_size() { du -sb "$1" | cut -f1; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  BENCH_TIME=()
  cmd=$1
  shift
  "lede_$cmd" "$@"
fi
