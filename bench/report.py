#!/usr/bin/env python3
"""Turns the raw timings of bench/run.sh into the tables of make bench.

Reads OUT/raw/{index,latency,batch}.tsv and OUT/machine.tsv, prints the
tables, and writes OUT/results.tsv (one row per corpus, figure and tool, with
lede's value and the ratio lede/tool) and OUT/results.md (the same as
markdown, with the goals of docs/PERFORMANCE.md checked).

Each figure is a median: indexing figures over the runs, latency percentiles
per round and then the median over the rounds, batch throughput over the runs.

Usage: report.py OUT
"""
import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

TOOLS = ["lede", "xapian", "xapianlib", "fts5", "recoll", "rg"]
NAMES = {
    "lede": "lede",
    "xapian": "Xapian",
    "xapianlib": "Xapian loop",
    "fts5": "SQLite FTS5",
    "recoll": "Recoll",
    "rg": "ripgrep",
}
# What a "failed" query is for each tool: lede-query and rg say 1 for "no
# match"; sqlite3 says 1 for an error.
OK_STATUS = {"lede": {0, 1}, "rg": {0, 1}}
CLASSES = ["short", "phrase", "long", "all"]
CORPUS_ORDER = ["news", "wiki-10MB", "wiki-100MB", "wiki-400MB"]


def read_tsv(path):
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def count_lines(path):
    if not path.exists():
        return 0
    return sum(1 for line in path.open(encoding="utf-8") if line.strip())


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Figures:
    """Figures keyed by (corpus, figure) -> {tool: value}, in insertion order."""

    def __init__(self):
        self.values = defaultdict(dict)
        self.units = {}
        self.higher_better = {}

    def add(self, corpus, figure, unit, higher_better, tool, value):
        self.values[(corpus, figure)][tool] = value
        self.units[figure] = unit
        self.higher_better[figure] = higher_better

    def get(self, corpus, figure, tool):
        return self.values.get((corpus, figure), {}).get(tool)


def collect(out):
    figs = Figures()
    index = read_tsv(out / "raw/index.tsv")
    runs = defaultdict(list)
    for r in index:
        runs[(r["corpus"], r["tool"])].append(r)
    for (corpus, tool), rs in runs.items():
        ok = [r for r in rs if r["status"] == "0"] or rs
        mbs = [int(r["input_bytes"]) / 1e6 / max(float(r["wall_s"]), 1e-3) for r in ok]
        cpu = [float(r["user_s"]) + float(r["sys_s"]) for r in ok]
        figs.add(corpus, "index MB/s", "MB/s", True, tool, statistics.median(mbs))
        figs.add(corpus, "index CPU s", "s", False, tool, statistics.median(cpu))
        figs.add(corpus, "index peak RSS MB", "MB", False, tool,
                 statistics.median(int(r["maxrss_kb"]) / 1024 for r in ok))
        figs.add(corpus, "index size MB", "MB", False, tool,
                 statistics.median(int(r["index_bytes"]) / 1e6 for r in ok))
        figs.add(corpus, "input MB", "MB", None, tool, int(ok[0]["input_bytes"]) / 1e6)

    for r in read_tsv(out / "raw/update.tsv"):
        figs.add(r["corpus"], "update s, nothing changed", "s", False, r["tool"], float(r["wall_s"]))

    lat = read_tsv(out / "raw/latency.tsv")
    samples = defaultdict(list)
    failed = defaultdict(int)
    for r in lat:
        tool = r["tool"]
        if int(r["status"]) not in OK_STATUS.get(tool, {0}):
            failed[(r["corpus"], tool)] += 1
        ms = int(r["microseconds"]) / 1000
        samples[(r["corpus"], tool, r["class"], r["round"])].append(ms)
        samples[(r["corpus"], tool, "all", r["round"])].append(ms)
    by_class = defaultdict(list)
    for (corpus, tool, cls, _), ms in samples.items():
        by_class[(corpus, tool, cls)].append(ms)
    for cls in CLASSES:
        for (corpus, tool, c), rounds in sorted(by_class.items()):
            if c != cls:
                continue
            figs.add(corpus, f"p50 ms {cls}", "ms", False, tool,
                     statistics.median(percentile(ms, 50) for ms in rounds))
            figs.add(corpus, f"p95 ms {cls}", "ms", False, tool,
                     statistics.median(percentile(ms, 95) for ms in rounds))
    for (corpus, tool), n in failed.items():
        figs.add(corpus, "failed queries", "", False, tool, n)

    batch = read_tsv(out / "raw/batch.tsv")
    qps = defaultdict(list)
    for r in batch:
        qps[(r["corpus"], r["tool"], r["class"])].append(
            int(r["queries"]) / max(float(r["seconds"]), 1e-6))
    for cls in CLASSES[:-1]:
        for (corpus, tool, c), values in sorted(qps.items()):
            if c == cls:
                figs.add(corpus, f"batch q/s {cls}", "q/s", True, tool, statistics.median(values))
    # Each tool repeats a class as often as it needs for a measurable run, so
    # "all" weighs every distinct query once: the time to run each query of
    # every class once, from the per-class medians.
    distinct = {cls: count_lines(out / f"queries/{cls}.txt") for cls in CLASSES[:-1]}
    for corpus, tool in sorted({(c, t) for c, t, _ in qps}):
        rates = {cls: figs.get(corpus, f"batch q/s {cls}", tool) for cls in CLASSES[:-1]}
        if all(rates[c] for c in rates if distinct[c]):
            n = sum(distinct.values())
            seconds = sum(distinct[c] / rates[c] for c in rates if distinct[c])
            figs.add(corpus, "batch q/s all", "q/s", True, tool, n / seconds)
    return figs


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def corpus_tables(figs):
    corpora = sorted({c for c, _ in figs.values}, key=lambda c: (
        CORPUS_ORDER.index(c) if c in CORPUS_ORDER else 99, c))
    for corpus in corpora:
        figures = [f for c, f in figs.values if c == corpus]
        tools = [t for t in TOOLS if any(t in figs.values[(corpus, f)] for f in figures)]
        yield corpus, figures, tools


