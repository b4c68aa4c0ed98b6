/// @file
/// @brief lede-query: searches a lede index.
///
/// Options go into a plain struct, the core answers, a printer from
/// core/output writes the results; this file only maps outcomes to exit
/// codes the way grep does: 0 results, 1 none, 2 an error.
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/output/printer.h"
#include "core/schema/layout.h"
#include "core/schema/schema.h"
#include "core/search/batch.h"
#include "core/search/searcher.h"
#include "core/util/error.h"
#include "core/util/terminal.h"
#include "core/util/version.h"

namespace {

/// Everything the command line says.
struct Cli {
  std::vector<std::string> words;
  std::vector<std::string> dbs;
  bool partial = false;
  std::size_t limit = 10;
  bool limit_given = false;  ///< --limit was given (-l lists every article otherwise).
  std::size_t offset = 0;
  unsigned per_article = lede::search::kDefaultPerArticle;
  bool articles = false;
  std::string sort = "relevance";
  std::string lang;
  std::string match = "any";
  std::string bm25;
  unsigned feedback = lede::search::FeedbackOptions{}.documents;
  bool json = false, jsonl = false, tsv = false, trec = false;
  std::string tag = "lede";
  std::string color = "auto";
  std::string hyperlink = "auto";
  bool explain = false;
  std::string batch;
  bool files = false;  ///< -l: the matching articles' paths, in rank order.
  bool count = false;  ///< -c: how many articles and passages match.
};

constexpr int kFound = 0, kNotFound = 1, kError = 2;

void message(const std::string& text) {
  std::cerr << "lede-query: " << text << '\n';
}

unsigned terminal_width(bool tty) {
  if (tty) {
    winsize ws{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
    const long n = std::strtol(columns, nullptr, 10);
    if (n > 0 && n < 10000) return static_cast<unsigned>(n);
  }
  return 80;
}

lede::search::SearchOptions search_options(const Cli& cli) {
  lede::search::SearchOptions o;
  o.limit = cli.limit;
  o.offset = cli.offset;
  o.per_article = cli.per_article;
  o.articles = cli.articles;
  if (cli.sort == "date") o.sort = lede::search::Sort::date;
  if (cli.sort == "date-asc") o.sort = lede::search::Sort::date_asc;
  o.build.language = cli.lang;
  o.build.match_all = cli.match == "all";
  if (!cli.bm25.empty()) {
    char* end = nullptr;
    o.k1 = std::strtod(cli.bm25.c_str(), &end);
    const bool comma = end && *end == ',';
    const char* b_text = comma ? end + 1 : "";
    o.b = std::strtod(b_text, &end);
    if (!comma || end == b_text || *end != '\0' || !(o.k1 >= 0 && o.k1 <= 100) ||
        !(o.b >= 0 && o.b <= 1))
      throw lede::Error(lede::ErrorKind::usage,
                        "--bm25 wants K1,B with K1 >= 0 and 0 <= B <= 1, e.g. --bm25 1.2,0.75");
  }
  o.feedback.documents = cli.feedback;
  o.explain = cli.explain;
  if (cli.files) {
    // Every matching article once, as rg -l lists every matching file: one
    // result per article, and an article whose best passage is a syndicated
    // copy of another's is still an article that matches.
    o.articles = true;
    o.dedup = false;
  }
  o.count = cli.count;
  std::error_code ec;
  o.build.cwd = std::filesystem::current_path(ec).string();
  if (const char* home = std::getenv("HOME")) o.build.home = home;
  return o;
}

/// Thrown when stdout stops taking output; a closed pipe is not an error.
struct StdoutClosed {
  int error = 0;  ///< errno of the failed write: EPIPE for a closed pipe.
};

/// Prints one response; throws StdoutClosed when stdout is gone. Notes on
/// stderr start with @p where ("FILE:LINE: " in a batch) so that each can be
/// traced to its query.
void emit(lede::output::Printer& printer, const lede::search::Response& r,
          const lede::output::PrintOptions& po, const std::string& where = {}) {
  for (const auto& w : r.warnings)
    message(where + "note: " + lede::terminal_safe(w));
  const bool terminal = po.format == lede::output::Format::terminal;
  const bool json = po.format == lede::output::Format::json;
  if (!r.suggestion.empty() && !terminal && !json)
    message(where + "did you mean: " + lede::terminal_safe(r.suggestion) + "?");
  if (po.explain && !terminal && !json) lede::output::print_explain(std::cerr, r, false);
  errno = 0;
  printer.print(r);
  if (!std::cout) throw StdoutClosed{errno};
}

/// Whether a response found something: results, or with -c a match.
bool found_any(const lede::search::Response& r) {
  return r.counted ? r.matching_passages > 0 : !r.results.empty();
}

int run(const Cli& cli) {
  const auto base_options = search_options(cli);
  const bool tty = isatty(STDOUT_FILENO) == 1;

  lede::output::PrintOptions po;
  const int formats = cli.json + cli.jsonl + cli.tsv + cli.trec;
  if (formats > 1)
    throw lede::Error(lede::ErrorKind::usage, "choose one of --json, --jsonl, --tsv and --trec");
  if (cli.json) po.format = lede::output::Format::json;
  if (cli.jsonl) po.format = lede::output::Format::jsonl;
  if (cli.tsv) po.format = lede::output::Format::tsv;
  if (cli.trec) po.format = lede::output::Format::trec;
  if (cli.files && cli.count)
    throw lede::Error(lede::ErrorKind::usage, "choose -l or -c, not both");
  if ((cli.files && formats > 0) || (cli.count && formats > 0 && !cli.json))
    throw lede::Error(lede::ErrorKind::usage,
                      std::string(cli.files ? "-l/--files" : "-c/--count") +
                          (cli.files ? " prints paths, not --json, --jsonl, --tsv or --trec"
                                     : " takes --json, not --jsonl, --tsv or --trec"));
  if (cli.files && !cli.batch.empty())
    throw lede::Error(lede::ErrorKind::usage, "-l/--files takes one query, not --batch");
  if (cli.files) po.format = lede::output::Format::files;
  if (cli.count && !cli.json) po.format = lede::output::Format::count;
  const char* no_color = std::getenv("NO_COLOR");
  po.color = cli.color == "always" ||
             (cli.color == "auto" && tty && (no_color == nullptr || *no_color == '\0'));
  po.width = terminal_width(tty);
  po.tty = tty;
  po.tag = cli.tag;
  po.explain = cli.explain;
  po.batch = !cli.batch.empty();
  po.base = base_options.build.cwd;
  // Links follow --color's rule (a terminal, NO_COLOR unset) and also stay
  // off for TERM=dumb, which shows escape sequences as text. kitty opens a
  // file at the line given as "#LINE"; file URIs have no standard way to
  // name a line, so elsewhere it is only in the visible text.
  const char* term = std::getenv("TERM");
  po.hyperlinks = cli.hyperlink == "always" ||
                  (cli.hyperlink == "auto" && tty && (no_color == nullptr || *no_color == '\0') &&
                   (term == nullptr || std::string_view(term) != "dumb"));
  if (po.hyperlinks) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) po.host = host;
    po.hyperlink_line = term != nullptr && std::string_view(term) == "xterm-kitty";
  }
  // Only the terminal and JSON formats show highlights; the others skip the
  // cost of re-analyzing every passage (it matters at --limit 1000).
  auto options = base_options;
  options.highlight = po.format == lede::output::Format::terminal ||
                      po.format == lede::output::Format::json ||
                      po.format == lede::output::Format::jsonl;

