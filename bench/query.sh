#!/usr/bin/env bash
# The query half of make bench: lede-query's latency with a new process per
# query (p50/p95) and its batch throughput (queries/s) on ../shared/data/news,
# measured in the same run as two yardsticks on the same database: quest
# (Xapian's command-line search, one process per query) and a plain Xapian
# QueryParser loop in one process (bench/xapian_loop.cc).
#
# Usage: bench/query.sh [DATA_DIR] [BUILD_DIR]
#   DATA_DIR   the shared data folder (default ../shared/data)
#   BUILD_DIR  where lede's binaries are and where results go (default build)
# Environment: ROUNDS (per-process passes over the queries, default 3),
#   BATCH_ROUNDS (copies of the query set in one batch, default 20),
#   FORCE=1 re-indexes the news collection.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-../shared/data}
build=${2:-build}
rounds=${ROUNDS:-3}
batch_rounds=${BATCH_ROUNDS:-20}
out="$build/bench"
mkdir -p "$out"
news="$data/news"
if [[ ! -f "$news/reuters21578.jsonl.zst" ]]; then
  echo "bench: $news is absent; nothing to measure" >&2
  exit 2
fi
queries="$here/queries.tsv"
db="$out/query-news.db"

if [[ ! -d "$db" || -n "${FORCE:-}" ]]; then
  rm -rf "$db"
  echo "== indexing $news into $db" >&2
  # Exit status 1 only says that some items had no text (Reuters has a few).
  "$build/lede-index" --quiet --db "$db" "$news/reuters21578.jsonl.zst" \
    "$news/bbc_news.jsonl.zst" 2>/dev/null || [[ $? -eq 1 ]]
fi
"$build/lede-index" --stats --db "$db" | sed -n '1,4p'
echo

echo "== per-query latency, a new process per query ($rounds rounds of $(wc -l < "$queries") queries)"
quest_args=()
if command -v quest >/dev/null; then
  quest_args=(--quest "$(command -v quest)")
else
  echo "(quest is not installed: scripts/install-deps.sh bench installs xapian-tools)"
fi
python3 "$here/latency.py" --db "$db" --lede "$build/lede-query" "${quest_args[@]}" \
  --queries "$queries" --rounds "$rounds" | tee "$out/query-latency.tsv" | column -t -s $'\t'
echo

echo "== batch throughput, one process ($batch_rounds copies of the query set)"
batch="$out/query-batch.tsv"
for ((r = 1; r <= batch_rounds; r++)); do sed "s/^/r$r./" "$queries"; done > "$batch"
n=$(wc -l < "$batch")
now() { date +%s.%N; }
printf 'runner\tqueries\tseconds\tqueries_per_s\n' > "$out/query-batch-results.tsv"
for format in trec jsonl terminal; do
  flag="--$format"
  [[ $format == terminal ]] && flag="--color=never"
  start=$(now)
  "$build/lede-query" --db "$db" --batch "$batch" "$flag" -n 10 > /dev/null 2>&1 || [[ $? -eq 1 ]]
  end=$(now)
  awk -v f="lede-query --batch ($format)" -v n="$n" -v s="$start" -v e="$end" \
    'BEGIN { printf "%s\t%d\t%.3f\t%.0f\n", f, n, e - s, n / (e - s) }' >> "$out/query-batch-results.tsv"
done
loop="$out/xapian-loop"
if [[ ! -x "$loop" || "$here/xapian_loop.cc" -nt "$loop" ]]; then
  # shellcheck disable=SC2046
  c++ -O2 -std=c++17 "$here/xapian_loop.cc" -o "$loop" $(xapian-config --cxxflags --libs)
fi
read -r lq ls lqps < <("$loop" "$db" "$queries" "$batch_rounds")
printf 'xapian QueryParser loop\t%s\t%s\t%s\n' "$lq" "$ls" "$lqps" >> "$out/query-batch-results.tsv"
column -t -s $'\t' "$out/query-batch-results.tsv"
echo
echo "Results are in $out/query-latency.tsv and $out/query-batch-results.tsv"
