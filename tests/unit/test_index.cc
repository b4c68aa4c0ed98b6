// Tests for core/index: passage documents, the update cycle, batches, locks
// and statistics, with articles built in the test (no ingest involved).
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis/analyzer.h"
#include "core/index/indexer.h"
#include "core/index/prepare.h"
#include "core/index/stats.h"
#include "core/schema/schema.h"
#include "core/util/error.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using lede::Article;
using lede::Passage;
using lede::Problem;
namespace idx = lede::index;
namespace schema = lede::schema;

using lede::test::TempDir;
using lede::test::write_file;

namespace {

// A minimal stand-in for ingest: the first line is the title, each further
// non-empty line a passage; the id is the path.
Article read_article(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  Article a;
  a.id = p.string();
  a.path = p.string();
  a.format = "text";
  a.encoding = "UTF-8";
  a.language = "en";
  a.text = ss.str();
  std::istringstream lines(a.text);
  std::string line;
  std::uint32_t n = 0, ordinal = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (line.empty()) continue;
    if (a.title.empty()) {
      a.title = line;
      continue;
    }
    Passage passage;
    passage.ordinal = ++ordinal;
    passage.text = line;
    passage.line_begin = passage.line_end = n;
    a.passages.push_back(passage);
  }
  return a;
}

// The files under @p root in sorted order, each read with read_article.
idx::Source folder_source(const fs::path& root) {
  return [root](const std::function<void(idx::Input &&)>& on_input,
                const idx::ProblemSink& on_problem) {
    if (!fs::exists(root)) {
      on_problem(Problem{root.string(), "No such file or directory"});
      return;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      idx::Input input;
      input.path = f.string();
      input.size = fs::file_size(f);
      input.read = [f](const idx::ArticleSink& on_article,
                       const idx::ProblemSink& on_read_problem) {
        Article a = read_article(f);
        if (a.title.empty())
          on_read_problem(Problem{f.string(), "empty file"});
        else
          on_article(std::move(a));
      };
      on_input(std::move(input));
    }
  };
}

idx::Options options_for(const TempDir& tmp, const fs::path& root) {
  idx::Options o;
  o.db = (tmp.path / "db").string();
  o.roots = {root.string()};
  o.threads = 2;
  return o;
}

// Renders the counts of a summary compactly: "a2 u0 s0 r0 d0 f0 w1".
std::string counts(const idx::Summary& s) {
  std::ostringstream out;
  out << 'a' << s.added << " u" << s.updated << " s" << s.unchanged << " r" << s.removed << " d"
      << s.duplicates << " f" << s.failed << " w" << s.written;
  return out.str();
}

std::vector<std::string> terms_of(const Xapian::Document& doc) {
  std::vector<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    out.push_back(*t);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Article sample_article() {
  Article a;
  a.id = "/archive/world/armenia.txt";
  a.path = "/archive/world/armenia.txt";
  a.format = "text";
  a.encoding = "UTF-8";
  a.title = "Armenia Shifts";
  a.date = "2025-02-17T14:24";
  a.url = "https://www.Example.com:8080/news/armenia?x=1";
  a.author = "José Pérez";
  a.language = "en";
  a.text = "Armenia Shifts\n\nTalks were running.\n\nThe partnership agreement.\n";
  a.passages = {Passage{1, "Talks were running.", 3, 3, 16, 35},
                Passage{2, "The partnership agreement.", 5, 5, 37, 63}};
  return a;
}

}  // namespace

