// End-to-end tests of lede-query on corpus/: the real lede-index builds a
// database in a temporary folder, and lede-query runs as a user would run it.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;
using lede::test::run;

using lede::test::fields;
using lede::test::lines_of;

namespace {

/// corpus/ plus one article of our own (accents, escape sequences), indexed
/// once for the whole file.
class Fixture {
 public:
  Fixture() {
    char tmpl[] = "/tmp/lede-test-query-XXXXXX";
    dir_ = mkdtemp(tmpl);
    extra_ = dir_ + "/cafe-escapes.txt";
    std::ofstream(extra_) << "Pâté and café culture in Yerevan\n\n"
                             "A naïve résumé of Yerevan’s cafés: espresso, brandy and chess.\n\n"
                             "Evil \x1b[31mred\x1b[0m text \x1b]0;owned\x07 and \x1b[2J clears "
                             "the screen \xc2\x9b"
                             "6n in the brandy paragraph.\n";
    std::vector<std::string> argv{lede::test::index_bin(), "--quiet", "--db", db()};
    for (const auto& e : fs::directory_iterator(fs::path(LEDE_SOURCE_DIR) / "corpus"))
      if (e.path().extension() == ".txt") argv.push_back(e.path().string());
    argv.push_back(extra_);
    const auto r = run(argv);
    indexed_ = r.status == 0;
    if (!indexed_) MESSAGE("lede-index failed: " << r.err);
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  [[nodiscard]] std::string db() const { return dir_ + "/db"; }
  [[nodiscard]] std::string dir() const { return dir_; }
  [[nodiscard]] bool indexed() const { return indexed_; }

  lede::test::Outcome query(std::vector<std::string> args, const std::string& input = {},
                            const lede::test::Env& env = {}) const {
    args.insert(args.begin(), {lede::test::query_bin(), "--db", db()});
    return run(args, input, env);
  }

 private:
  std::string dir_;
  std::string extra_;
  bool indexed_ = false;
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A well-formed TREC line: qid Q0 docid rank score tag, score with 6 decimals.
bool trec_line(const std::string& line) {
  const auto f = fields(line);
  if (f.size() != 6 || f[1] != "Q0" || f[0].empty() || f[2].empty() || !all_digits(f[3]))
    return false;
  const auto dot = f[4].find('.');
  return dot != std::string::npos && all_digits(f[4].substr(0, dot)) &&
         all_digits(f[4].substr(dot + 1)) && f[4].size() - dot - 1 == 6 && !f[5].empty();
}

}  // namespace

TEST_CASE("realistic queries find the passage a reader expects first") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  struct Row {
    const char* query;
    const char* file;     // the first result's file name starts with this
    const char* passage;  // ...and its passage contains this
  };
  const Row rows[] = {
      {"russia's foreign policy", "001_", "Russia’s foreign policy has significantly changed"},
      {"russias foreign policy", "001_", "Russia’s foreign policy has significantly changed"},
      {"collective security treaty organisation", "002_", "asked the Moscow-led Collective"},
      {"CSTO", "002_", "Collective Security Treaty Organisation (CSTO)"},
      {"sanction lifted", "000_", "sanctions imposed by the Biden administration"},
      {"\"Truth Social\"", "000_", "Truth Social account"},
      {"victory parade moscow", "000_", "Victory Parade"},
      {"US Armenia strategic partnership agreement", "003_", "strategic partnership"},
      {"cafe resume", "cafe-escapes", "naïve résumé"},
      {"yerevans cafes", "cafe-escapes", "naïve résumé"},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    const auto r = f.query({"--json", "-n", "1", query});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["results"].size() == 1);
    const auto& top = j["results"][0];
    const std::string path = top["path"];
    const std::string text = top["text"];
    CAPTURE(path);
    CAPTURE(text);
    CHECK(fs::path(path).filename().string().starts_with(row.file));
    CHECK(text.find(row.passage) != std::string::npos);
  }
}

