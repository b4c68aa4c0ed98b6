#!/usr/bin/env bash
# make bench: lede against the tools a user would otherwise pick, in one run,
# on the same files, reported as ratios lede/peer because this machine is
# shared and absolute times drift from one run to the next.
#
#   inputs   ../shared/data/news as a folder of article files, and prefixes of
#            ../shared/data/wiki (10 MB, 100 MB, all ~400 MB) as folders too
#            (bench/prepare.sh writes them once under BUILD_DIR/bench/input);
#   peers    bench/peers/*.sh: xapian (omindex, quest, a QueryParser loop),
#            fts5 (sqlite3), recoll (recollindex, recollq), rg (no index);
#   queries  short news queries and phrases (bench/queries/), and the long
#            queries of a judged collection (relevance/$LONG_SET, default cacm);
#   figures  indexing MB/s, CPU seconds, peak RSS and index size (/usr/bin/time,
#            median of REPS runs); the time to update an index when nothing
#            changed (lede, omindex, recollindex); per-query latency p50/p95 with a new process
#            a query (the median over ROUNDS rounds); batch queries per second
#            in one process (median of REPS runs).
#
# Usage: bench/run.sh [--quick] [DATA_DIR] [BUILD_DIR]
#   --quick    news and wiki-10MB only, one run of each (about 3 minutes)
#   DATA_DIR   the shared data folder (default ../shared/data)
#   BUILD_DIR  where lede-index and lede-query are (default build); everything
#              the run writes goes to BUILD_DIR/bench/
# Environment: REPS (indexing and batch runs on news and wiki-10MB; default 3,
#   1 with --quick), REPS_LARGE (the same on wiki-100MB and wiki-400MB; default
#   1), ROUNDS (per-process passes over the queries; default 3, 1 with
#   --quick), CORPORA (e.g. "news wiki-100MB"), TOOLS_<corpus> with - for _
#   (e.g. TOOLS_wiki_400MB="lede xapian fts5 rg"), LONG_SET (default cacm),
#   KEEP_INDEXES=1 keeps the wiki indexes (they are removed after use),
#   SKIP_SHARDS=1 leaves out bench/shards.sh (1 and 2 shards indexing, 1, 2 and
#   4 shards searched locally and through xapian-tcpsrv).
# Output: the table on standard output, BUILD_DIR/bench/results.tsv (one row
# per figure and tool) and BUILD_DIR/bench/results.md (for docs/PERFORMANCE.md).
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

quick=0
if [[ "${1:-}" == --quick ]]; then quick=1; shift; fi
data=${1:-../shared/data}
build=${2:-build}
[[ -d "$data/news" ]] || { echo "bench: $data/news is absent; nothing to measure" >&2; exit 2; }
data=$(cd "$data" && pwd)
build=$(cd "$build" && pwd)
for bin in lede-index lede-query; do
  [[ -x "$build/$bin" ]] || { echo "bench: $build/$bin is not built (make build)" >&2; exit 2; }
done

if [[ $quick == 1 ]]; then
  reps=${REPS:-1} rounds=${ROUNDS:-1} batch_target_us=500000
  corpora=${CORPORA:-news wiki-10MB}
else
  reps=${REPS:-3} rounds=${ROUNDS:-3} batch_target_us=1000000
  corpora=${CORPORA:-news wiki-10MB wiki-100MB wiki-400MB}
fi
reps_large=${REPS_LARGE:-1}

# The tools measured on each corpus. Recoll (~0.7 MB/s) is kept to the
# smaller folders and omindex (~1.3 MB/s) leaves out the whole wiki, so that
# the full run stays near 20 minutes; TOOLS_<corpus> puts them back.
default_tools() {
  case $1 in
    news) echo "lede xapian xapianlib fts5 recoll rg" ;;
    wiki-10MB) [[ $quick == 1 ]] && echo "lede xapian xapianlib fts5 rg" || echo "lede xapian xapianlib fts5 recoll rg" ;;
    wiki-100MB) echo "lede xapian xapianlib fts5 rg" ;;
    *) echo "lede xapianlib fts5 rg" ;;
  esac
}