TEST_CASE("a passage document carries Omega-style terms, values and its JSON data") {
  lede::Analyzer analyzer;
  const Article a = sample_article();
  const auto prepared = idx::prepare(a, analyzer, {}, 1700000000);
  REQUIRE(prepared.passages.size() == 2);
  const auto& doc = prepared.passages[0];
  const auto terms = terms_of(doc);
  const std::string key = schema::article_key(a.id);

  struct Row {
    std::string term;
    bool present;
  };
  const Row rows[] = {
      {"Q" + key + ":1", true},
      {"XA" + key, true},
      {"P/archive/world/armenia.txt", true},
      {"XDIR/archive/world", true},
      {"XDIR/archive", true},
      {"Uhttps://www.Example.com:8080/news/armenia?x=1", true},
      {"Hwww.example.com", true},
      {"Len", true},
      {"XFORMATtext", true},
      {"Y2025", true},
      {"M202502", true},
      {"D20250217", true},
      {"Ajose perez", true},
      {"XHASH" + idx::content_hash(a), true},
      {"talks", true},
      {"running", true},
      {"Zrun", true},
      {"Sarmenia", true},
      {"ZSshift", true},
      {"partnership", false},  // belongs to the second passage
  };
  for (const auto& row : rows) {
    CAPTURE(row.term);
    CHECK(has(terms, row.term) == row.present);
  }
  // Positions: body words from 1, title words from 1 under their prefix;
  // stems carry none.
  auto positions = [&](const std::string& term) {
    std::string out;
    auto t = doc.termlist_begin();
    t.skip_to(term);
    if (t == doc.termlist_end() || *t != term) return out;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      out += std::to_string(*p) + " ";
    return out;
  };
  CHECK(positions("talks") == "1 ");
  CHECK(positions("running") == "3 ");
  CHECK(positions("Sshifts") == "2 ");
  CHECK(positions("Zrun").empty());

  CHECK(doc.get_value(schema::kSlotDate) == "20250217");
  CHECK(doc.get_value(schema::kSlotArticle) == key);
  CHECK(Xapian::sortable_unserialise(doc.get_value(schema::kSlotOrdinal)) == 1);
  CHECK(Xapian::sortable_unserialise(doc.get_value(schema::kSlotMtime)) == 1700000000);
  CHECK(Xapian::sortable_unserialise(doc.get_value(schema::kSlotTimestamp)) ==
        1739802240);  // 2025-02-17 14:24 UTC
  CHECK(doc.get_value(schema::kSlotPassageHash).size() == 16);

  const auto data = nlohmann::json::parse(doc.get_data());
  CHECK(data["title"] == "Armenia Shifts");
  CHECK(data["path"] == a.path);
  CHECK(data["passage"] == 1);
  CHECK(data["passages"] == 2);
  CHECK(data["lines"] == nlohmann::json::array({3, 3}));
  CHECK(data["bytes"] == nlohmann::json::array({16, 35}));
  CHECK(data["text"] == "Talks were running.");
  CHECK_FALSE(data.contains("source_line"));
}

TEST_CASE("passages that differ only in case and punctuation share a passage hash") {
  lede::Analyzer analyzer;
  Article a = sample_article();
  a.passages = {Passage{1, "Talks were running.", 1, 1, 0, 0},
                Passage{2, "TALKS were — running!", 2, 2, 0, 0},
                Passage{3, "Talks were walking.", 3, 3, 0, 0}};
  const auto p = idx::prepare(a, analyzer, {}, std::nullopt);
  CHECK(p.passages[0].get_value(schema::kSlotPassageHash) ==
        p.passages[1].get_value(schema::kSlotPassageHash));
  CHECK(p.passages[0].get_value(schema::kSlotPassageHash) !=
        p.passages[2].get_value(schema::kSlotPassageHash));
}

TEST_CASE("an article of unknown language is stemmed as English and has no L term") {
  lede::Analyzer analyzer;
  Article a = sample_article();
  a.language.clear();
  a.date = "17 February";  // not ISO: no date terms or values
  const auto terms = terms_of(idx::prepare(a, analyzer, {}, std::nullopt).passages[0]);
  CHECK(has(terms, "Zrun"));
  CHECK(std::none_of(terms.begin(), terms.end(), [](const std::string& t) {
    return t.rfind("L", 0) == 0 || t.rfind("Y", 0) == 0 || t.rfind("D", 0) == 0;
  }));
}

TEST_CASE("dates, hosts and folders are parsed as the schema stores them") {
  struct DateRow {
    std::string in, out;
  };
  const DateRow dates[] = {{"2024-11-24", "20241124"},
                           {"2024-11-24T14:24", "20241124"},
                           {"2024-02-30", "-"},
                           {"24-11-2024", "-"},
                           {"", "-"},
                           {"2024-1x-01", "-"}};
  for (const auto& row : dates) {
    CAPTURE(row.in);
    const auto d = idx::parse_date(row.in);
    CHECK((d ? d->yyyymmdd : "-") == row.out);
  }
  struct HostRow {
    std::string url, host;
  };
  const HostRow hosts[] = {{"https://News.Az/a/b", "news.az"},
                           {"http://user:pw@host.org:81/", "host.org"},
                           {"https://[::1]:8080/x", "[::1]"},
                           {"mirrorspectator.com/2025", ""},
                           {"", ""}};
  for (const auto& row : hosts) {
    CAPTURE(row.url);
    CHECK(idx::url_host(row.url) == row.host);
  }
  auto folders = [](std::string_view p) {
    std::string out;
    for (const auto& f : idx::parent_folders(p))
      out += f + " ";
    return out;
  };
  CHECK(folders("/a/b/c.txt") == "/a/b /a ");
  CHECK(folders("/c.txt").empty());
  CHECK(folders("-").empty());
}

