// Tests for core/util/utf8: arbitrary bytes become valid UTF-8.
#include <doctest/doctest.h>

#include <string>

#include "core/util/utf8.h"

namespace {

struct Row {
  std::string input;
  std::string expected;
};

}  // namespace

TEST_CASE("repair_utf8 replaces each ill-formed sequence by one U+FFFD and keeps the rest") {
  const std::string fffd = "\xEF\xBF\xBD";
  const Row rows[] = {
      {"", ""},
      {"plain ascii", "plain ascii"},
      {"caf\xC3\xA9", "caf\xC3\xA9"},  // valid two-byte
      {"caf\xE9", "caf" + fffd},       // Latin-1 byte
      {"a\xC0\xAF"
       "b",
       "a" + fffd + fffd + "b"},                                   // overlong '/'
      {"\xED\xA0\x80", fffd + fffd + fffd},                        // UTF-16 surrogate
      {"\xF0\x9F\x98", fffd},                                      // truncated 4-byte
      {std::string("nul\0byte", 8), std::string("nul\0byte", 8)},  // NUL is valid
      {"\xFF\xFE", fffd + fffd},
  };
  for (const auto& row : rows) {
    CAPTURE(row.input);
    CHECK(lede::repair_utf8(row.input) == row.expected);
    CHECK(lede::is_valid_utf8(lede::repair_utf8(row.input)));
  }
}

TEST_CASE("is_valid_utf8 accepts every well-formed scalar value and rejects the rest") {
  CHECK(lede::is_valid_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF
  CHECK_FALSE(lede::is_valid_utf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  CHECK_FALSE(lede::is_valid_utf8("\x80"));
}

TEST_CASE("excerpt quotes at most a short piece of its input, cut between code points") {
  const std::string ellipsis = "\xE2\x80\xA6";
  const std::string fffd = "\xEF\xBF\xBD";
  const Row rows[] = {
      {"", ""},
      {"short", "short"},
      {"exactly8", "exactly8"},
      {"123456789", "12345678" + ellipsis},
      {"1234567\xC3\xA9", "1234567" + ellipsis},       // é would be cut in two
      {"123456\xE2\x80\xA6xyz", "123456" + ellipsis},  // … would be cut in two
      {"\x80\x80\x80\x80\x80\x80\x80\x80\x80", fffd + fffd + fffd + fffd + fffd + ellipsis},
      {"bad\xFF", "bad" + fffd},
  };
  for (const auto& row : rows) {
    CAPTURE(row.input);
    CHECK(lede::excerpt(row.input, 8) == row.expected);
  }
  // The default keeps a warning one short line whatever the input.
  CHECK(lede::excerpt(std::string(131072, '9')).size() == lede::kExcerptBytes + ellipsis.size());
}
