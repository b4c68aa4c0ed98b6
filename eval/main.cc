/// @file
/// @brief lede-eval: scores TREC run files against qrels with trec_eval's definitions.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "eval/trec_metrics.h"

int main(int argc, char** argv) {
  CLI::App app{"lede-eval: score TREC runs (MAP, nDCG@10, P@10, R@100, MRR@10)"};
  std::string qrels_path, run_path;
  std::size_t depth = 1000;
  bool tsv = false;
  app.add_option("qrels", qrels_path, "TREC qrels: qid 0 docid rel")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("run", run_path, "TREC run: qid Q0 docid rank score tag")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--depth", depth, "Documents looked at per query")->capture_default_str();
  app.add_flag("--tsv", tsv,
               "Print one tab-separated line: map ndcg@10 p@10 recall@100 mrr@10 queries");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    std::ifstream qrels_in(qrels_path), run_in(run_path);
    const auto metrics = lede::eval::evaluate(lede::eval::read_qrels(qrels_in, qrels_path),
                                              lede::eval::read_run(run_in, run_path), depth);
    if (tsv) {
      std::cout << metrics.map << '\t' << metrics.ndcg10 << '\t' << metrics.p10 << '\t'
                << metrics.recall100 << '\t' << metrics.mrr10 << '\t' << metrics.queries << '\n';
      return 0;
    }
    // One JSON object on one line, so that scripts can collect rows.
    std::cout << nlohmann::json{{"map", metrics.map},      {"ndcg@10", metrics.ndcg10},
                                {"p@10", metrics.p10},     {"recall@100", metrics.recall100},
                                {"mrr@10", metrics.mrr10}, {"queries", metrics.queries}}
                     .dump()
              << '\n';
  } catch (const lede::Error& e) {
    std::cerr << "lede-eval: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
