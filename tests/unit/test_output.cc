// The output module: terminal-safe text, widths, wrapping and trimming, and
// every printer's output parsed back.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/output/printer.h"
#include "core/output/text.h"
#include "core/util/terminal.h"
#include "tests/support/files.h"

using lede::output::Format;
using lede::output::PrintOptions;
using lede::search::Range;
using lede::search::Response;
using lede::search::Result;

using lede::test::fields;
using lede::test::lines_of;

namespace {

Result sample(std::size_t rank, std::string text, std::vector<Range> hits) {
  Result r;
  r.rank = rank;
  r.score = 12.5 / static_cast<double>(rank);
  r.docid = static_cast<std::uint32_t>(rank);
  r.article_id = "/data/news/a file.txt";
  r.path = "/data/news/a file.txt";
  r.title = "Russia and Armenia";
  r.title_highlights = {{0, 6}};
  r.date = "2025-02-17";
  r.url = "https://example.org/a";
  r.language = "en";
  r.passage = 2;
  r.passages = 5;
  r.line_begin = 7;
  r.line_end = 9;
  r.byte_begin = 100;
  r.byte_end = 100 + text.size();
  r.text = std::move(text);
  r.highlights = std::move(hits);
  return r;
}

bool is_number(const std::string& s, bool decimals) {
  if (s.empty()) return false;
  std::size_t dot = std::string::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' && decimals && dot == std::string::npos && i > 0) {
      dot = i;
    } else if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return !decimals || (dot != std::string::npos && s.size() - dot - 1 == 6);
}

// True when @p s starts with an SGR sequence: ESC [ digits and ';' m.
bool starts_with_sgr(std::string_view s) {
  if (s.size() < 3 || s[0] != '\x1b' || s[1] != '[') return false;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (s[i] == 'm') return true;
    if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ';')) return false;
  }
  return false;
}

Response response() {
  Response r;
  r.qid = "q1";
  r.query = "russia \"tab\there\"";
  r.parsed = "(russia \"tab here\")";
  r.total_lower = 2;
  r.total_upper = 2;
  r.results.push_back(sample(1, "Russia\tsigned a deal.\nSecond line.", {{0, 6}}));
  r.results.push_back(sample(2,
                             "Evil \x1b[31mred\x1b[0m text \x9b"
                             "2J and \xe2\x80\xae"
                             "rtl.",
                             {}));
  return r;
}

std::string print(const Response& r, PrintOptions o) {
  std::ostringstream out;
  auto printer = lede::output::make_printer(out, o);
  printer->print(r);
  return out.str();
}

}  // namespace

TEST_CASE("display widths count wide characters twice and marks not at all") {
  struct Row {
    std::string text;
    unsigned width;
  };
  const Row rows[] = {
      {"abc", 3},       {"Ереван", 6}, {"北京大学", 8}, {"ｆｕｌｌ", 8},
      {"e\xcc\x81", 1}, {"한국어", 6}, {"", 0},         {"a  b", 3},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(lede::output::display_width(row.text) == row.width);
  }
}

