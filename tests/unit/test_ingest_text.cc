// Tests for the text heuristics inside core/ingest: dates, metadata lines,
// paragraph splitting and passage cutting, one table per rule.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/ingest/dates.h"
#include "core/ingest/decode.h"
#include "core/ingest/metadata.h"
#include "core/ingest/passages.h"

using namespace lede::ingest;

TEST_CASE("dates are found in the forms news sites print them") {
  struct Row {
    const char* line;
    const char* expected;
  };
  const Row rows[] = {
      {" date 2025-03-20 + \u21BA \u2212 16 px", "2025-03-20"},
      {"November 24,2024 14:24", "2024-11-24T14:24"},
      {"24 November 2024", "2024-11-24"},
      {"2024-11-24", "2024-11-24"},
      {"Nov. 24, 2024", "2024-11-24"},
      {"Monday, November 24th, 2024 at 2:05 pm", "2024-11-24T14:05"},
      {"24.11.2024 09:30", "2024-11-24T09:30"},
      {"26-FEB-1987 15:01:01.79", "1987-02-26T15:01"},
      {"2025-03-20T10:15:00Z", "2025-03-20T10:15"},
      {"24 ноября 2024 г.", "2024-11-24"},
      {"Опубликовано 3 марта 2025, 12:00", "2025-03-03T12:00"},
      {"25/12/2024", "2024-12-25"},
      {"12/25/2024", "2024-12-25"},
      {"03/04/2024", ""},         // day and month order unknown
      {"February 30, 2024", ""},  // no such day
      {"29 February 2024", "2024-02-29"},
      {"29 February 2023", ""},
      {"Trump may visit Moscow on May 9", ""},  // no year
      {"November 2024", ""},
      {"Flight A2024-11-24", ""},
      {"2024-11-245", ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.line);
    const auto found = find_date(row.line);
    CHECK((found ? found->iso : std::string()) == row.expected);
  }
}

TEST_CASE("a date in a URL path is read when it is a whole path segment") {
  CHECK(date_from_url("https://mirrorspectator.com/2025/02/17/a-shift/") == "2025-02-17");
  CHECK(date_from_url("https://example.org/news/2024-11-24-flood") == "2024-11-24");
  CHECK(date_from_url("https://example.org/2025/02/175/") == "");
  CHECK(date_from_url("https://example.org/2025/13/01/") == "");
  CHECK(date_from_url("https://example.org/about") == "");
}

TEST_CASE("metadata lines are told apart from prose") {
  struct Row {
    const char* line;
    const char* expected;  // kind: value
  };
  const Row rows[] = {
      {" date 2025-03-20 + \u21BA \u2212 16 px", "date: 2025-03-20"},
      {"Published: Monday, 3 March 2025, 10:00 GMT", "date: 2025-03-03T10:00"},
      {"The talks on November 24, 2024 ended without a deal.", "prose"},
      {"Originally published at https://mirrorspectator.com/2025/02/17/x/",
       "url: https://mirrorspectator.com/2025/02/17/x/"},
      {"Source: https://example.org/a.", "url: https://example.org/a"},
      {"https://example.org/only-a-link", "url: https://example.org/only-a-link"},
      {"Read more: https://example.org/other", "prose"},
      {"By Jane Doe, Reuters", "author: Jane Doe"},
      {"By the end of the year, prices rose.", "prose"},
      {"Share:", "boilerplate"},
      {"Comments (0)", "boilerplate"},
      {"Donate Now", "boilerplate"},
      {"Читайте также", "boilerplate"},
      {"Share prices fell sharply on Monday.", "prose"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.line);
    std::string got = "prose";
    if (!date_line(row.line).empty()) {
      got = "date: " + date_line(row.line);
    } else if (!source_url_line(row.line).empty()) {
      got = "url: " + source_url_line(row.line);
    } else if (!byline(row.line).empty()) {
      got = "author: " + byline(row.line);
    } else if (is_boilerplate_phrase(row.line)) {
      got = "boilerplate";
    }
    CHECK(got == row.expected);
  }
  CHECK(host_of("https://www.Example.org:8080/path?q") == "example.org");
}

