/// @file
/// @brief lede-index: builds and keeps current a passage index of news articles.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "core/index/indexer.h"
#include "core/index/stats.h"
#include "core/schema/layout.h"
#include "core/schema/schema.h"
#include "core/util/error.h"
#include "core/util/terminal.h"
#include "core/util/version.h"
#include "indexer/report.h"
#include "indexer/signals.h"

namespace {

// Everything the command line says, as plain data.
struct Cli {
  std::vector<std::string> paths;
  std::string db;
  bool dry_run = false;
  bool stats = false;
  bool json = false;
  bool wait = false;
  bool quiet = false;
  bool verbose = false;
  bool spelling = false;
  std::size_t batch = 8000;
  unsigned threads = 0;
  unsigned shards = 0;
};

constexpr const char* kExitStatus = R"(Exit status:
  0    everything was indexed (files that are not articles, such as images,
       PDFs and empty files, are skipped, not failed)
  1    some inputs failed (each is named in a warning, once: an unchanged
       file that failed before is not reported again); the rest was indexed
  2    usage error, or the database cannot be opened, read or written
  3    another process is writing the database (see --wait)
  130  stopped by SIGINT, 143 by SIGTERM, after committing what was done
)";

int exit_code(lede::ErrorKind kind) {
  switch (kind) {
    case lede::ErrorKind::input:
      return 1;
    case lede::ErrorKind::locked:
      return 3;
    case lede::ErrorKind::usage:
    case lede::ErrorKind::database:
    case lede::ErrorKind::internal:
      return 2;
  }
  return 2;
}

int run(const Cli& cli) {
  // Xapian 1.4 offers no API for how often a writer moves its in-memory
  // postings to disk inside a transaction, only this variable, read when a
  // database is opened; 500 documents keeps its maps small and fast (see
  // lede::index::Options::batch_passages). A value the user set wins.
  setenv("XAPIAN_FLUSH_THRESHOLD", "500", 0);
  const std::string flag[] = {cli.db};
  const auto specs = lede::schema::database_specs(flag);
  if (cli.stats) {
    const auto stats = lede::index::stats(specs);
    for (const auto& note : stats.notes)
      std::cerr << "lede-index: note: " << lede::terminal_safe(note) << '\n';
    lede::indexer::print_stats(stats, cli.json, stdout);
    return 0;
  }
  if (specs.size() != 1)
    throw lede::Error(lede::ErrorKind::usage,
                      "lede-index writes one database, and $LEDE_DB lists " +
                          std::to_string(specs.size()) + "; choose one with --db");
  const std::string& db = specs.front();
  if (lede::schema::parse_tcp(db))
    throw lede::Error(lede::ErrorKind::usage,
                      db + ": lede-index writes local databases only; index on the machine "
                           "that holds the shard (see docs/SCALING.md)");

  lede::index::Options options;
  options.db = db;
  for (const auto& p : cli.paths)
    options.roots.push_back(lede::index::normal_root(p));
  if (options.roots.empty()) options.roots = lede::index::recorded_roots(db);
  if (options.roots.empty())
    throw lede::Error(lede::ErrorKind::usage, "nothing to index: give files or folders (" + db +
                                                  " records none from earlier runs); see --help");
  options.dry_run = cli.dry_run;
  options.wait = cli.wait;
  options.batch_passages = cli.batch;
  options.threads = cli.threads;
  options.spelling = cli.spelling;
  options.shards = cli.shards;

  lede::indexer::ReportSettings settings;
  settings.db = db;
  settings.quiet = cli.quiet;
  settings.verbose = cli.verbose;
  settings.json = cli.json;
  settings.dry_run = cli.dry_run;
  settings.progress = !cli.quiet && isatty(STDERR_FILENO) == 1;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    const long n = std::strtol(columns, nullptr, 10);
    if (n > 0 && n < 10000) settings.width = static_cast<unsigned>(n);
  }
  lede::indexer::Reporter reporter(settings, stdout, stderr);

  lede::indexer::StopSignals signals;
  const auto summary = lede::index::index_paths(
      options, reporter.events([&signals] { return signals.requested(); }), settings.progress);
  reporter.summary(summary);
  if (summary.interrupted && signals.requested()) return 128 + signals.signal();
  return summary.failed > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Cli cli;
  CLI::App app{"lede-index: index news articles for lede-query, and keep the index current"};
  app.set_version_flag("--version", [] { return lede::version_line("lede-index"); });
  app.add_option("PATH", cli.paths,
                 "Files and folders to index (folders recursively); - reads standard input. "
                 "Without PATH, the files and folders of earlier runs are indexed again")
      ->type_name("");
  app.add_option("--db", cli.db,
                 "The database folder (default: $LEDE_DB, else $XDG_DATA_HOME/lede, else "
                 "~/.local/share/lede); --stats also reads a stub file or tcp://HOST:PORT")
      ->type_name("PATH");
  app.add_option("--shards", cli.shards,
                 "Write a new database as N shards, in parallel, each article always in the "
                 "same one (default: what the database has, else 1)")
      ->type_name("N")
      ->check(CLI::Range(1, 64));
  app.add_flag("-n,--dry-run", cli.dry_run, "Say what would change and write nothing");
  app.add_flag("--stats", cli.stats,
               "Print what the database holds, and the files that failed, and exit");
  app.add_flag("--json", cli.json, "Print the summary (or --stats) as JSON on standard output");
  app.add_flag("--wait", cli.wait,
               "Wait for another process writing the database instead of exiting with 3");
  app.add_flag("-q,--quiet", cli.quiet, "Print only warnings and errors");
  app.add_flag("-v,--verbose", cli.verbose,
               "Report every article: its change, format, encoding, language, passages and "
               "the lines left out as boilerplate, with the reason; and every file skipped as "
               "not an article");
  app.add_option("--batch", cli.batch,
                 "Commit after this many passages, 1 to 100000000 (default 8000)")
      ->type_name("N")
      ->check(CLI::Range(1, 100000000));
  app.add_option("--threads", cli.threads, "Analysis threads, up to 256 (default 0: one per core)")
      ->type_name("N")
      ->check(CLI::Range(0, 256));
  app.add_flag("--spelling", cli.spelling,
               "Also record Xapian spelling data, for quest and other Xapian front ends");
  app.footer(kExitStatus);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0; every real
    // parse error is a usage error, which lede reports with exit code 2. Its
    // message quotes the command line, which passes the terminal filter too.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "lede-index: " << lede::terminal_safe(e.what())
              << "\nRun with --help for more information.\n";
    return 2;
  }
  if (cli.quiet && cli.verbose) {
    std::cerr << "lede-index: --quiet and --verbose exclude each other\n";
    return 2;
  }
  try {
    return run(cli);
  } catch (const lede::Error& e) {
    std::cerr << "lede-index: " << lede::terminal_safe(e.what()) << '\n';
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "lede-index: internal error: " << lede::terminal_safe(e.what()) << '\n';
    return 2;
  }
}
