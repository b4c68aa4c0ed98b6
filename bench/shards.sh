#!/usr/bin/env bash
# Sharding, measured: lede-index --shards N on the news folder (MB/s, CPU,
# peak RSS; N = 1 and 2, the runs interleaved), and lede-query over 1, 2 and 4
# shards, local and served by xapian-tcpsrv on loopback (a new process per
# query: p50/p95 milliseconds; one process for every query: mean milliseconds
# a query). bench/run.sh calls it; docs/SCALING.md reads the figures.
#
# Usage: bench/shards.sh NEWS_FOLDER BUILD_DIR OUT_DIR
# Environment: SHARD_REPS (indexing runs of each shard count, default 2),
#   SHARD_ROUNDS (per-process passes over the queries, default 1),
#   FLUSH_THRESHOLDS (XAPIAN_FLUSH_THRESHOLD values to index with, default
#   what lede-index sets, e.g. "500 2000 5000").
# Output: a table on standard output, OUT_DIR/shards-index.tsv,
# OUT_DIR/shards-latency.tsv and OUT_DIR/shards.md.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
folder=${1:?usage: shards.sh NEWS_FOLDER BUILD_DIR OUT_DIR}
build=$(cd "${2:?usage: shards.sh NEWS_FOLDER BUILD_DIR OUT_DIR}" && pwd)
out=${3:?usage: shards.sh NEWS_FOLDER BUILD_DIR OUT_DIR}
reps=${SHARD_REPS:-2}
rounds=${SHARD_ROUNDS:-1}
read -r -a thresholds <<< "${FLUSH_THRESHOLDS:-default}"
queries="$here/queries/news.txt"
mkdir -p "$out"
work="$out/work"
rm -rf "$work"
mkdir -p "$work"
log() { printf '[shards %s] %s\n' "$(date +%T)" "$*" >&2; }
command -v xapian-tcpsrv > /dev/null || log "xapian-tcpsrv is not installed: no loopback figures"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
bytes=$(find "$folder" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
find "$folder" -name '*.txt' -exec cat {} + > /dev/null

# Indexing: 1 and 2 shards (this machine has 2 cores), interleaved run by run
# so that a slow spell of the shared machine falls on both.
printf 'shards\tflush\trep\tinput_bytes\twall_s\tuser_s\tsys_s\tmaxrss_kb\tstatus\n' > "$out/shards-index.tsv"
for ((rep = 1; rep <= reps; rep++)); do
  for flush in "${thresholds[@]}"; do
    for n in 1 2; do
      log "indexing news into $n shard(s), flush threshold $flush (run $rep of $reps)"
      db="$work/index-$n"
      rm -rf "$db"
      env=()
      [[ $flush != default ]] && env=(XAPIAN_FLUSH_THRESHOLD="$flush")
      status=0
      env "${env[@]}" /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
        "$build/lede-index" --quiet --db "$db" --shards "$n" "$folder" || status=$?
      ((status == 1)) && status=0
      read -r wall user sys rss < <(tail -n 1 "$work/time")
      printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\n' "$n" "$flush" "$rep" "$bytes" "$wall" "$user" \
        "$sys" "$rss" "$status" >> "$out/shards-index.tsv"
    done
  done
done

# The databases searched: 1, 2 and 4 shards of the same folder.
mv "$work/index-1" "$work/db-1"
mv "$work/index-2" "$work/db-2"
log "indexing news into 4 shards for the latency figures"
"$build/lede-index" --quiet --db "$work/db-4" --shards 4 "$folder" || [[ $? -eq 1 ]]

# xapian-tcpsrv signals its whole process group on SIGTERM, so each one runs
# in a session of its own and is stopped as a group.
servers=()
stop_servers() {
  for pid in "${servers[@]}"; do kill -TERM -- "-$pid" 2> /dev/null || true; done
  for pid in "${servers[@]}"; do
    while kill -0 "$pid" 2> /dev/null; do sleep 0.05; done
  done
  servers=()
}
trap stop_servers EXIT
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# serve SHARD: starts xapian-tcpsrv on a free port; sets spec to tcp://...
serve() {
  local port pid
  spec=
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$1" > /dev/null 2>&1 &
    pid=$!
    for _ in $(seq 100); do
      if (: < "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
        servers+=("$pid")
        spec="tcp://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.05
    done
    kill -TERM -- "-$pid" 2> /dev/null || true
  done
  log "cannot start xapian-tcpsrv for $1"
  return 1
}

mapfile -t qs < "$queries"
printf 'shards\twhere\tmode\tround\tquery\tmicroseconds\tstatus\n' > "$out/shards-latency.tsv"
for n in 1 2 4; do
  for where in local loopback; do
    args=()
    if [[ $where == local ]]; then
      args=(--db "$work/db-$n")
    else
      command -v xapian-tcpsrv > /dev/null || continue
      if [[ $n == 1 ]]; then
        serve "$work/db-1"
        args+=(--db "$spec")
      else
        for ((i = 0; i < n; i++)); do
          serve "$work/db-$n/shard-$i"
          args+=(--db "$spec")
        done
      fi
    fi
    log "latency over $n shard(s), $where"
    for q in "${qs[@]:0:3}"; do "$build/lede-query" "${args[@]}" --tsv -- "$q" > /dev/null 2>&1 || true; done
    for ((round = 1; round <= rounds; round++)); do
      for ((i = 0; i < ${#qs[@]}; i++)); do
        status=0
        start=${EPOCHREALTIME/./}
        "$build/lede-query" "${args[@]}" --limit 10 --color=never -- "${qs[$i]}" > /dev/null 2>&1 ||
          status=$?
        end=${EPOCHREALTIME/./}
        printf '%d\t%s\tprocess\t%d\t%d\t%d\t%d\n' "$n" "$where" "$round" "$i" $((end - start)) \
          "$status" >> "$out/shards-latency.tsv"
      done
    done
    # Every query five times in one process: the search alone, without
    # starting a process and opening the shards.
    for ((k = 0; k < 5; k++)); do cat "$queries"; done > "$work/batch.txt"
    status=0
    start=${EPOCHREALTIME/./}
    "$build/lede-query" "${args[@]}" --limit 10 --tsv --batch "$work/batch.txt" > /dev/null 2>&1 ||
      status=$?
    end=${EPOCHREALTIME/./}
    printf '%d\t%s\tbatch\t1\t%d\t%d\t%d\n' "$n" "$where" "$(wc -l < "$work/batch.txt")" \
      $((end - start)) "$status" >> "$out/shards-latency.tsv"
    stop_servers
  done
done

python3 - "$out" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" << 'EOF'
import csv, statistics, sys
out = sys.argv[1]

def rows(name):
    with open(f"{out}/{name}") as f:
        return list(csv.DictReader(f, delimiter="\t"))

def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)

lines = [f"{sys.argv[4]} cores; load average {sys.argv[2]} at the start, {sys.argv[3]} at the end "
         "(other processes share the machine).", "",
         "| shards | flush threshold | MB/s | wall s | CPU s (user+sys) | peak RSS MB | runs |",
         "|---:|---:|---:|---:|---:|---:|---:|"]
index = rows("shards-index.tsv")
for key in sorted({(r["flush"], int(r["shards"])) for r in index}):
    rs = [r for r in index if (r["flush"], int(r["shards"])) == key and r["status"] == "0"]
    if not rs:
        continue
    wall = statistics.median(float(r["wall_s"]) for r in rs)
    cpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rs)
    rss = statistics.median(int(r["maxrss_kb"]) for r in rs) / 1024
    mbs = int(rs[0]["input_bytes"]) / 1e6 / wall
    lines.append(f"| {key[1]} | {key[0]} | {mbs:.2f} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {len(rs)} |")
lines += ["", "| shards | where | per process p50 ms | p95 ms | in one process, ms a query |",
          "|---:|---|---:|---:|---:|"]
lat = rows("shards-latency.tsv")
for n in (1, 2, 4):
    for where in ("local", "loopback"):
        proc = [int(r["microseconds"]) / 1000 for r in lat
                if r["shards"] == str(n) and r["where"] == where and r["mode"] == "process"
                and r["status"] in ("0", "1")]
        batch = [r for r in lat if r["shards"] == str(n) and r["where"] == where
                 and r["mode"] == "batch" and r["status"] in ("0", "1")]
        if not proc:
            continue
        per = (f"{int(batch[0]['microseconds']) / 1000 / int(batch[0]['query']):.2f}"
               if batch else "-")
        lines.append(f"| {n} | {where} | {pct(proc, 50):.1f} | {pct(proc, 95):.1f} | {per} |")
text = "\n".join(lines) + "\n"
open(f"{out}/shards.md", "w").write(text)
print(text)
EOF