namespace {

/// The paragraphs of @p text as "first line|...", for compact expectations.
std::string paragraphs(const std::string& text) {
  std::string out;
  for (const Para& p : split_paragraphs(text, stands_alone)) {
    std::string para = text.substr(p.begin, p.end - p.begin);
    for (char& ch : para) {
      if (ch == '\n') ch = '/';
    }
    out += (out.empty() ? "" : "|") + para;
  }
  return out;
}

std::string passages(const std::string& text, std::size_t target = 1000) {
  TextMeta meta;
  SentenceBreaker breaker;
  std::string out;
  for (const Span& s : analyze(text, meta, true, target, breaker)) {
    std::string passage = text.substr(s.begin, s.end - s.begin);
    for (char& ch : passage) {
      if (ch == '\n') ch = '/';
    }
    out += (out.empty() ? "" : "|") + passage;
  }
  return "title=" + meta.title + " :: " + out;
}

}  // namespace

TEST_CASE("paragraphs split at blank lines and at line breaks between long lines") {
  const std::string long_a(120, 'a');
  const std::string long_b(120, 'b');
  struct Row {
    std::string text;
    std::string expected;
  };
  const Row rows[] = {
      {"One.\n\nTwo.\n", "One.|Two."},
      {"One.\n \u00A0 \nTwo.", "One.|Two."},  // a line of no-break spaces is blank
      {long_a + "\n" + long_b, long_a + "|" + long_b},
      // A hard-wrapped paragraph stays whole.
      {"The council met on Monday and decided, after a long\ndebate, to postpone the vote on the "
       "new budget\nuntil the spring session.",
       "The council met on Monday and decided, after a long/debate, to postpone the vote on the "
       "new budget/until the spring session."},
      // Short lines are a menu or a heading group: each its own.
      {"Newsfeed\nYoung Leaders School\nDay newsfeed",
       "Newsfeed|Young Leaders School|Day newsfeed"},
      {"Priorities:\n\u2022 " + long_a + "\n\u2022 " + long_b,
       "Priorities:/\u2022 " + long_a + "/\u2022 " + long_b},
      {"A title that is long enough to be more than fifty characters\nBy Jane Doe",
       "A title that is long enough to be more than fifty characters|By Jane Doe"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(paragraphs(row.text) == row.expected);
  }
}

TEST_CASE("passages drop what is not prose, join what introduces, and keep one of each repeat") {
  struct Row {
    std::string text;
    std::string expected;
  };
  const Row rows[] = {
      {"Menu\nHome\n\nMarkets rally on rate hopes\n\nStocks rose on Monday.\n\nShare:\n",
       "title=Markets rally on rate hopes :: Stocks rose on Monday."},
      {"Title line\n\nSection\n\nFirst paragraph of the section.\n\nA second paragraph with "
       "more words.\n",
       "title=Title line :: Section//First paragraph of the section.|A second paragraph with more "
       "words."},
      // Up to four words ending a sentence join the paragraph before.
      {"Title line\n\nA paragraph.\n\nNo.\n\nAnother paragraph with more words.\n",
       "title=Title line :: A paragraph.//No.|Another paragraph with more words."},
      {"Title line\n\nSame words here.\n\nsame   words HERE.\n\nOther words.\n",
       "title=Title line :: Same words here.|Other words."},
      {"Title line\n\nBody text ends here.\n\nJohn Smith\n\nRelated posts\n\nSubscribe from $5 a "
       "month\n",
       "title=Title line :: Body text ends here."},
      {"First sentence of a story without a headline, long enough to be prose.\n\nSecond.\n",
       "title= :: First sentence of a story without a headline, long enough to be prose.//Second."},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(passages(row.text) == row.expected);
  }
}

TEST_CASE("a long paragraph is cut at sentence ends into pieces near the target") {
  std::string text = "Headline\n\n";
  for (int i = 0; i < 40; ++i) {
    text += "Sentence number " + std::to_string(i) + " of the U.S. report is here. ";
  }
  TextMeta meta;
  SentenceBreaker breaker;
  const std::vector<Span> spans = analyze(text, meta, true, 400, breaker);
  REQUIRE(spans.size() > 3);
  for (const Span& s : spans) {
    const std::string piece = text.substr(s.begin, s.end - s.begin);
    CAPTURE(piece);
    CHECK(piece.size() <= 640);
    CHECK(piece.size() >= 240);
    CHECK(piece.starts_with("Sentence number"));  // never cut inside "U.S."
    CHECK(piece.ends_with("is here."));
  }
}

namespace {

/// The passages of @p text joined by '|', lines by '/': what a search can find.
std::string passage_text(const std::string& text) {
  const std::string all = passages(text);
  return all.substr(all.find(" :: ") + 4);
}

/// The lines of @p text that no passage and no title holds.
std::vector<std::string> lost_lines(const std::string& text) {
  const std::string all = passages(text);
  std::vector<std::string> lost;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(position, end - position);
    if (!line.empty() && all.find(line) == std::string::npos) lost.push_back(line);
    position = end + 1;
  }
  return lost;
}

}  // namespace

