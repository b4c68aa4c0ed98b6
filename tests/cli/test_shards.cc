// Sharded databases end to end: lede-index --shards N writes them, and
// lede-query searches them, and several databases, local or served by
// xapian-tcpsrv, as one: the same results as one database holding everything.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/schema/layout.h"
#include "core/schema/schema.h"
#include "core/util/error.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/tcpsrv.h"

namespace fs = std::filesystem;
namespace schema = lede::schema;
using lede::test::run;
using lede::test::tcpsrv_path;
using Server = lede::test::TcpServer;
using lede::test::TempDir;
using lede::test::write_file;
using nlohmann::json;

namespace {

const std::string kCorpus = std::string(LEDE_SOURCE_DIR) + "/corpus";
const std::string kEdge = std::string(LEDE_SOURCE_DIR) + "/tests/data/edge";

lede::test::Outcome index(const std::vector<std::string>& args) {
  std::vector<std::string> argv{lede::test::index_bin(), "--quiet"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

lede::test::Outcome query(const std::vector<std::string>& args) {
  std::vector<std::string> argv{lede::test::query_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

// Articles made to tie: the same words at the same lengths, so that only the
// order of documents in the database decides between them; a few copies of
// one another (the first in walk order is kept); and one per month.
void write_ties(const fs::path& folder) {
  for (int i = 0; i < 40; ++i) {
    std::ostringstream name, body;
    name << "tie-" << 100 + i << ".txt";
    body << "Harbour report " << i << "\n\ndate 2024-" << (i % 12 < 9 ? "0" : "") << i % 12 + 1
         << "-15\n\n"
         << "The harbour authority met the fishing fleet on Monday.\n\n"
         << "Ferry number " << i % 7 << " left the harbour late again.\n";
    write_file(folder / name.str(), body.str());
  }
  for (int i = 0; i < 5; ++i)
    write_file(folder / ("copy-" + std::to_string(i) + ".txt"),
               "Harbour report copy\n\nThe harbour authority met the fishing fleet on Monday.\n");
}

// The inputs every database of these tests holds, in one walk order.
std::vector<std::string> inputs(const fs::path& ties) {
  return {kCorpus, kEdge, ties.string()};
}

// Indexes the inputs into @p db as @p shards shards; edge/ holds inputs that
// fail on purpose (exit 1).
void build(const std::string& db, unsigned shards, const fs::path& ties) {
  std::vector<std::string> args{"--db", db, "--shards", std::to_string(shards)};
  for (const auto& in : inputs(ties))
    args.push_back(in);
  const auto r = index(args);
  REQUIRE_MESSAGE((r.status == 0 || r.status == 1), r.err);
}

// Queries that rank, tie, collapse, sort, filter, expand and suggest.
const std::vector<std::vector<std::string>> kQueries = {
    {"CSTO"},
    {"armenia"},
    {"the"},
    {"harbour"},
    {"harbour fleet", "--per-article", "0"},
    {"fishing", "--articles"},
    {"ferry", "--sort", "date"},
    {"\"fishing fleet\""},
    {"russ*"},
    {"Россия"},
    {"title:harbour date:2024-03..2024-08"},
    {"harbour NOT ferry"},
    {"armenai"},  // misspelt: "did you mean" reads every shard's term list
};

// What must agree: each result's rank, article, passage and exact score,
// and the suggestion.
std::string outcome(const std::vector<std::string>& dbs, const std::vector<std::string>& q,
                    const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args;
  for (const auto& db : dbs) {
    args.push_back("--db");
    args.push_back(db);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--json", "-n", "60"});
  args.insert(args.end(), q.begin() + 1, q.end());
  args.push_back("--");
  args.push_back(q.front());
  const auto r = query(args);
  const auto j = json::parse(r.out, nullptr, false);
  if (j.is_discarded()) return "exit " + std::to_string(r.status) + ": " + r.err;
  std::ostringstream out;
  // Twelve significant digits: the same ranking computed over shards may sum
  // a score's parts in another order and differ in the last bit or two.
  out.precision(12);
  if (j.contains("suggestion") && j["suggestion"].is_string())
    out << j["suggestion"].get<std::string>();
  out << '\n';
  for (const auto& res : j["results"])
    out << res["rank"].get<int>() << ' ' << res["score"].get<double>() << ' '
        << res["article_id"].get<std::string>() << ' ' << res["passage"].get<int>() << '\n';
  return out.str();
}

// The passages of @p db in document number order, as article key:ordinal.
std::vector<std::string> passage_order(const std::string& db) {
  Xapian::Database x(db);
  std::vector<std::string> order;
  for (auto p = x.postlist_begin(""); p != x.postlist_end(""); ++p) {
    const auto doc = x.get_document(*p);
    order.push_back(
        doc.get_value(schema::kSlotArticle) + ":" +
        std::to_string(Xapian::sortable_unserialise(doc.get_value(schema::kSlotOrdinal))));
  }
  return order;
}

// One set of databases for the whole file: the inputs indexed as one
// database and as 2 and 3 shards.
struct Fixture {
  TempDir tmp;
  fs::path ties = tmp.path / "ties";
  std::string single = tmp / "single";
  std::string two = tmp / "two";
  std::string three = tmp / "three";
  Fixture() {
    write_ties(ties);
    build(single, 1, ties);
    build(two, 2, ties);
    build(three, 3, ties);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

}  // namespace

TEST_CASE("an article key always maps to one shard, and docids interleave as in Xapian's union") {
  const std::string key = schema::article_key("/news/a.txt");
  for (unsigned n = 1; n <= 5; ++n) {
    CHECK(schema::shard_of(key, n) < n);
    CHECK(schema::shard_of(key, n) == schema::shard_of(key, n));
  }
  CHECK(schema::shard_of(key, 1) == 0);
  // Keys spread: 1000 keys over 2 shards are never all in one.
  unsigned in_first = 0;
  for (int i = 0; i < 1000; ++i)
    in_first += schema::shard_of(schema::article_key(std::to_string(i)), 2) == 0 ? 1 : 0;
  CHECK(in_first > 400);
  CHECK(in_first < 600);

  struct Row {
    std::uint64_t after;
    unsigned shard, count;
    std::uint64_t global;
    Xapian::docid local;
  };
  const Row rows[] = {
      {0, 0, 1, 1, 1},   {7, 0, 1, 8, 8},   {0, 0, 2, 1, 1},   {0, 1, 2, 2, 1},
      {1, 0, 2, 3, 2},   {1, 1, 2, 2, 1},   {2, 1, 2, 4, 2},   {9, 2, 3, 12, 4},
      {10, 2, 3, 12, 4}, {11, 2, 3, 12, 4}, {12, 2, 3, 15, 5}, {12, 0, 3, 13, 5},
  };
  for (const auto& r : rows) {
    CAPTURE(r.after);
    CAPTURE(r.shard);
    CAPTURE(r.count);
    const auto p = schema::next_docid(r.after, r.shard, r.count);
    CHECK(p.global == r.global);
    CHECK(p.local == r.local);
    CHECK(schema::global_docid(p.local, r.shard, r.count) == p.global);
  }
}

TEST_CASE(
    "specs expand as Xapian reads them: stub files, relative paths, tcp:// and remote lines") {
  TempDir tmp;
  write_file(tmp.path / "db" / "XAPIANDB",
             "# two local shards and one remote\nauto shard-0\nglass /abs/shard-1\n"
             "remote 10.0.0.2:7000\nremote [::1]:7001\nremote :ssh host xapian-progsrv /db\n");
  const auto shards = schema::shards_of(tmp / "db");
  REQUIRE(shards.size() == 5);
  CHECK(shards[0].name() == tmp / "db/shard-0");
  CHECK(shards[1].name() == "/abs/shard-1");
  CHECK(shards[2].name() == "tcp://10.0.0.2:7000");
  CHECK(shards[3].name() == "tcp://[::1]:7001");
  CHECK(shards[4].kind == schema::Shard::Kind::program);
  CHECK(shards[4].name() == "ssh host xapian-progsrv /db");
  CHECK(schema::shards_of("tcp://example.org:6000").front().port == 6000);
  CHECK(schema::shards_of(tmp / "nowhere").front().name() == tmp / "nowhere");
  CHECK_THROWS_AS((void)schema::shards_of("tcp://example.org"), lede::Error);
  write_file(tmp.path / "bad", "remote nowhere\n");
  CHECK_THROWS_AS((void)schema::shards_of(tmp / "bad"), lede::Error);
  write_file(tmp.path / "loop", "auto loop\n");
  CHECK_THROWS_AS((void)schema::shards_of(tmp / "loop"), lede::Error);

  ::setenv("LEDE_DB", "a,tcp://h:1,,b", 1);
  CHECK(schema::database_specs({}) == std::vector<std::string>{"a", "tcp://h:1", "b"});
  const std::string flags[] = {"x"};
  CHECK(schema::database_specs(flags) == std::vector<std::string>{"x"});
  ::unsetenv("LEDE_DB");
}

TEST_CASE("one database, N local shards and N shards behind xapian-tcpsrv rank alike") {
  auto& f = fixture();
  CHECK(fs::exists(fs::path(f.three) / "XAPIANDB"));
  CHECK(fs::exists(fs::path(f.three) / "shard-2" / "iamglass"));
  for (const auto& q : kQueries) {
    CAPTURE(q.front());
    const auto expected = outcome({f.single}, q);
    CHECK(expected.size() > 1);  // some results, or a suggestion
    CHECK(outcome({f.two}, q) == expected);
    CHECK(outcome({f.three}, q) == expected);
    // The shards named one by one, in the stub's order, are the same union.
    CHECK(outcome({f.two + "/shard-0", f.two + "/shard-1"}, q) == expected);
  }
  // What makes ties agree: Xapian orders equal scores by document number, and
  // the union of the shards numbers passages as the single database does. In
  // another order the shards interleave differently.
  CHECK(passage_order(f.two) == passage_order(f.single));
  CHECK(passage_order(f.three) == passage_order(f.single));
  write_file(f.tmp.path / "reversed.stub", "auto two/shard-1\nauto two/shard-0\n");
  CHECK(passage_order(f.tmp / "reversed.stub") != passage_order(f.single));

  if (tcpsrv_path().empty()) {
    MESSAGE("xapian-tcpsrv is not installed (Debian package xapian-tools): remote shards skipped");
    return;
  }
  std::vector<std::unique_ptr<Server>> servers;
  std::vector<std::string> remote;
  std::string stub;
  for (int i = 0; i < 3; ++i) {
    servers.push_back(std::make_unique<Server>(f.three + "/shard-" + std::to_string(i)));
    REQUIRE(servers.back()->port() != 0);
    remote.push_back(servers.back()->spec());
    stub += "remote 127.0.0.1:" + std::to_string(servers.back()->port()) + "\n";
  }
  for (const auto& q : kQueries) {
    CAPTURE(q.front());
    CHECK(outcome(remote, q) == outcome({f.single}, q));
  }
  // A stub file naming remote shards is a database like any other.
  write_file(f.tmp.path / "remote.stub", stub);
  CHECK(outcome({f.tmp / "remote.stub"}, kQueries[3]) == outcome({f.single}, kQueries[3]));
  // One local and two remote shards of the same database.
  CHECK(outcome({f.three + "/shard-0", remote[1], remote[2]}, kQueries[2]) ==
        outcome({f.single}, kQueries[2]));

  // --stats reads a remote shard too, and says what it cannot tell.
  const auto stats = index({"--db", f.tmp / "remote.stub", "--stats", "--json"});
  CHECK(stats.status == 0);
  CHECK(json::parse(stats.out)["articles"] ==
        json::parse(index({"--db", f.single, "--stats", "--json"}).out)["articles"]);
  CHECK(stats.err.find("size on disk unknown") != std::string::npos);
}

// A generated archive large enough for feedback (which needs 500 passages):
// articles of paragraphs drawn from a small vocabulary with a skewed,
// repeatable generator, so that query words meet in many passages, often
// too far apart for the proximity bonus.
void write_market_news(const fs::path& folder) {
  static const char* const kTopics[] = {"coffee", "exports", "brazil", "oil",    "prices",
                                        "opec",   "cut",     "bank",   "rates",  "wheat",
                                        "crop",   "harvest", "gold",   "mining", "output"};
  // Made-up words of two syllables after the topic words: rarer and rarer.
  std::vector<std::string> words(std::begin(kTopics), std::end(kTopics));
  for (const char* a : {"ba", "ko", "ri", "tu", "me", "sa", "no", "di", "le", "fu"})
    for (const char* b : {"ran", "tel", "mok", "sin", "dar", "pul", "vek", "lom", "zit", "gan"})
      words.push_back(std::string(a) + b);
  std::uint32_t seed = 12345;
  auto draw = [&seed](std::size_t n) {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<std::size_t>(seed >> 8) % n;
  };
  // The smaller of two draws favours the first words of the list.
  auto word = [&] { return words[std::min(draw(words.size()), draw(words.size()))]; };
  for (int i = 0; i < 140; ++i) {
    std::ostringstream body;
    body << "Market " << word() << ' ' << word() << ' ' << i << "\n";
    for (int p = 0; p < 5; ++p) {
      body << '\n';
      for (int w = 0; w < 40; ++w)
        body << word() << (w % 10 == 9 ? ".\n" : " ");
    }
    write_file(folder / ("market-" + std::to_string(1000 + i) + ".txt"), body.str());
  }
}

// @p outcome with passages of equal score (to the 12 digits printed) in one
// order. Xapian builds each shard's tree of a 30-term OR in the order of that
// shard's frequencies, so a score may differ in its last bits over shards,
// and the order of passages that tie to 12 digits with it.
std::string ties_sorted(const std::string& outcome) {
  std::istringstream in(outcome);
  std::string line, suggestion;
  std::getline(in, suggestion);
  std::vector<std::pair<std::string, std::string>> rows;  // score, the rest
  while (std::getline(in, line)) {
    std::istringstream l(line);
    std::string rank, score, rest;
    l >> rank >> score;
    std::getline(l, rest);
    rows.emplace_back(score, rest);
  }
  // The last score may tie with passages beyond the 60 fetched, which are
  // then cut in another order: it is left out.
  if (rows.size() >= 60) {
    const std::string last = rows.back().first;
    while (!rows.empty() && rows.back().first == last)
      rows.pop_back();
  }
  for (std::size_t i = 0, j = 0; i < rows.size(); i = j) {
    for (j = i; j < rows.size() && rows[j].first == rows[i].first; ++j) {
    }
    std::sort(rows.begin() + static_cast<std::ptrdiff_t>(i),
              rows.begin() + static_cast<std::ptrdiff_t>(j));
  }
  std::string out = suggestion + "\n";
  for (const auto& [score, rest] : rows)
    out += score + rest + "\n";
  return out;
}

TEST_CASE("with feedback, one database and 2 shards give the same articles and scores") {
  TempDir tmp;
  write_market_news(tmp / "news");
  const std::string single = tmp / "single";
  const std::string two = tmp / "two";
  for (const auto& [db, shards] : {std::pair{single, 1}, std::pair{two, 2}}) {
    const auto r = index({"--db", db, "--shards", std::to_string(shards), tmp / "news"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  const auto stats = json::parse(index({"--db", single, "--stats", "--json"}).out);
  REQUIRE(stats["passages"].get<int>() >= 500);  // feedback's threshold
  const std::vector<std::vector<std::string>> queries = {{"coffee exports brazil"},
                                                         {"oil prices"},
                                                         {"opec cut"},
                                                         {"wheat crop harvest"},
                                                         {"bank rates", "--articles"},
                                                         {"gold mining output"},
                                                         {"kodar lesin"},
                                                         {"coffee harvest", "--per-article", "1"}};
  for (const auto& q : queries) {
    CAPTURE(q.front());
    const auto expected = ties_sorted(outcome({single}, q));
    CHECK(expected.size() > 1);
    CHECK(ties_sorted(outcome({two}, q)) == expected);
    // Feedback is on by default: the ranking differs from one without it.
    CHECK(ties_sorted(outcome({single}, q, {"--feedback", "0"})) != expected);
  }
}

TEST_CASE("a shard that is down is named in the error, or left out with --partial and a warning") {
  auto& f = fixture();
  const std::vector<std::string> harbour{"harbour"};
  // A local shard gone.
  TempDir tmp;
  write_file(tmp.path / "db" / "XAPIANDB", "auto " + f.two + "/shard-0\nauto shard-9\n");
  auto r = query({"--db", tmp / "db", "harbour"});
  CHECK(r.status == 2);
  CHECK(r.err.find(tmp / "db/shard-9") != std::string::npos);
  r = query({"--db", tmp / "db", "--partial", "--tsv", "harbour"});
  CHECK(r.status == 0);
  CHECK(r.err.find("warning: left out of this search: " + tmp / "db/shard-9") != std::string::npos);
  CHECK(outcome({tmp / "db"}, harbour, {"--partial"}) == outcome({f.two + "/shard-0"}, harbour));

  if (tcpsrv_path().empty()) {
    MESSAGE("xapian-tcpsrv is not installed (Debian package xapian-tools): remote shards skipped");
    return;
  }
  Server up(f.two + "/shard-0");
  Server down(f.two + "/shard-1");
  REQUIRE(up.port() != 0);
  REQUIRE(down.port() != 0);
  const std::string gone = down.spec();
  down.stop();
  r = query({"--db", up.spec(), "--db", gone, "harbour"});
  CHECK(r.status == 2);
  CHECK(r.err.find(gone + ": cannot reach the shard") != std::string::npos);
  r = query({"--db", up.spec(), "--db", gone, "--partial", "harbour"});
  CHECK(r.status == 0);
  CHECK(r.err.find("warning: left out of this search: " + gone) != std::string::npos);
  CHECK(outcome({up.spec(), gone}, harbour, {"--partial"}) == outcome({up.spec()}, harbour));
  // With every shard down there is nothing to search: an error still.
  r = query({"--db", gone, "--partial", "harbour"});
  CHECK(r.status == 2);
  CHECK(r.err.find(gone) != std::string::npos);
}

TEST_CASE("--stats over a sharded database reports the whole and each shard") {
  auto& f = fixture();
  const auto one = json::parse(index({"--db", f.single, "--stats", "--json"}).out);
  const auto sharded = json::parse(index({"--db", f.three, "--stats", "--json"}).out);
  for (const char* key : {"articles", "passages", "terms", "words", "languages", "first_date",
                          "last_date", "analyzer", "schema_version", "roots"}) {
    CAPTURE(key);
    CHECK(sharded[key] == one[key]);
  }
  REQUIRE(sharded["shards"].size() == 3);
  std::uint64_t articles = 0;
  for (const auto& s : sharded["shards"]) {
    CHECK(s["articles"].get<std::uint64_t>() > 0);
    articles += s["articles"].get<std::uint64_t>();
  }
  CHECK(articles == one["articles"]);
  CHECK(one["shards"].size() == 1);
  const auto text = index({"--db", f.three, "--stats"});
  CHECK(text.out.find("shards     " + f.three + "/shard-0 (") != std::string::npos);
}

TEST_CASE("updates and deletions find their shard, and the shards stay equal to one database") {
  TempDir tmp;
  const fs::path news = tmp.path / "news";
  write_ties(news);
  const std::string single = tmp / "single", sharded = tmp / "sharded";
  for (const auto& [db, n] : {std::pair{single, 1u}, std::pair{sharded, 2u}})
    REQUIRE(index({"--db", db, "--shards", std::to_string(n), news.string()}).status == 0);

  write_file(news / "tie-105.txt", "Harbour report 5\n\nThe fleet stayed in the harbour.\n");
  fs::remove(news / "tie-110.txt");
  fs::remove(news / "copy-0.txt");  // the indexed copy: another copy takes its place
  write_file(news / "new.txt", "Harbour news\n\nA new ferry for the harbour.\n");
  for (const auto& db : {single, sharded}) {
    CAPTURE(db);
    // A run without --shards keeps what the database has.
    const auto r = run({lede::test::index_bin(), "--json", "--db", db, news.string()});
    REQUIRE(r.status == 0);
    const auto s = json::parse(r.out);
    CHECK(s["added"] == 2);
    CHECK(s["updated"] == 1);
    CHECK(s["removed"] == 2);
  }
  const auto s = json::parse(index({"--db", sharded, "--stats", "--json"}).out);
  CHECK(s["articles"] == json::parse(index({"--db", single, "--stats", "--json"}).out)["articles"]);
  for (const auto& q : kQueries) {
    CAPTURE(q.front());
    CHECK(outcome({sharded}, q) == outcome({single}, q));
  }
  // Nothing changed: nothing written, in any shard.
  const auto again = run({lede::test::index_bin(), "--json", "--db", sharded});
  CHECK(json::parse(again.out)["written"] == false);

  // The shard count is the database's: another one is a usage error, and so
  // is sharding a single database after the fact.
  auto r = index({"--db", sharded, "--shards", "3", news.string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("holds 2 shards, not 3") != std::string::npos);
  r = index({"--db", single, "--shards", "2", news.string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("holds 1 shard, not 2") != std::string::npos);
  // lede-index writes local shards only.
  r = index({"--db", "tcp://127.0.0.1:9", news.string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("local databases only") != std::string::npos);
}

TEST_CASE("quest and xapian-delve open a sharded database as one") {
  auto& f = fixture();
  const auto delve = run({"/usr/bin/xapian-delve", f.three});
  CHECK(delve.status == 0);
  const auto single = run({"/usr/bin/xapian-delve", f.single});
  const auto count = [](const std::string& out) {
    const auto at = out.find("number of documents = ");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  CHECK(!count(delve.out).empty());
  CHECK(count(delve.out) == count(single.out));
  const auto quest = run({"/usr/bin/quest", "-d", f.three, "-s", "english", "harbour"});
  CHECK(quest.status == 0);
  CHECK(quest.out.find("MSet:") != std::string::npos);
}

TEST_CASE("a SIGKILL leaves each shard at its last commit, and a re-run equals a clean build") {
  TempDir tmp;
  const fs::path news = tmp.path / "news";
  for (int i = 0; i < 400; ++i) {
    std::ostringstream name, body;
    name << "a" << 10000 + i << ".txt";
    body << "Report " << i << " on the harbour\n\nParagraph one of report " << i << " names ferry "
         << i % 13 << ".\n\nParagraph two mentions the fleet and the "
         << (i % 2 == 0 ? "grain" : "copper") << " trade.\n";
    write_file(news / name.str(), body.str());
  }
  const std::string killed = tmp / "killed", clean = tmp / "clean", single = tmp / "single";
  {
    lede::test::Background writer({lede::test::index_bin(), "--db", killed, "-q", "--shards", "2",
                                   "--batch", "30", news.string()});
    bool committed = false;
    for (int i = 0; i < 4000 && !committed && writer.running(); ++i) {
      try {
        committed = Xapian::Database(killed).get_doccount() >= 60;
      } catch (const Xapian::Error&) {
        // Not created yet, or modified under us: look again.
      }
      if (!committed) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    writer.signal(SIGKILL);
    const int status = writer.wait();
    // The run may have finished before the signal landed.
    CHECK((status == 128 + SIGKILL || status == 0));
  }
  const auto rerun = run({lede::test::index_bin(), "--json", "--db", killed, news.string()});
  REQUIRE(rerun.status == 0);
  const auto j = json::parse(rerun.out);
  CHECK(j["added"].get<int>() + j["unchanged"].get<int>() == 400);
  CHECK(j["duplicates"] == 0);
  REQUIRE(index({"--db", clean, "--shards", "2", news.string()}).status == 0);
  REQUIRE(index({"--db", single, news.string()}).status == 0);
  const auto stats = [](const std::string& db) {
    auto s = json::parse(index({"--db", db, "--stats", "--json"}).out);
    return s["articles"].dump() + " " + s["passages"].dump() + " " + s["terms"].dump();
  };
  CHECK(stats(killed) == stats(clean));
  CHECK(stats(killed) == stats(single));
  // Ranks and scores agree; which of several tied passages holds a rank may
  // not, since the re-run numbered the articles it completed after those the
  // killed run had committed.
  for (const std::string q : {"harbour", "grain fleet", "ferry 7"}) {
    CAPTURE(q);
    const auto scores = [&](const std::string& db) {
      std::set<std::string> out;
      for (const auto& line : lede::test::lines_of(outcome({db}, {q}, {"--per-article", "0"})))
        out.insert(line.substr(0, line.find(' ', line.find(' ') + 1)));  // rank and score
      return out;
    };
    CHECK(scores(killed) == scores(clean));
  }
}
