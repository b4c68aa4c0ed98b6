/// @file
/// @brief What lede-index shows: warnings, the progress line, --verbose
/// listings, the summary and --stats, as text or JSON.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core/index/indexer.h"
#include "core/index/stats.h"

namespace lede::indexer {

/// How much to show and where.
struct ReportSettings {
  std::string db;
  bool quiet = false;
  bool verbose = false;
  bool json = false;  ///< The summary as JSON on stdout instead of text.
  bool dry_run = false;
  bool progress = false;  ///< A live progress line on stderr (a terminal only).
  /// Columns of the terminal when it does not say (from $COLUMNS, else 80);
  /// each refresh of the progress line asks the terminal itself first.
  unsigned width = 80;
};

/// Renders one run. Everything but the JSON summary and dry-run listings goes
/// to stderr, so stdout carries only what a script asked for.
class Reporter {
 public:
  Reporter(ReportSettings settings, std::FILE* out, std::FILE* err);

  /// The callbacks of a run, bound to this reporter.
  [[nodiscard]] index::Events events(std::function<bool()> stop_requested);

  /// The closing summary.
  void summary(const index::Summary& summary);

  /// A warning line: "lede-index: warning: WHAT".
  void warning(const std::string& what);

 private:
  void clear_progress();
  void on_problem(const Problem& p);
  void on_article(const index::ArticleEvent& e);
  void on_skipped(std::string_view path, std::string_view reason);
  void on_progress(const index::Progress& p);

  ReportSettings settings_;
  std::FILE* out_;
  std::FILE* err_;
  bool line_shown_ = false;
  struct Change {
    std::string change, path, id, title;
  };
  std::vector<Change> changes_;  // For --dry-run --json only.
};

/// The progress line for @p p, at most @p width - 1 columns so that the
/// terminal never wraps it (a wrapped line is not overwritten by the next
/// refresh but stacks up). When the whole line does not fit, the least useful
/// parts go first: the count of files, of articles, of megabytes, the
/// "lede-index: " prefix, then the rate and the ETA; the phase and the
/// percentage stay, cut only on a terminal narrower than themselves.
[[nodiscard]] std::string progress_line(const index::Progress& p, unsigned width);

/// Prints --stats as aligned text or as one JSON object.
void print_stats(const index::Stats& stats, bool json, std::FILE* out);

}  // namespace lede::indexer