TEST_CASE("text made of short lines keeps every line: a line is never dropped for being short") {
  // Each of these was cut short by the old footer rule, which dropped every
  // short line after the tenth paragraph as if it were a page footer.
  std::string list = "Shopping list\n";
  for (const char* item :
       {"apples",  "bananas",   "carrots", "dates",   "eggs",     "flour",   "grapes",
        "ham",     "ice cream", "jam",     "lemons",  "milk",     "noodles", "oranges",
        "peppers", "quinoa",    "rice",    "spinach", "tomatoes", "zucchini"}) {
    list += std::string(item) + "\n";
  }
  const std::string poem =
      "The Long Road\n"
      "the road goes on and on\n"
      "past the mill and the old stone wall\n"
      "where the swallows nest in spring\n"
      "and the river bends toward the sea\n"
      "I walked it once with you\n"
      "when the hawthorn was in bloom\n"
      "and the evening light was gold\n"
      "we said nothing for a mile\n"
      "then you laughed at the crows\n"
      "and the crows laughed back at us\n"
      "now the hawthorn has grown tall\n"
      "and the mill has lost its wheel\n"
      "but the road goes on and on\n"
      "beyond the ferry and the pines\n"
      "to the lighthouse at the end\n";
  // A list that ends with what looks like a name is still a list.
  const std::string names =
      "Vegetables to plant\n\ncarrots\nbeets\nradishes\nkale\nleeks\nonions\ngarlic\nchard\n"
      "parsnips\nturnips\nfennel\ncelery\nGreen Beans\n";
  // A last line with a full stop does not make the poem prose with a head of
  // navigation lines: its title stays.
  const std::string closed = poem.substr(0, poem.size() - 1) + ".\n";
  for (const std::string& text : {list, poem, names, closed}) {
    CAPTURE(text);
    CHECK(lost_lines(text) == std::vector<std::string>{});
  }
  CHECK(passage_text(list).find("lemons") != std::string::npos);
  CHECK(passage_text(poem).ends_with("to the lighthouse at the end"));
  CHECK(passage_text(names).ends_with("Green Beans"));
  CHECK(passages(closed).starts_with("title=The Long Road :: the road goes on and on/"));
}

TEST_CASE("a footer is dropped only on evidence: notices, and a signature right after the prose") {
  struct Row {
    std::string text;
    std::string expected;  // the passages, '|' between them
  };
  const std::string prose =
      "Title line\n\nThe talks ended without a deal on Monday, officials "
      "said after a long night of negotiations.\n\n";
  const Row rows[] = {
      {prose + "Jane Doe, Reuters\n\nSubscribe from $5 a month\n\nAll rights reserved\n",
       "The talks ended without a deal on Monday, officials said after a long night of "
       "negotiations."},
      // Short lines that are not boilerplate stay, names among them.
      {prose + "Further reading\n\nThe Art of the Deal\n\nJane Doe\n",
       "The talks ended without a deal on Monday, officials said after a long night of "
       "negotiations.|Further reading//The Art of the Deal//Jane Doe"},
      // A quotation is news, not an appeal.
      {prose + "\"Help us,\" she said.\n",
       "The talks ended without a deal on Monday, officials said after a long night of "
       "negotiations.//\"Help us,\" she said."},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(passage_text(row.text) == row.expected);
  }
}