TEST_CASE("re-running adds new, re-indexes changed, removes deleted and reports duplicates") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  write_file(root / "b.txt", "Beta title\nThe second article.\nWith two passages.\n");
  auto opts = options_for(tmp, root);
  std::vector<std::string> log;
  idx::Events events;
  events.article = [&](const idx::ArticleEvent& e) {
    log.push_back(std::string(idx::change_name(e.change)) + " " +
                  fs::path(e.path).filename().string());
  };

  auto first = idx::run(opts, folder_source(root), events);
  CHECK(counts(first) == "a2 u0 s0 r0 d0 f0 w1");
  CHECK(first.passages == 3);

  auto again = idx::run(opts, folder_source(root), events);
  CHECK(counts(again) == "a0 u0 s2 r0 d0 f0 w0");
  CHECK(again.commits == 0);

  write_file(root / "b.txt", "Beta title\nThe second article, revised.\n");
  write_file(root / "c.txt", "Alpha title\nThe first article.\n");  // same bytes as a.txt
  write_file(root / "d.txt", "Delta title\nA new one.\n");
  fs::remove(root / "a.txt");
  log.clear();
  auto changed = idx::run(opts, folder_source(root), events);
  // a.txt is gone, so c.txt (its copy) is indexed in its place.
  CHECK(counts(changed) == "a2 u1 s0 r1 d0 f0 w1");
  CHECK(log ==
        std::vector<std::string>{"updated b.txt", "removed a.txt", "added c.txt", "added d.txt"});

  write_file(root / "e.txt", "Delta title\nA new one.\n");  // copy of d.txt
  log.clear();
  auto dup = idx::run(opts, folder_source(root), events);
  CHECK(counts(dup) == "a0 u0 s3 r0 d1 f0 w0");
  CHECK(log.back() == "duplicate e.txt");

  fs::remove(root / "d.txt");
  fs::remove(root / "e.txt");
  auto removed = idx::run(opts, folder_source(root), events);
  CHECK(counts(removed) == "a0 u0 s2 r1 d0 f0 w1");

  const auto s = idx::stats(opts.db);
  CHECK(s.articles == 2);
  CHECK(s.passages == 2);
  CHECK(s.roots == std::vector<std::string>{root.string()});
}

TEST_CASE("two copies new in one run are indexed once, the first in walk order") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  write_file(root / "b.txt", "Alpha title\nThe first article.\n");
  std::string original;
  idx::Events events;
  events.article = [&](const idx::ArticleEvent& e) {
    if (e.change == idx::Change::duplicate)
      original =
          fs::path(e.path).filename().string() + " of " + fs::path(e.original).filename().string();
  };
  auto opts = options_for(tmp, root);
  opts.batch_passages = 100;  // both in one uncommitted batch
  CHECK(counts(idx::run(opts, folder_source(root), events)) == "a1 u0 s0 r0 d1 f0 w1");
  CHECK(original == "b.txt of a.txt");
  CHECK(Xapian::Database(opts.db).get_doccount() == 1);
}

TEST_CASE("the articles of a root that is missing altogether are kept") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  auto opts = options_for(tmp, root);
  idx::run(opts, folder_source(root), {});
  fs::remove_all(root);
  CHECK(counts(idx::run(opts, folder_source(root), {})) == "a0 u0 s0 r0 d0 f1 w0");
  CHECK(idx::stats(opts.db).articles == 1);
}

