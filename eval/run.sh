#!/usr/bin/env bash
# make eval: index each judged collection with lede-index, run all its queries
# through lede-query --batch --articles --trec (1000 results a query), score the
# run with lede-eval, and print one table against the published figures.
#
# Usage: eval/run.sh [DATA_DIR] [BUILD_DIR]
#   DATA_DIR   the shared data folder (default ../shared/data)
#   BUILD_DIR  where lede's binaries are and where runs and the table go (default build)
# Extra lede-query options (e.g. --bm25 1.2,0.75) can be passed in LEDE_EVAL_QUERY_OPTS.
#
# Each figure is compared with a baseline run, query by query: the runs in
# $BASELINE (default BUILD_DIR/eval/baseline, filled by `make eval-baseline`
# from the last `make eval`). The table then gives, for the headline metric,
# nDCG@10 and MRR@10, the difference and the p-value of a paired
# randomization test (10,000 sign flips, fixed seed); '*' marks p < 0.05.
# BUILD_DIR/eval/NAME.changes lists every query's change on the headline
# metric, and the five largest losses and gains are printed under the table.
set -euo pipefail
data=${1:-../shared/data}
build=${2:-build}
out="$build/eval"
baseline=${BASELINE:-$out/baseline}
mkdir -p "$out"
if [[ ! -d "$data/relevance" ]]; then
  echo "eval: $data/relevance is absent; nothing to evaluate" >&2
  exit 2
fi

# collection | qrels file | headline metric | published figure (source) | Xapian reference from the data README | goal
specs=(
  "scifact|qrels.txt|ndcg@10|0.6789|0.680|0.69"
  "cacm|qrels.anserini-raw.txt|map|0.3123|0.328|0.365"
  "npl|qrels.txt|map|0.2992|0.290|0.31"
  "cranfield|qrels.txt|map|-|0.286|0.286"
  "medline|qrels.txt|map|-|0.523|0.523"
)

table="$out/table.tsv"
printf 'collection\tMAP\tnDCG@10\tP@10\tR@100\tMRR@10\tqueries\theadline\tpublished\tXapian ref\tlede/published\tlede/Xapian\tgoal\tmet\tΔheadline\tΔnDCG@10\tΔMRR@10\n' > "$table"
changes=""
# "+0.0123*" from a difference and its p-value.
marked() { awk -v d="$1" -v p="$2" 'BEGIN { printf "%+.4f%s", d, (p < 0.05) ? "*" : "" }'; }
for spec in "${specs[@]}"; do
  IFS='|' read -r name qrels metric published reference goal <<<"$spec"
  dir="$data/relevance/$name"
  db="$out/$name.db"
  rm -rf "$db"
  # Exit code 1 means some documents were skipped with a warning (Cranfield
  # has two with empty text); the rest is indexed and evaluated.
  "$build/lede-index" --quiet --db "$db" "$dir/docs.jsonl" || [[ $? -eq 1 ]]
  # shellcheck disable=SC2086
  "$build/lede-query" --db "$db" --batch "$dir/queries.tsv" --articles --trec --limit 1000 \
    ${LEDE_EVAL_QUERY_OPTS:-} > "$out/$name.run" 2> "$out/$name.stderr" || [[ $? -eq 1 ]]
  read -r map ndcg p10 r100 mrr queries < <("$build/lede-eval" --tsv "$dir/$qrels" "$out/$name.run")
  case $metric in
    map) value=$map ;;
    ndcg@10) value=$ndcg ;;
  esac
  versus="-\t-\t-"
  if [[ -f "$baseline/$name.run" ]]; then
    read -r _ _ _ _ _ _ dmap pmap dndcg pndcg dmrr pmrr < <("$build/lede-eval" --tsv \
      --baseline "$baseline/$name.run" "$dir/$qrels" "$out/$name.run")
    case $metric in
      map) dhead=$dmap phead=$pmap ;;
      ndcg@10) dhead=$dndcg phead=$pndcg ;;
    esac
    versus="$(marked "$dhead" "$phead")\t$(marked "$dndcg" "$pndcg")\t$(marked "$dmrr" "$pmrr")"
    "$build/lede-eval" --baseline "$baseline/$name.run" --changes 100000 --metric "$metric" \
      "$dir/$qrels" "$out/$name.run" > "$out/$name.changes"
    changes+=$'\n'"== $name"$'\n'"$("$build/lede-eval" --baseline "$baseline/$name.run" --changes 5 \
      --metric "$metric" "$dir/$qrels" "$out/$name.run")"
  fi
  awk -v n="$name" -v map="$map" -v ndcg="$ndcg" -v p10="$p10" -v r100="$r100" -v mrr="$mrr" \
      -v q="$queries" -v metric="$metric" -v v="$value" -v pub="$published" -v ref="$reference" \
      -v goal="$goal" 'BEGIN {
    ratio_pub = (pub == "-") ? "-" : sprintf("%.3f", v / pub);
    printf "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%s\t%s\t%s\t%s\t%.3f\t>= %s\t%s\t",
      n, map, ndcg, p10, r100, mrr, q, metric, pub, ref, ratio_pub, v / ref, goal,
      (v + 1e-9 >= goal) ? "yes" : "NO" }' >> "$table"
  printf '%b\n' "$versus" >> "$table"
done
column -t -s $'\t' "$table"
echo
if [[ -n "$changes" ]]; then
  echo "Against the baseline in $baseline ('*': p < 0.05, paired randomization test):$changes"
  echo
else
  echo "No baseline runs in $baseline: 'make eval-baseline' keeps these runs as the baseline."
fi
echo "Runs and the table are in $out/"