TEST_CASE("what boilerplate removal drops is listed with its reason") {
  const std::string text =
      "Menu\nHome\n\nMarkets rally on rate hopes across the region\n\nStocks rose on Monday, "
      "and bonds fell.\n\nStocks rose on Monday, and bonds fell.\n\nJane Doe\n\nShare:\n\n"
      "Subscribe to our newsletter\nAll rights reserved\n";
  TextMeta meta;
  SentenceBreaker breaker;
  std::vector<Dropped> dropped;
  (void)analyze(text, meta, true, 1000, breaker, &dropped);
  std::string got;
  for (const Dropped& d : dropped) {
    std::string what = text.substr(d.begin, d.end - d.begin);
    for (char& ch : what) {
      if (ch == '\n') ch = '/';
    }
    got += what + " <- " + std::string(d.reason) + "\n";
  }
  CHECK(got ==
        "Menu/Home <- boilerplate phrase\n"
        "Markets rally on rate hopes across the region <- the title (indexed as the title)\n"
        "Stocks rose on Monday, and bonds fell. <- repeated paragraph\n"
        "Jane Doe <- footer: signature after the text\n"
        "Share: <- boilerplate phrase\n"
        "Subscribe to our newsletter/All rights reserved <- footer: subscription, donation or "
        "copyright notice\n");
}

TEST_CASE("200,000 tiny lines become many bounded passages that hold every line") {
  std::string text;
  for (int i = 0; i < 200000; ++i) {
    text += 'w';
    text += std::to_string(i);
    text += '\n';
  }
  TextMeta meta;
  SentenceBreaker breaker;
  const std::vector<Span> spans = analyze(text, meta, true, 1000, breaker);
  REQUIRE(spans.size() > 1000);
  std::size_t covered = 0;
  for (const Span& s : spans) {
    CHECK(s.end - s.begin <= 1600);
    covered += s.end - s.begin + 1;
  }
  // Every line but the title is in a passage (each passage ends a line).
  CHECK(covered + 3 == text.size());
  CHECK(meta.title == "w0");
  CHECK(
      text.substr(spans.back().begin, spans.back().end - spans.back().begin).ends_with("w199999"));
}

TEST_CASE("the encoding is told by BOM, by UTF-8 validity, else by detection") {
  struct Row {
    std::string bytes;
    const char* expected;
  };
  const Row rows[] = {
      {"", "UTF-8"},
      {"plain ascii", "UTF-8"},
      {"\xEF\xBB\xBFwith BOM", "UTF-8"},
      {"caf\xC3\xA9 \xE2\x80\x99 and one bad \xFF byte", "UTF-8 (repaired)"},
      {std::string("\xFF\xFEN\0e\0w\0s\0", 10), "UTF-16LE"},
      {std::string("\xFE\xFF\0N\0e\0w\0s", 10), "UTF-16BE"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.bytes);
    const Decoded decoded = decode(row.bytes);
    CHECK(decoded.encoding == row.expected);
  }
  CHECK(decode(std::string("\xFF\xFEN\0e\0w\0s\0", 10)).text == "News");
  CHECK(looks_binary(std::string("abc\0def", 7)));
  CHECK_FALSE(looks_binary(std::string("\xFF\xFEN\0", 4)));
  CHECK_FALSE(looks_binary("text with an \x1B[1mescape\x1B[0m"));
}

TEST_CASE("decoded offsets map back to the source bytes") {
  struct Row {
    std::string bytes;
    std::size_t text_offset;
    std::uint64_t source_offset;
  };
  const Row rows[] = {
      {"ab\r\ncd", 3, 4},  // after a CRLF
      {"ab\r\ncd", 2, 2},  // the LF stands for the CR
      {"\xEF\xBB\xBF"
       "abc",
       1, 4},  // BOM skipped
      {"\xC3\xA9\xC3\xA9\xFF"
       "bc",
       7, 5},         // after a repaired byte
      {"abc", 3, 3},  // the end maps to the end
  };
  for (const auto& row : rows) {
    CAPTURE(row.bytes);
    const Decoded decoded = decode(row.bytes);
    std::vector<std::uint64_t> offsets{row.text_offset};
    source_offsets(row.bytes, decoded, offsets);
    CHECK(offsets[0] == row.source_offset);
  }
}
