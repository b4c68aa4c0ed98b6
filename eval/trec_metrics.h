/// @file
/// @brief Relevance metrics with trec_eval's definitions, for `make eval`.
///
/// A run is what lede-query --trec prints; qrels are TREC judgments. The
/// metrics average over the queries that have at least one relevant document,
/// and a judged query missing from the run scores 0 on every metric (as
/// trec_eval -c does).
#pragma once

#include <istream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lede::eval {

/// Judgments: qid -> docid -> relevance grade (only grades > 0 count as relevant).
using Qrels = std::map<std::string, std::map<std::string, int>, std::less<>>;

/// One retrieved document of a run.
struct Retrieved {
  std::string docid;
  double score = 0;
};

/// A run: qid -> retrieved documents, in the order trec_eval ranks them.
using Run = std::map<std::string, std::vector<Retrieved>, std::less<>>;

/// The figures `make eval` reports, each a mean over judged queries.
struct Metrics {
  double map = 0;     ///< Mean average precision over the whole ranking (at most `depth`).
  double ndcg10 = 0;  ///< nDCG@10 with the grades as gains, log2 discount (trec_eval ndcg_cut.10).
  double p10 = 0;     ///< Precision at 10.
  double recall100 = 0;  ///< Recall at 100.
  double mrr10 = 0;      ///< Reciprocal rank of the first relevant document within 10, else 0.
  int queries = 0;       ///< Judged queries averaged over.
};

/// Reads "qid 0 docid rel" lines. Throws lede::Error naming the line on a malformed one.
[[nodiscard]] Qrels read_qrels(std::istream& in, std::string_view name);

/// Reads "qid Q0 docid rank score tag" lines and orders each query's documents
/// as trec_eval does: by score descending, ties by docid descending; the rank
/// column is ignored. Throws lede::Error naming the line on a malformed one.
[[nodiscard]] Run read_run(std::istream& in, std::string_view name);

/// Scores @p run against @p qrels, looking at most @p depth documents deep.
[[nodiscard]] Metrics evaluate(const Qrels& qrels, const Run& run, std::size_t depth = 1000);

/// Each judged query's figures (queries = 1), keyed by query id.
using PerQuery = std::map<std::string, Metrics, std::less<>>;
[[nodiscard]] PerQuery evaluate_queries(const Qrels& qrels, const Run& run,
                                        std::size_t depth = 1000);

/// One figure by the name make eval prints: map, ndcg@10, p@10, recall@100,
/// mrr@10. Throws lede::Error(usage) for another name.
[[nodiscard]] double metric(const Metrics& m, std::string_view name);

/// A run against a baseline on one metric, query by query.
struct Comparison {
  double difference = 0;  ///< Mean of (run - baseline) over the queries.
  double p_value = 1;     ///< Two-sided paired randomization test.
  struct Change {
    std::string qid;
    double before = 0, after = 0;
  };
  std::vector<Change> changes;  ///< Every query, largest loss first, largest gain last.
};

/// Compares @p run with @p base on @p metric by a paired randomization test
/// over queries (@p permutations sign flips, fixed seed: the same runs give
/// the same p). A difference is significant when p < 0.05.
[[nodiscard]] Comparison compare(const PerQuery& base, const PerQuery& run, std::string_view metric,
                                 unsigned permutations = 10000);

}  // namespace lede::eval
