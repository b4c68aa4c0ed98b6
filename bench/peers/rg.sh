#!/usr/bin/env bash
# ripgrep, the search without an index: every query reads the whole folder
# again, listing the files that hold any of its words or phrases, ignoring
# case (rg -l -i -F -e WORD ...). There is nothing to build (rg_index returns
# 99) and no batch mode other than a loop of processes (rg_batch returns 99).
# The DB argument of rg_query is the folder itself.
#
# Interface: as bench/peers/lede.sh (rg_index, rg_convert, rg_query, rg_batch,
# rg_size).
rg_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

rg_index() { return 99; }
rg_convert() { awk -v mode=rg -f "$rg_here/convert.awk"; }
rg_query() {
  local -a words patterns=()
  IFS=$'\t' read -r -a words <<< "$2"
  local word
  for word in "${words[@]}"; do patterns+=(-e "$word"); done
  rg -l -i -F "${patterns[@]}" -- "$1"
}
rg_batch() { return 99; }
rg_size() { echo 0; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  cmd=$1
  shift
  "rg_$cmd" "$@"
fi
