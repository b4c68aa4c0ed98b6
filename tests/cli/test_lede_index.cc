// End-to-end tests of lede-index: the real binary over corpus/ and the hard
// inputs of tests/data/edge, checked through its output and by reading the
// database with Xapian, quest and xapian-delve.
#include <doctest/doctest.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;
using lede::test::run;
using nlohmann::json;

using lede::test::TempDir;
using lede::test::write_file;

namespace {

const std::string kCorpus = std::string(LEDE_SOURCE_DIR) + "/corpus";
const std::string kEdge = std::string(LEDE_SOURCE_DIR) + "/tests/data/edge";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kCorpus))
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

lede::test::Outcome index(const std::vector<std::string>& args, const std::string& input = {}) {
  std::vector<std::string> argv{lede::test::index_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input);
}

// The P term of a path (built step by step: GCC 12 warns falsely about
// memcpy overlap in "P" + string).
std::string path_term(const std::string& path) {
  std::string term = "P";
  term += path;
  return term;
}

// The --json summary of a run, parsed.
json summary_of(const lede::test::Outcome& o) {
  auto j = json::parse(o.out, nullptr, false);
  if (j.is_discarded()) FAIL("no JSON summary in: " << o.out << o.err);
  return j;
}

// "a3 u0 s0 r0 d0 f0 w1": the counts of a --json summary, compactly.
std::string counts(const json& j) {
  std::ostringstream out;
  out << 'a' << j.value("added", -1) << " u" << j.value("updated", -1) << " s"
      << j.value("unchanged", -1) << " r" << j.value("removed", -1) << " d"
      << j.value("duplicates", -1) << " f" << j.value("failed", -1) << " w"
      << j.value("written", false);
  return out.str();
}

// Every passage of the database as "Q-term -> data", the whole observable
// content of a build apart from the docids Xapian assigns.
std::map<std::string, std::string> passages_of(const std::string& db) {
  std::map<std::string, std::string> out;
  Xapian::Database d(db);
  for (auto t = d.allterms_begin("Q"); t != d.allterms_end("Q"); ++t) {
    auto p = d.postlist_begin(*t);
    out[*t] = d.get_document(*p).get_data();
  }
  return out;
}

// The passage ids a query for @p word (its stem, as lede-query searches)
// returns, best first.
std::vector<std::string> search(const std::string& db, const std::string& stem) {
  Xapian::Database d(db);
  Xapian::Enquire enquire(d);
  enquire.set_query(Xapian::Query("Z" + stem));
  std::vector<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, 50);
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    const auto data = json::parse(m.get_document().get_data());
    ids.push_back(data.value("article_id", "") + "#" + std::to_string(data.value("passage", 0)));
  }
  return ids;
}

// Writes @p n small articles (three passages each, from a fixed vocabulary)
// into @p root, one file each.
void generate_articles(const fs::path& root, int n) {
  static const char* kWords[] = {"harbour", "minister", "grain",  "election", "treaty",
                                 "river",   "budget",   "strike", "copper",   "railway",
                                 "summit",  "drought",  "tariff", "ferry",    "vaccine",
                                 "orchard", "pension",  "glacier"};
  unsigned seed = 7;
  auto word = [&] {
    seed = seed * 1103515245u + 12345u;
    return kWords[(seed >> 16) % (sizeof kWords / sizeof *kWords)];
  };
  for (int i = 0; i < n; ++i) {
    std::ostringstream text;
    text << "Report " << i << " on the " << word() << "\n\n";
    for (int p = 0; p < 3; ++p) {
      text << "Paragraph " << p << " of report " << i << " mentions the " << word() << " and the "
           << word() << " near the " << word() << ".\n\n";
    }
    std::ostringstream name;
    name << "a" << (10000 + i) << ".txt";
    write_file(root / name.str(), text.str());
  }
}

