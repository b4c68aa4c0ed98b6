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