TEST_CASE("a run that writes much of the database compacts it in place") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  for (int i = 0; i < 40; ++i) {
    std::ostringstream name, body;
    name << 'c' << 100 + i << ".txt";
    body << "Title " << i << "\nBody number " << i << ".\nAnother paragraph.\n";
    write_file(root / name.str(), body.str());
  }
  auto opts = options_for(tmp, root);
  opts.batch_passages = 10;
  const auto first = idx::run(opts, folder_source(root), {});
  CHECK(first.compacted);
  CHECK(first.commits == 8);
  CHECK_FALSE(fs::exists(opts.db + ".lede-compact"));
  Xapian::Database db(opts.db);
  CHECK(db.get_doccount() == 80);
  CHECK(idx::stats(opts.db).articles == 40);
  // One changed article in 40 is not worth rewriting the database for.
  write_file(root / "c100.txt", "Title 0\nBody changed.\n");
  const auto small = idx::run(opts, folder_source(root), {});
  CHECK(counts(small) == "a0 u1 s39 r0 d0 f0 w1");
  CHECK_FALSE(small.compacted);
  // A dry run never compacts, and a run holding nothing new neither.
  CHECK_FALSE(idx::run(opts, folder_source(root), {}).compacted);

  // A reader open across a compaction keeps reading the database it opened,
  // and sees the new one when it reopens. (One commit only: two commits
  // during its life would make any Xapian reader reopen.)
  opts.batch_passages = 1000;
  Xapian::Database reader(opts.db);
  for (int i = 0; i < 60; ++i) {
    std::ostringstream name, body;
    name << 'd' << 100 + i << ".txt";
    body << "Title " << i << "\nMore text " << i << ".\n";
    write_file(root / name.str(), body.str());
  }
  CHECK(idx::run(opts, folder_source(root), {}).compacted);
  CHECK(reader.get_doccount() == 79);
  CHECK(reader.get_termfreq("XFORMATtext") == 79);
  reader.reopen();
  CHECK(reader.get_doccount() == 139);
}

TEST_CASE("a dry run reports the changes a run would make and writes nothing") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  auto opts = options_for(tmp, root);
  opts.dry_run = true;
  auto dry = idx::run(opts, folder_source(root), {});
  CHECK(counts(dry) == "a1 u0 s0 r0 d0 f0 w0");
  CHECK_FALSE(fs::exists(opts.db));

  opts.dry_run = false;
  idx::run(opts, folder_source(root), {});
  write_file(root / "a.txt", "Alpha title\nChanged.\n");
  write_file(root / "b.txt", "Beta title\nNew.\n");
  opts.dry_run = true;
  CHECK(counts(idx::run(opts, folder_source(root), {})) == "a1 u1 s0 r0 d0 f0 w0");
  CHECK(Xapian::Database(opts.db).get_doccount() == 1);
}

TEST_CASE("problems are reported in order and keep a failed file's articles") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  write_file(root / "b.txt", "Beta title\nSecond.\n");
  auto opts = options_for(tmp, root);
  idx::run(opts, folder_source(root), {});

  write_file(root / "b.txt", "");  // reads as a failure now
  std::vector<std::string> problems;
  idx::Events events;
  events.problem = [&](const Problem& p) {
    problems.push_back(fs::path(p.where).filename().string() + ": " + p.message);
  };
  auto s = idx::run(opts, folder_source(root), events);
  // The failure is recorded in the database (w1), so that it is reported once.
  CHECK(counts(s) == "a0 u0 s1 r0 d0 f1 w1");
  CHECK(problems == std::vector<std::string>{"b.txt: empty file"});
  const auto stats = idx::stats(opts.db);
  CHECK(stats.articles == 2);
  REQUIRE(stats.failed.size() == 1);
  CHECK(stats.failed[0].path == (root / "b.txt").string());
  CHECK(stats.failed[0].problems[0].message == "empty file");

  // Unchanged, it fails the same way unreported; the database is not written.
  problems.clear();
  s = idx::run(opts, folder_source(root), events);
  CHECK(counts(s) == "a0 u0 s1 r0 d0 f0 w0");
  CHECK(s.known_failures == 1);
  CHECK(problems.empty());
  CHECK(idx::stats(opts.db).articles == 2);
}

