// Tests for core/util/utf8 and core/util/terminal: arbitrary bytes become
// valid UTF-8, and safe to show on a terminal.
#include <doctest/doctest.h>

#include <string>

#include "core/util/terminal.h"
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

TEST_CASE("text from articles and file names is made safe for a terminal") {
  struct Row {
    std::string in, out;
  };
  const Row rows[] = {
      {"plain", "plain"},
      {"a\tb\nc\r\nd", "a b c d"},
      {"  lead and trail  ", "lead and trail"},
      {"esc \x1b[31mred\x1b[0m", "esc \xEF\xBF\xBD[31mred\xEF\xBF\xBD[0m"},
      {"osc \x1b]0;title\x07!", "osc \xEF\xBF\xBD]0;title\xEF\xBF\xBD!"},
      {"c1 \xc2\x9b"
       "2J",
       "c1 \xEF\xBF\xBD"
       "2J"},
      {"del \x7f!", "del \xEF\xBF\xBD!"},
      {"bidi \xe2\x80\xae"
       "abc",
       "bidi \xEF\xBF\xBD"
       "abc"},
      {"bad \xff\xfe utf8", "bad \xEF\xBF\xBD\xEF\xBF\xBD utf8"},
      {"Ереван 北京", "Ереван 北京"},
      {"name\x1b[31m\nwith\xc2\x85next\xc2\x9aline.txt",
       "name\xEF\xBF\xBD[31m with next\xEF\xBF\xBDline.txt"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.in);
    CHECK(lede::terminal_safe(row.in) == row.out);
  }
  CHECK(lede::terminal_safe(std::string("nul \0!", 6)) == "nul \xEF\xBF\xBD!");
  // Nothing below U+0020 or in 0x7F-0x9F survives, whatever the input.
  std::string all;
  for (int c = 0; c < 256; ++c)
    all += static_cast<char>(c);
  const auto safe = lede::terminal_safe(all);
  for (unsigned char c : safe)
    CHECK((c >= 0x20 && c != 0x7F));
  CHECK(safe.find("\xc2\x9b") == std::string::npos);
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
