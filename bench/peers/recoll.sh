#!/usr/bin/env bash
# Recoll, the desktop search a Linux user would install: recollindex with a
# configuration folder of its own (the DB argument) that indexes only the
# given folder, English stemming, no aspell dictionary; recollq -o answers
# one query a process in the GUI's "any term" mode. recollq has no batch
# mode, so recoll_batch reports that it has none (status 99).
#
# Interface: as bench/peers/lede.sh (recoll_index, recoll_update,
# recoll_convert, recoll_query, recoll_batch, recoll_size).

recoll_index() {
  rm -rf "$1"
  mkdir -p "$1"
  local conf
  conf=$(cd "$1" && pwd)
  {
    echo "topdirs = $(cd "$2" && pwd)"
    echo "dbdir = $conf/xapiandb"
    echo "indexStemmingLanguages = english"
    echo "noaspell = 1"
    echo "loglevel = 1"
    echo "skippedNames+ = .complete"
  } > "$conf/recoll.conf"
  "${BENCH_TIME[@]}" recollindex -c "$conf" -z > /dev/null 2>&1
}
# Without -z recollindex only looks at what changed.
recoll_update() { "${BENCH_TIME[@]}" recollindex -c "$1" > /dev/null 2>&1; }
recoll_convert() { cat; }
recoll_query() { recollq -c "$1" -o -n 10 "$2"; }
recoll_batch() { return 99; }
recoll_size() { du -sb "$1/xapiandb" | cut -f1; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  BENCH_TIME=()
  cmd=$1
  shift
  "recoll_$cmd" "$@"
fi