def write_results_tsv(figs, path):
    with path.open("w", encoding="utf-8") as f:
        f.write("corpus\tfigure\tunit\tbetter\ttool\tvalue\tlede\tratio_lede_over_tool\n")
        for corpus, figures, tools in corpus_tables(figs):
            for fig in figures:
                lede = figs.get(corpus, fig, "lede")
                hb = figs.higher_better[fig]
                better = "" if hb is None else ("higher" if hb else "lower")
                for tool in tools:
                    v = figs.get(corpus, fig, tool)
                    if v is None:
                        continue
                    r = ratio(lede, v)
                    f.write(f"{corpus}\t{fig}\t{figs.units[fig]}\t{better}\t{tool}\t"
                            f"{v:.6g}\t{'' if lede is None else f'{lede:.6g}'}\t"
                            f"{'' if r is None else f'{r:.3f}'}\n")


def markdown(figs, machine):
    lines = []
    lines.append("| | |")
    lines.append("|---|---|")
    for k, v in machine.items():
        lines.append(f"| {k} | {v} |")
    lines.append("")
    lines.append("Ratios are lede/peer from the same run: above 1 is better for MB/s and q/s, "
                 "below 1 is better for seconds, MB and ms.")
    for corpus, figures, tools in corpus_tables(figs):
        peers = [t for t in tools if t != "lede"]
        lines.append("")
        size = next((v for v in figs.values.get((corpus, "input MB"), {}).values()), None)
        lines.append(f"### {corpus}" + (f" ({size:.1f} MB of text)" if size else ""))
        lines.append("")
        head = "| figure | lede | " + " | ".join(
            f"{NAMES[t]} | lede/{NAMES[t]}" for t in peers) + " |"
        lines.append(head)
        lines.append("|---|---:|" + "---:|---:|" * len(peers))
        for fig in figures:
            if fig == "input MB":
                continue
            lede = figs.get(corpus, fig, "lede")
            cells = [fig, fmt(lede)]
            for t in peers:
                v = figs.get(corpus, fig, t)
                r = ratio(lede, v) if figs.higher_better[fig] is not None else None
                cells += [fmt(v), "" if r is None else f"{r:.2f}"]
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("### Growth with size (lede)")
    lines.append("")
    lines.append("| corpus | input MB | index MB/s | CPU s | CPU s per MB | peak RSS MB | index MB "
                 "| p50 ms all | batch q/s all |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for corpus, _, _ in corpus_tables(figs):
        g = lambda f: fmt(figs.get(corpus, f, "lede"))  # noqa: E731
        mb, cpu = figs.get(corpus, "input MB", "lede"), figs.get(corpus, "index CPU s", "lede")
        per_mb = fmt(cpu / mb) if mb and cpu is not None else ""
        lines.append(f"| {corpus} | {g('input MB')} | {g('index MB/s')} | {g('index CPU s')} | "
                     f"{per_mb} | "
                     f"{g('index peak RSS MB')} | {g('index size MB')} | {g('p50 ms all')} | "
                     f"{g('batch q/s all')} |")
    lines.append("")
    lines.append("### Goals")
    lines.append("")
    lines.append("| goal | measured | met |")
    lines.append("|---|---|---|")
    for goal, measured, met in goals(figs):
        lines.append(f"| {goal} | {measured} | {met} |")
    return "\n".join(lines) + "\n"


def goals(figs):
    def yes(ok):
        return "yes" if ok else "**no**"

    for corpus in ["news", "wiki-100MB"]:
        a = figs.get(corpus, "index MB/s", "lede")
        b = figs.get(corpus, "index MB/s", "fts5")
        if a is not None and b is not None:
            yield (f"indexing {corpus} at least as fast as SQLite FTS5",
                   f"{a:.2f} vs {b:.2f} MB/s (x{a / b:.2f})", yes(a >= b))
    for corpus in ["news", "wiki-100MB"]:
        a = figs.get(corpus, "index MB/s", "lede")
        b = figs.get(corpus, "index MB/s", "xapianlib")
        if a is not None and b is not None:
            yield (f"indexing {corpus} against a plain Xapian TermGenerator loop (context, not a goal)",
                   f"{a:.2f} vs {b:.2f} MB/s (x{a / b:.2f})", "—")
    wikis = [c for c in CORPUS_ORDER if c.startswith("wiki")
             and figs.get(c, "index peak RSS MB", "lede") is not None]
    if len(wikis) >= 2:
        rss = [figs.get(c, "index peak RSS MB", "lede") for c in wikis]
        growth = rss[-1] / rss[0]
        yield (f"peak RSS flat from {wikis[0]} to {wikis[-1]} (at most x1.5)",
               " -> ".join(f"{v:.0f}" for v in rss) + f" MB (x{growth:.2f})", yes(growth <= 1.5))
    for cls in CLASSES:
        a = figs.get("news", f"p50 ms {cls}", "lede")
        b = figs.get("news", f"p50 ms {cls}", "xapian")
        if a is not None and b is not None:
            yield (f"news per-process p50 ({cls} queries) no worse than quest",
                   f"{a:.1f} vs {b:.1f} ms (x{a / b:.2f})", yes(a <= b))
    for cls in CLASSES:
        a = figs.get("news", f"batch q/s {cls}", "lede")
        b = figs.get("news", f"batch q/s {cls}", "xapian")
        if a is not None and b is not None:
            yield (f"news batch throughput ({cls}) no lower than the Xapian loop",
                   f"{a:.0f} vs {b:.0f} q/s (x{a / b:.2f})", yes(a >= b))


def main():
    out = Path(sys.argv[1])
    machine = {}
    for line in (out / "machine.tsv").read_text(encoding="utf-8").splitlines():
        k, _, v = line.partition("\t")
        machine[k] = v
    figs = collect(out)
    write_results_tsv(figs, out / "results.tsv")
    md = markdown(figs, machine)
    (out / "results.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"Written: {out / 'results.tsv'}, {out / 'results.md'}; raw timings in {out / 'raw'}/")


if __name__ == "__main__":
    main()
