// Tests for eval/trec_metrics: trec_eval's definitions on hand-computed cases.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "core/util/error.h"
#include "eval/trec_metrics.h"

using namespace lede::eval;

namespace {

Metrics score(const std::string& qrels_text, const std::string& run_text) {
  std::istringstream qrels_in(qrels_text), run_in(run_text);
  return evaluate(read_qrels(qrels_in, "qrels"), read_run(run_in, "run"));
}

}  // namespace

TEST_CASE("metrics match hand-computed values and average over judged queries only") {
  // q1 has three relevant documents (d5 graded 2) and retrieves d1 and d3;
  // q2 is judged but absent from the run; q3 has no relevant document.
  const auto m = score("q1 0 d1 1\nq1 0 d3 1\nq1 0 d5 2\nq2 0 d9 1\nq3 0 d2 0\n",
                       "q1 Q0 d1 1 3.0 t\nq1 Q0 d2 2 2.0 t\nq1 Q0 d3 3 1.0 t\nq3 Q0 d2 1 1 t\n");
  CHECK(m.queries == 2);
  // AP(q1) = (1/1 + 2/3) / 3; q2 scores 0.
  CHECK(m.map == doctest::Approx((1.0 + 2.0 / 3) / 3 / 2));
  CHECK(m.p10 == doctest::Approx(0.2 / 2));
  CHECK(m.recall100 == doctest::Approx(2.0 / 3 / 2));
  CHECK(m.mrr10 == doctest::Approx(0.5));
  // DCG = 1 + 1/log2(4); IDCG = 2 + 1/log2(3) + 1/log2(4).
  CHECK(m.ndcg10 == doctest::Approx(1.5 / (2 + 1 / std::log2(3.0) + 0.5) / 2));
}

TEST_CASE("ties in score are broken by document id descending, whatever the rank column says") {
  const auto m = score("q 0 dA 1\n", "q Q0 dA 1 1.0 t\nq Q0 dB 2 1.0 t\n");
  CHECK(m.map == doctest::Approx(0.5));
  CHECK(m.mrr10 == doctest::Approx(0.5));
}

TEST_CASE("an empty run scores zero on every metric over the judged queries") {
  const auto m = score("q1 0 d1 1\nq2 0 d2 1\n", "");
  CHECK(m.queries == 2);
  CHECK(m.map == 0);
  CHECK(m.ndcg10 == 0);
  CHECK(m.p10 == 0);
  CHECK(m.recall100 == 0);
  CHECK(m.mrr10 == 0);
}

TEST_CASE("relevant documents past rank 10 count for MAP and recall but not for P@10 or MRR@10") {
  std::string run;
  for (int i = 1; i <= 12; ++i)
    run += "q Q0 d" + std::to_string(100 + i) + " " + std::to_string(i) + " " +
           std::to_string(100 - i) + " t\n";
  const auto m = score("q 0 d112 1\n", run);
  CHECK(m.map == doctest::Approx(1.0 / 12));
  CHECK(m.recall100 == doctest::Approx(1.0));
  CHECK(m.p10 == 0);
  CHECK(m.mrr10 == 0);
  CHECK(m.ndcg10 == 0);
}

TEST_CASE("a document retrieved twice counts once") {
  const auto m = score("q 0 d1 1\nq 0 d2 1\n", "q Q0 d1 1 3 t\nq Q0 d1 2 2 t\nq Q0 d2 3 1 t\n");
  CHECK(m.map == doctest::Approx(1.0));
}

TEST_CASE("a malformed line is an error naming the file and line") {
  std::istringstream in("q1 Q0 d1 1 1.0 t\nq2 Q0 d2\n");
  try {
    (void)read_run(in, "run.trec");
    FAIL("no error");
  } catch (const lede::Error& e) {
    CHECK(std::string(e.what()).find("run.trec:2:") == 0);
  }
}

TEST_CASE("a run compared with its baseline gives each query's change and a paired p-value") {
  // Ten judged queries, one relevant document each. The baseline finds each
  // at rank 2; the new run finds eight at rank 1 and two at rank 3.
  std::string qrels, base, better;
  auto line = [](std::string& out, int q, const char* rest) {
    out.append("q").append(std::to_string(q)).append(rest);
  };
  for (int q = 0; q < 10; ++q) {
    line(qrels, q, " 0 rel 1\n");
    line(base, q, " Q0 other 1 2.0 t\n");
    line(base, q, " Q0 rel 2 1.0 t\n");
    if (q < 8) {
      line(better, q, " Q0 rel 1 2.0 t\n");
    } else {
      line(better, q, " Q0 x 1 3.0 t\n");
      line(better, q, " Q0 y 2 2.0 t\n");
      line(better, q, " Q0 rel 3 1.0 t\n");
    }
  }
  std::istringstream qi(qrels), bi(base), ni(better);
  const auto judged = read_qrels(qi, "qrels");
  const auto before = evaluate_queries(judged, read_run(bi, "base"));
  const auto after = evaluate_queries(judged, read_run(ni, "run"));
  CHECK(before.size() == 10);
  CHECK(before.at("q0").mrr10 == doctest::Approx(0.5));

  const auto c = compare(before, after, "mrr@10");
  CHECK(c.difference == doctest::Approx((8 * 0.5 - 2 * (0.5 - 1.0 / 3)) / 10));
  CHECK(c.p_value < 0.05);
  // Largest loss first, largest gain last.
  CHECK(c.changes.front().qid == "q8");
  CHECK(c.changes.front().after == doctest::Approx(1.0 / 3));
  CHECK(c.changes.back().after == doctest::Approx(1.0));

  // A run against itself: no change, and nothing significant.
  const auto same = compare(before, before, "map");
  CHECK(same.difference == 0);
  CHECK(same.p_value == doctest::Approx(1.0));
  // A change on a single query of ten is never significant.
  auto one = before;
  one["q3"].map = 1.0;
  CHECK(compare(before, one, "map").p_value > 0.05);
  CHECK_THROWS_AS((void)metric(Metrics{}, "bleu"), lede::Error);
}
