// The search module: the query language's parser (table-driven, as compact
// renderings), the builder's Xapian queries, and searches over a small
// database written in the test with the index module's conventions.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/analysis/analyzer.h"
#include "core/schema/schema.h"
#include "core/search/batch.h"
#include "core/search/builder.h"
#include "core/search/feedback.h"
#include "core/search/query.h"
#include "core/search/searcher.h"
#include "core/search/spelling.h"
#include "core/util/error.h"

using lede::search::parse_query;
using lede::search::render;

namespace {

struct ParseRow {
  const char* query;
  const char* expected;  // render() of the tree
};

std::string parsed(const std::string& q) {
  return render(parse_query(q).root);
}

}  // namespace

TEST_CASE("the parser reads every syntax element into the documented tree") {
  const ParseRow rows[] = {
      {"russia", "russia"},
      {"russia armenia", "(russia armenia)"},
      {"  russia   armenia  ", "(russia armenia)"},
      {"\"exact phrase\"", "\"exact phrase\""},
      {"“curly quotes”", "\"curly quotes\""},
      {"«ёлки палки»", "\"ёлки палки\""},
      {"russia -ukraine", "(russia -ukraine)"},
      {"+russia armenia", "(+russia armenia)"},
      {"anti-war", "anti-war"},
      {"U.S.-Armenia", "U.S.-Armenia"},
      {"a AND b", "AND(a b)"},
      {"a OR b", "OR(a b)"},
      {"a NOT b", "NOT(a b)"},
      {"a AND NOT b", "NOT(a b)"},
      {"a b OR c", "OR((a b) c)"},
      {"a OR b AND c", "OR(a AND(b c))"},
      {"(a OR b) AND c", "AND(OR(a b) c)"},
      {"a OR b OR c", "OR(a b c)"},
      {"-(a b) c", "(-(a b) c)"},
      {"a NEAR b", "NEAR/10(a b)"},
      {"a NEAR/3 b", "NEAR/3(a b)"},
      // A query without lower-case letters is words, operators included.
      {"RUSSIA AND CANADA", "(RUSSIA AND CANADA)"},
      {"RUSSIA OR NOT CANADA", "(RUSSIA OR NOT CANADA)"},
      {"ΡΩΣΙΑ AND NATO", "(ΡΩΣΙΑ AND NATO)"},
      {"G7 NEAR/3 2025", "(G7 NEAR/3 2025)"},
      {"Russia AND CANADA", "AND(Russia CANADA)"},
      {"россия OR NATO", "OR(россия NATO)"},
      {"a NEAR/3 b NEAR c", "NEAR/10(a b c)"},
      {"\"a b\" NEAR c", "NEAR/10(\"a b\" c)"},
      {"russ*", "russ*"},
      {"russ** arm", "(russ* arm)"},
      {"title:russia", "title:russia"},
      {"Title:Russia", "title:Russia"},
      {"title:\"a shift\"", "title:\"a shift\""},
      {"title:(a b)", "(title:a title:b)"},
      {"title:russ*", "title:russ*"},
      {"source:reuters", "source:reuters"},
      {"source:\"mirror spectator\"", "source:\"mirror spectator\""},
      {"url:https://mirrorspectator.com/2025/", "url:https://mirrorspectator.com/2025/"},
      {"lang:ru", "lang:ru"},
      {"-lang:en", "(-lang:en)"},
      {"path:corpus", "path:corpus"},
      {"date:2024-11..2025-03", "date:20241101..20250331"},
      {"date:>=2025-01-01", "date:20250101.."},
      {"date:>2025-01", "date:20250201.."},
      {"date:<2025", "date:..20241231"},
      {"date:<=2024-02", "date:..20240229"},
      {"date:2025-02-17", "date:20250217..20250217"},
      {"date:2025", "date:20250101..20251231"},
      {"date:20250217", "date:20250217..20250217"},
      {"date:..2025-03", "date:..20250331"},
      {"date:2024-11..", "date:20241101.."},
      {"putin date:2025", "(putin date:20250101..20251231)"},
      {"10:30", "10:30"},
      {"https://example.com/a", "https://example.com/a"},
      {"NOT russia", "(-russia)"},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    CHECK(parsed(row.query) == row.expected);
  }
}