TEST_CASE("every syntax element works through the command line") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  struct Row {
    const char* query;
    int status;            // 0 results, 1 none
    const char* contains;  // in every result's text or title ("" to skip)
  };
  const Row rows[] = {
      {"\"Collective Security Treaty\"", 0, "Collective Security Treaty"},
      {"CSTO -Simonyan", 0, ""},
      {"+pistol CSTO", 0, "pistol"},
      {"pistol AND bullets", 0, "bullets"},
      {"pistol OR espresso", 0, ""},
      {"CSTO NOT pistol", 0, ""},
      {"(pistol OR espresso) AND (bullets OR chess)", 0, ""},
      {"Trump NEAR/2 Putin", 0, ""},
      {"sanct*", 0, "sanction"},
      {"title:cafe", 0, ""},
      {"lang:en CSTO", 0, "CSTO"},
      {"lang:hy CSTO", 1, ""},
      {"date:2025-02..2025-03 Trump", 0, ""},
      {"date:>=2030-01-01 Trump", 1, ""},
      {"url:mirrorspectator.com Trump", 0, ""},
  };
  for (const auto& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    const auto r = f.query({"--json", "--per-article", "0", "-n", "50", query});
    CAPTURE(r.err);
    CHECK(r.status == row.status);
    if (r.status > 1) continue;
    const auto j = nlohmann::json::parse(r.out);
    if (*row.contains)
      for (const auto& res : j["results"]) {
        const std::string both =
            res["title"].get<std::string>() + " " + res["text"].get<std::string>();
        CHECK(both.find(row.contains) != std::string::npos);
      }
  }
  // -exclude really excludes.
  const auto j = nlohmann::json::parse(f.query({"--json", "-n", "50", "CSTO -Simonyan"}).out);
  for (const auto& res : j["results"])
    CHECK(res["text"].get<std::string>().find("Simonyan") == std::string::npos);
  // path: limits to a folder, absolute or relative to the current folder
  // (the tests run in the source folder, so corpus/ is relative).
  const auto rel = f.query({"--json", "-n", "50", "CSTO path:corpus"});
  REQUIRE(rel.status == 0);
  const auto in_corpus = nlohmann::json::parse(rel.out);
  CHECK(!in_corpus["results"].empty());
  for (const auto& res : in_corpus["results"])
    CHECK(res["path"].get<std::string>().find("/corpus/") != std::string::npos);
  const auto p = f.query({"--json", "-n", "50", "brandy path:" + f.dir()});
  REQUIRE(p.status == 0);
  const auto found = nlohmann::json::parse(p.out);
  for (const auto& res : found["results"])
    CHECK(res["path"].get<std::string>().starts_with(f.dir()));
}

TEST_CASE("--json parses back with the documented fields and version") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  const auto r = f.query({"--json", "--explain", "Pashinyan Europe"});
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["version"] == "3");
  CHECK(j["query"] == "Pashinyan Europe");
  CHECK(j["parsed"] == "(Pashinyan Europe)");
  CHECK(j["total"].get<int>() >= static_cast<int>(j["results"].size()));
  CHECK(j["total_lower"] == j["total"]);
  CHECK(j["total_upper"] == j["total"]);
  CHECK(j.contains("explain"));
  for (const auto& res : j["results"]) {
    for (const char* key : {"rank", "score", "article_id", "path", "title", "date", "url",
                            "passage", "lines", "bytes", "text", "highlights"})
      CHECK(res.contains(key));
    const std::string text = res["text"];
    for (const auto& h : res["highlights"]) {
      const auto b = h[0].get<std::size_t>(), e = h[1].get<std::size_t>();
      REQUIRE(e <= text.size());
      const auto word = text.substr(b, e - b);
      CHECK((word.starts_with("Pashinyan") || word.starts_with("Europ")));
    }
  }
}

TEST_CASE("--jsonl, --tsv and --trec parse back line by line") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  auto r = f.query({"--jsonl", "-n", "5", "Armenia Russia"});
  REQUIRE(r.status == 0);
  auto lines = lines_of(r.out);
  CHECK(lines.size() == 5);
  for (const auto& l : lines)
    CHECK(nlohmann::json::parse(l)["version"] == "3");

  r = f.query({"--tsv", "-n", "5", "Armenia Russia"});
  REQUIRE(r.status == 0);
  lines = lines_of(r.out);
  REQUIRE(lines.size() == 6);
  const auto columns = std::count(lines[0].begin(), lines[0].end(), '\t');
  for (const auto& l : lines)
    CHECK(std::count(l.begin(), l.end(), '\t') == columns);

  r = f.query({"--trec", "-n", "5", "Armenia Russia"});
  REQUIRE(r.status == 0);
  int rank = 0;
  for (const auto& l : lines_of(r.out)) {
    CAPTURE(l);
    CHECK(trec_line(l));
    const auto parts = fields(l);
    REQUIRE(parts.size() == 6);
    CHECK(parts[0] == "1");
    CHECK(parts[2].find('#') != std::string::npos);
    CHECK(parts[3] == std::to_string(++rank));
    CHECK(parts[5] == "lede");
  }
}

