// Faults end to end, on real news (BBC articles from ../shared/data/news):
// lede-index killed with SIGKILL at random moments, a disk that fills up,
// and readers running while lede-index writes. Each checks what a user
// relies on: the database opens, xapian-check passes, and finishing the work
// gives exactly what a clean build gives.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/news.h"
#include "tests/support/process.h"
#include "tests/support/shared_data.h"

namespace fs = std::filesystem;
using lede::test::run;
using lede::test::TempDir;
using lede::test::write_file;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// Under AddressSanitizer (make test's second pass) every process runs
// several times slower; the tests do the same things on fewer articles.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

using lede::test::bbc_articles;
using lede::test::news_file_name;
using lede::test::NewsArticle;

// Writes a folder of articles: version 1 holds the first @p n; version 2 is
// an update of it (every tenth removed, every seventh edited, a fifth more
// added).
void write_news(const fs::path& folder, const std::vector<NewsArticle>& articles, std::size_t n,
                int version) {
  fs::create_directories(folder);
  const std::size_t total = version == 1 ? n : n + n / 5;
  for (std::size_t i = 0; i < total; ++i) {
    if (version == 2 && i < n && i % 10 == 3) continue;
    std::string body = articles[i].file_text();
    if (version == 2 && i < n && i % 7 == 2)
      body += "\nUpdate: this report was revised with comments from the ministry.\n";
    write_file(folder / news_file_name(i), body);
  }
}

lede::test::Outcome index(const std::vector<std::string>& args, const lede::test::Env& env = {}) {
  std::vector<std::string> argv{lede::test::index_bin(), "--quiet"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {}, env);
}

const std::vector<std::string> kQueries = {"government minister", "film award*", "\"mobile phone\"",
                                           "econom* growth", "elect*"};