TEST_CASE("malformed queries are repaired with a warning, never rejected") {
  struct Row {
    const char* query;
    const char* expected;
    const char* warning;  // a fragment of the warning, "" for none
  };
  const Row rows[] = {
      {"\"unbalanced quote", "\"unbalanced quote\"", "not closed"},
      {"(a b", "(a b)", "'(' was not closed"},
      {"a b)", "(a b)", "unmatched ')'"},
      {"AND b", "(AND b)", "searched as a word"},
      {"a AND", "(a AND)", "searched as a word"},
      {"OR b", "(OR b)", "searched as a word"},
      {"a OR OR b", "OR((a OR) b)", "searched as a word"},
      {"NEAR b", "(NEAR b)", "searched as a word"},
      {"-", "()", "lone"},
      {"+ russia", "russia", "lone"},
      {"*", "()", "'*'"},
      {"foo:bar", "foo:bar", "no field 'foo:'"},
      {"title:", "()", "has no value"},
      {"a NEAR/99999 b", "NEAR/1000(a b)", "wider"},
      {"()", "()", ""},
      {"\"\"", "()", ""},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    const auto p = parse_query(row.query);
    CHECK(render(p.root) == row.expected);
    std::string all;
    for (const auto& w : p.warnings)
      all += w + "\n";
    CAPTURE(all);
    if (*row.warning) {
      CHECK(all.find(row.warning) != std::string::npos);
    } else {
      CHECK(all.empty());
    }
  }
}

TEST_CASE("hostile queries stay bounded") {
  // 10,000 characters of words: the first kMaxLeaves are kept.
  std::string longq;
  while (longq.size() < 10000)
    longq += "word ";
  auto p = parse_query(longq);
  CHECK(p.leaves == lede::search::kMaxLeaves);
  CHECK(p.root.children.size() == lede::search::kMaxLeaves);
  // Deep parentheses are flattened past kMaxDepth instead of recursing.
  std::string deep(5000, '(');
  deep += "x";
  deep += std::string(5000, ')');
  p = parse_query(deep);
  CHECK(render(p.root).find('x') != std::string::npos);
  // Invalid UTF-8, NUL bytes and lone continuation bytes are just text.
  static constexpr char kBytes[] = "\xff\xfe a\0b \x80\x80 \"\xc3";
  const std::string bytes(kBytes, sizeof kBytes - 1);
  CHECK_NOTHROW(parse_query(bytes));
  // Every operator and quote character in a row.
  CHECK_NOTHROW(parse_query("AND OR NOT NEAR NEAR/ ( ) \" - + * : title: date: (((\""));
}

TEST_CASE("warnings and errors quote at most a short excerpt of a long query word") {
  // Finding 9: a message never repeats a 100 KB word back to the user.
  const std::string word(100000, 'x');
  for (const std::string& query : {word + ":value", "a " + word + ":" + word, "date:" + word,
                                   "date:2025.." + std::string(100000, '1')}) {
    CAPTURE(query.substr(0, 20));
    try {
      const auto p = parse_query(query);
      REQUIRE_FALSE(p.warnings.empty());
      for (const auto& w : p.warnings) {
        CAPTURE(w.substr(0, 200));
        CHECK(w.size() < 400);
      }
    } catch (const lede::Error& e) {
      CHECK(std::string_view(e.what()).size() < 400);
    }
  }
}

TEST_CASE("a date that is not a date is a usage error naming the value") {
  for (const char* q : {"date:2025-13", "date:yesterday", "date:2025-02-30", "date:..",
                        "date:2025..2024", "date:>=", "date:1-2-3"}) {
    const std::string query = q;
    CAPTURE(query);
    try {
      (void)parse_query(q);
      FAIL("no error");
    } catch (const lede::Error& e) {
      CHECK(e.kind() == lede::ErrorKind::usage);
      CHECK(std::string(e.what()).find("date:") != std::string::npos);
    }
  }
}

TEST_CASE("edit distance counts transpositions as one edit") {
  struct Row {
    std::u32string a, b;
    unsigned limit, expected;
  };
  const Row rows[] = {
      {U"russia", U"russia", 2, 0},   {U"rusia", U"russia", 2, 1},   {U"rusisa", U"russia", 2, 1},
      {U"armenai", U"armenia", 2, 1}, {U"kitten", U"sitting", 2, 3}, {U"пкутин", U"путин", 2, 1},
      {U"a", U"abcdef", 2, 3},
  };
  for (const auto& r : rows)
    CHECK(lede::search::edit_distance(r.a, r.b, r.limit) == r.expected);
}

// ---------------------------------------------------------------------------
// Searches over a small database written here with the index module's
// conventions (core/index/prepare.cc): one document per passage, unprefixed
// positional terms and Z+stem, title under S/ZS, boolean terms, values.