"$repo/scripts/install-deps.sh" bench

out="$build/bench"
input="$out/input"
raw="$out/raw"
qdir="$out/queries"
mkdir -p "$out" "$raw" "$qdir"
log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

# yardstick NAME: builds bench/NAME.cc (with _ for -) as $out/NAME, through
# its CMake target when the build has it, else compiled here.
yardstick() {
  local bin="$out/$1" src="$here/${1//-/_}.cc"
  if [[ ! -x "$bin" || "$src" -nt "$bin" ]]; then
    if ! cmake --build "$build" --target "lede-bench-$1" > /dev/null 2>&1; then
      # shellcheck disable=SC2046
      c++ -O2 -std=c++20 "$src" -o "$bin" $(xapian-config --cxxflags --libs)
    fi
  fi
}
# The query loop (bench/peers/xapian.sh) and the indexing loop
# (bench/peers/xapianlib.sh).
export XAPIAN_LOOP="$out/xapian-loop" XAPIAN_INDEX="$out/xapian-index"
yardstick xapian-loop
yardstick xapian-index

log "preparing inputs in $input"
wiki_sizes=()
for corpus in $corpora; do [[ $corpus == wiki-* ]] && wiki_sizes+=("$corpus"); done
if [[ " ${wiki_sizes[*]} " == *" wiki-100MB "* || " ${wiki_sizes[*]} " == *" wiki-400MB "* ]]; then
  "$here/prepare.sh" "$data" "$input"
else
  "$here/prepare.sh" --quick "$data" "$input"
fi