TEST_CASE("wrapping breaks at spaces within the width, cutting only words too long for a line") {
  struct Row {
    std::string text;
    unsigned width;
    std::vector<std::string> lines;
  };
  const Row rows[] = {
      {"one two three four", 9, {"one two", "three", "four"}},
      {"one two three four", 80, {"one two three four"}},
      {"abcdefghij", 4, {"abcd", "efgh", "ij"}},
      {"", 10, {}},
      // Space-separated scripts break at spaces only, never after a hyphen,
      // even in text that also holds Chinese or Thai.
      {"Ереван-based naïve co-op", 10, {"Ереван-bas", "ed naïve", "co-op"}},
      {"北京 well-known", 8, {"北京", "well-kno", "wn"}},
      {"ไทย well-known", 8, {"ไทย", "well-kno", "wn"}},
      // Emoji keep their two columns and stay out of the line breaking.
      {"😀😀😀 ab", 4, {"😀😀", "😀", "ab"}},
      {"ｆｕｌｌ ｗｉｄｔｈ", 5, {"ｆｕ", "ｌｌ", "ｗｉ", "ｄｔ", "ｈ"}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(lede::output::wrap(row.text, row.width) == row.lines);
  }
  // No line is ever wider than asked.
  const std::string text =
      "Отношения России и Армении меняются: 北京大学 Ереван ищет новых партнёров.";
  for (unsigned w = 4; w < 40; ++w)
    for (const auto& line : lede::output::wrap(text, w))
      CHECK(lede::output::display_width(line) <= w);
}

namespace {

// UD Thai-PUD sentence n01057014 ("The debris formed a ring around the
// Earth's equator, and was pulled together by gravity until it finally
// formed the Moon") as its treebank words, a space following those marked.
// ICU's dictionary breaks it only where these words meet (not at all of them).
struct Word {
  std::string_view text;
  bool space_after;
};
constexpr Word kThai[] = {
    {"เศษ", false},    {"หิน", false},  {"ได้", false},   {"ก่อ", false},  {"ตัว", false},
    {"เป็น", false},    {"วง", false},  {"แหวน", false}, {"รอบ", false}, {"เส้น", false},
    {"ศูนย์สูตร", false}, {"ของ", false}, {"โลก", true},   {"และ", false}, {"ถูก", false},
    {"ดึง", false},     {"เข้า", false}, {"มา", false},   {"รวม", false}, {"กัน", false},
    {"ด้วย", false},    {"แรง", false}, {"โน้ม", false},  {"ถ่วง", false}, {"จน", false},
    {"ก่อ", false},     {"ตัว", false},  {"เป็น", false},  {"ดวง", false}, {"จันทร์", false},
    {"ใน", false},     {"ที่สุด", false},
};

// The sentence, and the byte offsets where its words begin and end.
std::pair<std::string, std::vector<std::size_t>> thai_sentence() {
  std::string text;
  std::vector<std::size_t> bounds{0};
  for (const auto& w : kThai) {
    text += w.text;
    bounds.push_back(text.size());
    if (w.space_after) {
      text += ' ';
      bounds.push_back(text.size());
    }
  }
  return {text, bounds};
}

// Byte offsets in @p text (which has single spaces only, so glyphs and
// bytes line up) where the lines of @p text wrapped at @p width end.
std::vector<std::size_t> line_ends(std::string_view text, unsigned width) {
  auto g = lede::output::glyphs(text);
  lede::output::LineBreaker().mark(g);
  std::vector<std::size_t> at{0};
  for (const auto& x : g)
    at.push_back(at.back() + x.size);
  std::vector<std::size_t> ends;
  for (const auto& [b, e] : lede::output::wrap_glyphs(g, width))
    ends.push_back(at[e]);
  return ends;
}

}  // namespace

TEST_CASE("a heading keeps its own line above the paragraph it introduces") {
  // Regression: "Armenia’s strong ties with Russia Russia for many years…"
  // read as one sentence; words that are not in the source, to whoever
  // copies them as a quote.
  const std::string para =
      "Russia for many years has been seen as Armenia’s main backer geopolitically and "
      "militarily, often seen as its main supporter.";
  const std::string wrapped =  // a paragraph hard-wrapped at 70 columns
      "The harbour reopened on Monday after a week of repairs to the old quay\n"
      "and the ferry resumed its run.";
  struct Row {
    std::string text;
    unsigned width;
    std::vector<std::string> lines;
  };
  const Row rows[] = {
      // A blank line between heading and paragraph (corpus/002, line 7).
      {"Armenia’s strong ties with Russia\n\nRussia for many years",
       80,
       {"Armenia’s strong ties with Russia", "Russia for many years"}},
      {"A heading\n \t\r\n\nThe text", 80, {"A heading", "The text"}},
      // One paragraph a line, as text saved from the web has.
      {"Armenia’s strong ties with Russia\n" + para,
       200,
       {"Armenia’s strong ties with Russia", para}},
      // Short lines (headings, lists, verse) each stay a line.
      {"Key priorities:\nSanctions relief\nTrade",
       80,
       {"Key priorities:", "Sanctions relief", "Trade"}},
      // The line breaks of a hard-wrapped paragraph are spaces.
      {wrapped,
       200,
       {"The harbour reopened on Monday after a week of repairs to the old quay and the ferry "
        "resumed its run."}},
      {"The heading\n\n" + wrapped,
       60,
       {"The heading", "The harbour reopened on Monday after a week of repairs to",
        "the old quay and the ferry resumed its run."}},
      // Line breaks at either end are no lines of their own.
      {"\n\nText\n\n", 80, {"Text"}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(lede::output::wrap(row.text, row.width) == row.lines);
  }
}

TEST_CASE("Thai wraps between words, never inside one") {
  const auto [text, bounds] = thai_sentence();
  // Widths from the widest run ICU never breaks, เส้นศูนย์สูตร (9 columns), to the whole
  // sentence.
  for (unsigned width = 9; width <= 70; ++width) {
    CAPTURE(width);
    const auto ends = line_ends(text, width);
    CHECK(ends.back() == text.size());
    for (const auto end : ends) {
      CAPTURE(text.substr(0, end));
      CHECK(std::find(bounds.begin(), bounds.end(), end) != bounds.end());
    }
    for (const auto& line : lede::output::wrap(text, width))
      CHECK(lede::output::display_width(line) <= width);
  }
  struct Row {
    unsigned width;
    std::vector<std::string> lines;
  };
  const Row rows[] = {
      {20,
       {"เศษหินได้ก่อตัวเป็นวงแหวน", "รอบเส้นศูนย์สูตรของโลก", "และถูกดึงเข้ามารวมกันด้วย", "แรงโน้มถ่วงจนก่อตัวเป็น",
        "ดวงจันทร์ในที่สุด"}},
      {30,
       {"เศษหินได้ก่อตัวเป็นวงแหวนรอบ", "เส้นศูนย์สูตรของโลก และถูกดึงเข้ามา", "รวมกันด้วยแรงโน้มถ่วงจนก่อตัวเป็นดวง",
        "จันทร์ในที่สุด"}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.width);
    CHECK(lede::output::wrap(text, row.width) == row.lines);
  }
}

TEST_CASE("Chinese and Japanese wrap between characters as UAX #14 allows") {
  struct Row {
    std::string text;
    unsigned width;
    std::vector<std::string> lines;
  };
  const Row rows[] = {
      {"北京大学是中国的大学", 6, {"北京大", "学是中", "国的大", "学"}},
      {"北京大学 北京", 6, {"北京大", "学 北", "京"}},
      // No line starts with a closing mark or ends with an opening one.
      {"我爱北京。你呢？", 6, {"我爱北", "京。你", "呢？"}},
      {"他说「你好」吗", 6, {"他说", "「你", "好」吗"}},
      // Nor with a small kana or the prolonged sound mark ー.
      {"東京でラーメンを食べた", 8, {"東京で", "ラーメン", "を食べた"}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(lede::output::wrap(row.text, row.width) == row.lines);
  }
}

TEST_CASE("a long Thai passage is trimmed between words") {
  const auto [sentence, sentence_bounds] = thai_sentence();
  std::string text;
  std::vector<std::size_t> bounds;
  for (int i = 0; i < 6; ++i) {
    for (const auto b : sentence_bounds)
      bounds.push_back(text.size() + b);
    text += sentence + " ";
  }
  // The match is "วงแหวน" (ring) of the fourth sentence.
  const std::size_t at = text.find("วงแหวน", 3 * (sentence.size() + 1));
  auto g = lede::output::glyphs(text, {{at, at + std::string_view("วงแหวน").size()}});
  lede::output::LineBreaker breaker;
  for (unsigned budget = 30; budget <= 120; budget += 7) {
    CAPTURE(budget);
    const auto t = lede::output::trim_around_hits(g, budget, breaker);
    REQUIRE(t.size() > 2);
    CHECK(t.front().view() == "…");
    CHECK(t.back().view() == "…");
    std::string shown;
    for (std::size_t i = 1; i + 1 < t.size(); ++i)
      shown += t[i].view();
    CAPTURE(shown);
    CHECK(shown.find("วงแหวน") != std::string::npos);
    CHECK(lede::output::columns(t) <= budget);
    // The kept text starts and ends where words do.
    const auto begin = text.find(shown);
    REQUIRE(begin != std::string::npos);
    CHECK(std::find(bounds.begin(), bounds.end(), begin) != bounds.end());
    CHECK(std::find(bounds.begin(), bounds.end(), begin + shown.size()) != bounds.end());
  }
}

TEST_CASE("ill-formed UTF-8 and odd text never crash the wrapper or the trimmer") {
  // Pieces that meet at every kind of seam: cut Thai and CJK sequences,
  // stray continuation bytes, overlong forms, surrogates, controls, marks,
  // emoji with modifiers and joiners.
  const std::string_view pieces[] = {"ไทย",
                                     "\xe0\xb8",
                                     "\xb8",
                                     "北京",
                                     "\xe5\x8c",
                                     "\xc0\xaf",
                                     "\xed\xa0\x80",
                                     "\xf4\x90\x80\x80",
                                     " ",
                                     "\t\n",
                                     "\x1b[31m",
                                     "e\xcc\x81",
                                     "\xe0\xb8\xb4\xe0\xb9\x88",
                                     "👍🏽",
                                     "👩‍💻",
                                     "a-b",
                                     "。",
                                     "「",
                                     "\xef\xbf\xbd",
                                     "\xff"};
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  lede::output::LineBreaker breaker;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const auto n = next() % 40;
    for (unsigned i = 0; i < n; ++i)
      text += pieces[next() % std::size(pieces)];
    CAPTURE(text);
    const unsigned width = 1 + next() % 12;
    for (const auto& line : lede::output::wrap(text, width)) {
      CHECK(lede::output::display_width(line) <= std::max(width, 2u));
      CHECK(lede::terminal_safe(line) == line);
    }
    const std::size_t b = text.empty() ? 0 : next() % text.size();
    auto g = lede::output::glyphs(text, {{b, b + next() % 8}});
    const auto t = lede::output::trim_around_hits(g, 1 + next() % 30, breaker);
    for (const auto& [lb, le] : lede::output::wrap_glyphs(t, width))
      CHECK(lb < le);
  }
}

TEST_CASE("a long passage is trimmed around its matches with an ellipsis") {
  std::string text;
  for (int i = 0; i < 60; ++i)
    text += "filler" + std::to_string(i) + " ";
  const std::size_t at = text.size();
  text += "MATCH ";
  for (int i = 60; i < 120; ++i)
    text += "filler" + std::to_string(i) + " ";
  const auto g = lede::output::glyphs(text, {{at, at + 5}});
  const auto t = lede::output::trim_around_hits(g, 80);
  std::string shown;
  for (const auto& x : t)
    shown += x.view();
  CAPTURE(shown);
  CHECK(shown.find("MATCH") != std::string::npos);
  CHECK(shown.starts_with("\xE2\x80\xA6"));
  CHECK(shown.ends_with("\xE2\x80\xA6"));
  CHECK(lede::output::columns(t) <= 80);
  // A short passage is left alone.
  const auto short_g = lede::output::glyphs("short text", {});
  CHECK(lede::output::columns(lede::output::trim_around_hits(short_g, 80)) == 10);
}

TEST_CASE("the terminal format shows rank, title, date, path:line and the passage") {
  PrintOptions o;
  o.width = 60;
  o.base = "/data";
  const auto out = print(response(), o);
  CAPTURE(out);
  CHECK(out.find("1. Russia and Armenia\n") != std::string::npos);
  CHECK(out.find("2025-02-17  news/a file.txt:7") != std::string::npos);
  // The tab is a space; the line break stays, as both lines are short.
  CHECK(out.find("Russia signed a deal.\n   Second line.\n") != std::string::npos);
  // Without colour there is no escape sequence at all, and the article's
  // own escape sequences arrive defused.
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find("\xc2\x9b") == std::string::npos);
  CHECK(out.find("\xe2\x80\xae") == std::string::npos);
  CHECK(out.find("\xEF\xBF\xBD[31mred") != std::string::npos);
  for (const auto& line : lines_of(out))
    CHECK(lede::output::display_width(line) <= 60);
}

TEST_CASE("a passage of short lines, each kept as a line, is still trimmed to four lines") {
  std::string verse;
  for (int i = 0; i < 30; ++i)
    verse += "the ferry waits " + std::to_string(i) + "\n";
  const auto at = verse.find("waits 17");
  Response r = response();
  r.results.resize(1);
  r.results[0] = sample(1, verse, {{at, at + 5}});
  PrintOptions o;
  o.width = 60;
  const auto out = print(r, o);
  CAPTURE(out);
  const auto lines = lines_of(out);
  // Rank and title, date and path, at most four lines of text, a blank line.
  REQUIRE(lines.size() >= 4);
  CHECK(lines.size() <= 7);
  CHECK(lines.back().empty());
  CHECK(std::count_if(lines.begin() + 2, lines.end(), [](const std::string& l) {
          return l.find("waits 17") != std::string::npos;
        }) == 1);
}

TEST_CASE("with colour, matched words are highlighted and article escapes still defused") {
  PrintOptions o;
  o.color = true;
  const auto out = print(response(), o);
  CHECK(out.find("\x1b[1;31mRussia") != std::string::npos);
  // Every ESC in the output starts one of our own SGR sequences.
  std::size_t at = 0;
  while ((at = out.find('\x1b', at)) != std::string::npos) {
    CHECK(starts_with_sgr(std::string_view(out).substr(at, 12)));
    ++at;
  }
}

TEST_CASE("--articles prints one line per article") {
  auto r = response();
  r.articles = true;
  r.results[0].more_passages = 3;
  struct Row {
    unsigned width;
    const char* first;  // the first line
  };
  // The title and the way to the article come first: the count of more
  // passages, then the date give way to the path on a narrow terminal.
  const Row rows[] = {
      {70, "1. Russia and Armenia  2025-02-17  /data/news/a file.txt:7  (+3)"},
      {50, "1. Russia and Armenia  /data/news/a file.txt:7"},
      {40, "1. Russia and Armenia  …ews/a file.txt:7"},
      {30, "1. Russia and Armenia  ….txt:7"},
  };
  for (const auto& row : rows) {
    PrintOptions o;
    o.width = row.width;
    const auto lines = lines_of(print(r, o));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == std::string(row.first));
    for (const auto& line : lines)
      CHECK(lede::output::display_width(line) <= row.width);
  }
}