namespace {

struct TestPassage {
  std::string text;
  std::uint32_t line = 1;
};

struct TestArticle {
  std::string id;  // also the path
  std::string title;
  std::string date;  // YYYY-MM-DD or ""
  std::string language;
  std::string url;
  std::string source;
  std::vector<TestPassage> passages;
};

void add_tokens(Xapian::Document& doc, const std::vector<lede::Token>& tokens,
                const std::string& prefix) {
  for (const auto& t : tokens) {
    doc.add_posting(prefix + t.term, t.position);
    if (!t.stem.empty()) doc.add_term("Z" + prefix + t.stem, 1);
  }
}

std::string hex(std::size_t v) {
  return std::to_string(v);
}

class TempDb {
 public:
  explicit TempDb(const std::vector<TestArticle>& articles, const char* analyzer_name = nullptr) {
    char tmpl[] = "/tmp/lede-test-search-XXXXXX";
    path_ = mkdtemp(tmpl);
    Xapian::WritableDatabase db(path_ + "/db", Xapian::DB_CREATE_OR_OPEN);
    lede::Analyzer analyzer;
    for (const auto& a : articles) {
      const std::string lang = a.language.empty() ? "en" : a.language;
      const auto title = analyzer.tokens(a.title, lang);
      const std::string key = lede::schema::article_key(a.id);
      std::uint32_t ordinal = 0;
      for (const auto& p : a.passages) {
        ++ordinal;
        Xapian::Document doc;
        doc.add_boolean_term(lede::schema::term(lede::schema::kArticle, key));
        doc.add_boolean_term(lede::schema::term(lede::schema::kPath, a.id));
        doc.add_boolean_term(lede::schema::term(lede::schema::kFolder, "/corpus"));
        if (!a.language.empty())
          doc.add_boolean_term(lede::schema::term(lede::schema::kLanguage, a.language));
        if (!a.url.empty()) {
          doc.add_boolean_term(lede::schema::term(lede::schema::kUrl, a.url));
          const auto host = a.url.substr(8, a.url.find('/', 8) - 8);
          doc.add_boolean_term(lede::schema::term(lede::schema::kHost, host));
        }
        if (!a.source.empty()) {
          std::vector<std::string> terms;
          for (const auto& t : analyzer.tokens(a.source, ""))
            if (!t.alias) terms.push_back(t.term);
          doc.add_boolean_term(
              lede::schema::term(lede::schema::kSource, lede::schema::folded_name(terms)));
        }
        if (!a.date.empty()) {
          std::string ymd = a.date.substr(0, 4) + a.date.substr(5, 2) + a.date.substr(8, 2);
          doc.add_value(lede::schema::kSlotDate, ymd);
        }
        doc.add_value(lede::schema::kSlotArticle, key);
        const auto body = analyzer.tokens(p.text, lang);
        add_tokens(doc, title, "S");
        add_tokens(doc, body, "");
        std::string words;
        for (const auto& t : body)
          if (!t.alias) words += t.term + " ";
        doc.add_value(lede::schema::kSlotPassageHash, hex(std::hash<std::string>{}(words)));
        nlohmann_like_data(doc, a, p, ordinal);
        db.add_document(doc);
      }
    }
    db.set_metadata(std::string(lede::schema::kMetaAnalyzerName),
                    analyzer_name ? analyzer_name : std::string(lede::Analyzer::kName));
    db.set_metadata(std::string(lede::schema::kMetaAnalyzerVersion),
                    std::to_string(lede::Analyzer::kVersion));
    db.set_metadata(std::string(lede::schema::kMetaSchemaVersion),
                    std::to_string(lede::schema::kSchemaVersion));
    db.commit();
  }
  ~TempDb() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  [[nodiscard]] std::string db() const { return path_ + "/db"; }

 private:
  static std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }
  static void nlohmann_like_data(Xapian::Document& doc, const TestArticle& a, const TestPassage& p,
                                 std::uint32_t ordinal) {
    std::string j = "{\"article_id\":" + quoted(a.id) + ",\"path\":" + quoted(a.id) +
                    ",\"title\":" + quoted(a.title);
    if (!a.date.empty()) j += ",\"date\":" + quoted(a.date);
    if (!a.language.empty()) j += ",\"language\":" + quoted(a.language);
    if (!a.url.empty()) j += ",\"url\":" + quoted(a.url);
    j += ",\"passage\":" + std::to_string(ordinal) +
         ",\"passages\":" + std::to_string(a.passages.size()) + ",\"lines\":[" +
         std::to_string(p.line) + "," + std::to_string(p.line) + "],\"bytes\":[0," +
         std::to_string(p.text.size()) + "],\"text\":" + quoted(p.text) + "}";
    doc.set_data(j);
  }
  std::string path_;
};

