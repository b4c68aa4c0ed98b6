// Conformance of the analyzer's segmentation (word_boundaries) with the
// Unicode 15.0 word-break test data, the version ICU 72 implements.
//
// Each line of WordBreakTest.txt is a sequence of code points with ÷ (break)
// or × (no break) between them. The code points are encoded as UTF-8 and the
// expected boundaries turned into byte offsets. Lone surrogates cannot be
// UTF-8; one would be encoded as U+FFFD, which has the same Word_Break value
// (Other) and so the same expected boundaries. The 15.0 file has none.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis/analyzer.h"
#include "tests/support/shared_data.h"

namespace {

void append_utf8(std::string& out, std::uint32_t c) {
  if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // see the header comment
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// ICU 72's root rules (word.txt, following CLDR) take COLON out of
// MidLetter, so "a:a" breaks around the colon where the default algorithm
// (WB6, WB7) keeps it whole for Swedish abbreviations such as "S:t". Lede
// wants that break: "10:30", "Re:Subject" and "http:" are not one word.
constexpr const char* kColon = "ICU removes ':' from MidLetter (WB6/WB7 do not join a:a)";

// Every case ICU settles differently from the default algorithm, by line
// number, with the reason. Any change to this set fails the test.
const std::map<int, const char*> kIcuTailorings = {
    {1253, kColon}, {1254, kColon}, {1267, kColon}, {1268, kColon}, {1283, kColon},
    {1284, kColon}, {1285, kColon}, {1286, kColon}, {1287, kColon}, {1288, kColon},
    {1289, kColon}, {1290, kColon}, {1291, kColon}, {1292, kColon}, {1712, kColon},
};

}  // namespace

TEST_CASE("word boundaries match the Unicode 15.0 word-break test except ICU's tailorings") {
  const auto path = lede::test::shared_data("unicode/WordBreakTest.txt");
  if (path.empty()) return;
  std::ifstream in(path);
  REQUIRE(in);

  const std::string kBreak = "\xC3\xB7";    // ÷
  const std::string kNoBreak = "\xC3\x97";  // ×
  std::string line;
  int number = 0;
  int cases = 0;
  std::map<int, std::string> failures;
  while (std::getline(in, line)) {
    ++number;
    const auto hash = line.find('#');
    std::istringstream fields(line.substr(0, hash));
    std::string text;
    std::vector<std::size_t> expected;
    std::string field;
    bool any = false;
    while (fields >> field) {
      any = true;
      if (field == kBreak) {
        expected.push_back(text.size());
      } else if (field != kNoBreak) {
        append_utf8(text, static_cast<std::uint32_t>(std::stoul(field, nullptr, 16)));
      }
    }
    if (!any) continue;
    ++cases;
    const auto actual = lede::word_boundaries(text);
    if (actual != expected)
      failures.emplace(number, line.substr(hash == std::string::npos ? 0 : hash));
  }
  CHECK(cases == 1823);

  std::set<int> unexpected;
  for (const auto& [at, comment] : failures) {
    if (kIcuTailorings.count(at) == 0) {
      unexpected.insert(at);
      MESSAGE("line " << at << " fails: " << comment);
    }
  }
  for (const auto& [at, reason] : kIcuTailorings) {
    if (failures.count(at) == 0) MESSAGE("line " << at << " now passes: " << reason);
  }
  MESSAGE("WordBreakTest: " << cases - static_cast<int>(failures.size()) << " of " << cases
                            << " pass; " << failures.size() << " known ICU tailorings");
  CHECK(unexpected.empty());
  CHECK(failures.size() == kIcuTailorings.size());
}