TEST_CASE("--json is one document with the version, the query and every result field") {
  PrintOptions o;
  o.format = Format::json;
  const auto out = print(response(), o);
  CHECK(lines_of(out).size() == 1);
  const auto j = nlohmann::json::parse(out);
  CHECK(j["version"] == "3");
  CHECK(j["query"] == "russia \"tab\there\"");
  CHECK(j["parsed"] == "(russia \"tab here\")");
  CHECK(j["total"] == 2);
  CHECK(j["total_lower"] == 2);
  CHECK(j["total_upper"] == 2);
  CHECK(j["mode"] == "passages");
  REQUIRE(j["results"].size() == 2);
  const auto& first = j["results"][0];
  for (const char* key : {"rank", "score", "article_id", "path", "title", "date", "url", "passage",
                          "lines", "bytes", "text", "highlights"})
    CHECK(first.contains(key));
  CHECK(first["lines"] == nlohmann::json::array({7, 9}));
  CHECK(first["highlights"] == nlohmann::json::array({nlohmann::json::array({0, 6})}));
  // Highlights are byte ranges of text.
  const std::string text = first["text"];
  CHECK(text.substr(0, 6) == "Russia");
  // Escapes travel as JSON escapes, never raw.
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(j["results"][1]["text"].get<std::string>().find('\x1b') != std::string::npos);
}