const std::vector<TestArticle>& articles() {
  static const std::vector<TestArticle> a{
      {"/corpus/shift.txt",
       "A Shift in Russian-American Relations: What Does It Mean for Armenia?",
       "2025-02-17",
       "en",
       "https://mirrorspectator.com/2025/02/17/a-shift/",
       "Mirror Spectator",
       {{"Days ago, after three years of silence, the US and Russia interacted for the first "
         "time at the highest level.",
         3},
        {"Russia's neighbours watch Armenia closely; the CSTO alliance is weakened.", 5},
        {"The phone conversation lasted approximately 1.5 hours, covering trade.", 7}}},
      {"/corpus/partnership.txt",
       "U.S.-Armenia partnership agreement signed",
       "2024-11-24",
       "en",
       "https://example.org/news/partnership",
       "",
       {{"The United States and Armenia signed a strategic partnership charter in Washington.", 2},
        {"Officials said sanctions were not discussed at the ceremony.", 4}}},
      {"/corpus/russia-ru.txt",
       "Отношения России и Армении",
       "2025-03-20",
       "ru",
       "",
       "",
       {{"Отношения России и Армении меняются: Ереван ищет новых партнёров.", 1}}},
      {"/corpus/armenia-hy.txt",
       "Հայաստանը և Ռուսաստանը",
       "2025-01-10",
       "hy",
       "",
       "",
       {{"Հայաստանը և Ռուսաստանը քննարկեցին անվտանգության հարցերը։", 1}}},
      {"/corpus/syndicated.txt",
       "Wire copy reprinted from the agency feed for subscribers of the morning digest",
       "2025-02-18",
       "en",
       "",
       "",
       {{"Russia's neighbours watch Armenia closely; the CSTO alliance is weakened.", 1}}},
      {"/corpus/trade.txt",
       "Trade news",
       "",
       "",
       "",
       "",
       {{"Armenia exports brandy.", 1},
        {"Trade with Russia grew; Armenia and Russia signed trade deals, and trade rose.", 2},
        {"Trade fairs were held.", 3}}},
  };
  return a;
}

lede::search::SearchOptions defaults() {
  lede::search::SearchOptions o;
  o.limit = 20;
  return o;
}

std::string first_hit(lede::search::Searcher& s, const std::string& q,
                      lede::search::SearchOptions o = defaults()) {
  const auto r = s.search(q, o);
  if (r.results.empty()) return "(none)";
  return r.results.front().path + ":" + std::to_string(r.results.front().passage);
}

std::vector<std::string> hits(lede::search::Searcher& s, const std::string& q,
                              lede::search::SearchOptions o = defaults()) {
  std::vector<std::string> out;
  for (const auto& r : s.search(q, o).results)
    out.push_back(r.path.substr(8) + ":" + std::to_string(r.passage));
  return out;
}

}  // namespace

TEST_CASE("queries find the passage a reader expects first") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  struct Row {
    const char* query;
    const char* expected;  // path:passage of the first result
  };
  const Row rows[] = {
      {"CSTO", "/corpus/shift.txt:2"},
      {"csto alliance", "/corpus/shift.txt:2"},
      {"russia's neighbours", "/corpus/shift.txt:2"},  // straight apostrophe, curly in none
      {"neighbour", "/corpus/shift.txt:2"},            // singular for plural
      {"\"strategic partnership\"", "/corpus/partnership.txt:1"},
      {"US-Armenia partnership", "/corpus/partnership.txt:1"},
      {"Россия", "/corpus/russia-ru.txt:1"},  // inflected form in the text: России
      {"отношение армения", "/corpus/russia-ru.txt:1"},
      {"Հայաստան", "/corpus/armenia-hy.txt:1"},      // Հայաստանը in the text
      {"phone converstion", "/corpus/shift.txt:3"},  // one word misspelt: the other counts
      {"partnerships", "/corpus/partnership.txt:1"},
      {"trade russia armenia", "/corpus/trade.txt:2"},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    CHECK(first_hit(s, query) == row.expected);
  }
}