TEST_CASE("exit codes follow grep: 0 results, 1 none, 2 errors") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  CHECK(f.query({"Armenia"}).status == 0);
  CHECK(f.query({"zzzqxq"}).status == 1);
  CHECK(f.query({"date:2025-13"}).status == 2);
  CHECK(f.query({"--bm25", "x"}).status == 2);
  CHECK(f.query({"--sort", "sideways", "Armenia"}).status == 2);
  CHECK(f.query({}).status == 2);
  const auto missing = run({lede::test::query_bin(), "--db", f.dir() + "/nothing", "Armenia"});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("nothing") != std::string::npos);
  // Options work too: ranking articles, sorting by date, paging, BM25.
  CHECK(f.query({"--articles", "Armenia"}).status == 0);
  CHECK(f.query({"--sort", "date", "--bm25", "0.9,0.4", "--offset", "2", "Armenia"}).status == 0);
}

TEST_CASE("malformed queries get a message or a fallback, never a crash") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  std::string huge;
  while (huge.size() < 10000)
    huge += "Armenia Russia ";
  const std::vector<std::string> queries{"\"unbalanced quote",
                                         "(unbalanced paren",
                                         "unbalanced)",
                                         "AND",
                                         "OR OR",
                                         "NOT",
                                         "-",
                                         "NEAR/3",
                                         "a*",
                                         "*",
                                         "nosuchfield:value",
                                         "title:",
                                         "((((((((((((((((((((((((((((((((((x",
                                         huge,
                                         std::string(10000, 'x'),
                                         std::string("nul\0byte", 8),
                                         "\xff\xfe",
                                         "date:"};
  for (const auto& q : queries) {
    CAPTURE(q.substr(0, 40));
    const auto r = f.query({"--", q});
    CHECK(r.status <= 2);  // never killed by a signal, never an uncaught exception
    CHECK(r.err.find("internal error") == std::string::npos);
    if (r.status == 2) CHECK(!r.err.empty());
  }
  CHECK(f.query({"nosuchfield:value"}).err.find("no field 'nosuchfield:'") != std::string::npos);
}

TEST_CASE("did you mean: offered for a misspelt word, not for words spelt right") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  auto j = nlohmann::json::parse(f.query({"--json", "Pashinyn"}).out);
  CHECK(j["suggestion"] == "Pashinyan");
  j = nlohmann::json::parse(f.query({"--json", "rain in Armenia"}).out);
  CHECK(j["suggestion"].is_null());
  const auto t = f.query({"Pashinyn"});
  CHECK(t.out.find("Did you mean: Pashinyan?") != std::string::npos);
}

namespace {

// Terminal columns of @p line (UTF-8), counted independently of lede: two for
// the East Asian wide ranges the tests use (Hangul, CJK, full-width forms),
// one for every other code point.
std::size_t columns_of(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size();) {
    const auto b = static_cast<unsigned char>(line[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = len == 1 ? b : b & (0x3F >> (len - 1));
    for (std::size_t k = 1; k < len && i + k < line.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(line[i + k]) & 0x3F);
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFD);
    n += wide ? 2 : 1;
    i += len;
  }
  return n;
}

}  // namespace