TEST_CASE("--jsonl is one parseable object per result") {
  PrintOptions o;
  o.format = Format::jsonl;
  const auto lines = lines_of(print(response(), o));
  REQUIRE(lines.size() == 2);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto j = nlohmann::json::parse(lines[i]);
    CHECK(j["version"] == "3");
    CHECK(j["qid"] == "q1");
    CHECK(j["rank"] == i + 1);
  }
}

TEST_CASE("--tsv has a header and one escaped line per result with fixed columns") {
  PrintOptions o;
  o.format = Format::tsv;
  const auto lines = lines_of(print(response(), o));
  REQUIRE(lines.size() == 3);
  auto columns = [](const std::string& line) {
    std::vector<std::string> c;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      c.push_back(line.substr(start, tab - start));
    c.push_back(line.substr(start));
    return c;
  };
  const auto header = columns(lines[0]);
  CHECK(header.front() == "qid");
  CHECK(header.back() == "text");
  for (std::size_t i = 1; i < lines.size(); ++i)
    CHECK(columns(lines[i]).size() == header.size());
  CHECK(columns(lines[1]).back() == "Russia\\tsigned a deal.\\nSecond line.");
  CHECK(lines[2].find('\x1b') == std::string::npos);
}

TEST_CASE("--trec lines are qid Q0 docid rank score tag") {
  PrintOptions o;
  o.format = Format::trec;
  o.tag = "run 1";
  const auto lines = lines_of(print(response(), o));
  REQUIRE(lines.size() == 2);
  for (const auto& line : lines) {
    CAPTURE(line);
    const auto f = fields(line);
    REQUIRE(f.size() == 6);
    CHECK(f[0] == "q1");
    CHECK(f[1] == "Q0");
    CHECK(f[2] == "/data/news/a%20file.txt#2");
    CHECK(is_number(f[3], false));
    CHECK(is_number(f[4], true));
    CHECK(f[5] == "run%201");
  }
  auto r = response();
  r.articles = true;
  CHECK(lines_of(print(r, o))[0].find(" /data/news/a%20file.txt ") != std::string::npos);
}

