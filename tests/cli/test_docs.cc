// The documentation a user reads agrees with the binaries: every option that
// --help lists is described in the man page, and every option the man page
// describes exists.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "tests/support/process.h"

namespace {

// Every "--name" in @p text that is not part of a longer word. (std::regex is
// avoided: GCC 12 warns falsely inside it in the sanitizer build.)
std::set<std::string> long_options(const std::string& text) {
  std::set<std::string> options;
  auto is_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  };
  for (std::size_t at = text.find("--"); at != std::string::npos; at = text.find("--", at + 2)) {
    if (at > 0 && (is_name(text[at - 1]) || (text[at - 1] >= 'A' && text[at - 1] <= 'Z'))) continue;
    if (at + 2 >= text.size() || text[at + 2] < 'a' || text[at + 2] > 'z') continue;
    std::size_t end = at + 2;
    while (end < text.size() && is_name(text[end]))
      ++end;
    while (text[end - 1] == '-')
      --end;  // "--option-" at a line break is not a name
    options.insert(text.substr(at, end - at));
    at = end - 2;
  }
  return options;
}

std::string man_page_text(const std::string& name) {
  std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/man/" + name + ".1");
  std::stringstream buffer;
  buffer << in.rdbuf();
  // roff writes a literal hyphen as "\-".
  std::string text = buffer.str(), plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-') continue;
    plain += text[i];
  }
  return plain;
}

}  // namespace

TEST_CASE("each binary's man page describes exactly the options its --help lists") {
  const std::pair<std::string, std::string> binaries[] = {
      {"lede-index", lede::test::index_bin()},
      {"lede-query", lede::test::query_bin()},
  };
  for (const auto& [name, bin] : binaries) {
    CAPTURE(name);
    const auto help = lede::test::run({bin, "--help"});
    REQUIRE(help.status == 0);
    const auto from_help = long_options(help.out);
    const auto from_man = long_options(man_page_text(name));
    CHECK(from_help.size() > 3);
    for (const auto& option : from_help) {
      CAPTURE(option);
      CHECK(from_man.count(option) == 1);
    }
    for (const auto& option : from_man) {
      CAPTURE(option);
      CHECK(from_help.count(option) == 1);
    }
  }
}
