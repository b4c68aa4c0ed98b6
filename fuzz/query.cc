// Fuzz target: a query string through the whole search (parser, builder,
// feedback, ranking, highlighting) against a small real database, built at
// start-up from corpus/ and tests/data/edge/ by the indexer itself.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "core/index/indexer.h"
#include "core/output/printer.h"
#include "core/search/searcher.h"
#include "core/util/error.h"
#include "core/util/utf8.h"
#include "fuzz/fuzz.h"

namespace {

namespace fs = std::filesystem;

/// The database of every run, removed when the fuzzer exits normally.
class Database {
 public:
  Database() {
    std::string pattern = (fs::temp_directory_path() / "lede-fuzz-query-XXXXXX").string();
    lede::fuzz::check(::mkdtemp(pattern.data()) != nullptr, "cannot create a temporary folder");
    folder_ = pattern;
    lede::index::Options options;
    options.db = (folder_ / "db").string();
    options.roots = {lede::index::normal_root(LEDE_SOURCE_DIR "/corpus"),
                     lede::index::normal_root(LEDE_SOURCE_DIR "/tests/data/edge")};
    options.threads = 1;
    lede::index::Events events;
    events.problem = [](const lede::Problem&) {};
    events.article = [](const lede::index::ArticleEvent&) {};
    events.progress = [](const lede::index::Progress&) {};
    const lede::index::Summary summary = lede::index::index_paths(options, events, false);
    lede::fuzz::check(summary.added >= 5, "the fuzz database holds too few articles");
    searcher_ = std::make_unique<lede::search::Searcher>(options.db);
  }
  ~Database() {
    searcher_.reset();
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  lede::search::Searcher& searcher() { return *searcher_; }

 private:
  fs::path folder_;
  std::unique_ptr<lede::search::Searcher> searcher_;
};

Database& database() {
  static Database instance;
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  database();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lede::fuzz::Bytes bytes(data, size);
  // The first byte chooses among the options that change how a query is
  // built and ranked, so that each path is reached.
  const std::uint8_t flags = bytes.byte();
  lede::search::SearchOptions options;
  options.articles = (flags & 1) != 0;
  options.sort = (flags & 2) != 0 ? lede::search::Sort::date : lede::search::Sort::relevance;
  options.explain = (flags & 4) != 0;
  options.build.match_all = (flags & 8) != 0;
  if ((flags & 16) != 0) options.feedback.documents = 0;
  options.per_article = (flags & 32) != 0 ? 0 : lede::search::kDefaultPerArticle;
  options.build.exact_weight = (flags & 64) != 0 ? 0.5 : 0.0;
  options.build.language = (flags & 128) != 0 ? "ru" : "";
  const std::string_view query = bytes.rest();

  lede::search::Response response;
  try {
    response = database().searcher().search(query, options);
  } catch (const lede::Error& error) {
    // A query that cannot mean anything is the user's mistake; anything
    // else (a database error, an internal one) is a bug.
    lede::fuzz::check(error.kind() == lede::ErrorKind::usage, error.what());
    return 0;
  }
  lede::fuzz::check(response.results.size() <= options.limit, "more results than the limit");
  for (const lede::search::Result& result : response.results) {
    lede::fuzz::check(lede::is_valid_utf8(result.text), "passage text is not UTF-8");
    for (const lede::search::Range& range : result.highlights) {
      lede::fuzz::check(range.begin < range.end && range.end <= result.text.size(),
                        "a highlight outside its passage");
    }
    for (const lede::search::Range& range : result.title_highlights) {
      lede::fuzz::check(range.begin < range.end && range.end <= result.title.size(),
                        "a highlight outside its title");
    }
  }
  // What a user sees of it: the JSON document and the explanation.
  std::ostringstream out;
  lede::output::PrintOptions print;
  print.format = lede::output::Format::json;
  print.explain = options.explain;
  lede::output::make_printer(out, print)->print(response);
  if (options.explain) lede::output::print_explain(out, response, false);
  return 0;
}