TEST_CASE("file URIs percent-encode every byte but unreserved ones and slashes") {
  struct Case {
    std::string_view host, path;
    std::uint64_t line;
    std::string_view uri;
  };
  const Case cases[] = {
      {"box", "/data/news/a.txt", 0, "file://box/data/news/a.txt"},
      {"", "/a.txt", 0, "file:///a.txt"},
      {"box", "/data/news/a file.txt", 7, "file://box/data/news/a%20file.txt#7"},
      {"box", "/100%/x~y_z-w.txt", 0, "file://box/100%25/x~y_z-w.txt"},
      {"box", "/caf\xc3\xa9/\xff.txt", 0, "file://box/caf%C3%A9/%FF.txt"},
      {"box", "/evil\x1b]8;;http://x\x1b\\\x07.txt", 0,
       "file://box/evil%1B%5D8%3B%3Bhttp%3A//x%1B%5C%07.txt"},
      {"box", "/a#b?c&d=e:f", 12, "file://box/a%23b%3Fc%26d%3De%3Af#12"},
      {"my host/x", "/t\n\t\x7f", 0, "file://my%20host%2Fx/t%0A%09%7F"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CHECK(lede::output::file_uri(c.host, c.path, c.line) == c.uri);
  }
}

TEST_CASE("with hyperlinks, each path:line is an OSC 8 link to its file; stdin gets none") {
  auto r = response();
  r.results[0].path = "/data/news/a\x1b[2Jfile.txt";
  r.results[1].path = "-";
  PrintOptions o;
  o.base = "/data";
  o.hyperlinks = true;
  o.host = "box";
  const std::string open = "\x1b]8;;file://box/data/news/a%1B%5B2Jfile.txt\x1b\\";
  const std::string close = "\x1b]8;;\x1b\\";
  for (const bool articles : {false, true}) {
    r.articles = articles;
    const auto out = print(r, o);
    CAPTURE(out);
    // The link wraps the visible, defused path and its line; the second
    // result, read from standard input, shows "-:7" and is no link.
    const auto at = out.find(open);
    REQUIRE(at != std::string::npos);
    const std::string text = "news/a\xEF\xBF\xBD[2Jfile.txt:7" + close;
    CHECK(out.compare(at + open.size(), text.size(), text) == 0);
    CHECK(out.find("\x1b]8", at + 1) == out.find(close, at));
    CHECK(out.find("\x1b]8", out.find(close, at) + 1) == std::string::npos);
    CHECK(out.find("-:7") != std::string::npos);
  }
  // kitty's convention puts the line in the fragment.
  o.hyperlink_line = true;
  r.articles = false;
  CHECK(print(r, o).find("file.txt#7\x1b\\") != std::string::npos);
  // An item of a JSON Lines stream links to the stream, at the item's line.
  r.results[0].source_line = 42;
  CHECK(print(r, o).find("file.txt#42\x1b\\") != std::string::npos);
  // Without the option, no link.
  o.hyperlinks = false;
  CHECK(print(r, o).find('\x1b') == std::string::npos);
}

TEST_CASE("format names parse, others are refused") {
  Format f{};
  CHECK(lede::output::parse_format("json", f));
  CHECK(f == Format::json);
  CHECK(lede::output::parse_format("trec", f));
  CHECK(f == Format::trec);
  CHECK(!lede::output::parse_format("xml", f));
}
