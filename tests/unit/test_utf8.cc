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

TEST_CASE("escape_bytes keeps names that differ only in invalid bytes distinct and reversible") {
  const Row rows[] = {
      {"", ""},
      {"/news/x.txt", "/news/x.txt"},
      {"/news/x\xFF.txt", "/news/x\\xff.txt"},
      {"/news/x\xFE.txt", "/news/x\\xfe.txt"},
      {"caf\xC3\xA9", "caf\xC3\xA9"},                      // valid UTF-8 stays as it is
      {"a\\b", "a\\\\b"},                                  // a backslash is doubled
      {"a\\xff", "a\\\\xff"},                              // so this differs from a\xFF
      {"\xEF\xBF\xBD", "\xEF\xBF\xBD"},                    // a real U+FFFD is valid
      {"\xED\xA0\x80", "\\xed\\xa0\\x80"},                 // a surrogate, byte by byte
      {"\xF0\x9F\x98!", "\\xf0\\x9f\\x98!"},               // a truncated sequence
      {std::string("nul\0", 4), std::string("nul\0", 4)},  // NUL is valid UTF-8
  };
  for (const auto& row : rows) {
    CAPTURE(row.input);
    const std::string escaped = lede::escape_bytes(row.input);
    CHECK(escaped == row.expected);
    CHECK(lede::is_valid_utf8(escaped));
    CHECK(lede::unescape_bytes(escaped) == row.input);
  }
  // Every single byte and every pair of bytes round-trips.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string bytes{static_cast<char>(a), static_cast<char>(b)};
      const std::string escaped = lede::escape_bytes(bytes);
      REQUIRE(lede::is_valid_utf8(escaped));
      REQUIRE(lede::unescape_bytes(escaped) == bytes);
    }
  }
  // Text written before escaping existed reads back as it was.
  CHECK(lede::unescape_bytes("C:\\news\\a.txt") == "C:\\news\\a.txt");
  CHECK(lede::unescape_bytes("trailing\\") == "trailing\\");
  CHECK(lede::unescape_bytes("\\xZZ") == "\\xZZ");
}
