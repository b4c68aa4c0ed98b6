// lede-query -c/--count, -l/--files and the `total` of --json, end to end
// through the real binaries, on corpus/ and on real news (BBC articles from
// ../shared/data/news), over one database, two local shards and two shards
// served by xapian-tcpsrv. Every figure is checked against a count made here,
// independently of lede's search code: the posting lists of the terms the
// query searched (as --explain reports them), read with Xapian directly.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/schema/schema.h"
#include "tests/support/files.h"
#include "tests/support/news.h"
#include "tests/support/process.h"
#include "tests/support/shared_data.h"
#include "tests/support/tcpsrv.h"

namespace fs = std::filesystem;
using lede::test::lines_of;
using lede::test::run;
using lede::test::TempDir;
using lede::test::write_file;
using nlohmann::json;

namespace {

const std::string kCorpus = std::string(LEDE_SOURCE_DIR) + "/corpus";

lede::test::Outcome index(const std::vector<std::string>& args) {
  std::vector<std::string> argv{lede::test::index_bin(), "--quiet"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

lede::test::Outcome query(const std::vector<std::string>& dbs, std::vector<std::string> args) {
  std::vector<std::string> argv{lede::test::query_bin()};
  for (const auto& db : dbs) {
    argv.push_back("--db");
    argv.push_back(db);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

// What a query of plain words matches, counted here: the union of the
// posting lists of every term it searched, grouped by article.
struct Truth {
  std::size_t passages = 0;
  std::map<std::string, std::size_t> per_article;  // article key -> matching passages
  std::set<std::string> paths;                     // the articles' paths

  // Results with at most @p k passages of an article (0: all).
  [[nodiscard]] std::size_t results(std::size_t k) const {
    std::size_t n = 0;
    for (const auto& [key, count] : per_article)
      n += k == 0 ? count : std::min(count, k);
    return n;
  }
};

Truth truth(const std::string& db, const std::string& q) {
  const auto explained = query({db}, {"--json", "--explain", "-n", "1", q});
  REQUIRE(explained.status <= 1);
  const auto j = json::parse(explained.out);
  Xapian::Database x(db);
  std::set<Xapian::docid> docs;
  for (const auto& leaf : j["explain"]["leaves"])
    for (const auto& term : leaf["terms"])
      for (auto p = x.postlist_begin(term.get<std::string>()); p != x.postlist_end(term); ++p)
        docs.insert(*p);
  Truth t;
  t.passages = docs.size();
  for (const auto id : docs) {
    const auto doc = x.get_document(id);
    ++t.per_article[doc.get_value(lede::schema::kSlotArticle)];
    t.paths.insert(json::parse(doc.get_data())["path"].get<std::string>());
  }
  return t;
}

// Checks -c (text and JSON), -l and the totals of --json on @p dbs against
// @p t, the count made on the single database.
void check_counts(const std::vector<std::string>& dbs, const std::string& q, const Truth& t) {
  CAPTURE(q);
  CAPTURE(dbs.front());
  const int status = t.passages > 0 ? 0 : 1;
  auto r = query(dbs, {"-c", q});
  CHECK_MESSAGE(r.status == status, r.err);
  CHECK(r.out == std::to_string(t.per_article.size()) +
                     (t.per_article.size() == 1 ? " article, " : " articles, ") +
                     std::to_string(t.passages) + (t.passages == 1 ? " passage\n" : " passages\n"));
  r = query(dbs, {"-c", "--json", q});
  CHECK_MESSAGE(r.status == status, r.err);
  const auto c = json::parse(r.out);
  CHECK(c["mode"] == "count");
  CHECK(c["articles"] == t.per_article.size());
  CHECK(c["passages"] == t.passages);

  // -l: every matching article once, nothing else.
  r = query(dbs, {"-l", q});
  CHECK_MESSAGE(r.status == status, r.err);
  // Paths below the current folder are listed relative to it, as people
  // see them in the terminal format.
  auto listed = lines_of(r.out);
  for (auto& path : listed)
    path = fs::absolute(path).lexically_normal().string();
  const std::set<std::string> unique(listed.begin(), listed.end());
  CHECK(listed.size() == unique.size());
  CHECK(unique == t.paths);

  // The totals: exact where lede says so, else bounds that hold the truth.
  for (const auto& [mode, truth_total] :
       std::vector<std::pair<std::vector<std::string>, std::size_t>>{
           {{}, t.results(2)},
           {{"--articles"}, t.per_article.size()},
           {{"--per-article", "0"}, t.passages},
           {{"--per-article", "1"}, t.results(1)}}) {
    auto args = mode;
    args.insert(args.end(), {"--json", q});
    const auto j = json::parse(query(dbs, args).out);
    CAPTURE(j.dump().substr(0, 200));
    CHECK(j["total_lower"].get<std::size_t>() <= truth_total);
    CHECK(j["total_upper"].get<std::size_t>() >= truth_total);
    if (!j["total"].is_null()) CHECK(j["total"] == truth_total);
    // A query matching a few hundred passages at most is counted outright.
    if (t.passages <= 400) CHECK(j["total"] == truth_total);
  }
}

// The first @p count BBC articles with text, written one file each as
// title, blank line, text; false (after a SKIPPED message) without the data.
bool write_bbc(const fs::path& folder, std::size_t count) {
  const auto articles = lede::test::bbc_articles(count);
  if (articles.empty()) return false;
  for (std::size_t i = 0; i < articles.size(); ++i)
    write_file(folder / lede::test::news_file_name(i), articles[i].file_text());
  return true;
}

// Checks @p queries on @p inputs indexed as one database and as two shards,
// local and (with xapian-tcpsrv) remote.
void check_everywhere(const std::vector<std::string>& inputs,
                      const std::vector<std::string>& queries) {
  TempDir tmp;
  const std::string single = tmp / "single", two = tmp / "two";
  std::vector<std::string> args{"--db", single};
  args.insert(args.end(), inputs.begin(), inputs.end());
  REQUIRE(index(args).status == 0);
  args = {"--db", two, "--shards", "2"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  REQUIRE(index(args).status == 0);

  std::vector<Truth> truths;
  for (const auto& q : queries) {
    truths.push_back(truth(single, q));
    check_counts({single}, q, truths.back());
    check_counts({two}, q, truths.back());
  }
  // Some query must match in several articles, or the checks prove little.
  CHECK(std::any_of(truths.begin(), truths.end(),
                    [](const Truth& t) { return t.per_article.size() > 3; }));

  if (lede::test::tcpsrv_path().empty()) {
    MESSAGE("xapian-tcpsrv is not installed (Debian package xapian-tools): remote shards skipped");
    return;
  }
  std::vector<std::unique_ptr<lede::test::TcpServer>> servers;
  std::vector<std::string> remote;
  for (int i = 0; i < 2; ++i) {
    servers.push_back(std::make_unique<lede::test::TcpServer>(two + "/shard-" + std::to_string(i)));
    REQUIRE(servers.back()->ready());
    remote.push_back(servers.back()->spec());
  }
  for (std::size_t i = 0; i < queries.size(); ++i)
    check_counts(remote, queries[i], truths[i]);
}

}  // namespace

TEST_CASE("-c, -l and the JSON total agree with an independent count on corpus/") {
  check_everywhere({kCorpus}, {"Armenia", "Russia Armenia", "Pashinyan Europe", "zzqxqv"});
}

TEST_CASE("-c, -l and the JSON total agree with an independent count on real news") {
  TempDir tmp;
  if (!write_bbc(tmp.path / "news", 2000)) return;
  check_everywhere({(tmp.path / "news").string()}, {"yukos", "mobile phone", "government minister",
                                                    "tsunami aid", "oil price", "the"});
}

TEST_CASE("-l lists articles in rank order, and --limit counts articles") {
  TempDir tmp;
  const std::string db = tmp / "db";
  REQUIRE(index({"--db", db, kCorpus}).status == 0);
  const auto all = lines_of(query({db}, {"-l", "Russia"}).out);
  REQUIRE(all.size() >= 3);
  // The first article is the one of the best passage.
  const auto best = json::parse(query({db}, {"--json", "-n", "1", "Russia"}).out);
  CHECK(fs::absolute(all.front()).lexically_normal() == best["results"][0]["path"]);
  const auto three = lines_of(query({db}, {"-l", "-n", "3", "Russia"}).out);
  CHECK(three == std::vector<std::string>(all.begin(), all.begin() + 3));
  const auto page = lines_of(query({db}, {"-l", "-n", "2", "--offset", "1", "Russia"}).out);
  CHECK(page == std::vector<std::string>(all.begin() + 1, all.begin() + 3));
}

TEST_CASE("-c and -l exit as grep does, and refuse formats they do not have") {
  TempDir tmp;
  const std::string db = tmp / "db";
  REQUIRE(index({"--db", db, kCorpus}).status == 0);
  auto r = query({db}, {"-c", "zzqxqv"});
  CHECK(r.status == 1);
  CHECK(r.out == "0 articles, 0 passages\n");
  r = query({db}, {"-l", "zzqxqv"});
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  for (const auto& args : std::vector<std::vector<std::string>>{{"-l", "-c", "Armenia"},
                                                                {"-l", "--json", "Armenia"},
                                                                {"-c", "--tsv", "Armenia"},
                                                                {"-c", "--jsonl", "Armenia"},
                                                                {"-l", "--batch", "-"}}) {
    r = query({db}, args);
    CHECK(r.status == 2);
    CHECK(r.err.find("lede-query:") != std::string::npos);
  }
  // In a batch each count is headed by its query id.
  r = run({lede::test::query_bin(), "--db", db, "-c", "--batch", "-"}, "a\tArmenia\nb\tzzqxqv\n");
  CHECK(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with("a\t"));
  CHECK(lines[1] == "b\t0 articles, 0 passages");
}
