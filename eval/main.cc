/// @file
/// @brief lede-eval: scores TREC run files against qrels with trec_eval's
/// definitions, and compares a run with a baseline run query by query.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/util/error.h"
#include "eval/trec_metrics.h"

namespace {

// "+0.0123 (p 0.004)", the way the table shows a comparison.
std::string shown(const lede::eval::Comparison& c) {
  char text[64];
  std::snprintf(text, sizeof text, "%+.4f\t%.3f", c.difference, c.p_value);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lede-eval: score TREC runs (MAP, nDCG@10, P@10, R@100, MRR@10)"};
  std::string qrels_path, run_path, baseline_path, metric = "map";
  std::size_t depth = 1000;
  std::size_t changes = 0;
  bool tsv = false;
  app.add_option("qrels", qrels_path, "TREC qrels: qid 0 docid rel")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("run", run_path, "TREC run: qid Q0 docid rank score tag")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--depth", depth, "Documents looked at per query")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_flag("--tsv", tsv,
               "Print one tab-separated line: map ndcg@10 p@10 recall@100 mrr@10 queries, and "
               "with --baseline the difference and p of map, ndcg@10 and mrr@10");
  app.add_option("--baseline", baseline_path,
                 "A run to compare with, query by query (paired randomization test)")
      ->check(CLI::ExistingFile);
  app.add_option("--changes", changes,
                 "With --baseline: list the N largest losses and N largest gains on --metric")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100000}));
  app.add_option("--metric", metric, "The metric --changes ranks by")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    std::ifstream qrels_in(qrels_path), run_in(run_path);
    const auto qrels = lede::eval::read_qrels(qrels_in, qrels_path);
    const auto run = lede::eval::read_run(run_in, run_path);
    const auto metrics = lede::eval::evaluate(qrels, run, depth);
    lede::eval::PerQuery now, before;
    if (!baseline_path.empty()) {
      std::ifstream base_in(baseline_path);
      now = lede::eval::evaluate_queries(qrels, run, depth);
      before =
          lede::eval::evaluate_queries(qrels, lede::eval::read_run(base_in, baseline_path), depth);
    }
    if (changes > 0) {
      if (baseline_path.empty())
        throw lede::Error(lede::ErrorKind::usage, "--changes needs --baseline");
      const auto c = lede::eval::compare(before, now, metric);
      auto header = [] {
        std::printf("  %-10s %9s %9s %9s\n", "query", "baseline", "now", "change");
      };
      auto row = [](const auto& ch) {
        std::printf("  %-10s %9.4f %9.4f %+9.4f\n", ch.qid.c_str(), ch.before, ch.after,
                    ch.after - ch.before);
      };
      const std::size_t n = std::min(changes, c.changes.size());
      std::printf("largest losses on %s:\n", metric.c_str());
      header();
      for (std::size_t i = 0; i < n && c.changes[i].after < c.changes[i].before; ++i)
        row(c.changes[i]);
      std::printf("largest gains on %s:\n", metric.c_str());
      header();
      for (std::size_t i = 0; i < n; ++i) {
        const auto& ch = c.changes[c.changes.size() - 1 - i];
        if (ch.after <= ch.before) break;
        row(ch);
      }
      return 0;
    }
    if (tsv) {
      std::cout << metrics.map << '\t' << metrics.ndcg10 << '\t' << metrics.p10 << '\t'
                << metrics.recall100 << '\t' << metrics.mrr10 << '\t' << metrics.queries;
      if (!baseline_path.empty())
        for (const char* name : {"map", "ndcg@10", "mrr@10"})
          std::cout << '\t' << shown(lede::eval::compare(before, now, name));
      std::cout << '\n';
      return 0;
    }
    // One JSON object on one line, so that scripts can collect rows.
    nlohmann::json out{{"map", metrics.map},      {"ndcg@10", metrics.ndcg10},
                       {"p@10", metrics.p10},     {"recall@100", metrics.recall100},
                       {"mrr@10", metrics.mrr10}, {"queries", metrics.queries}};
    if (!baseline_path.empty())
      for (const char* name : {"map", "ndcg@10", "p@10", "recall@100", "mrr@10"}) {
        const auto c = lede::eval::compare(before, now, name);
        out["baseline"][name] = {{"difference", c.difference}, {"p", c.p_value}};
      }
    std::cout << out.dump() << '\n';
  } catch (const lede::Error& e) {
    std::cerr << "lede-eval: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
