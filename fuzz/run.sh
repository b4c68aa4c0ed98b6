#!/usr/bin/env bash
# Runs lede's libFuzzer targets (see README.md, "Fuzzing").
#
# Usage: fuzz/run.sh BUILD SECONDS [TARGET...]
#   BUILD    the fuzz build tree (make fuzz: build-fuzz)
#   SECONDS  how long each target fuzzes after running its seeds
#   TARGET   names without the fuzz_ prefix; all of them by default
#
# Each target first runs every input of its seed corpus (fuzz/corpus/TARGET,
# which holds the regression cases of faults found before), then mutates
# them for SECONDS. New interesting inputs go to BUILD/fuzz-corpus/TARGET,
# never into the repository; an input that crashes, leaks, trips a
# sanitizer, breaks a check or runs longer than 30 s is written to
# BUILD/fuzz-crashes/ and the script exits 1 after the other targets ran.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(query query_parser analyzer ingest_text ingest_markdown ingest_html ingest_jsonl
           decode dates printers)
fi

crashes=$build/fuzz-crashes
mkdir -p "$crashes" "$build/fuzz-logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for target in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$target
  work=$build/fuzz-corpus/$target
  log=$build/fuzz-logs/$target.log
  mkdir -p "$work"
  if [[ ! -x $binary ]]; then
    echo "fuzz: $binary is missing (build it with make fuzz)" >&2
    failed+=("$target")
    continue
  fi
  # -timeout: an input taking 30 s is a hang worth a report; -rss_limit_mb:
  # the default 2 GB, written out; -max_len: room for long lines and nesting.
  if "$binary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=8192 \
      -print_final_stats=1 -artifact_prefix="$crashes/$target-" \
      "$work" "fuzz/corpus/$target" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$target")
  fi
  # The last coverage line and the run's totals, from libFuzzer's own report.
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  execs=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$')
  printf 'fuzz: %-16s %-6s %s executions, %s (log: %s)\n' \
    "$target" "$status" "${execs:-?}" "${cov:-no coverage line}" "$log"
  if [[ $status != ok ]]; then
    grep -E 'ERROR|fuzz check failed|SUMMARY|Test unit written' "$log" | head -5 | sed 's/^/    /'
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: FAILED: ${failed[*]}; the inputs that failed are in $crashes/" >&2
  exit 1
fi
echo "fuzz: every target ran clean; new crash inputs would be in $crashes/"