// What a user sees of a database: its articles and passages, and the top ten
// results of a few queries (rank order, with ties in score, which docids
// break, put in path order).
std::string what_users_see(const std::string& db) {
  const auto stats = index({"--db", db, "--stats", "--json"});
  REQUIRE_MESSAGE(stats.status == 0, stats.err);
  const auto s = json::parse(stats.out);
  std::ostringstream out;
  out << "articles " << s.value("articles", -1) << ", passages " << s.value("passages", -1) << "\n";
  for (const auto& q : kQueries) {
    const auto r = run({lede::test::query_bin(), "--db", db, "--json", "-n", "10", "--", q});
    REQUIRE_MESSAGE(r.status == 0, q << ": " << r.err);
    std::vector<std::pair<double, std::string>> results;
    const auto parsed = json::parse(r.out);
    for (const auto& res : parsed.at("results"))
      results.emplace_back(
          std::round(res["score"].get<double>() * 1e9) / 1e9,
          res["path"].get<std::string>() + "#" + std::to_string(res["passage"].get<int>()));
    std::sort(results.begin(), results.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    out << q << ":";
    for (const auto& [score, where] : results)
      out << " " << fs::path(where).filename().string() << "=" << score;
    out << "\n";
  }
  return out.str();
}

// The path of a system program, or empty when it is not installed.
std::string system_tool(const std::string& name) {
  for (const char* dir : {"/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/", "/usr/local/bin/"})
    if (fs::exists(dir + name)) return dir + name;
  return {};
}

std::string xapian_check_bin() {
  return system_tool("xapian-check");
}

// xapian-check's verdict on @p db: empty when it finds no error. While a
// compaction exchanges files, a stub file stands in for the database and
// lists the copy readers open; xapian-check reads glass folders only, so it
// checks what the stub lists.
std::string xapian_check(const std::string& db) {
  const fs::path stub = fs::path(db) / "XAPIANDB";
  if (!fs::exists(fs::path(db) / "iamglass") && fs::exists(stub)) {
    std::ifstream in(stub);
    std::string verdict;
    for (std::string kind, listed; in >> kind >> listed;)
      verdict += xapian_check((fs::path(db) / listed).string());
    return verdict;
  }
  const auto r = run({xapian_check_bin(), db});
  if (r.status == 0 && r.out.find("No errors found") != std::string::npos) return {};
  return "xapian-check " + db + " (exit " + std::to_string(r.status) + "): " + r.out + r.err;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

TEST_CASE(
    "lede-index killed at 20 random moments leaves a database that a re-run completes exactly") {
  if (xapian_check_bin().empty()) {
    MESSAGE("SKIPPED: xapian-check is not installed (Debian package xapian-tools)");
    return;
  }
  const std::size_t n = kSanitized ? 120 : 360;
  const auto articles = bbc_articles(n + n / 5);
  if (articles.empty()) return;
  TempDir tmp;
  const fs::path news = tmp.path / "news";
  const std::string db = tmp / "db";
  const std::string clean1 = tmp / "clean1";
  write_news(tmp.path / "version-1", articles, n, 1);
  write_news(tmp.path / "version-2", articles, n, 2);
  // Every run indexes the same root, "news", which holds one version at a
  // time: a database remembers its roots.
  int current = 0;
  auto use_version = [&](int v) {
    if (current == v) return;
    if (current != 0) fs::rename(news, tmp.path / ("version-" + std::to_string(current)));
    fs::rename(tmp.path / ("version-" + std::to_string(v)), news);
    current = v;
  };
  // Small batches, so that a kill lands between commits and within them.
  const std::vector<std::string> argv{
      lede::test::index_bin(), "--quiet", "--batch", "40", "--db", db, news.string()};
  const fs::path compact_copy = fs::path(db) / ".lede-compact";

  // Clean runs: what each phase must end with, and how long it takes. The
  // first build ends with a compaction; its copy's lifetime is its window.
  use_version(1);
  auto started = Clock::now();
  double compact_begin = -1, compact_end = -1;
  {
    lede::test::Background clean(argv, tmp / "clean.err");
    while (clean.running()) {
      if (fs::exists(compact_copy)) {
        if (compact_begin < 0) compact_begin = seconds_since(started);
        compact_end = seconds_since(started);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    REQUIRE(clean.wait() == 0);
  }
  const double build_time = seconds_since(started);
  // When it is too quick to be seen, a tenth of the run bounds it.
  const double compact_length =
      compact_begin < 0 ? build_time / 10 : std::max(0.002, compact_end - compact_begin);
  const std::string after_build = what_users_see(db);
  REQUIRE(xapian_check(db).empty());
  fs::copy(db, clean1, fs::copy_options::recursive);
  use_version(2);
  started = Clock::now();
  REQUIRE(index({"--batch", "40", "--db", db, news.string()}).status == 0);
  const double update_time = seconds_since(started);
  const std::string after_update = what_users_see(db);
  CHECK(after_update != after_build);

  std::mt19937 random(20261205);
  const char* phases[] = {"first build", "update", "compaction"};
  int killed = 0, ended_first = 0, in_compaction = 0, left_nothing = 0, matched = 0;
  std::ostringstream log;
  for (int trial = 0; trial < 20; ++trial) {
    const int phase = trial % 3;
    fs::remove_all(db);
    if (phase == 1) {
      use_version(1);
      fs::copy(clean1, db, fs::copy_options::recursive);
      use_version(2);
    } else {
      use_version(1);
    }
    // A kill in the compaction waits for its copy to appear, then comes
    // within the copy's measured lifetime; the others come within the run.
    const double to = phase == 0 ? build_time : phase == 1 ? update_time : compact_length;
    double delay = std::uniform_real_distribution<double>(0.0, to)(random);
    CAPTURE(trial);
    CAPTURE(std::string(phases[phase]));
    CAPTURE(delay);
    int status = 0;
    {
      lede::test::Background victim(argv, tmp / "victim.err");
      if (phase == 2) {
        const auto start = Clock::now();
        while (!fs::exists(compact_copy) && victim.running())
          std::this_thread::sleep_for(std::chrono::microseconds(100));
        delay += seconds_since(start);
        std::this_thread::sleep_for(std::chrono::duration<double>(delay - seconds_since(start)));
      } else {
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      }
      victim.signal(SIGKILL);
      status = victim.wait();
    }
    const bool was_killed = status == 128 + SIGKILL;
    REQUIRE_MESSAGE((was_killed || status == 0), "lede-index exited with " << status);
    killed += was_killed;
    ended_first += !was_killed;
    // What the kill left: a compaction's copy or stand-in says where it was.
    const bool compacting = fs::exists(compact_copy) || fs::exists(fs::path(db) / "XAPIANDB");
    in_compaction += compacting;
    const bool has_database = fs::exists(fs::path(db) / "iamglass") || compacting;
    left_nothing += !has_database;
    if (has_database) {
      // The database a kill leaves opens and is sound, before any repair.
      CHECK_MESSAGE(xapian_check(db).empty(), xapian_check(db));
      const auto stats = index({"--db", db, "--stats", "--json"});
      CHECK_MESSAGE(stats.status == 0, stats.err);
      // lede-query reads what was committed (a database killed before its
      // first commit holds nothing lede-query would call its own).
      if (stats.status == 0 && json::parse(stats.out).value("articles", 0) > 0) {
        const auto q = run({lede::test::query_bin(), "--db", db, "--", "minister"});
        CHECK_MESSAGE((q.status == 0 || q.status == 1), q.err);
      }
    }
    const auto rerun = index({"--batch", "40", "--db", db, news.string()});
    CHECK_MESSAGE(rerun.status == 0, rerun.err);
    CHECK_MESSAGE(xapian_check(db).empty(), xapian_check(db));
    const bool same = what_users_see(db) == (phase == 1 ? after_update : after_build);
    CHECK(same);
    matched += same;
    log << "  " << trial << ": " << phases[phase] << ", kill at " << std::lround(delay * 1000)
        << " ms: "
        << (was_killed ? (compacting ? "killed during compaction" : "killed") : "had ended")
        << (has_database ? "" : ", no database yet") << "\n";
  }
  MESSAGE("20 kills (first build "
          << std::lround(build_time * 1000) << " ms, update " << std::lround(update_time * 1000)
          << " ms, compaction " << std::lround(compact_length * 1000) << " ms): " << killed
          << " killed, " << ended_first << " had ended, " << in_compaction << " during compaction, "
          << left_nothing << " before any database existed; " << matched
          << " re-runs gave exactly the clean build's articles, passages and top results\n"
          << log.str());
}

TEST_CASE(
    "a full disk stops lede-index with exit 2 and a clear error, the database at its last commit") {
  const std::size_t n = kSanitized ? 150 : 360;
  const auto articles = bbc_articles(n);
  if (articles.empty()) return;
  TempDir tmp;
  const fs::path news = tmp.path / "news";
  write_news(news, articles, n, 1);
  const std::string clean = tmp / "clean";
  REQUIRE(index({"--batch", "40", "--db", clean, news.string()}).status == 0);
  const std::string expected = what_users_see(clean);

  // A small tmpfs is a disk that fills up. Mounting one needs root and
  // CAP_SYS_ADMIN, which a container may lack.
  const std::string disk = tmp / "disk";
  fs::create_directories(disk);
  const std::string mount = system_tool("mount"), umount = system_tool("umount");
  if (mount.empty() || umount.empty()) {
    MESSAGE("SKIPPED: mount and umount are not installed; cannot make a small disk to fill");
    return;
  }
  const auto mounted = run({mount, "-t", "tmpfs", "-o", "size=1m,mode=0700", "lede-test", disk});
  if (mounted.status != 0) {
    MESSAGE("SKIPPED: cannot mount a small tmpfs to fill (needs root and CAP_SYS_ADMIN): "
            << mounted.err);
    return;
  }
  struct Unmount {
    std::string tool, path;
    ~Unmount() { (void)run({tool, path}); }
  } unmount{umount, disk};
  const std::string db = disk + "/db";

  // Xapian 1.4 leaks an object of its own when a commit fails for want of
  // space (112 bytes, allocated inside commit_transaction): under
  // LeakSanitizer that one run ignores leaks from inside libxapian only.
  write_file(tmp.path / "lsan.supp", "leak:libxapian.so\n");
  const auto full = index({"--batch", "40", "--db", db, news.string()},
                          {"LSAN_OPTIONS=suppressions=" + (tmp / "lsan.supp")});
  CHECK(full.status == 2);
  CHECK_MESSAGE(full.err.find("the disk is full") != std::string::npos, full.err);
  CHECK_MESSAGE(full.err.find("No space left on device") != std::string::npos, full.err);
  CHECK_MESSAGE(full.err.find(db) != std::string::npos, full.err);
  // The database is what its last commit left: sound, readable, partial.
  CHECK_MESSAGE(xapian_check(db).empty(), xapian_check(db));
  const auto stats = index({"--db", db, "--stats", "--json"});
  REQUIRE_MESSAGE(stats.status == 0, stats.err);
  const auto committed = json::parse(stats.out).value("articles", -1);
  CHECK(committed >= 0);
  CHECK(committed < static_cast<int>(n));
  const auto query = run({lede::test::query_bin(), "--db", db, "--json", "--", "minister"});
  CHECK_MESSAGE((query.status == 0 || query.status == 1), query.err);

  // With room again, the next run indexes the rest: exactly a clean build.
  REQUIRE(run({mount, "-o", "remount,size=64m", disk}).status == 0);
  const auto rest = index({"--batch", "40", "--db", db, news.string()});
  CHECK_MESSAGE(rest.status == 0, rest.err);
  CHECK(what_users_see(db) == expected);
  MESSAGE("disk full after " << committed << " of " << n << " articles committed: " << full.err);
}

TEST_CASE(
    "readers never fail, and lede-index is never defeated by its own commits, while it builds and "
    "updates the database they read") {
  // lede-query in a loop, and long-lived lede-query --batch - readers fed
  // over pipes, wildcards included, while lede-index --batch 20 builds the
  // database and then updates it three times: no error but "no results",
  // each reader answers from the newest data, and lede-index is never
  // defeated by its own commits (exit 0, every article committed). One
  // reader starts with the build; the other after it, as a script started
  // on a built archive would (it used to die on the second update).
  const std::size_t n = kSanitized ? 150 : 400;
  const auto articles = bbc_articles(n + n / 2);
  if (articles.empty()) return;
  TempDir tmp;
  const fs::path news = tmp.path / "news";
  write_news(news, articles, n, 1);
  const std::string db = tmp / "db";
  const std::vector<std::string> queries = {
      "gov*",           "market shares",      "elect* minister", "film award",
      "econom* growth", "\"prime minister\"", "title:mobile*",   "chancellor -brown"};

  std::atomic<bool> stop{false};
  std::atomic<int> loop_runs{0}, loop_errors{0};
  std::string loop_error_text;
  lede::test::Background first(
      {lede::test::index_bin(), "--quiet", "--batch", "20", "--db", db, news.string()},
      tmp / "index-0.err");
  // Readers start once the database exists as lede's (its first commit).
  for (int i = 0; i < 2000; ++i) {
    if (run({lede::test::query_bin(), "--db", db, "--", "minister"}).status != 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  struct Reader {
    std::string name;
    std::unique_ptr<lede::test::Fed> fed;
    std::atomic<int> sent{0};
  };
  std::array<Reader, 2> readers;
  readers[0].name = "batch-early";
  readers[1].name = "batch-late";
  std::array<std::atomic<Reader*>, 2> feeding{};
  auto start_reader = [&](std::size_t k) {
    readers[k].fed = std::make_unique<lede::test::Fed>(
        std::vector<std::string>{lede::test::query_bin(), "--db", db, "--batch", "-", "--json"},
        tmp / (readers[k].name + ".out"), tmp / (readers[k].name + ".err"));
    feeding[k] = &readers[k];
  };
  start_reader(0);
  std::thread loop([&] {
    for (std::size_t i = 0; !stop; ++i) {
      const auto r =
          run({lede::test::query_bin(), "--db", db, "--json", "--", queries[i % queries.size()]});
      ++loop_runs;
      if (r.status != 0 && r.status != 1) {
        ++loop_errors;
        if (loop_error_text.empty()) loop_error_text = r.err;
      }
    }
  });
  std::thread feeder([&] {
    for (std::size_t i = 0; !stop; ++i) {
      for (auto& f : feeding)
        if (Reader* r = f.load(); r && r->fed->write(queries[i % queries.size()] + "\n")) ++r->sent;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  std::vector<int> statuses{first.wait()};
  start_reader(1);
  for (int update = 1; update <= 3; ++update) {
    // Each update edits, removes and adds articles.
    for (std::size_t i = 0; i < n; i += 9)
      if (fs::exists(news / news_file_name(i)))
        write_file(news / news_file_name(i),
                   articles[i].file_text() + "\nCorrection " + std::to_string(update) + ".\n");
    for (std::size_t i = static_cast<std::size_t>(update); i < n; i += 25)
      fs::remove(news / news_file_name(i));
    for (std::size_t i = n + (update - 1) * (n / 10); i < n + update * (n / 10); ++i)
      write_file(news / news_file_name(i), articles[i].file_text());
    const auto r =
        run({lede::test::index_bin(), "--quiet", "--batch", "20", "--db", db, news.string()});
    statuses.push_back(r.status);
    CHECK_MESSAGE(r.status == 0, "update " << update << ": " << r.err);
  }
  stop = true;
  loop.join();
  feeder.join();

  std::ifstream err_file(tmp / "index-0.err");
  std::ostringstream first_err;
  first_err << err_file.rdbuf();
  CHECK_MESSAGE(statuses.front() == 0, "first build: " << first_err.str());
  CHECK_MESSAGE(loop_errors == 0, loop_error_text);
  // Each batch reader: every line answered, mostly with results (it reads
  // the newest revision, not the one it opened), and nothing on stderr but
  // notes ("no indexed word starts with ...").
  std::ostringstream counts;
  int batch_errors = 0;
  for (auto& reader : readers) {
    CAPTURE(reader.name);
    reader.fed->close_input();
    const int status = reader.fed->wait();
    std::ifstream out(tmp / (reader.name + ".out"));
    int answered = 0, with_results = 0;
    for (std::string line; std::getline(out, line);) {
      const auto j = json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      ++answered;
      with_results += !j["results"].empty();
    }
    std::ifstream err(tmp / (reader.name + ".err"));
    int errors = 0;
    std::string error_text;
    for (std::string line; std::getline(err, line);)
      if (line.find(": note: ") == std::string::npos) {
        ++errors;
        if (error_text.empty()) error_text = line;
      }
    batch_errors += errors;
    CHECK_MESSAGE(errors == 0, error_text);
    CHECK((status == 0 || status == 1));
    CHECK(answered == reader.sent.load());
    CHECK(with_results * 2 > answered);
    counts << ", " << reader.name << " " << answered << " answered of " << reader.sent.load()
           << " (" << with_results << " with results, " << errors << " errors)";
  }

  // Every article committed: what a clean build of the final folder holds.
  const std::string clean = tmp / "clean";
  REQUIRE(index({"--db", clean, news.string()}).status == 0);
  const std::string held = what_users_see(db);
  CHECK(held == what_users_see(clean));
  MESSAGE("concurrency: " << loop_runs.load() << " looped queries (" << loop_errors.load()
                          << " errors)" << counts.str() << "; lede-index exits " << statuses[0]
                          << "," << statuses[1] << "," << statuses[2] << "," << statuses[3] << "; "
                          << held.substr(0, held.find('\n')));
}