TEST_CASE("--articles lines fill the terminal width exactly, title first, path cut on the left") {
  // Regression: every cut line was one column wider than the terminal (the
  // label's trailing space went uncounted), so each one wrapped.
  lede::test::TempDir tmp;
  const std::string folder =
      tmp / "news/a-rather-long-folder-name-for-the-regional-desk/2025/february";
  std::string latin = "Parliament approves the harbour budget";
  for (int i = 0; i < 3; ++i)
    latin += " after a long night of debate on ferries, grain silos and the new railway line";
  std::string cjk;
  for (int i = 0; i < 40; ++i)
    cjk += "港口预算";
  lede::test::write_file(folder + "/harbour-budget-approved.md",
                         "---\ntitle: " + latin +
                             "\ndate: 2025-02-17T10:30:00Z\n---\n\n"
                             "The harbour budget passed after a long debate in parliament.\n");
  lede::test::write_file(folder + "/harbour-budget-cjk.md",
                         "---\ntitle: " + cjk +
                             "\n---\n\n"
                             "The harbour budget of the other city passed as well.\n");
  const std::string db = tmp / "db";
  REQUIRE(run({lede::test::index_bin(), "--db", db, "-q", tmp / "news"}).status == 0);
  struct Row {
    const char* columns;
    const char* latin_start;  // what the Latin title's line starts with, after "N. "
    const char* cjk_start;    // ...and the Chinese one's
    const char* date;         // as shown after the Latin title
  };
  // At 40 columns the date gives way to the path; the title keeps 20.
  const Row rows[] = {
      {"40", "Parliament approves…  …", "港口预算港口预算港…   …", ""},
      {"80", "Parliament approves…  2025", "港口预算港口预算港…   …", "  2025-02-17T10:30  "},
      {"200", "Parliament approves the harbour budget after a long night",
       "港口预算港口预算港口预算", "…  2025-02-17T10:30  "},
  };
  for (const Row& row : rows) {
    CAPTURE(row.columns);
    const auto r = run({lede::test::query_bin(), "--db", db, "--articles", "harbour budget"}, {},
                       {std::string("COLUMNS=") + row.columns});
    REQUIRE(r.status == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    for (const auto& line : lines) {
      CAPTURE(line);
      CHECK(columns_of(line) == std::stoul(row.columns));
      // The way to the article stays: the end of the file name and the line.
      CHECK((line.ends_with("-approved.md:6") || line.ends_with("t-cjk.md:5")));
    }
    const std::string latin_line = lines[0].starts_with("1. P") ? lines[0] : lines[1];
    const std::string cjk_line = lines[0].starts_with("1. P") ? lines[1] : lines[0];
    CHECK(latin_line.substr(3).starts_with(row.latin_start));
    CHECK(cjk_line.substr(3).starts_with(row.cjk_start));
    CHECK(latin_line.find(row.date) != std::string::npos);
    CHECK((latin_line.find("2025-02-17") != std::string::npos) == (*row.date != '\0'));
    // The path loses its left end, marked with "…", when it does not fit.
    const bool full_path = latin_line.find(folder) != std::string::npos;
    CHECK(full_path == (std::string(row.columns) == "200"));
  }
}

TEST_CASE("a heading is shown on its own line, not glued to the paragraph below it") {
  // Regression: corpus/002 showed "Armenia’s strong ties with Russia Russia
  // for many years…", words that are not in the source.
  const auto& f = fixture();
  REQUIRE(f.indexed());
  const auto r = f.query({"-n", "1", "Armenia strong ties with Russia"}, {}, {"COLUMNS=80"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("002_280eba4ca5299cf0.txt:7\n"
                   "   Armenia’s strong ties with Russia\n"
                   "   Russia for many years has been seen") != std::string::npos);
  CHECK(r.out.find("Russia Russia") == std::string::npos);
  // The machine formats carry the text as in the source, line breaks kept.
  const auto j =
      nlohmann::json::parse(f.query({"--json", "-n", "1", "Armenia strong ties with Russia"}).out);
  REQUIRE(j["results"].size() == 1);
  CHECK(j["results"][0]["text"].get<std::string>().starts_with(
      "Armenia’s strong ties with Russia\n\nRussia for many years"));
  const auto tsv = f.query({"--tsv", "-n", "1", "Armenia strong ties with Russia"}).out;
  CHECK(tsv.find("\tArmenia’s strong ties with Russia\\n\\nRussia for many years") !=
        std::string::npos);
}

TEST_CASE("no colour when stdout is not a terminal; escape sequences in articles are defused") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  auto r = f.query({"brandy paragraph"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find("\xc2\x9b") == std::string::npos);
  CHECK(r.out.find("\xEF\xBF\xBD[31mred") != std::string::npos);
  r = f.query({"--color=always", "brandy paragraph"});
  CHECK(r.out.find("\x1b[1;31m") != std::string::npos);
  CHECK(r.out.find("\x1b[31mred") == std::string::npos);
  CHECK(r.out.find("\x1b]0;") == std::string::npos);
  // NO_COLOR and --color=never keep colour off.
  CHECK(f.query({"--color=never", "brandy"}).out.find('\x1b') == std::string::npos);
  CHECK(f.query({"brandy"}, {}, {"NO_COLOR=1"}).out.find('\x1b') == std::string::npos);
}

namespace {

/// Runs @p argv with stdout and stderr on a pseudo-terminal 100 columns wide,
/// as in an interactive shell, and returns what the terminal received. The
/// environment is the test's own without NO_COLOR and TERM, plus @p env.
lede::test::Outcome run_on_pty(const std::vector<std::string>& argv, const lede::test::Env& env) {
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('=') + 1);
    bool dropped = name == "NO_COLOR=" || name == "TERM=";
    for (const auto& extra : env)
      dropped = dropped || name == extra.substr(0, extra.find('=') + 1);
    if (!dropped) environment.push_back(entry);
  }
  environment.insert(environment.end(), env.begin(), env.end());
  // Everything the child needs is built before fork: after it, only execve.
  std::vector<char*> envp, args;
  for (auto& e : environment)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& a : argv_copy)
    args.push_back(a.data());
  args.push_back(nullptr);
  winsize size{};
  size.ws_row = 50;
  size.ws_col = 100;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  lede::test::Outcome outcome;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(master, buffer, sizeof buffer);
    if (n > 0) {
      outcome.out.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO: the child closed its side of the terminal.
    }
  }
  close(master);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