TEST_CASE("a query mixing scripts finds the articles of each script") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  const auto r = hits(s, "Армения Armenia");
  CHECK(std::find(r.begin(), r.end(), "russia-ru.txt:1") != r.end());
  CHECK(std::find(r.begin(), r.end(), "partnership.txt:1") != r.end());
  const auto h = hits(s, "Հայաստան Армения");
  CHECK(std::find(h.begin(), h.end(), "russia-ru.txt:1") != h.end());
  CHECK(std::find(h.begin(), h.end(), "armenia-hy.txt:1") != h.end());
}

TEST_CASE("every word counts: more of the words ranks higher, a missing word still appears") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  const auto r = hits(s, "armenia brandy");
  REQUIRE(r.size() >= 2);
  CHECK(r.front() == "trade.txt:1");  // both words
  // Passages with only "armenia" still match, below.
  CHECK(std::find(r.begin(), r.end(), "shift.txt:2") != r.end());
  // --match all requires every word.
  auto o = defaults();
  o.build.match_all = true;
  CHECK(hits(s, "armenia brandy", o) == std::vector<std::string>{"trade.txt:1"});
}

TEST_CASE("syntax elements select what they document") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  using V = std::vector<std::string>;
  auto o = defaults();
  o.per_article = 0;
  struct Row {
    const char* query;
    V expected;  // every result, in order when ranking is clear, else sorted below
  };
  const Row rows[] = {
      {"\"trade deals\"", {"trade.txt:2"}},
      // A word in the title matches every passage of its article (ranked
      // below passages that contain it): partnership.txt:2 is found by its title.
      {"armenia -russia -russia's",
       {"partnership.txt:1", "partnership.txt:2", "shift.txt:3", "trade.txt:1"}},
      {"+brandy armenia", {"trade.txt:1"}},
      {"brandy OR fairs", {"trade.txt:1", "trade.txt:3"}},
      {"trade AND russia", {"trade.txt:2"}},
      {"trade NOT russia", {"trade.txt:1", "trade.txt:3", "shift.txt:3"}},
      {"(brandy OR fairs) AND trade", {"trade.txt:1", "trade.txt:3"}},
      {"armenia NEAR/2 signed", {"partnership.txt:1", "trade.txt:2"}},
      {"armenia NEAR/0 signed", {"partnership.txt:1"}},
      {"sanction*", {"partnership.txt:2"}},
      {"title:partnership", {"partnership.txt:1", "partnership.txt:2"}},
      {"title:\"wire copy\"", {"syndicated.txt:1"}},
      {"lang:ru", {"russia-ru.txt:1"}},
      {"lang:russian", {"russia-ru.txt:1"}},
      {"csto source:\"mirror spectator\"", {"shift.txt:2"}},
      {"trade url:mirrorspectator.com", {"shift.txt:3"}},
      {"signed url:https://example.org/news/partnership",
       {"partnership.txt:1", "partnership.txt:2"}},
      {"path:/corpus/trade.txt brandy", {"trade.txt:1"}},
      {"sanctions date:2024-11..2024-12", {"partnership.txt:2"}},
      {"sanctions date:2025", {}},
      {"армения date:>=2025-03-01", {"russia-ru.txt:1"}},
      {"армения date:<2025-03-01", {}},
      {"date:2025-01", {"armenia-hy.txt:1"}},
      {"neighbours -date:2025-02", {}},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    auto got = hits(s, query, o);
    auto want = row.expected;
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    std::string shown;
    for (const auto& g : got)
      shown += g + " ";
    CAPTURE(shown);
    CHECK(got == want);
  }
}

TEST_CASE("results are limited per article, syndicated copies shown once, articles ranked") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  auto o = defaults();
  o.per_article = 1;
  auto r = hits(s, "armenia russia trade", o);
  std::vector<std::string> articles_seen;
  for (const auto& h : r)
    articles_seen.push_back(h.substr(0, h.find(':')));
  auto sorted = articles_seen;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());

  // The wire copy repeats shift.txt:2 word for word: only one of them shows.
  o.per_article = 0;
  r = hits(s, "csto", o);
  CHECK(r.size() == 1);
  o.dedup = false;
  CHECK(hits(s, "csto", o).size() == 2);

  o = defaults();
  o.articles = true;
  const auto res = s.search("trade", o);
  REQUIRE(!res.results.empty());
  CHECK(res.results.front().path == "/corpus/trade.txt");
  CHECK(res.results.front().more_passages >= 1);
  std::vector<std::string> paths;
  for (const auto& x : res.results)
    paths.push_back(x.path);
  std::sort(paths.begin(), paths.end());
  CHECK(std::adjacent_find(paths.begin(), paths.end()) == paths.end());
}

