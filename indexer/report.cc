#include "indexer/report.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/util/terminal.h"
#include "core/util/utf8.h"
#include "core/util/version.h"

namespace lede::indexer {

namespace {

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

std::string rate(std::uint64_t bytes, double seconds) {
  if (seconds <= 0) return "-";
  return fmt::format("{:.1f} MB/s", static_cast<double>(bytes) / 1e6 / seconds);
}

std::string clock_time(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Reporter::Reporter(ReportSettings settings, std::FILE* out, std::FILE* err)
    : settings_(std::move(settings)), out_(out), err_(err) {}

index::Events Reporter::events(std::function<bool()> stop_requested) {
  index::Events e;
  e.problem = [this](const Problem& p) { on_problem(p); };
  e.article = [this](const index::ArticleEvent& a) { on_article(a); };
  e.skipped = [this](std::string_view path, std::string_view reason) { on_skipped(path, reason); };
  if (settings_.progress && !settings_.quiet)
    e.progress = [this](const index::Progress& p) { on_progress(p); };
  e.waiting = [this] {
    clear_progress();
    fmt::print(err_, "lede-index: {} is being written by another process; waiting...\n",
               terminal_safe(settings_.db));
    std::fflush(err_);
  };
  e.stop_requested = std::move(stop_requested);
  return e;
}

void Reporter::warning(const std::string& what) {
  clear_progress();
  fmt::print(err_, "lede-index: warning: {}\n", terminal_safe(what));
}

void Reporter::clear_progress() {
  if (!line_shown_) return;
  std::fputs("\r\x1b[K", err_);
  line_shown_ = false;
}

void Reporter::on_problem(const Problem& p) {
  warning(p.where.empty() ? p.message : p.where + ": " + p.message);
}

void Reporter::on_article(const index::ArticleEvent& e) {
  using index::Change;
  if (settings_.dry_run) {
    if (e.change == Change::unchanged && !settings_.verbose) return;
    if (settings_.json) {
      // Paths and ids escaped as lede-query writes them (docs/output-format.md).
      changes_.push_back({std::string(index::change_name(e.change)), escape_bytes(e.path),
                          escape_bytes(e.id), std::string(e.title)});
      return;
    }
    static constexpr const char* kWould[] = {"add", "update", "keep", "remove", "skip"};
    clear_progress();
    fmt::print(
        out_, "would {:<6} {}{}\n", kWould[static_cast<int>(e.change)], terminal_safe(e.path),
        e.change == Change::duplicate ? fmt::format(" (duplicate of {})", terminal_safe(e.original))
                                      : "");
    return;
  }
  if (e.change == Change::duplicate) {
    if (settings_.quiet) return;
    clear_progress();
    fmt::print(err_, "lede-index: {}: same article as {}; indexed once\n", terminal_safe(e.path),
               terminal_safe(e.original));
    return;
  }
  if (!settings_.verbose) return;
  clear_progress();
  if (e.change == Change::removed) {
    fmt::print(err_, "{:<9} {}\n", index::change_name(e.change), terminal_safe(e.path));
    return;
  }
  fmt::print(err_, "{:<9} {} [{}, {}, {}, {} passage{}]\n", index::change_name(e.change),
             terminal_safe(e.path), e.format.empty() ? "?" : terminal_safe(e.format),
             e.encoding.empty() ? "?" : terminal_safe(e.encoding),
             e.language.empty() ? "language ?" : terminal_safe(e.language), e.passages,
             e.passages == 1 ? "" : "s");
  // What the boilerplate removal left out, under the article's line, so that
  // a reader can check that nothing of the article itself was lost. The
  // lines carry only numbers and fixed text, never bytes of the input.
  for (const DroppedLines& d : e.dropped) {
    const std::string lines = d.line_begin == d.line_end
                                  ? fmt::format("line {}", d.line_begin)
                                  : fmt::format("lines {}-{}", d.line_begin, d.line_end);
    fmt::print(err_, "{:<9} dropped {}: {}\n", "", lines, d.reason);
  }
}

void Reporter::on_skipped(std::string_view path, std::string_view reason) {
  if (!settings_.verbose) return;
  clear_progress();
  fmt::print(err_, "{:<9} {} (not an article: {})\n", "skipped", terminal_safe(path),
             terminal_safe(reason));
}

std::string progress_line(const index::Progress& p, unsigned width) {
  // The parts in the order shown, each with its rank: 0 stays, the others go
  // lowest first while the line is too wide.
  struct Part {
    std::string text;
    int rank;
  };
  std::vector<Part> parts;
  parts.push_back({fmt::format("{} files", p.files), 1});
  parts.push_back({fmt::format("{} articles", p.articles), 2});
  parts.push_back({megabytes(p.bytes), 3});
  if (p.seconds > 0.5) parts.push_back({rate(p.bytes, p.seconds), 5});
  if (p.total_bytes > 0 && p.bytes > 0 && p.bytes <= p.total_bytes) {
    const double fraction = static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes);
    parts.push_back({fmt::format("{:.0f}%", fraction * 100), 0});
    if (p.seconds > 1 && fraction > 0.01)
      parts.push_back({"ETA " + clock_time(p.seconds / fraction - p.seconds), 6});
  }
  bool prefix = true;  // "lede-index: ", of rank 4
  auto render = [&] {
    std::string line = prefix ? "lede-index: " : "";
    line += p.phase;
    const char* sep = " ";
    for (const Part& part : parts) {
      line += sep;
      line += part.text;
      sep = ", ";
    }
    return line;
  };
  // Every part is ASCII (fixed words and numbers), so its bytes are its
  // columns. The last column stays empty: a terminal that has written it
  // may wrap before the next refresh's carriage return.
  const std::size_t limit = width > 1 ? width - 1 : 1;
  std::string line = render();
  for (int rank = 1; rank <= 6 && line.size() > limit; ++rank) {
    if (rank == 4) {
      prefix = false;
    } else {
      std::erase_if(parts, [rank](const Part& part) { return part.rank == rank; });
    }
    line = render();
  }
  if (line.size() > limit) line.resize(limit);
  return line;
}

void Reporter::on_progress(const index::Progress& p) {
  // Asked at each refresh, so that a resized terminal is followed.
  unsigned width = settings_.width;
  winsize ws{};
  if (ioctl(fileno(err_), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width = ws.ws_col;
  fmt::print(err_, "\r{}\x1b[K", progress_line(p, width));
  std::fflush(err_);
  line_shown_ = true;
}

void Reporter::summary(const index::Summary& s) {
  clear_progress();
  if (settings_.json) {
    nlohmann::json j = {
        {"version", kOutputFormatVersion},
        {"db", settings_.db},
        {"added", s.added},
        {"updated", s.updated},
        {"unchanged", s.unchanged},
        {"removed", s.removed},
        {"duplicates", s.duplicates},
        {"failed", s.failed},
        {"files", s.files},
        {"skipped", s.skipped},
        {"known_failures", s.known_failures},
        {"passages", s.passages},
        {"bytes", s.bytes},
        {"commits", s.commits},
        {"seconds", s.seconds},
        {"written", s.written},
        {"interrupted", s.interrupted},
        {"compacted", s.compacted},
        {"dry_run", s.dry_run},
    };
    if (s.dry_run) {
      nlohmann::json changes = nlohmann::json::array();
      for (const auto& c : changes_)
        changes.push_back(
            {{"change", c.change}, {"path", c.path}, {"id", c.id}, {"title", c.title}});
      j["changes"] = std::move(changes);
    }
    fmt::print(out_, "{}\n", json_text(j));
    return;
  }
  if (settings_.quiet) return;
  std::string counts = fmt::format(
      "{} added, {} updated, {} unchanged, {} removed, {} duplicate{}, {} skipped, {} failed",
      s.added, s.updated, s.unchanged, s.removed, s.duplicates, s.duplicates == 1 ? "" : "s",
      s.skipped, s.failed);
  // Failures reported on an earlier run are not repeated, but not hidden
  // either: the summary counts them and --stats lists them.
  if (s.known_failures > 0)
    counts += fmt::format(" (and {} file{} failing as on an earlier run; see --stats)",
                          s.known_failures, s.known_failures == 1 ? "" : "s");
  const std::string time =
      fmt::format("{:.1f} s, {}, {}", s.seconds, megabytes(s.bytes), rate(s.bytes, s.seconds));
  if (s.dry_run) {
    fmt::print(err_, "lede-index: dry run, nothing written: would be {} ({})\n", counts, time);
  } else if (s.interrupted) {
    fmt::print(err_, "lede-index: interrupted; committed what was done: {} ({})\n", counts, time);
  } else if (!s.written) {
    fmt::print(err_, "lede-index: nothing changed, database not written: {} ({})\n", counts, time);
  } else {
    fmt::print(err_, "lede-index: {}; {} passage{} written to {} ({})\n", counts, s.passages,
               s.passages == 1 ? "" : "s", terminal_safe(settings_.db), time);
  }
}

void print_stats(const index::Stats& st, bool json, std::FILE* out) {
  if (json) {
    nlohmann::json languages = nlohmann::json::array();
    for (const auto& l : st.languages)
      languages.push_back(
          {{"language", l.code}, {"articles", l.articles}, {"passages", l.passages}});
    nlohmann::json shards = nlohmann::json::array();
    for (const auto& sh : st.shards)
      shards.push_back({{"shard", sh.name},
                        {"articles", sh.articles},
                        {"passages", sh.passages},
                        {"bytes_on_disk", sh.bytes_on_disk ? nlohmann::json(*sh.bytes_on_disk)
                                                           : nlohmann::json(nullptr)}});
    nlohmann::json failed = nlohmann::json::array();
    for (const auto& f : st.failed) {
      nlohmann::json problems = nlohmann::json::array();
      for (const auto& p : f.problems)
        problems.push_back({{"where", p.where}, {"message", p.message}});
      failed.push_back({{"path", f.path},
                        {"size", f.size},
                        {"mtime", f.mtime},
                        {"problem_count", f.count},
                        {"problems", std::move(problems)}});
    }
    nlohmann::json j = {
        {"version", kOutputFormatVersion},
        {"db", st.path},
        {"articles", st.articles},
        {"passages", st.passages},
        {"terms", st.terms},
        {"words", st.words},
        {"languages", std::move(languages)},
        {"first_date", st.first_date},
        {"last_date", st.last_date},
        {"bytes_on_disk", st.bytes_on_disk},
        {"analyzer", {{"name", st.analyzer_name}, {"version", st.analyzer_version}}},
        {"schema_version", st.schema_version},
        {"updated", st.updated},
        {"roots", st.roots},
        {"shards", std::move(shards)},
        {"failed", std::move(failed)},
    };
    fmt::print(out, "{}\n", json_text(j));
    return;
  }
  std::string languages;
  for (const auto& l : st.languages) {
    if (!languages.empty()) languages += ", ";
    languages +=
        fmt::format("{} {}", l.code.empty() ? "unknown" : terminal_safe(l.code), l.articles);
  }
  std::string roots;
  for (const auto& r : st.roots)
    roots += (roots.empty() ? "" : ", ") + r;
  auto row = [&](const char* name, const std::string& value) {
    // Every value may come from input (paths, roots, metadata of a database
    // someone else wrote): all of them pass the terminal filter.
    fmt::print(out, "{:<11}{}\n", name, value.empty() ? "-" : terminal_safe(value));
  };
  row("database", st.path);
  row("articles", std::to_string(st.articles));
  row("passages", std::to_string(st.passages));
  row("terms", fmt::format("{} ({} distinct words)", st.terms, st.words));
  row("languages", languages);
  row("dates", st.first_date.empty() ? "" : st.first_date + " to " + st.last_date);
  row("size", megabytes(st.bytes_on_disk));
  row("analyzer", st.analyzer_name.empty() ? "" : st.analyzer_name + " " + st.analyzer_version);
  row("schema", st.schema_version);
  row("updated", st.updated);
  row("roots", roots);
  // One line a problem kept, under the file's path when it has several.
  bool first_failure = true;
  for (const auto& f : st.failed) {
    for (const auto& p : f.problems) {
      row(first_failure ? "failed" : "", p.where + ": " + p.message);
      first_failure = false;
    }
    if (f.count > f.problems.size())
      row("", fmt::format("{}: and {} more problems", f.path, f.count - f.problems.size()));
  }
  // A single database is its own only shard; the list says something only
  // for several.
  if (st.shards.size() > 1)
    for (std::size_t i = 0; i < st.shards.size(); ++i) {
      const auto& sh = st.shards[i];
      row(i == 0 ? "shards" : "",
          fmt::format("{} ({} articles, {} passages, {})", sh.name, sh.articles, sh.passages,
                      sh.bytes_on_disk ? megabytes(*sh.bytes_on_disk) : "size unknown"));
    }
}

}  // namespace lede::indexer