  std::string query;
  for (const auto& w : cli.words)
    query += (query.empty() ? "" : " ") + w;
  if (cli.batch.empty() && query.empty())
    throw lede::Error(lede::ErrorKind::usage, "no query: give one, or --batch FILE (try --help)");
  if (!cli.batch.empty() && !query.empty())
    throw lede::Error(lede::ErrorKind::usage, "give either a query or --batch, not both");

  lede::search::OpenOptions open_options;
  open_options.partial = cli.partial;
  lede::search::Searcher searcher(lede::schema::database_specs(cli.dbs), open_options);
  for (const auto& note : searcher.notes())
    message("warning: " + lede::terminal_safe(note));
  auto printer = lede::output::make_printer(std::cout, po);
  // -l without --limit lists every matching article; no search has more
  // articles than the database has passages.
  if (cli.files && !cli.limit_given) options.limit = std::max<std::size_t>(searcher.passages(), 1);

  if (cli.batch.empty()) {
    auto response = searcher.search(query, options);
    response.qid = "1";
    emit(*printer, response, po);
    if (response.results.empty() && po.format == lede::output::Format::terminal)
      message("no results for: " + lede::terminal_safe(query));
    return found_any(response) ? kFound : kNotFound;
  }

  // One query a line; a bad line is reported and the rest still run.
  std::ifstream file;
  std::istream* in = &std::cin;
  if (cli.batch != "-") {
    file.open(cli.batch);
    if (!file) throw lede::Error(lede::ErrorKind::input, cli.batch + ": " + std::strerror(errno));
    in = &file;
  }
  bool found = false, failed = false;
  std::string line;
  for (std::size_t number = 1; std::getline(*in, line); ++number) {
    const auto q = lede::search::parse_batch_line(line, number);
    if (!q) continue;
    try {
      auto response = searcher.search(q->query, options);
      response.qid = q->qid;
      found = found || found_any(response);
      emit(*printer, response, po, cli.batch + ":" + std::to_string(number) + ": ");
    } catch (const StdoutClosed&) {
      throw;
    } catch (const lede::Error& e) {
      if (e.kind() != lede::ErrorKind::usage) throw;
      message(cli.batch + ":" + std::to_string(number) + ": " + lede::terminal_safe(e.what()));
      failed = true;
    }
  }
  if (failed) return kError;
  return found ? kFound : kNotFound;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe (lede-query ... | head) must end the program quietly: with
  // SIGPIPE ignored, writes fail with EPIPE and the loop above stops.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);