TEST_CASE("sorting by date orders results newest first, or oldest with date-asc") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  auto o = defaults();
  o.sort = lede::search::Sort::date;
  o.per_article = 1;
  auto r = s.search("armenia OR Армения OR Հայաստան", o);
  std::vector<std::string> dates;
  for (const auto& x : r.results)
    if (!x.date.empty()) dates.push_back(x.date);
  REQUIRE(dates.size() >= 4);
  CHECK(std::is_sorted(dates.rbegin(), dates.rend()));
  o.sort = lede::search::Sort::date_asc;
  r = s.search("armenia date:2024..2025", o);
  dates.clear();
  for (const auto& x : r.results)
    dates.push_back(x.date);
  CHECK(std::is_sorted(dates.begin(), dates.end()));
}

TEST_CASE("limit and offset page through one ranking") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  auto o = defaults();
  o.per_article = 0;
  const auto all = hits(s, "armenia trade russia", o);
  REQUIRE(all.size() >= 5);
  o.limit = 2;
  o.offset = 2;
  const auto page = s.search("armenia trade russia", o);
  REQUIRE(page.results.size() == 2);
  CHECK(page.results[0].rank == 3);
  CHECK(hits(s, "armenia trade russia", o) == std::vector<std::string>{all[2], all[3]});
}

TEST_CASE("highlights are the bytes of the matched words, stems and wildcards included") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  struct Row {
    const char* query;
    const char* expected;  // matched words of the first result, joined by '|'
  };
  const Row rows[] = {
      {"neighbour csto", "neighbours|CSTO"},
      {"\"strategic partnership\"", "strategic|partnership"},
      {"sanction*", "sanctions"},
      {"Россия", "России"},
      {"trade -brandy russia", "Trade|Russia|Russia|trade|trade"},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    const auto r = s.search(query, defaults());
    REQUIRE(!r.results.empty());
    const auto& top = r.results.front();
    std::string words;
    for (const auto& h : top.highlights) {
      if (!words.empty()) words += '|';
      words += top.text.substr(h.begin, h.end - h.begin);
    }
    CHECK(words == row.expected);
  }
}

TEST_CASE("did you mean: only for words the index lacks, with a close indexed word") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  struct Row {
    const char* query;
    const char* suggestion;
  };
  const Row rows[] = {
      {"armenai", "armenia"},
      {"Armenai trade", "Armenia trade"},
      {"phone converstion", "phone conversation"},
      {"armenia", ""},         // spelt right
      {"signed", ""},          // spelt right, though "sign..." words are near
      {"xqzvw", ""},           // nothing close
      {"-armenai trade", ""},  // excluded words are not checked
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    CHECK(s.search(query, defaults()).suggestion == row.suggestion);
  }
}

TEST_CASE("the builder's Xapian queries follow the documented rules") {
  TempDb db(articles());
  Xapian::Database xdb(db.db());
  lede::Analyzer analyzer;
  lede::search::LanguageTable languages(xdb, "");
  struct Row {
    const char* query;
    const char* expected;  // Xapian::Query::get_description()
  };
  const Row rows[] = {
      {"csto", "Query((Zcsto OR 0.5 * ZScsto))"},
      {"Россия", "Query((Zросс OR 0.5 * ZSросс))"},
      {"title:armenia", "Query(ZSarmenia)"},
      {"\"trade deals\"", "Query(((trade PHRASE 2 deals) OR 0.5 * (Strade PHRASE 2 Sdeals)))"},
      {"anti-war",
       "Query((((Zanti OR 0.5 * ZSanti) OR (Zwar OR 0.5 * ZSwar)) OR "
       "0.5 * ((anti PHRASE 2 war) OR 0.5 * (Santi PHRASE 2 Swar))))"},
      {"the csto", "Query((Zcsto OR 0.5 * ZScsto))"},  // a stop word beside a word
      {"the who",                                      // only stop words: kept
       "Query((((Zthe OR 0.5 * ZSthe) OR (Zwho OR 0.5 * ZSwho)) AND_MAYBE "
       "0.10000000000000000555 * (the AND who)))"},
      {"csto brandy",  // the pair is a bonus on top of the words, never OR'ed in
       "Query((((Zcsto OR 0.5 * ZScsto) OR (Zbrandi OR 0.5 * ZSbrandi)) AND_MAYBE "
       "0.10000000000000000555 * (csto AND brandy)))"},
      {"lang:ru", "Query(Lru)"},
      {"csto -lang:ru", "Query(((Zcsto OR 0.5 * ZScsto) AND_NOT Lru))"},
      {"csto lang:ru lang:hy", "Query(((Zcsto OR 0.5 * ZScsto) FILTER (Lru OR Lhy)))"},
      {"csto lang:ru source:x", "Query(((Zcsto OR 0.5 * ZScsto) FILTER (Lru AND XSOURCEx)))"},
      {"date:2025-02", "Query(VALUE_RANGE 0 20250201 20250228)"},
      {"a NEAR/3 b", "Query((a NEAR 5 b))"},
      {"+csto brandy", "Query(((Zcsto OR 0.5 * ZScsto) AND_MAYBE (Zbrandi OR 0.5 * ZSbrandi)))"},
      {"csto csto", "Query((Zcsto OR 0.5 * ZScsto))"},
      {"russia's", "Query((Zrussia OR 0.5 * ZSrussia))"},  // stem and alias agree
      {"sanction*", "Query(sanctions)"},                   // no title word starts so
      {"part*", "Query((partnership OR 0.5 * Spartnership))"},
      {"\"us armenia\"", "Query(((us PHRASE 2 armenia) OR 0.5 * (Sus PHRASE 2 Sarmenia)))"},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    lede::search::QueryBuilder builder(xdb, analyzer, languages, {});
    const auto built = builder.build(parse_query(query));
    CHECK(built.query.get_description() == row.expected);
  }
}

