#!/usr/bin/env python3
"""Per-query latency with a new process per query, for lede-query and quest.

Each query of QUERIES (qid<TAB>query) runs as its own process, ROUNDS times,
the tools interleaved query by query so that both see the same page cache.
Prints, per tool, the median, 95th percentile and mean wall time in
milliseconds, overall and per query class (the qid's leading letters).

Usage: latency.py --db DB --lede BIN [--quest BIN] --queries FILE [--rounds N]
"""
import argparse
import re
import statistics
import subprocess
import sys
import time


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--lede", required=True)
    ap.add_argument("--quest")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                qid, _, text = line.partition("\t")
                queries.append((qid, text))

    tools = {"lede-query": lambda q: [args.lede, "--db", args.db, "--color=never", "-n", "10", "--", q]}
    if args.quest:
        # quest's default flags plus wildcards, so that every query class parses.
        tools["quest"] = lambda q: [args.quest, "-d", args.db, "-m", "10",
                                    "-f", "default,wildcard", q]

    times = {name: {} for name in tools}
    # One untimed pass warms the page cache for both tools.
    for _, q in queries:
        for build in tools.values():
            subprocess.run(build(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(args.rounds):
        for qid, q in queries:
            cls = re.match(r"[A-Za-z]*", qid).group(0) or "q"
            for name, build in tools.items():
                start = time.perf_counter()
                subprocess.run(build(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                elapsed = (time.perf_counter() - start) * 1000
                times[name].setdefault(cls, []).append(elapsed)

    print("tool\tclass\tqueries\tp50_ms\tp95_ms\tmean_ms")
    for name, by_class in times.items():
        everything = [t for ts in by_class.values() for t in ts]
        for cls, ts in sorted(by_class.items()) + [("all", everything)]:
            print(f"{name}\t{cls}\t{len(ts)}\t{statistics.median(ts):.2f}\t"
                  f"{percentile(ts, 95):.2f}\t{statistics.mean(ts):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
