// End-to-end checks every lede executable must pass: it answers --help and
// --version, and rejects an unknown option with exit code 2.
#include <doctest/doctest.h>

#include "tests/support/process.h"

using lede::test::run;

TEST_CASE("every binary answers --help and --version and exits 0") {
  for (const auto& bin : {lede::test::index_bin(), lede::test::query_bin()}) {
    CAPTURE(bin);
    auto help = run({bin, "--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("Usage") != std::string::npos);
    auto version = run({bin, "--version"});
    CHECK(version.status == 0);
    CHECK(version.out.find("Xapian 1.4") != std::string::npos);
  }
}

TEST_CASE("an unknown option is a usage error with exit code 2") {
  for (const auto& bin : {lede::test::index_bin(), lede::test::query_bin()}) {
    CAPTURE(bin);
    auto outcome = run({bin, "--no-such-option"});
    CHECK(outcome.status == 2);
    CHECK(outcome.err.find("no-such-option") != std::string::npos);
  }
}

TEST_CASE("every numeric option rejects negative, absurd and non-numeric values with exit 2") {
  // Regression: "--limit -3" was read as a huge number and returned 5 results.
  // Each row runs one option with one value against a database that does not
  // exist: a rejected value stops at the option (exit 2, the option named),
  // an accepted one gets as far as opening the database.
  struct Row {
    bool index;  // lede-index, else lede-query
    std::string option, value;
    bool accepted;
  };
  const Row rows[] = {
      {false, "--limit", "-3", false},
      {false, "--limit", "0", false},
      {false, "--limit", "100001", false},
      {false, "--limit", "99999999999999999999", false},
      {false, "--limit", "ten", false},
      {false, "--limit", "5x", false},
      {false, "--limit", "1", true},
      {false, "--limit", "100000", true},
      {false, "--offset", "-1", false},
      {false, "--offset", "10000001", false},
      {false, "--offset", "x", false},
      {false, "--offset", "0", true},
      {false, "--per-article", "-2", false},
      {false, "--per-article", "10001", false},
      {false, "--per-article", "two", false},
      {false, "--per-article", "0", true},
      {false, "--feedback", "-5", false},
      {false, "--feedback", "101", false},
      {false, "--feedback", "1.5", false},
      {false, "--feedback", "0", true},
      {false, "-n", "-3", false},
      {false, "-n", "3", true},
      {true, "--batch", "-3", false},
      {true, "--batch", "0", false},
      {true, "--batch", "100000001", false},
      {true, "--batch", "many", false},
      {true, "--batch", "1", true},
      {true, "--threads", "-1", false},
      {true, "--threads", "257", false},
      {true, "--threads", "4294967297", false},
      {true, "--threads", "two", false},
      {true, "--threads", "0", true},
      {true, "--shards", "-2", false},
      {true, "--shards", "0", false},
      {true, "--shards", "65", false},
      {true, "--shards", "1e3", false},
      {true, "--shards", "64", true},
  };
  const std::string nowhere = "/nonexistent/lede-test-db";
  for (const auto& row : rows) {
    CAPTURE(row.option);
    CAPTURE(row.value);
    const auto outcome =
        row.index
            ? run({lede::test::index_bin(), "--db", nowhere, "--stats", row.option, row.value})
            : run({lede::test::query_bin(), "--db", nowhere, row.option, row.value, "word"});
    CHECK(outcome.status == 2);
    // Messages name an option by its long name.
    const std::string name = row.option == "-n" ? "--limit" : row.option;
    const bool rejected = outcome.err.find(name) != std::string::npos &&
                          outcome.err.find("--help") != std::string::npos;
    CHECK(rejected == !row.accepted);
    if (row.accepted) CHECK(outcome.err.find(nowhere) != std::string::npos);
  }
}