TEST_CASE("feedback adds the stems of the best passages of distinct articles") {
  TempDb db(articles());
  Xapian::Database xdb(db.db());
  lede::Analyzer analyzer;
  lede::search::LanguageTable languages(xdb, "");
  lede::search::QueryBuilder builder(xdb, analyzer, languages, {});
  const auto built = builder.build(parse_query("csto"));
  lede::search::FeedbackOptions o;
  o.documents = 2;  // shift.txt:2 and syndicated.txt:1, the same sentence
  o.terms = 4;
  o.max_share = 1.0;  // a test index is too small for the stop-word cap
  o.min_passages = 0;
  const auto terms =
      feedback_terms(xdb, built.query, Xapian::BM25Weight(), lede::schema::kSlotArticle, o);
  std::string got;
  double sum = 0;
  for (const auto& t : terms) {
    got += t.term + " ";
    sum += t.probability;
  }
  // Each passage's most frequent body stems (ties by term), no title stems:
  CHECK(got == "Zrussia Zallianc Zarmenia Zclose ");  // russia twice: russia's and its alias
  CHECK(sum == doctest::Approx(1.0));

  const std::vector<lede::search::FeedbackTerm> two{{"Zallianc", 0.75}, {"Zweaken", 0.25}};
  lede::search::FeedbackOptions half;
  CHECK(with_feedback(built.query, two, half, true).get_description() ==
        "Query(((Zcsto OR 0.5 * ZScsto) OR (0.375 * Zallianc OR 0.125 * Zweaken)))");
  CHECK(with_feedback(built.query, two, half, false).get_description() ==
        "Query(((Zcsto OR 0.5 * ZScsto) AND_MAYBE (0.375 * Zallianc OR 0.125 * Zweaken)))");
  half.weight = 0;
  CHECK(with_feedback(built.query, two, half, true).get_description() ==
        "Query((Zcsto OR 0.5 * ZScsto))");
}

TEST_CASE("feedback is on by default, can be turned off, and skips small indexes") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  auto o = defaults();
  o.explain = true;
  o.feedback.max_share = 1.0;
  struct Row {
    unsigned documents;
    unsigned min_passages;
    lede::search::Sort sort;
    bool expanded;
  };
  const Row rows[] = {
      {5, 0, lede::search::Sort::relevance, true},
      {0, 0, lede::search::Sort::relevance, false},    // --feedback 0
      {5, 500, lede::search::Sort::relevance, false},  // the test index has 11 passages
      {5, 0, lede::search::Sort::date, false},         // relevance only breaks ties
  };
  CHECK(lede::search::SearchOptions{}.feedback.documents == 5);
  for (const auto& row : rows) {
    CAPTURE(row.documents);
    CAPTURE(row.min_passages);
    o.feedback.documents = row.documents;
    o.feedback.min_passages = row.min_passages;
    o.sort = row.sort;
    const auto r = s.search("csto", o);
    CHECK((r.explain.xapian.find("Zallianc") != std::string::npos) == row.expanded);
    CHECK_FALSE(r.results.empty());
  }
}