/// @p text without its SGR sequences (colours), so that checks read what is seen.
std::string without_sgr(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\x1b[") == 0) {
      const auto m = text.find('m', i);
      if (m != std::string::npos) {
        i = m;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

TEST_CASE("on a terminal path:line is an OSC 8 link to the file; in a pipe it is not") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  const std::string link = "\x1b]8;;file://" + host_name() + f.dir() + "/cafe-escapes.txt";
  const std::string close = "\x1b]8;;\x1b\\";
  auto query = [&](std::vector<std::string> args, const lede::test::Env& env) {
    args.insert(args.begin(), {lede::test::query_bin(), "--db", f.db()});
    return run_on_pty(args, env);
  };
  const lede::test::Env xterm{"TERM=xterm-256color"};
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"brandy paragraph"}, {"--articles", "brandy paragraph"}}) {
    CAPTURE(args[0]);
    const auto r = query(args, xterm);
    CAPTURE(r.out);
    REQUIRE(r.status == 0);
    // The link wraps the visible path:line and ends right after it; the
    // URI has no line, which most terminals' file openers would not accept.
    const std::string out = without_sgr(r.out);
    const std::string start = link + "\x1b\\";
    const auto at = out.find(start);
    REQUIRE(at != std::string::npos);
    CHECK(out.substr(at + start.size()).starts_with(f.dir() + "/cafe-escapes.txt:5" + close));
  }
  // kitty opens a file at the line in the URI's fragment.
  auto r = query({"brandy paragraph"}, {"TERM=xterm-kitty"});
  CHECK(r.out.find(link + "#5\x1b\\") != std::string::npos);
  // Opt-outs on a terminal: --hyperlink=never, NO_COLOR, TERM=dumb, and
  // the machine formats.
  for (const auto& [args, env] : std::vector<std::pair<std::vector<std::string>, lede::test::Env>>{
           {{"--hyperlink=never", "brandy"}, xterm},
           {{"brandy"}, {"TERM=xterm-256color", "NO_COLOR=1"}},
           {{"brandy"}, {"TERM=dumb"}},
           {{"--json", "brandy"}, xterm},
           {{"--tsv", "--hyperlink=always", "brandy"}, xterm}}) {
    CAPTURE(args[0]);
    r = query(args, env);
    CHECK(r.status == 0);
    CHECK(r.out.find("brandy") != std::string::npos);
    CHECK(r.out.find("\x1b]8") == std::string::npos);
  }
  // In a pipe: no link unless asked for.
  r = f.query({"brandy paragraph"}, {}, {"TERM=xterm-256color"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("\x1b]8") == std::string::npos);
  r = f.query({"--hyperlink=always", "brandy paragraph"});
  CHECK(r.out.find(link + "\x1b\\") != std::string::npos);
  CHECK(r.out.find(close) != std::string::npos);
  CHECK(f.query({"--hyperlink=sometimes", "brandy"}).status == 2);
}