  Cli cli;
  CLI::App app{"lede-query: search news articles indexed by lede-index"};
  app.footer(
      "Query syntax (docs/QUERY.md): words (every word counts), \"exact phrase\", -exclude,\n"
      "+require, AND OR NOT ( ), a NEAR/5 b, russ*, title: source: url: lang: path:,\n"
      "date:2024-11..2025-03, date:>=2025-01-01. A query starting with '-' follows --.\n"
      "Exit status: 0 results (with -c or -l: a match), 1 none, 2 error.");
  app.set_version_flag("--version", [] { return lede::version_line("lede-query"); });
  app.add_option("query", cli.words, "The query (several arguments are joined by spaces)")
      ->type_name("QUERY");
  app.add_option("--db", cli.dbs,
                 "Database folder, stub file or tcp://HOST:PORT of xapian-tcpsrv; repeat it to "
                 "search several as one (default: $LEDE_DB, a comma-separated list, else "
                 "$XDG_DATA_HOME/lede, else ~/.local/share/lede)")
      ->type_name("PATH")
      ->allow_extra_args(false);
  app.add_flag("--partial", cli.partial,
               "When a shard cannot be opened, search the others and warn, instead of failing");
  // Every number gets a range: CLI11 reads "-3" into an unsigned option as a
  // huge number, and a value far beyond any use is a typo, not a request.
  app.add_option("-n,--limit", cli.limit, "Number of results, 1 to 100000 (default 10)")
      ->type_name("N")
      ->check(CLI::Range(1, 100000));
  app.add_option("--offset", cli.offset, "Skip this many results first, up to 10000000 (default 0)")
      ->type_name("N")
      ->check(CLI::Range(0, 10000000));
  app.add_option("--per-article", cli.per_article,
                 "At most N passages of one article, up to 10000 (default 2; 0: no limit)")
      ->type_name("N")
      ->check(CLI::Range(0, 10000));
  app.add_flag("--articles", cli.articles, "Rank articles by their best passage, one line each");
  app.add_flag("-l,--files", cli.files,
               "Print each matching article's path (a stream item's id) once, in rank order; "
               "every one unless --limit is given");
  app.add_flag("-c,--count", cli.count,
               "Print the exact number of matching articles and passages (with --json: an object)");
  app.add_option("--sort", cli.sort, "relevance (default), date (newest first) or date-asc")
      ->check(CLI::IsMember({"relevance", "date", "date-asc"}))
      ->type_name("ORDER");
  app.add_option("--lang", cli.lang,
                 "Stem query words of this language's script with it (e.g. en, ru, hy)")
      ->type_name("CODE");
  app.add_option("--match", cli.match,
                 "any (default): ranked, every word counts; all: every word required")
      ->check(CLI::IsMember({"any", "all"}))
      ->type_name("MODE");
  app.add_option("--bm25", cli.bm25, "BM25 parameters K1,B (default 0.9,0.4)")->type_name("K1,B");
  app.add_option("--feedback", cli.feedback,
                 "Re-rank with words of the best N articles, up to 100 (default 5; 0: off)")
      ->type_name("N")
      ->check(CLI::Range(0, 100));
  app.add_flag("--json", cli.json, "One JSON document per query (docs/output-format.md)");
  app.add_flag("--jsonl", cli.jsonl, "One JSON object per result");
  app.add_flag("--tsv", cli.tsv, "Tab-separated values with a header line");
  app.add_flag("--trec", cli.trec, "TREC run lines: qid Q0 docid rank score tag");
  app.add_option("--tag", cli.tag, "Run tag for --trec (default lede)")->type_name("TAG");
  app.add_option("--color", cli.color,
                 "auto (default: when stdout is a terminal and NO_COLOR is unset), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_option("--hyperlink", cli.hyperlink,
                 "Make each path:line a link to its file (OSC 8): auto (default: when stdout is "
                 "a terminal, NO_COLOR is unset and TERM is not dumb), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_flag("--explain", cli.explain, "Show the parsed query and the terms each word became");
  app.add_option("--batch", cli.batch,
                 "Run one query a line of FILE (- for standard input): query or qid<TAB>query")
      ->type_name("FILE");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0; every real
    // parse error is a usage error, which lede reports with exit code 2. Its
    // message quotes the command line, which passes the terminal filter too.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "lede-query: " << lede::terminal_safe(e.what())
              << "\nRun with --help for more information.\n";
    return kError;
  }
  cli.limit_given = app.count("--limit") > 0;
  try {
    return run(cli);
  } catch (const StdoutClosed& closed) {
    // The reader went away (| head): end quietly, as grep does.
    if (closed.error == EPIPE) return kFound;
    message(std::string("cannot write the results: ") + std::strerror(closed.error));
    return kError;
  } catch (const lede::Error& e) {
    message(lede::terminal_safe(e.what()));
    return kError;
  } catch (const std::exception& e) {
    message(std::string("internal error: ") + lede::terminal_safe(e.what()));
    return kError;
  }
}
