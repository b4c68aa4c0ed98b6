#include "eval/trec_metrics.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <sstream>

#include "core/util/error.h"

namespace lede::eval {

namespace {

[[noreturn]] void malformed(std::string_view name, std::size_t line, std::string_view what) {
  throw Error(ErrorKind::input,
              std::string(name) + ":" + std::to_string(line) + ": " + std::string(what));
}

// Calls @p parse with each non-blank line of @p in as a stream of fields;
// when it returns false the line is malformed and @p expected says why.
template <typename Parse>
void for_each_line(std::istream& in, std::string_view name, std::string_view expected,
                   Parse parse) {
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    if (!parse(fields)) malformed(name, number, expected);
  }
}

}  // namespace

Qrels read_qrels(std::istream& in, std::string_view name) {
  Qrels qrels;
  for_each_line(in, name, "expected \"qid iteration docid relevance\"", [&](std::istream& fields) {
    std::string qid, iteration, docid;
    int rel = 0;
    if (!(fields >> qid >> iteration >> docid >> rel)) return false;
    qrels[qid][docid] = rel;
    return true;
  });
  return qrels;
}

Run read_run(std::istream& in, std::string_view name) {
  Run run;
  for_each_line(in, name, "expected \"qid Q0 docid rank score tag\"", [&](std::istream& fields) {
    std::string qid, q0, docid, tag;
    long rank = 0;
    double score = 0;
    if (!(fields >> qid >> q0 >> docid >> rank >> score >> tag)) return false;
    run[qid].push_back({docid, score});
    return true;
  });
  for (auto& [qid, docs] : run) {
    // trec_eval ranks by score and breaks ties by document id, descending, so
    // that a run's own rank column cannot flatter it.
    std::stable_sort(docs.begin(), docs.end(), [](const Retrieved& a, const Retrieved& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.docid > b.docid;
    });
  }
  return run;
}

PerQuery evaluate_queries(const Qrels& qrels, const Run& run, std::size_t depth) {
  PerQuery out;
  for (const auto& [qid, judged] : qrels) {
    std::vector<int> ideal;
    for (const auto& [docid, rel] : judged)
      if (rel > 0) ideal.push_back(rel);
    if (ideal.empty()) continue;  // trec_eval skips queries with nothing relevant.
    Metrics& m = out[qid];
    m.queries = 1;
    const auto found = run.find(qid);
    if (found == run.end()) continue;  // A judged query with no results scores 0.

    const double relevant = static_cast<double>(ideal.size());
    double precision_sum = 0, dcg = 0, hits = 0, hits10 = 0, hits100 = 0, rr = 0;
    std::set<std::string_view> seen;
    std::size_t rank = 0;
    for (const auto& doc : found->second) {
      if (rank == depth) break;
      // A document listed twice counts once, at its best rank.
      if (!seen.insert(doc.docid).second) continue;
      ++rank;
      const auto judgment = judged.find(doc.docid);
      const int rel = judgment == judged.end() ? 0 : judgment->second;
      if (rel <= 0) continue;
      ++hits;
      precision_sum += hits / static_cast<double>(rank);
      if (rank <= 10) {
        ++hits10;
        dcg += rel / std::log2(static_cast<double>(rank) + 1);
        if (rr == 0) rr = 1.0 / static_cast<double>(rank);
      }
      if (rank <= 100) ++hits100;
    }
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < 10; ++i)
      idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);

    m.map = precision_sum / relevant;
    m.ndcg10 = dcg / idcg;
    m.p10 = hits10 / 10.0;
    m.recall100 = hits100 / relevant;
    m.mrr10 = rr;
  }
  return out;
}

Metrics evaluate(const Qrels& qrels, const Run& run, std::size_t depth) {
  Metrics total;
  for (const auto& [qid, m] : evaluate_queries(qrels, run, depth)) {
    ++total.queries;
    total.map += m.map;
    total.ndcg10 += m.ndcg10;
    total.p10 += m.p10;
    total.recall100 += m.recall100;
    total.mrr10 += m.mrr10;
  }
  if (total.queries > 0) {
    const double n = total.queries;
    total.map /= n;
    total.ndcg10 /= n;
    total.p10 /= n;
    total.recall100 /= n;
    total.mrr10 /= n;
  }
  return total;
}

double metric(const Metrics& m, std::string_view name) {
  if (name == "map") return m.map;
  if (name == "ndcg@10") return m.ndcg10;
  if (name == "p@10") return m.p10;
  if (name == "recall@100") return m.recall100;
  if (name == "mrr@10") return m.mrr10;
  throw Error(ErrorKind::usage,
              "unknown metric " + std::string(name) + " (map, ndcg@10, p@10, recall@100, mrr@10)");
}

Comparison compare(const PerQuery& base, const PerQuery& run, std::string_view name,
                   unsigned permutations) {
  // Queries judged in either; one missing from a side scores 0 there, as a
  // judged query missing from a run does.
  std::vector<double> diffs;
  Comparison c;
  std::set<std::string_view> qids;
  for (const auto& [q, m] : base)
    qids.insert(q);
  for (const auto& [q, m] : run)
    qids.insert(q);
  for (const auto q : qids) {
    const auto b = base.find(q);
    const auto r = run.find(q);
    const double before = b == base.end() ? 0 : metric(b->second, name);
    const double after = r == run.end() ? 0 : metric(r->second, name);
    diffs.push_back(after - before);
    c.changes.push_back({std::string(q), before, after});
  }
  if (diffs.empty()) return c;
  double sum = 0;
  for (const double d : diffs)
    sum += d;
  c.difference = sum / static_cast<double>(diffs.size());
  // Paired randomization (sign-flip) test: under the null hypothesis each
  // query's difference is as likely negative as positive. Two-sided, with a
  // fixed seed so that make eval prints the same p on the same runs.
  std::mt19937_64 random(20261205);
  const double observed = std::abs(sum) - 1e-12;
  unsigned as_extreme = 0;
  for (unsigned i = 0; i < permutations; ++i) {
    double flipped = 0;
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < diffs.size(); ++k) {
      if (k % 64 == 0) bits = random();
      flipped += (bits >> (k % 64)) & 1U ? diffs[k] : -diffs[k];
    }
    if (std::abs(flipped) >= observed) ++as_extreme;
  }
  c.p_value = (as_extreme + 1.0) / (permutations + 1.0);
  std::stable_sort(c.changes.begin(), c.changes.end(), [](const auto& x, const auto& y) {
    return (x.after - x.before) < (y.after - y.before);
  });
  return c;
}

}  // namespace lede::eval