TEST_CASE("a link's URI percent-encodes a file name's spaces, accents and escape sequences") {
  lede::test::TempDir tmp;
  const std::string name = "news \xc3\xa9\x1b]8;;http:x\x07.txt";
  lede::test::write_file(tmp.path / name, "Zanzibar harbour ferries sail at dawn.\n");
  const std::string db = (tmp.path / "db").string();
  REQUIRE(
      run({lede::test::index_bin(), "--quiet", "--db", db, (tmp.path / name).string()}).status ==
      0);
  const auto r =
      run_on_pty({lede::test::query_bin(), "--db", db, "Zanzibar"}, {"TERM=xterm-256color"});
  CAPTURE(r.out);
  REQUIRE(r.status == 0);
  const std::string uri =
      "file://" + host_name() + tmp.path.string() + "/news%20%C3%A9%1B%5D8%3B%3Bhttp%3Ax%07.txt";
  CHECK(r.out.find("\x1b]8;;" + uri + "\x1b\\") != std::string::npos);
  // The name's own escape sequence and BEL never reach the terminal raw.
  CHECK(r.out.find("\x1b]8;;http") == std::string::npos);
  CHECK(r.out.find('\x07') == std::string::npos);
  CHECK(without_sgr(r.out).find("\xEF\xBF\xBD]8;;http:x\xEF\xBF\xBD.txt:1\x1b]8;;\x1b\\") !=
        std::string::npos);
}

TEST_CASE("--batch runs every line, reports a bad one by number, and uses the qids") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  const std::string input = "q1\tCSTO\nq2\tdate:2025-13\n\nq3\tzzzqxq\nPashinyan\n";
  auto r = f.query({"--batch", "-", "--trec", "-n", "2"}, input);
  CHECK(r.status == 2);
  CHECK(r.err.find(":2:") != std::string::npos);
  std::vector<std::string> qids;
  for (const auto& l : lines_of(r.out))
    qids.push_back(l.substr(0, l.find(' ')));
  CHECK(std::count(qids.begin(), qids.end(), "q1") == 2);
  CHECK(std::count(qids.begin(), qids.end(), "5") == 2);  // no qid: the line number
  CHECK(std::count(qids.begin(), qids.end(), "q3") == 0);
  // A note about one query of a batch names its line.
  r = f.query({"--batch", "-", "--trec"}, "CSTO\narmenai\n");
  CHECK(r.err.find("-:2: did you mean: armenia?") != std::string::npos);
  // With --articles the TREC docid is the article id.
  r = f.query({"--batch", "-", "--trec", "--articles", "-n", "1"}, "a\tCSTO\n");
  REQUIRE(r.status == 0);
  const auto line = lines_of(r.out).at(0);
  CHECK(trec_line(line));
  CHECK(fields(line)[0] == "a");
  CHECK(fields(line)[2].ends_with(".txt"));  // the article id: its path, no #passage
  // --json gives one document per query.
  r = f.query({"--batch", "-", "--json"}, "CSTO\nPashinyan\n");
  REQUIRE(r.status == 0);
  const auto docs = lines_of(r.out);
  REQUIRE(docs.size() == 2);
  CHECK(nlohmann::json::parse(docs[1])["qid"] == "2");
}

TEST_CASE("a closed pipe ends lede-query quietly") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  // stdout is a pipe whose reader has gone, as with "| head" after it exits.
  int out[2];
  REQUIRE(pipe(out) == 0);
  close(out[0]);
  int err[2];
  REQUIRE(pipe(err) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  std::vector<std::string> args{
      lede::test::query_bin(),   "--db", f.db(), "--per-article", "0", "-n", "1000",
      "Armenia OR Russia OR the"};
  std::vector<char*> c_args;
  for (auto& a : args)
    c_args.push_back(a.data());
  c_args.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  std::string errors;
  char buf[4096];
  for (ssize_t n; (n = read(err[0], buf, sizeof buf)) > 0;)
    errors.append(buf, static_cast<std::size_t>(n));
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(errors.empty());
}