TEST_CASE("batches commit every N passages and a stop commits what is done") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  for (int i = 0; i < 30; ++i) {
    std::ostringstream name, body;
    name << 'f' << 100 + i << ".txt";
    body << "Title " << i << "\nBody number " << i << ".\n";
    write_file(root / name.str(), body.str());
  }
  auto opts = options_for(tmp, root);
  opts.batch_passages = 4;
  int decided = 0;
  idx::Events events;
  events.article = [&](const idx::ArticleEvent&) { ++decided; };
  events.stop_requested = [&] { return decided >= 10; };
  auto stopped = idx::run(opts, folder_source(root), events);
  CHECK(stopped.interrupted);
  CHECK(stopped.added == 10);
  CHECK(stopped.commits == 3);  // 4 + 4 + the remaining 2 at the stop
  CHECK(Xapian::Database(opts.db).get_doccount() == 10);

  auto rest = idx::run(opts, folder_source(root), {});
  CHECK(counts(rest) == "a20 u0 s10 r0 d0 f0 w1");
  CHECK(rest.commits == 5);
  CHECK(Xapian::Database(opts.db).get_doccount() == 30);
}

TEST_CASE("a second writer is refused with a locked error naming the database") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  auto opts = options_for(tmp, root);
  Xapian::WritableDatabase holder(opts.db, Xapian::DB_CREATE_OR_OPEN);
  try {
    idx::run(opts, folder_source(root), {});
    FAIL("no error");
  } catch (const lede::Error& e) {
    CHECK(e.kind() == lede::ErrorKind::locked);
    CHECK(std::string(e.what()).find(opts.db) != std::string::npos);
  }
  // Stats read while the lock is held.
  CHECK(idx::stats(opts.db).passages == 0);
}

TEST_CASE("a database of another analyzer version is refused") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  write_file(root / "a.txt", "Alpha title\nThe first article.\n");
  auto opts = options_for(tmp, root);
  idx::run(opts, folder_source(root), {});
  {
    Xapian::WritableDatabase db(opts.db);
    db.set_metadata(std::string(schema::kMetaAnalyzerVersion), "999");
    db.commit();
  }
  try {
    idx::run(opts, folder_source(root), {});
    FAIL("no error");
  } catch (const lede::Error& e) {
    CHECK(e.kind() == lede::ErrorKind::database);
    CHECK(std::string(e.what()).find("999") != std::string::npos);
  }
}

TEST_CASE("stats count articles, passages, languages and the date range") {
  TempDir tmp;
  const fs::path root = tmp.path / "news";
  std::vector<Article> articles;
  const std::string langs[] = {"en", "en", "ru"};
  const std::string dates[] = {"2024-11-24", "2025-03-20", ""};
  for (int i = 0; i < 3; ++i) {
    Article a = sample_article();
    a.id = a.path = (root / ("s" + std::to_string(i))).string();
    a.language = langs[i];
    a.date = dates[i];
    a.content_hash = "h" + std::to_string(i);
    articles.push_back(a);
  }
  idx::Source source = [&](const std::function<void(idx::Input &&)>& on_input,
                           const idx::ProblemSink&) {
    idx::Input in;
    in.path = "-";
    in.read = [&](const idx::ArticleSink& sink, const idx::ProblemSink&) {
      for (auto a : articles)
        sink(std::move(a));
    };
    on_input(std::move(in));
  };
  auto opts = options_for(tmp, root);
  opts.roots = {"-"};
  opts.spelling = true;
  idx::run(opts, source, {});
  const auto s = idx::stats(opts.db);
  CHECK(s.articles == 3);
  CHECK(s.passages == 6);
  REQUIRE(s.languages.size() == 2);
  CHECK(s.languages[0].code == "en");
  CHECK(s.languages[0].articles == 2);
  CHECK(s.languages[0].passages == 4);
  CHECK(s.languages[1].code == "ru");
  CHECK(s.first_date == "2024-11-24");
  CHECK(s.last_date == "2025-03-20");
  CHECK(s.analyzer_name == lede::Analyzer::kName);
  CHECK(s.schema_version == std::to_string(schema::kSchemaVersion));
  CHECK(s.terms > s.words);
  CHECK(s.bytes_on_disk > 0);
  // Spelling data is there when asked for (--spelling).
  Xapian::Database db(opts.db);
  CHECK(db.get_spelling_suggestion("partnershp") == "partnership");
}

TEST_CASE("a root is made absolute and lexically normal") {
  CHECK(idx::normal_root("-") == "-");
  CHECK(idx::normal_root("/a/b/../c/") == "/a/c");
  CHECK(idx::normal_root("/") == "/");
  CHECK(idx::normal_root("x/./y") == (fs::current_path() / "x/y").string());
}
