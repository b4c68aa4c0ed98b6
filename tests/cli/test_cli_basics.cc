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