TEST_CASE("every article is found by each of its words as typed, whatever its language") {
  // News-like articles in 14 languages (tests/data/languages), most without
  // a Snowball stemmer in Xapian 1.4, and an English one full of Welsh names
  // that the detector takes for Welsh, indexed together with corpus/. Each
  // is ranked first for three of its body words and one title word, typed
  // in lower case and without accents.
  struct Row {
    const char* file;
    std::vector<std::string> words;
  };
  const std::vector<Row> table = {
      {"pl", {"warszawie", "budzet", "deficyt", "title:sejm"}},
      {"cs", {"stavebniho", "povolovani", "starostove", "title:schvalila"}},
      {"sk", {"zdravotnictva", "bratislave", "sestier", "title:pracovisko"}},
      {"hr", {"gradonacelnik", "tramvajske", "guzve", "title:obnavlja"}},
      {"sl", {"obcina", "citalnico", "zupan", "title:odpira"}},
      {"lv", {"brivostas", "piestatnes", "dzelzcela", "title:pieaug"}},
      {"et", {"kruiisilaeva", "vanalinna", "koristamise", "title:rekordilist"}},
      {"is", {"grindavik", "ibuar", "skjalftavirkni", "title:eldgos"}},
      {"cy", {"disgyblion", "llywodraethwyr", "ymgynghoriad", "title:ysgolion"}},
      {"vi", {"duyet", "vuong", "giam", "title:duong"}},
      {"uk", {"електропостачання", "мешканців", "трансформаторів", "title:відновлює"}},
      {"el", {"κλιματιζομενες", "μετεωρολογοι", "πυροσβεστικη", "title:ενισχυει"}},
      {"id", {"pelabuhan", "pengusaha", "kemacetan", "title:memperluas"}},
      {"en-welsh", {"arson", "llanfairpwllgwyngyll", "caernarfon", "title:plaid"}},
  };
  lede::test::TempDir tmp;
  const std::string db = tmp / "db";
  const auto indexed =
      run({lede::test::index_bin(), "--quiet", "--db", db, std::string(LEDE_SOURCE_DIR) + "/corpus",
           std::string(LEDE_SOURCE_DIR) + "/tests/data/languages"});
  REQUIRE(indexed.status == 0);
  for (const auto& row : table)
    for (const auto& word : row.words) {
      CAPTURE(word);
      const auto found = run({lede::test::query_bin(), "--db", db, "--json", "--limit", "1", word});
      const auto j = nlohmann::json::parse(found.out, nullptr, false);
      REQUIRE((j.is_object() && j["results"].size() == 1));
      const auto article = j["results"][0].value("article_id", "");
      CHECK(article.substr(article.rfind('/') + 1) == std::string(row.file) + ".txt");
    }
}

TEST_CASE("field values are normalized alike when indexing and querying") {
  lede::test::TempDir tmp;
  lede::test::write_file(
      tmp.path / "home/news/wire.jsonl",
      R"({"id":"w1","title":"Harbour strike ends","author":"Anna Petrosyan","lang":"en-GB",)"
      R"("text":"Dock workers in Gyumri ended their strike on Monday after a pay deal."})"
      "\n");
  lede::test::write_file(tmp.path / "other/ailleurs.jsonl",
                         R"({"id":"o1","title":"Grève ailleurs","lang":"fr",)"
                         R"("text":"Une autre grève, loin des docks de Gyumri."})"
                         "\n");
  const std::string db = tmp / "db";
  REQUIRE(
      run({lede::test::index_bin(), "-q", "--db", db, tmp / "home/news", tmp / "other"}).status ==
      0);
  std::string home = "HOME=";
  home += tmp / "home";
  const lede::test::Env env{home};
  // The article ids of the results, in rank order (TREC's third column).
  auto ids = [&](const std::string& query) {
    const auto r =
        run({lede::test::query_bin(), "--db", db, "--trec", "--articles", query}, {}, env);
    std::string out;
    for (const auto& line : lines_of(r.out)) {
      if (!out.empty()) out += ' ';
      out += fields(line).at(2);
    }
    return out;
  };
  struct Row {
    std::string query;
    std::string expected;
  };
  const Row table[] = {
      {"gyumri author:petrosyan", "w1"},
      {"gyumri author:anna", "w1"},
      {"gyumri author:\"Anna Petrosyan\"", "w1"},
      {"gyumri lang:FR", "o1"},
      {"gyumri lang:en-US", "w1"},
      {"gyumri lang:EN", "w1"},
      {"gyumri path:~/news", "w1"},
      {"gyumri path:~/news/", "w1"},
  };
  for (const auto& row : table) {
    CAPTURE(row.query);
    CHECK(ids(row.query) == row.expected);
  }
  // A path where nothing was indexed is said, not silently empty.
  const auto nowhere = run({lede::test::query_bin(), "--db", db, "gyumri path:~/archive"}, {}, env);
  CHECK(nowhere.status == 1);
  std::string said = "path:~/archive is ";
  said += tmp / "home/archive";
  said += ", where no article was indexed";
  CHECK(nowhere.err.find(said) != std::string::npos);
}