// lede-index's command line with @p args, for lede-index running in the
// background (signals and locks).
std::vector<std::string> index_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{lede::test::index_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// Waits until the database at @p db holds at least @p docs committed
// documents, or gives up after a few seconds.
bool wait_for_commit(const std::string& db, Xapian::doccount docs, lede::test::Background& writer) {
  for (int i = 0; i < 2000; ++i) {
    try {
      if (fs::exists(fs::path(db) / "iamglass") && Xapian::Database(db).get_doccount() >= docs)
        return true;
    } catch (const Xapian::Error&) {
      // Not created yet, or modified under us: look again.
    }
    if (!writer.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

struct ArticleRow {
  std::string file;   // corpus file name prefix
  std::string title;  // "" when the article has none a reader would name
  std::string date;   // prefix of the ISO date; "" when it states none
  std::string url;
  std::string language;
};

}  // namespace

TEST_CASE("the five corpus articles are stored as a reader would state them") {
  TempDir tmp;
  const std::string db = tmp / "db";
  auto args = corpus_files();
  REQUIRE(args.size() == 5);
  args.insert(args.begin(), {"--db", db});
  const auto first = index(args);
  CHECK(first.status == 0);
  CHECK(first.err.find("5 added") != std::string::npos);

  const auto stats = index({"--db", db, "--stats", "--json"});
  REQUIRE(stats.status == 0);
  const auto s = json::parse(stats.out);
  CHECK(s["articles"] == 5);
  Xapian::Database d(db);
  CHECK(s["passages"] == d.get_doccount());
  CHECK(s["passages"].get<int>() > 5 * 3);
  CHECK(s["analyzer"]["name"] == "lede-icu");
  CHECK(s["version"] == "3");  // lede's output format version, as in lede-query --json

  const ArticleRow rows[] = {
      {"000_", "A Shift in Russian-American Relations Has Begun: What Does It Mean for Armenia?",
       "2025-02-17",
       "https://mirrorspectator.com/2025/02/17/"
       "a-shift-in-russian-american-relations-has-begun-what-does-it-mean-for-armenia/",
       "en"},
      {"001_", "What Could Russia\u2019s Foreign Policy Look Like After the U.S. Elections",
       "2024-11-24", "", "en"},
      {"002_", "Is Armenia shifting from Russia to the US?", "", "", "en"},
      {"003_", "Russia Reacts Cautiously to U.S.-Armenia Strategic Partnership Agreement", "", "",
       "en"},
      {"004_", "", "2025-03-20", "", "en"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.file);
    std::string path;
    for (const auto& f : corpus_files())
      if (fs::path(f).filename().string().rfind(row.file, 0) == 0) path = f;
    const std::string term = path_term(path);
    REQUIRE(d.get_termfreq(term) > 0);
    const std::vector<std::string> lines = [&] {
      std::vector<std::string> out{""};  // lines are 1-based
      std::istringstream in(read_file(path));
      for (std::string l; std::getline(in, l);)
        out.push_back(l);
      return out;
    }();
    std::set<std::string> texts;
    unsigned last_line = 0;
    for (auto p = d.postlist_begin(term); p != d.postlist_end(term); ++p) {
      const auto data = json::parse(d.get_document(*p).get_data());
      CAPTURE(data.dump());
      if (!row.title.empty()) CHECK(data.value("title", "") == row.title);
      // A toolbar line is not a title.
      CHECK(data.value("title", "").find("px") == std::string::npos);
      CHECK(data.value("date", "").rfind(row.date, 0) == 0);
      if (row.date.empty()) CHECK(data.value("date", "").empty());
      CHECK(data.value("url", "") == row.url);
      CHECK(data.value("language", "") == row.language);
      // The passage stands at the lines it names, in order, once.
      const std::string text = data["text"];
      const unsigned first_line = data["lines"][0], end_line = data["lines"][1];
      REQUIRE(first_line >= 1);
      REQUIRE(end_line < lines.size());
      CHECK(first_line <= end_line);
      CHECK(first_line > last_line);
      last_line = end_line;
      const std::string first_text_line = text.substr(0, text.find('\n'));
      const std::string head =
          first_text_line.substr(0, std::min<std::size_t>(40, first_text_line.size()));
      CHECK(lines[first_line].find(head) != std::string::npos);
      CHECK(texts.insert(text).second);
      for (const char* boilerplate : {"Share", "Donate Now", "Subscribe or Contribute"})
        CHECK(text != boilerplate);
    }
  }
}

TEST_CASE("quest and xapian-delve open and read the database") {
  TempDir tmp;
  const std::string db = tmp / "db";
  auto args = corpus_files();
  args.insert(args.begin(), {"--db", db, "-q"});
  REQUIRE(index(args).status == 0);
  const auto delve = run({"/usr/bin/xapian-delve", db});
  CHECK(delve.status == 0);
  CHECK(delve.out.find("number of documents = " +
                       std::to_string(Xapian::Database(db).get_doccount())) != std::string::npos);
  const auto terms = run({"/usr/bin/xapian-delve", "-t", "Len", db});
  CHECK(terms.status == 0);
  const auto quest = run({"/usr/bin/quest", "-d", db, "-s", "english", "csto"});
  CHECK(quest.status == 0);
  CHECK(quest.out.find("MSet:") != std::string::npos);
  CHECK(quest.out.find("article_id") != std::string::npos);
}

TEST_CASE("re-runs add new, re-index changed, remove deleted and report duplicates") {
  TempDir tmp;
  const std::string db = tmp / "db";
  const fs::path root = tmp.path / "news";
  const auto files = corpus_files();
  fs::create_directories(root);
  for (int i = 0; i < 3; ++i)
    fs::copy_file(files[i], root / (std::to_string(i) + ".txt"));
  const std::vector<std::string> base{"--db", db, "--json", root.string()};

  const auto first = index(base);
  CHECK(first.status == 0);
  CHECK(counts(summary_of(first)) == "a3 u0 s0 r0 d0 f0 w1");
  // Identity of the database as written: a run that changes nothing must
  // leave both alone (no commit, no compaction).
  auto written_state = [&] {
    Xapian::Database d(db);
    return d.get_uuid() + "@" + std::to_string(d.get_revision());
  };
  const std::string state = written_state();

  const auto again = index(base);
  CHECK(again.status == 0);
  CHECK(counts(summary_of(again)) == "a0 u0 s3 r0 d0 f0 w0");
  const auto text_again = index({"--db", db, root.string()});
  CHECK(text_again.err.find("nothing changed") != std::string::npos);
  CHECK(written_state() == state);

  write_file(root / "1.txt", read_file(root / "1.txt") + "\nA late paragraph on the CSTO.\n");
  fs::copy_file(files[3], root / "3.txt");
  fs::copy_file(files[0], root / "9-copy.txt");
  fs::remove(root / "2.txt");
  const auto changed = index({"--db", db, "--json", root.string()});
  CHECK(changed.status == 0);
  CHECK(counts(summary_of(changed)) == "a1 u1 s1 r1 d1 f0 w1");
  CHECK(changed.err.find("9-copy.txt: same article as " + (root / "0.txt").string()) !=
        std::string::npos);
  CHECK(written_state() != state);

  // Without paths, the recorded roots are indexed again.
  const auto recorded = index({"--db", db, "--json"});
  CHECK(counts(summary_of(recorded)) == "a0 u0 s3 r0 d1 f0 w0");
  const auto stats = json::parse(index({"--db", db, "--stats", "--json"}).out);
  CHECK(stats["articles"] == 3);
}

TEST_CASE("a dry run lists what would change and writes nothing") {
  TempDir tmp;
  const std::string db = tmp / "db";
  const fs::path root = tmp.path / "news";
  const auto files = corpus_files();
  fs::create_directories(root);
  fs::copy_file(files[0], root / "a.txt");
  REQUIRE(index({"--db", db, "-q", root.string()}).status == 0);
  const auto revision = Xapian::Database(db).get_revision();
  fs::copy_file(files[1], root / "b.txt");
  fs::remove(root / "a.txt");
  const auto dry = index({"--db", db, "--dry-run", root.string()});
  CHECK(dry.status == 0);
  CHECK(dry.out.find("would add    " + (root / "b.txt").string()) != std::string::npos);
  CHECK(dry.out.find("would remove " + (root / "a.txt").string()) != std::string::npos);
  CHECK(Xapian::Database(db).get_revision() == revision);
  const auto json_dry = index({"--db", db, "--dry-run", "--json", root.string()});
  const auto j = summary_of(json_dry);
  CHECK(counts(j) == "a1 u0 s0 r1 d0 f0 w0");
  CHECK(j["changes"].size() == 2);
}

TEST_CASE("a SIGKILL during a run leaves the last commit, and a re-run equals a clean build") {
  TempDir tmp;
  const fs::path root = tmp.path / "gen";
  generate_articles(root, 600);
  const std::string killed_db = tmp / "killed";
  const std::string clean_db = tmp / "clean";
  {
    lede::test::Background writer(
        index_argv({"--db", killed_db, "-q", "--batch", "40", root.string()}), tmp / "killed.err");
    REQUIRE(wait_for_commit(killed_db, 40, writer));
    writer.signal(SIGKILL);
    CHECK(writer.wait() == 128 + SIGKILL);
  }
  const auto partial = Xapian::Database(killed_db).get_doccount();
  CHECK(partial >= 40);
  CHECK(partial % 3 == 0);  // whole articles only
  CHECK(partial < 600 * 3);
  const auto rerun = index({"--db", killed_db, "--json", "--batch", "40", root.string()});
  CHECK(rerun.status == 0);
  const auto j = summary_of(rerun);
  CHECK(j["added"].get<int>() + j["unchanged"].get<int>() == 600);
  CHECK(j["duplicates"] == 0);
  REQUIRE(index({"--db", clean_db, "-q", root.string()}).status == 0);
  CHECK(passages_of(killed_db) == passages_of(clean_db));
  for (const char* stem : {"harbour", "treati", "glacier", "report"})
    CHECK(search(killed_db, stem) == search(clean_db, stem));
}

TEST_CASE("SIGTERM commits what is done and exits with 143") {
  TempDir tmp;
  const fs::path root = tmp.path / "gen";
  generate_articles(root, 600);
  const std::string db = tmp / "db";
  lede::test::Background writer(index_argv({"--db", db, "--batch", "40", root.string()}),
                                tmp / "err");
  REQUIRE(wait_for_commit(db, 40, writer));
  writer.signal(SIGTERM);
  const int status = writer.wait();
  const std::string err = read_file(tmp / "err");
  // The run may have finished before the signal landed.
  if (status != 0) {
    CHECK(status == 143);
    CHECK(err.find("interrupted") != std::string::npos);
  }
  const auto rest = index({"--db", db, "--json", root.string()});
  const auto j = summary_of(rest);
  CHECK(j["added"].get<int>() + j["unchanged"].get<int>() == 600);
  CHECK(Xapian::Database(db).get_doccount() == 600 * 3);
}

TEST_CASE("a second writer gets exit code 3 naming the database, or waits with --wait") {
  TempDir tmp;
  const std::string db = tmp / "db";
  const auto files = corpus_files();
  {
    Xapian::WritableDatabase holder(db, Xapian::DB_CREATE_OR_OPEN);
    const auto locked = index({"--db", db, files[0]});
    CHECK(locked.status == 3);
    CHECK(locked.err.find(db) != std::string::npos);
    CHECK(locked.err.find("--wait") != std::string::npos);
    // Readers keep working while a writer holds the lock.
    CHECK(index({"--db", db, "--stats"}).status == 0);
  }
  std::optional<Xapian::WritableDatabase> holder;
  holder.emplace(db, Xapian::DB_OPEN);
  lede::test::Background waiter(index_argv({"--db", db, "--wait", files[0]}), tmp / "err");
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(waiter.running());
  holder.reset();
  CHECK(waiter.wait() == 0);
  CHECK(read_file(tmp / "err").find("waiting") != std::string::npos);
  CHECK(Xapian::Database(db).get_doccount() > 0);
}

TEST_CASE("each bad input gets a warning naming it, the rest is indexed, and exit code 1") {
  TempDir tmp;
  const std::string db = tmp / "db";
  const fs::path root = tmp.path / "inputs";
  write_file(root / "good.txt", "A good article\n\nIt has one paragraph of text.\n");
  // Created sparse, so the test does not write 100 MB.
  // Text at the start (a file of NULs is not an article at all), then sparse.
  write_file(root / "huge.txt", std::string(8192, 'x'));
  fs::resize_file(root / "huge.txt", 100u << 20);
  fs::create_directories(root / "loop");
  fs::create_symlink("..", root / "loop" / "up");
  write_file(root / "locked.txt", "An unreadable article\n\nText.\n");
  fs::permissions(root / "locked.txt", fs::perms::none);
  const bool can_lock = geteuid() != 0;  // root reads any file

  struct Row {
    std::string path;     // given to lede-index
    std::string message;  // what the warning says after the path
  };
  const std::vector<Row> rows{
      {kEdge + "/invalid-utf8.txt", "UTF-8"},
      {kEdge + "/malformed.jsonl:2", "malformed JSON"},
      {(root / "huge.txt").string(), "too large"},
      {(root / "loop" / "up").string(), "loop"},
      {(tmp.path / "missing.txt").string(), "No such file"},
  };
  std::vector<std::string> args{"--db", db, root.string(), (tmp.path / "missing.txt").string()};
  for (const char* f : {"invalid-utf8.txt", "malformed.jsonl"})
    args.push_back(kEdge + "/" + f);
  const auto outcome = index(args);
  CHECK(outcome.status == 1);
  for (const auto& row : rows) {
    CAPTURE(row.path);
    const auto at = outcome.err.find("warning: " + row.path + ":");
    REQUIRE(at != std::string::npos);
    const auto line_end = outcome.err.find('\n', at);
    CHECK(outcome.err.substr(at, line_end - at).find(row.message) != std::string::npos);
  }
  if (can_lock) CHECK(outcome.err.find("locked.txt") != std::string::npos);
  // The good file and the good lines of the stream are indexed.
  Xapian::Database d(db);
  CHECK(d.get_termfreq(path_term((root / "good.txt").string())) == 1);
  CHECK(d.get_termfreq(path_term(kEdge + "/malformed.jsonl")) >= 1);
}

TEST_CASE("images, PDFs, system files and empty files are skipped and counted, with exit 0") {
  // Regression: a folder with an image, a PDF or an empty file made every run
  // exit 1, even with nothing changed and with -q, and a Thumbs.db was
  // indexed as an article.
  using namespace std::string_literals;
  TempDir tmp;
  const std::string db = tmp / "db";
  const fs::path root = tmp.path / "news";
  write_file(root / "story.txt", "Harbour reopens\n\nThe harbour reopened on Monday.\n");
  struct Row {
    std::string name, content, reason;
  };
  const Row rows[] = {
      {"photo.png", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s, "image"},
      {"cover.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s, "image"},
      {"report.pdf", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", "PDF"},
      {"Thumbs.db", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + std::string(92, '\0'), "system file"},
      {"empty.txt", "", "empty file"},
      {"blob", "text with a NUL \0 inside"s, "binary file"},
      {"scan.txt", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s, "image (PNG)"},
  };
  for (const auto& row : rows)
    write_file(root / row.name, row.content);
  const auto first = index({"--db", db, "--json", "-v", root.string()});
  CHECK(first.status == 0);
  const auto j = summary_of(first);
  CHECK(counts(j) == "a1 u0 s0 r0 d0 f0 w1");
  CHECK(j.value("skipped", -1) == 7);
  for (const auto& row : rows) {
    CAPTURE(row.name);
    const auto at =
        first.err.find("skipped   " + (root / row.name).string() + " (not an article: ");
    REQUIRE(at != std::string::npos);
    CHECK(first.err.substr(at, first.err.find('\n', at) - at).find(row.reason) !=
          std::string::npos);
    CHECK(Xapian::Database(db).get_termfreq(path_term((root / row.name).string())) == 0);
  }
  CHECK(first.err.find("warning") == std::string::npos);
  // Later runs, quiet or not, exit 0 and say nothing with -q.
  const auto again = index({"--db", db, "-q", root.string()});
  CHECK(again.status == 0);
  CHECK(again.err.empty());
  CHECK(index({"--db", db, root.string()}).err.find("7 skipped, 0 failed") != std::string::npos);
  // An article overwritten by an image is no longer one: it leaves the index.
  write_file(root / "story.txt", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s);
  const auto replaced = summary_of(index({"--db", db, "--json", root.string()}));
  CHECK(counts(replaced) == "a0 u0 s0 r1 d0 f0 w1");
  CHECK(replaced.value("skipped", -1) == 8);
}

TEST_CASE("a failed file is reported once while unchanged, again when it changes, and forgotten") {
  // Regression: a file lede could not read made every cron run fail and
  // repeat the same warning. Metadata is per shard: 1 and 2 shards are run.
  for (const char* shards : {"1", "2"}) {
    CAPTURE(shards);
    TempDir tmp;
    const std::string db = tmp / "db";
    const fs::path root = tmp.path / "feeds";
    write_file(root / "good.txt", "Harbour reopens\n\nThe harbour reopened on Monday.\n");
    write_file(root / "feed.jsonl", "{\"text\": \"A first item.\"}\n{broken\n");
    write_file(root / "other.jsonl", "{oops\n");
    const std::string feed = (root / "feed.jsonl").string();
    const std::string other = (root / "other.jsonl").string();
    // "path=problems " for each file --stats --json lists as failed.
    auto failed_paths = [&] {
      const auto stats = index({"--db", db, "--stats", "--json"});
      std::string paths;
      const auto parsed = json::parse(stats.out);
      for (const auto& f : parsed["failed"])
        paths += f.value("path", "") + "=" + std::to_string(f.value("problem_count", 0)) + " ";
      return paths;
    };
    const auto first = index({"--db", db, "--shards", shards, root.string()});
    CHECK(first.status == 1);
    CHECK(first.err.find("warning: " + feed + ":2: malformed JSON") != std::string::npos);
    CHECK(first.err.find("warning: " + other + ":1: malformed JSON") != std::string::npos);
    CHECK(failed_paths() == feed + "=1 " + other + "=1 ");
    const auto text_stats = index({"--db", db, "--stats"});
    CHECK(text_stats.out.find("failed     " + feed + ":2: malformed JSON") != std::string::npos);

    // Unchanged: not reported, not counted, exit 0; the summary still says so.
    const auto second = index({"--db", db, root.string()});
    CHECK(second.status == 0);
    CHECK(second.err.find("warning") == std::string::npos);
    CHECK(second.err.find("0 failed (and 2 files failing as on an earlier run") !=
          std::string::npos);
    CHECK(index({"--db", db, "-q", root.string()}).err.empty());

    // Changed and still failing: reported again.
    write_file(root / "feed.jsonl", "{\"text\": \"A first item.\"}\n{broken\n{still broken\n");
    const auto changed = index({"--db", db, root.string()});
    CHECK(changed.status == 1);
    CHECK(changed.err.find("warning: " + feed + ":2:") != std::string::npos);
    CHECK(changed.err.find("warning: " + feed + ":3:") != std::string::npos);
    CHECK(changed.err.find(other) == std::string::npos);
    CHECK(failed_paths() == feed + "=2 " + other + "=1 ");

    // Fixed, or deleted: forgotten.
    write_file(root / "feed.jsonl", "{\"text\": \"A first item.\"}\n");
    fs::remove(root / "other.jsonl");
    CHECK(index({"--db", db, "-q", root.string()}).status == 0);
    CHECK(failed_paths().empty());
    // A new failure of the same file is news again.
    write_file(root / "feed.jsonl", "{\"text\": \"A first item.\"}\n{broken again\n");
    CHECK(index({"--db", db, "-q", root.string()}).status == 1);
  }
}

TEST_CASE(
    "file names with escape sequences, line ends and C1 controls reach the terminal defused") {
  // Regression: lede-index echoed file names raw, so a name holding ESC [31m
  // recoloured the terminal (lede-query already replaced them).
  TempDir tmp;
  const std::string db = tmp / "db";
  const fs::path root = tmp.path / "in\x1b[31mbox";
  const std::string evil =
      "evil\x1b[31m\nname\xc2\x9b"
      "2J.txt";
  write_file(root / evil, "A title\n\nA paragraph about the harbour.\n");
  write_file(root / "copy.txt", "A title\n\nA paragraph about the harbour.\n");
  write_file(root / ("broken\x1b]0;pwned\x07.jsonl"), "{\"text\": \"ok\"}\n{not json\n");
  // Everything a person reads: warnings, --verbose, duplicates, the summary,
  // the dry-run listing, --stats and errors naming the database.
  const auto dry = index({"--db", db, "--dry-run", "-v", root.string()});
  const auto verbose = index({"--db", db, "-v", root.string()});
  const auto stats = index({"--db", db, "--stats"});
  const auto bad_db = index({"--db", (root / evil).string(), "--stats"});
  CHECK(verbose.status == 1);
  CHECK(verbose.err.find("malformed JSON") != std::string::npos);
  CHECK(verbose.err.find("same article as") != std::string::npos);
  CHECK(bad_db.status == 2);
  for (const std::string& text : {dry.out, dry.err, verbose.err, stats.out, bad_db.err}) {
    CAPTURE(text);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("\xc2\x9b") == std::string::npos);
    CHECK(text.find("name\xc2") == std::string::npos);
  }
  // The name is shown, with U+FFFD for each control and a space for the line end.
  CHECK(verbose.err.find("evil\xEF\xBF\xBD[31m name\xEF\xBF\xBD"
                         "2J.txt") != std::string::npos);
  CHECK(stats.out.find("in\xEF\xBF\xBD[31mbox") != std::string::npos);
  // Scripts still get the exact name from --json.
  const auto listed =
      json::parse(index({"--db", db, "--dry-run", "--json", "-v", root.string()}).out);
  bool exact = false;
  for (const auto& c : listed["changes"])
    exact = exact || c.value("path", "") == (root / evil).string();
  CHECK(exact);
}

TEST_CASE("usage errors and databases that cannot be opened exit with 2") {
  TempDir tmp;
  const auto files = corpus_files();
  // No path, and no roots recorded.
  const auto nothing = index({"--db", tmp / "empty-db"});
  CHECK(nothing.status == 2);
  CHECK(nothing.err.find("nothing to index") != std::string::npos);
  // A file where the database should be.
  write_file(tmp.path / "not-a-db", "x");
  const auto not_db = index({"--db", tmp / "not-a-db", files[0]});
  CHECK(not_db.status == 2);
  CHECK(not_db.err.find(tmp / "not-a-db") != std::string::npos);
  CHECK(index({"--db", tmp / "nowhere", "--stats"}).status == 2);
  CHECK(index({"--quiet", "--verbose", files[0]}).status == 2);
  CHECK(index({"--batch", "0", files[0]}).status == 2);
  // A database built by another analyzer version is refused, not mixed into.
  const std::string db = tmp / "db";
  REQUIRE(index({"--db", db, "-q", files[0]}).status == 0);
  {
    Xapian::WritableDatabase w(db);
    w.set_metadata("lede.analyzer.version", "0");
    w.commit();
  }
  const auto old = index({"--db", db, files[1]});
  CHECK(old.status == 2);
  CHECK(old.err.find("analyzer") != std::string::npos);
}

TEST_CASE("the database defaults to $LEDE_DB, then $XDG_DATA_HOME/lede") {
  TempDir tmp;
  const auto files = corpus_files();
  auto a = run({lede::test::index_bin(), "-q", files[0]}, {}, {"LEDE_DB=" + (tmp / "env-db")});
  CHECK(a.status == 0);
  CHECK(fs::exists(fs::path(tmp / "env-db") / "iamglass"));
  auto b = run({lede::test::index_bin(), "-q", files[0]}, {},
               {"LEDE_DB=", "XDG_DATA_HOME=" + (tmp / "xdg")});
  CHECK(b.status == 0);
  CHECK(fs::exists(fs::path(tmp / "xdg") / "lede" / "iamglass"));
}

TEST_CASE("standard input is indexed as - and is never removed by later runs") {
  TempDir tmp;
  const std::string db = tmp / "db";
  const std::string text = "Harbour reopens\n\nThe harbour reopened on Monday.\n";
  CHECK(counts(summary_of(index({"--db", db, "--json", "-"}, text))) == "a1 u0 s0 r0 d0 f0 w1");
  CHECK(counts(summary_of(index({"--db", db, "--json", "-"}, text))) == "a0 u0 s1 r0 d0 f0 w0");
  const auto files = corpus_files();
  index({"--db", db, "-q", files[0]});
  CHECK(json::parse(index({"--db", db, "--stats", "--json"}).out)["articles"] == 2);
}

TEST_CASE("without a terminal there is no progress line, and --quiet prints no summary") {
  TempDir tmp;
  const auto files = corpus_files();
  const auto plain = index({"--db", tmp / "db", files[0]});
  CHECK(plain.err.find('\r') == std::string::npos);
  CHECK(plain.err.find("1 added") != std::string::npos);
  const auto quiet = index({"--db", tmp / "db2", "-q", files[0]});
  CHECK(quiet.err.empty());
  const auto verbose = index({"--db", tmp / "db3", "-v", files[0]});
  CHECK(verbose.err.find("UTF-8") != std::string::npos);
}

// What lede-index writes to stderr, a pseudo-terminal of @p columns columns,
// when it indexes @p root into @p db; CHECKs that it exits with 0.
std::string index_on_terminal(const std::string& db, const fs::path& root, unsigned short columns) {
  int master = -1, slave = -1;
  winsize size{};
  size.ws_row = 24;
  size.ws_col = columns;
  REQUIRE(openpty(&master, &slave, nullptr, nullptr, &size) == 0);
  std::vector<std::string> argv{lede::test::index_bin(), "--db", db, root.string()};
  std::vector<char*> c_args;
  for (auto& a : argv)
    c_args.push_back(a.data());
  c_args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, slave, 2);
  posix_spawn_file_actions_addclose(&actions, master);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(slave);
  std::string err;
  char buffer[4096];
  // The pty reports EIO once the child has closed its side.
  for (ssize_t n; (n = read(master, buffer, sizeof buffer)) > 0;)
    err.append(buffer, static_cast<std::size_t>(n));
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  return err;
}

TEST_CASE("on a terminal a progress line is refreshed on stderr") {
  TempDir tmp;
  const fs::path root = tmp.path / "gen";
  // Enough articles that the run outlasts the first refresh (250 ms) even on
  // an idle machine: 1500 took 0.33 s, too close to it.
  generate_articles(root, 6000);
  const std::string err = index_on_terminal(tmp / "db", root, 200);
  CHECK(err.find("\rlede-index: indexing ") != std::string::npos);
  CHECK(err.find(" articles, ") != std::string::npos);
  CHECK(err.find("\r\x1b[K") != std::string::npos);  // cleared before the summary
  CHECK(err.find("6000 added") != std::string::npos);
}

// Whether @p part is one whole part of a progress line: "N files",
// "N articles", "N.N MB", "N.N MB/s", "N%", "ETA M:SS" or "ETA H:MM:SS".
// (Hand-written: GCC 12 warns inside std::regex in the sanitizer build.)
bool is_progress_part(std::string_view part) {
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto decimal = [&](std::string_view s) {
    const auto dot = s.find('.');
    return dot != std::string_view::npos && digits(s.substr(0, dot)) && s.size() == dot + 2 &&
           digits(s.substr(dot + 1));
  };
  auto number_then = [&](std::string_view suffix, auto&& number) {
    return part.ends_with(suffix) && number(part.substr(0, part.size() - suffix.size()));
  };
  if (number_then(" files", digits) || number_then(" articles", digits) ||
      number_then(" MB/s", decimal) || number_then(" MB", decimal) || number_then("%", digits))
    return true;
  if (!part.starts_with("ETA ")) return false;
  std::string_view time = part.substr(4);
  std::vector<std::string_view> fields;
  for (std::size_t colon; (colon = time.find(':')) != std::string_view::npos;) {
    fields.push_back(time.substr(0, colon));
    time.remove_prefix(colon + 1);
  }
  fields.push_back(time);
  if (fields.size() < 2 || fields.size() > 3 || !digits(fields.front())) return false;
  return std::all_of(fields.begin() + 1, fields.end(),
                     [&](std::string_view f) { return f.size() == 2 && digits(f); });
}

// A refresh: the phase, then whole parts only (none cut in the middle).
bool is_progress_line(std::string_view line) {
  if (line.starts_with("lede-index: ")) line.remove_prefix(12);
  const auto space = line.find(' ');
  const std::string_view phase = line.substr(0, space);
  if (phase != "indexing" && phase != "removing" && phase != "committing" && phase != "compacting")
    return false;
  if (space == std::string_view::npos) return true;
  std::string_view rest = line.substr(space + 1);
  for (std::size_t comma; (comma = rest.find(", ")) != std::string_view::npos;) {
    if (!is_progress_part(rest.substr(0, comma))) return false;
    rest.remove_prefix(comma + 2);
  }
  return is_progress_part(rest);
}

TEST_CASE("the progress line fits a narrow terminal and keeps its percentage") {
  // Regression: the line was cut at 79 bytes whatever the width, the ETA
  // first; on a 60-column terminal each refresh wrapped, and the carriage
  // return went back to the start of the second row only: copies stacked up.
  TempDir tmp;
  const fs::path root = tmp.path / "gen";
  generate_articles(root, 6000);
  for (const unsigned short columns : {std::uint16_t{60}, std::uint16_t{40}}) {
    CAPTURE(columns);
    const std::string err =
        index_on_terminal(tmp / ("db" + std::to_string(columns)), root, columns);
    CHECK(err.find("6000 added") != std::string::npos);
    // Each refresh is "\r" LINE "\x1b[K"; the summary follows the last. The
    // terminal writes each newline as "\r\n".
    std::size_t refreshes = 0, with_percentage = 0;
    for (std::size_t at = err.find('\r'); at != std::string::npos; at = err.find('\r', at + 1)) {
      if (at + 1 < err.size() && err[at + 1] == '\n') continue;
      const std::size_t end = err.find("\x1b[K", at);
      if (end == std::string::npos || end == at + 1) continue;  // a clearing
      const std::string line = err.substr(at + 1, end - at - 1);
      CAPTURE(line);
      ++refreshes;
      CHECK(line.size() <= columns - 1u);  // ASCII: bytes are columns
      CHECK(is_progress_line(line));
      if (line.find('%') != std::string::npos) ++with_percentage;
    }
    CHECK(refreshes > 0);
    CHECK(with_percentage > 0);
  }
}

// The files of a folder, recursively, with their contents: what a user
// would notice missing.
std::map<std::string, std::string> tree_of(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(folder))
    if (e.is_regular_file()) files[fs::relative(e.path(), folder).string()] = read_file(e.path());
  return files;
}

TEST_CASE("a --db folder holding other files is refused and keeps every file") {
  TempDir tmp;
  write_file(tmp.path / "other/keep.txt", "important\n");
  write_file(tmp.path / "news/a.txt", "Harbour reopens\n\nThe harbour reopened on Monday.\n");
  write_file(tmp.path / "news/sub/b.txt", "Bridge closes\n\nThe bridge closed on Tuesday.\n");
  const auto before_other = tree_of(tmp.path / "other");
  const auto before_news = tree_of(tmp.path / "news");

  const auto other = index({"--db", tmp / "other", kCorpus});
  CHECK(other.status == 2);
  CHECK(other.err.find(tmp / "other" + " is a folder holding 1 entry (keep.txt) and no lede "
                                       "database") != std::string::npos);
  CHECK(other.err.find("Give --db a new or empty folder") != std::string::npos);
  // The easy slip: the archive itself given as the database.
  const auto slip = index({"--db", tmp / "news", tmp / "news"});
  CHECK(slip.status == 2);
  CHECK(slip.err.find("is a folder holding 2 entries (a.txt, sub)") != std::string::npos);
  // Neither a dry run nor a real one touched anything.
  CHECK(index({"--db", tmp / "news", "--dry-run", tmp / "news"}).status == 2);
  CHECK(tree_of(tmp.path / "other") == before_other);
  CHECK(tree_of(tmp.path / "news") == before_news);
}

TEST_CASE("a Xapian database lede did not write is refused by both tools") {
  TempDir tmp;
  const std::string foreign = tmp / "foreign";
  {
    Xapian::WritableDatabase w(foreign, Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    doc.add_term("harbour");
    doc.set_data("someone else's document");
    w.add_document(doc);
    w.commit();
  }
  const auto written = index({"--db", foreign, kCorpus});
  CHECK(written.status == 2);
  CHECK(written.err.find(foreign + " is a Xapian database that lede did not write (1 documents, "
                                   "no lede schema metadata)") != std::string::npos);
  CHECK(Xapian::Database(foreign).get_doccount() == 1);
  const auto read = run({lede::test::query_bin(), "--db", foreign, "harbour"});
  CHECK(read.status == 2);
  CHECK(read.err.find("a Xapian database that lede did not write") != std::string::npos);
}

TEST_CASE("a database folder inside a root is never indexed, and compaction keeps foreign files") {
  TempDir tmp;
  fs::create_directories(tmp.path / "news");
  for (const auto& f : corpus_files())
    fs::copy_file(f, tmp.path / "news" / fs::path(f).filename());
  const std::string db = tmp / "news/index";
  const auto first = summary_of(index({"--db", db, "--json", tmp / "news"}));
  CHECK(counts(first) == "a5 u0 s0 r0 d0 f0 w1");
  CHECK(first.value("compacted", false));
  // A user's note left in the database folder survives later runs and their
  // compaction, and is not read as an article.
  write_file(fs::path(db) / "notes.txt", "my notes on the index\n");
  fs::remove(tmp.path / "news" / fs::path(corpus_files()[0]).filename());
  for (const auto& f : corpus_files())
    if (const auto copy = tmp.path / "news" / fs::path(f).filename(); fs::exists(copy))
      std::ofstream(copy, std::ios::app) << "\nA paragraph added later.\n";
  const auto second = summary_of(index({"--db", db, "--json", tmp / "news"}));
  CHECK(counts(second) == "a0 u4 s0 r1 d0 f0 w1");
  CHECK(second.value("compacted", false));
  CHECK(read_file(fs::path(db) / "notes.txt") == "my notes on the index\n");
  CHECK_FALSE(fs::exists(fs::path(db) / "XAPIANDB"));
  CHECK_FALSE(fs::exists(fs::path(db) / ".lede-compact"));
  CHECK(run({"/usr/bin/xapian-check", db}).status == 0);
}

TEST_CASE("--verbose lists each range of lines dropped as boilerplate, with the reason") {
  TempDir dir;
  const auto r = index({"--verbose", "--db", dir / "db", kCorpus + "/002_280eba4ca5299cf0.txt"});
  REQUIRE(r.status == 0);
  std::vector<std::string> dropped;
  for (const auto& line : lede::test::lines_of(r.err))
    if (line.find("dropped") != std::string::npos) dropped.push_back(line);
  CHECK(dropped == std::vector<std::string>{
                       "          dropped lines 1-5: the title (indexed as the title)",
                       "          dropped line 57: the title (indexed as the title)",
                       "          dropped lines 65-73: repeated paragraph",
                       "          dropped line 77: repeated paragraph",
                       "          dropped line 81: footer: signature after the text",
                       "          dropped line 83: boilerplate phrase",
                       "          dropped lines 85-94: footer: subscription, donation or "
                       "copyright notice",
                       "          dropped line 96: boilerplate phrase",
                   });
  // Without --verbose nothing of it is said.
  const auto quiet = index({"--db", dir / "db2", kCorpus + "/002_280eba4ca5299cf0.txt"});
  CHECK(quiet.err.find("dropped") == std::string::npos);
}

TEST_CASE("file names that differ only in invalid bytes stay two articles in every output") {
  TempDir dir;
  const std::string docs = dir / "docs";
  const std::string ff = docs + "/x\xFF.txt";
  const std::string fe = docs + "/x\xFE.txt";
  const std::string literal = docs + "/x\\xff.txt";  // a backslash, 'x', 'f', 'f'
  write_file(ff, "The aardvark story is here.\n");
  write_file(fe, "The aardvark tale is here too.\n");
  write_file(literal, "The aardvark fable is the third.\n");
  // The ids the outputs write: invalid bytes as \xHH, a backslash doubled.
  const std::set<std::string> ids = {docs + "/x\\xff.txt", docs + "/x\\xfe.txt",
                                     docs + "/x\\\\xff.txt"};
  const std::string db = dir / "db";
  CHECK(counts(summary_of(index({"--json", "--db", db, docs}))) == "a3 u0 s0 r0 d0 f0 w1");

  auto query = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {lede::test::query_bin(), "--db", db});
    return run(args);
  };
  auto r = query({"--json", "aardvark"});
  REQUIRE(r.status == 0);
  std::set<std::string> got;
  const json document = json::parse(r.out);
  for (const auto& result : document["results"]) {
    CHECK(result["path"] == result["article_id"]);
    got.insert(result["article_id"].get<std::string>());
  }
  CHECK(got == ids);
  got.clear();
  for (const auto& line : lede::test::lines_of(query({"--jsonl", "aardvark"}).out))
    got.insert(json::parse(line)["path"].get<std::string>());
  CHECK(got == ids);
  // TREC docids are the escaped ids, one field each.
  got.clear();
  for (const auto& line : lede::test::lines_of(query({"--trec", "aardvark"}).out))
    got.insert(lede::test::fields(line).at(2));
  CHECK(got == std::set<std::string>{docs + "/x\\xff.txt#1", docs + "/x\\xfe.txt#1",
                                     docs + "/x\\\\xff.txt#1"});
  // TSV escapes the backslashes once more, as it does in any field.
  got.clear();
  for (const auto& line : lede::test::lines_of(query({"--tsv", "aardvark"}).out)) {
    std::vector<std::string> columns;
    std::istringstream in(line);
    for (std::string column; std::getline(in, column, '\t');)
      columns.push_back(column);
    if (columns.at(0) != "qid") got.insert(columns.at(3));
  }
  CHECK(got == std::set<std::string>{docs + "/x\\\\xff.txt", docs + "/x\\\\xfe.txt",
                                     docs + "/x\\\\\\\\xff.txt"});
  // People see U+FFFD, never the raw byte.
  r = query({"aardvark"});
  CHECK(r.out.find("x\xEF\xBF\xBD.txt") != std::string::npos);
  CHECK(r.out.find('\xFF') == std::string::npos);

  // path: takes the name's own bytes or its escaped form, and finds that file alone.
  for (const std::string& filter : {"path:" + ff, "path:" + docs + "/x\\xff.txt"}) {
    CAPTURE(filter);
    r = query({"--jsonl", "aardvark " + filter});
    const auto lines = lede::test::lines_of(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(json::parse(lines[0])["article_id"] == docs + "/x\\xff.txt");
  }

  // A second run sees all three unchanged; deleting one removes exactly it.
  CHECK(counts(summary_of(index({"--json", "--db", db, docs}))) == "a0 u0 s3 r0 d0 f0 w0");
  fs::remove(ff);
  CHECK(counts(summary_of(index({"--json", "--db", db, docs}))) == "a0 u0 s2 r1 d0 f0 w1");
  got.clear();
  for (const auto& line : lede::test::lines_of(query({"--jsonl", "aardvark"}).out))
    got.insert(json::parse(line)["article_id"].get<std::string>());
  CHECK(got == std::set<std::string>{docs + "/x\\xfe.txt", docs + "/x\\\\xff.txt"});

  // A root whose own name is not UTF-8 is recorded and re-run as well.
  const std::string root = dir / "r\xFF";
  write_file(root + "/a.txt", "The okapi story.\n");
  const std::string db2 = dir / "db2";
  CHECK(counts(summary_of(index({"--json", "--db", db2, root}))) == "a1 u0 s0 r0 d0 f0 w1");
  CHECK(counts(summary_of(index({"--json", "--db", db2}))) == "a0 u0 s1 r0 d0 f0 w0");
}