TEST_CASE("a query of punctuation alone is a usage error; a query of unknown words finds nothing") {
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  for (const std::string& q :
       std::vector<std::string>{"!!!", "-", "\"\"", "()", "   ", std::string(10000, 'x')}) {
    const std::string query = q.substr(0, 20);
    CAPTURE(query);
    try {
      (void)s.search(q, defaults());
      FAIL("no error");
    } catch (const lede::Error& e) {
      CHECK(e.kind() == lede::ErrorKind::usage);
    }
  }
  CHECK(s.search("zzzqqq", defaults()).results.empty());
  CHECK(s.search("zzzqqq*", defaults()).results.empty());
  CHECK_NOTHROW((void)s.search("a*", defaults()));
  std::string words;
  while (words.size() < 10000)
    words += "armenia trade \"russia ";
  CHECK_NOTHROW((void)s.search(words, defaults()));
}

TEST_CASE("a database written by another analyzer is refused with a clear message") {
  TempDb db(articles(), "other-analyzer");
  try {
    lede::search::Searcher s(db.db());
    FAIL("opened");
  } catch (const lede::Error& e) {
    CHECK(e.kind() == lede::ErrorKind::database);
    CHECK(std::string(e.what()).find("other-analyzer") != std::string::npos);
  }
  try {
    lede::search::Searcher s("/nonexistent/lede-db");
    FAIL("opened");
  } catch (const lede::Error& e) {
    CHECK(e.kind() == lede::ErrorKind::database);
  }
}

TEST_CASE("a searcher kept open while lede-index commits answers wildcards from the newest data") {
  // lede-query --batch - fed by a script keeps one Searcher for hours. Two
  // commits invalidate the revision it opened; a wildcard reads the term
  // list while it is built, and used to fail there with "cannot build the
  // query: DatabaseModifiedError" instead of reading the new revision.
  TempDb db(articles());
  lede::search::Searcher s(db.db());
  CHECK(first_hit(s, "arm*") != "(none)");
  for (int round = 0; round < 3; ++round) {
    Xapian::WritableDatabase w(db.db(), Xapian::DB_OPEN);
    // Rewriting every document moves every block, so that nothing of the
    // revision the searcher opened survives.
    std::vector<Xapian::docid> ids;
    for (auto it = w.postlist_begin(""); it != w.postlist_end(""); ++it)
      ids.push_back(*it);
    for (const Xapian::docid id : ids) {
      Xapian::Document doc = w.get_document(id);
      doc.add_term("armadillo" + std::to_string(round));
      doc.add_term("armadillo" + std::to_string(round) + "x" + std::to_string(id));
      w.replace_document(id, doc);
    }
    w.commit();
  }
  std::vector<std::string> found;
  CHECK_NOTHROW(found = hits(s, "armadillo2*"));
  CHECK(!found.empty());
  CHECK(first_hit(s, "arm*") != "(none)");
}

TEST_CASE("batch lines are a query or qid<TAB>query") {
  using lede::search::parse_batch_line;
  CHECK(!parse_batch_line("", 1));
  CHECK(!parse_batch_line("   \r", 1));
  auto q = parse_batch_line("russia armenia", 7);
  REQUIRE(q);
  CHECK(q->qid == "7");
  CHECK(q->query == "russia armenia");
  q = parse_batch_line("q12\trussia \"a b\"\r", 3);
  REQUIRE(q);
  CHECK(q->qid == "q12");
  CHECK(q->query == "russia \"a b\"");
  q = parse_batch_line("q13\t", 4);
  REQUIRE(q);
  CHECK(q->query.empty());
}

TEST_CASE("unstemmed terms are searched when the index holds stems the query does not search") {
  struct Row {
    std::vector<std::string> indexed;
    const char* forced;
    bool needed;
  };
  const Row table[] = {
      {{"en"}, "", false},
      {{"en", "ru"}, "", false},
      {{"en", "da"}, "", false},
      // No Snowball stemmer in Xapian 1.4: only unstemmed terms are indexed.
      {{"en", "pl"}, "", true},
      {{"en", "cy"}, "", true},
      {{"vi"}, "", true},
      // --lang replaces English for Latin words: English stems go unsearched.
      {{"en"}, "de", true},
      {{"de"}, "de", false},
  };
  for (const auto& row : table) {
    CAPTURE(row.indexed.size());
    CAPTURE(row.forced);
    CHECK(lede::search::LanguageTable(row.indexed, row.forced).needs_unstemmed() == row.needed);
  }
}