export LEDE_BIN_DIR="$build"
for peer in "$here"/peers/*.sh; do
  # shellcheck source=/dev/null
  source "$peer"
done

# The three query classes, as plain query lines.
cp "$here/queries/news.txt" "$qdir/short.txt"
cp "$here/queries/phrases.txt" "$qdir/phrase.txt"
cut -f2- "$input/long.tsv" > "$qdir/long.txt"
classes=(short phrase)
[[ -s "$qdir/long.txt" ]] && classes+=(long)

{
  echo "date	$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "mode	$([[ $quick == 1 ]] && echo quick || echo full)"
  echo "cpu	$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "memory	$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel	$(uname -r)"
  echo "load_start	$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "reps	$reps (wiki-100MB and larger: $reps_large); per-process rounds $rounds; batch runs of about $((batch_target_us / 1000)) ms"
  echo "lede	$("$build/lede-query" --version 2>&1 | sed -n 1p)"
  echo "omindex	$(omindex --version | sed -n 1p)"
  echo "recoll	$(recollq -v 2>&1 | sed -n 1p)"
  echo "sqlite3	$(sqlite3 --version | cut -d' ' -f1-2)"
  echo "ripgrep	$(rg --version | sed -n 1p)"
  echo "long_queries	${LONG_SET:-cacm}, first $(wc -l < "$qdir/long.txt")"
} > "$out/machine.tsv"

printf 'corpus\ttool\trep\tinput_bytes\twall_s\tuser_s\tsys_s\tmaxrss_kb\tindex_bytes\tstatus\n' > "$raw/index.tsv"
printf 'corpus\ttool\twall_s\tuser_s\tsys_s\tmaxrss_kb\tstatus\n' > "$raw/update.tsv"
printf 'corpus\ttool\tclass\tround\tquery\tmicroseconds\tstatus\n' > "$raw/latency.tsv"
printf 'corpus\ttool\tclass\trep\tqueries\tseconds\tstatus\n' > "$raw/batch.tsv"

declare -A batch_files=() batch_first=()

for corpus in $corpora; do
  folder="$input/$corpus"
  [[ -d "$folder" ]] || { log "no input $folder; skipped"; continue; }
  var="TOOLS_${corpus//-/_}"
  read -r -a tools <<< "${!var:-$(default_tools "$corpus")}"
  n_reps=$reps
  [[ $corpus == wiki-100MB || $corpus == wiki-400MB ]] && n_reps=$reps_large
  work="$out/work/$corpus"
  mkdir -p "$work"
  bytes=$(find "$folder" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
  log "$corpus: $(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b / 1e6}') in $(find "$folder" -name '*.txt' | wc -l) files; tools: ${tools[*]}"

  # Every tool reads the folder from the page cache, the first one too.
  find "$folder" -name '*.txt' -exec cat {} + > /dev/null

  declare -A db=()
  for tool in "${tools[@]}"; do
    if [[ $tool == rg ]]; then db[$tool]=$folder; else db[$tool]="$work/$tool.db"; fi
  done

  # Indexing: the tools interleaved run by run, so that a slow spell of the
  # shared machine falls on all of them.
  for ((rep = 1; rep <= n_reps; rep++)); do
    for tool in "${tools[@]}"; do
      [[ $tool == rg ]] && continue
      log "$corpus: indexing with $tool (run $rep of $n_reps)"
      tlog="$work/$tool.time"
      # shellcheck disable=SC2034 # the peers' index functions run under it
      BENCH_TIME=(/usr/bin/time -f '%e %U %S %M' -o "$tlog")
      status=0
      "${tool}_index" "${db[$tool]}" "$folder" || status=$?
      # /usr/bin/time puts a "Command exited with non-zero status" line first.
      read -r wall user sys rss < <(tail -n 1 "$tlog")
      size=$("${tool}_size" "${db[$tool]}")
      printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n' "$corpus" "$tool" "$rep" "$bytes" \
        "$wall" "$user" "$sys" "$rss" "$size" "$status" >> "$raw/index.tsv"
      [[ $status == 0 ]] || log "$corpus: $tool exited with status $status"
    done
  done

  # Updating the last index over the unchanged folder, for the tools that
  # can: the cost of a scheduled re-run when nothing is new.
  for tool in "${tools[@]}"; do
    declare -F "${tool}_update" > /dev/null || continue
    log "$corpus: updating with $tool, nothing changed"
    tlog="$work/$tool.time"
    # shellcheck disable=SC2034 # the peers' update functions run under it
    BENCH_TIME=(/usr/bin/time -f '%e %U %S %M' -o "$tlog")
    status=0
    "${tool}_update" "${db[$tool]}" "$folder" || status=$?
    read -r wall user sys rss < <(tail -n 1 "$tlog")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%d\n' "$corpus" "$tool" "$wall" "$user" "$sys" "$rss" \
      "$status" >> "$raw/update.tsv"
  done

  # Each tool's queries in its own syntax, one a line.
  for tool in "${tools[@]}"; do
    for class in "${classes[@]}"; do
      "${tool}_convert" < "$qdir/$class.txt" > "$qdir/$tool-$class.txt"
    done
  done

  # Per-process latency: query by query, the tools interleaved. A tool whose
  # warm-up queries take over 300 ms each (ripgrep on the big folders, which
  # reads everything for every query) gets the first 10 queries of a class.
  declare -A limit=()
  for class in "${classes[@]}"; do
    for tool in "${tools[@]}"; do mapfile -t "q_$tool" < "$qdir/$tool-$class.txt"; done
    n=$(wc -l < "$qdir/$class.txt")
    # Three untimed queries warm the page cache and the binaries.
    for tool in "${tools[@]}"; do
      declare -n qs="q_$tool"
      start=${EPOCHREALTIME/./}
      for ((i = 0; i < 3 && i < n; i++)); do "${tool}_query" "${db[$tool]}" "${qs[$i]}" > /dev/null 2>&1 || true; done
      end=${EPOCHREALTIME/./}
      unset -n qs
      limit[$tool]=$n
      ((end - start > 900000 && n > 10)) && limit[$tool]=10
    done
    log "$corpus: per-process latency, $n $class queries, $rounds round(s)$(
      for tool in "${tools[@]}"; do ((limit[$tool] < n)) && printf '; %s the first %d' "$tool" "${limit[$tool]}"; done)"
    for ((round = 1; round <= rounds; round++)); do
      for ((i = 0; i < n; i++)); do
        for tool in "${tools[@]}"; do
          ((i < limit[$tool])) || continue
          declare -n qs="q_$tool"
          status=0
          start=${EPOCHREALTIME/./}
          "${tool}_query" "${db[$tool]}" "${qs[$i]}" > /dev/null 2>&1 || status=$?
          end=${EPOCHREALTIME/./}
          unset -n qs
          printf '%s\t%s\t%s\t%d\t%d\t%d\t%d\n' "$corpus" "$tool" "$class" "$round" "$i" \
            $((end - start)) "$status" >> "$raw/latency.tsv"
        done
      done
    done
  done

  # Batch: every query of a class in one process, the set repeated until a
  # run lasts about $batch_target_us microseconds (judged from a first run
  # with one copy, which is kept as a run when one copy is already that long).
  for class in "${classes[@]}"; do
    log "$corpus: batch, $class queries"
    for tool in "${tools[@]}"; do
      batch="$qdir/$tool-$class-batch.txt"
      status=0
      start=${EPOCHREALTIME/./}
      "${tool}_batch" "${db[$tool]}" "$qdir/$tool-$class.txt" > /dev/null 2>&1 || status=$?
      end=${EPOCHREALTIME/./}
      [[ $status == 99 ]] && continue
      c=$(((batch_target_us + end - start - 1) / (end - start + 1)))
      ((c > 20)) && c=20
      first_rep=1
      if ((c <= 1)); then
        c=1
        first_rep=2
        printf '%s\t%s\t%s\t%d\t%d\t%s\t%d\n' "$corpus" "$tool" "$class" 1 \
          "$(wc -l < "$qdir/$tool-$class.txt")" "$(awk -v us=$((end - start)) 'BEGIN {printf "%.6f", us / 1e6}')" \
          "$status" >> "$raw/batch.tsv"
      fi
      for ((k = 0; k < c; k++)); do cat "$qdir/$tool-$class.txt"; done > "$batch"
      batch_files[$tool]=$batch
      batch_first[$tool]=$first_rep
    done
    for ((rep = 1; rep <= n_reps; rep++)); do
      for tool in "${tools[@]}"; do
        [[ -n "${batch_files[$tool]:-}" ]] || continue
        ((rep >= batch_first[$tool])) || continue
        status=0
        start=${EPOCHREALTIME/./}
        "${tool}_batch" "${db[$tool]}" "${batch_files[$tool]}" > /dev/null 2>&1 || status=$?
        end=${EPOCHREALTIME/./}
        printf '%s\t%s\t%s\t%d\t%d\t%s\t%d\n' "$corpus" "$tool" "$class" "$rep" \
          "$(wc -l < "${batch_files[$tool]}")" \
          "$(awk -v us=$((end - start)) 'BEGIN {printf "%.6f", us / 1e6}')" "$status" >> "$raw/batch.tsv"
      done
    done
    unset batch_files batch_first
    declare -A batch_files=() batch_first=()
  done

  if [[ $corpus == wiki-* && -z "${KEEP_INDEXES:-}" ]]; then rm -rf "$work"; fi
  unset db
done

# Sharding: lede-index --shards 1 and 2, and lede-query over 1, 2 and 4
# shards, local and through xapian-tcpsrv on loopback (about 2 minutes; the
# figures go to $out/shards/shards.md and docs/SCALING.md). SKIP_SHARDS=1
# leaves it out.
shards_md=
if [[ -f "$input/news/.complete" && -z "${SKIP_SHARDS:-}" ]]; then
  log "sharding: bench/shards.sh"
  rm -f "$out/shards/shards.md"
  SHARD_REPS=${SHARD_REPS:-$((quick == 1 ? 1 : 2))} "$here/shards.sh" "$input/news" "$build" \
    "$out/shards" > /dev/null || log "bench/shards.sh failed; see above"
  shards_md="$out/shards/shards.md"
fi

echo "load_end	$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.tsv"
python3 "$here/report.py" "$out"
if [[ -n "$shards_md" && -f "$shards_md" ]]; then
  printf '\nSharding (bench/shards.sh):\n'
  cat "$shards_md"
fi