TEST_CASE("every line of a list, a poem and a Markdown list is found by lede-query") {
  // Text made of short lines once lost everything after its tenth paragraph
  // to the footer rule. Each item is queried on its own (one batch line
  // each) and must come back from its own file, in a passage that holds it.
  lede::test::TempDir dir;
  struct File {
    std::string name;
    std::string heading;
    std::vector<std::string> items;
  };
  std::vector<File> files = {
      {"list.txt", "Shopping list\n", {"apples", "bananas", "carrots", "dates",    "eggs",
                                       "flour",  "grapes",  "ham",     "icing",    "jam",
                                       "lemons", "milk",    "noodles", "oranges",  "peppers",
                                       "quinoa", "rice",    "spinach", "tomatoes", "zucchini"}},
      {"poem.txt",
       "The Long Road\n",
       {"the road goes on and on", "past the mill and the stone wall", "where the swallows nest",
        "and the river bends seaward", "I walked it once with you",
        "when the hawthorn was in bloom", "and the evening light was gold",
        "we said nothing for a mile", "then you laughed at the crows", "and the crows cawed back",
        "now the hedges have grown tall", "and the mill has lost its wheel",
        "but the track winds farther still", "beyond the ferry and the pines",
        "to the lighthouse at the end"}},
      {"packing.md", "# Packing list\n\n", {}},
  };
  for (const char* item :
       {"tent",      "sleeping bag", "stove",     "kettle",     "matches",  "compass",
        "map",       "torch",        "batteries", "rope",       "tarp",     "knife",
        "spoon",     "mug",          "plate",     "towel",      "soap",     "toothbrush",
        "sunscreen", "hat",          "gloves",    "scarf",      "raincoat", "boots",
        "socks",     "notebook",     "pencil",    "binoculars", "whistle",  "bandages"})
    files[2].items.push_back(item);
  REQUIRE(files[2].items.size() == 30);
  std::string batch;
  std::vector<std::pair<std::string, std::string>> expected;  // by qid - 1: (file, item)
  for (const File& f : files) {
    std::string text = f.heading;
    for (const std::string& item : f.items) {
      text += (f.name.ends_with(".md") ? "- " : "") + item + "\n";
      const std::string qid = std::to_string(expected.size() + 1);
      batch += qid + "\t\"" + item + "\"\n";
      expected.emplace_back(f.name, item);
    }
    lede::test::write_file(dir.path / f.name, text);
  }
  const std::string db = dir / "db";
  const auto indexed = run({lede::test::index_bin(), "--quiet", "--db", db, dir / "list.txt",
                            dir / "poem.txt", dir / "packing.md"});
  REQUIRE(indexed.status == 0);
  const auto r =
      run({lede::test::query_bin(), "--db", db, "--batch", "-", "--jsonl", "-n", "3"}, batch);
  CHECK(r.status == 0);
  std::vector<bool> found(expected.size(), false);
  for (const auto& line : lines_of(r.out)) {
    const auto j = nlohmann::json::parse(line);
    const std::size_t k = std::stoul(j["qid"].get<std::string>()) - 1;
    REQUIRE(k < expected.size());
    if (j["path"] == dir / expected[k].first &&
        j["text"].get<std::string>().find(expected[k].second) != std::string::npos)
      found[k] = true;
  }
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CAPTURE(expected[k].first);
    CAPTURE(expected[k].second);
    CHECK(found[k]);
  }
}

TEST_CASE("British and American spellings find each other in corpus/") {
  const auto& f = fixture();
  REQUIRE(f.indexed());
  // corpus/002 writes "Organisation", 001 and 003 "Organization".
  auto articles = [&](const std::string& query) {
    std::string out;
    for (const auto& line : lines_of(f.query({"--trec", "--articles", query}).out)) {
      const auto id = fields(line).at(2);
      if (!out.empty()) out += ' ';
      out += id.substr(id.rfind('/') + 1, 3);
    }
    return out;
  };
  CHECK(articles("organization") == articles("organisation"));
  CHECK(articles("organisation").find("002") != std::string::npos);
  CHECK(articles("organization").find("001") != std::string::npos);
}
