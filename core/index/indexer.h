/// @file
/// @brief Keeping a lede database current with a set of files and folders.
///
/// A run reads inputs in walk order, analyzes articles on worker threads and
/// lets one writer add them to the database in that same order, in batches
/// that are each committed atomically:
///
///   source (walk + read) --> analyzers (N threads) --> writer (caller's thread)
///                                                   --> shard writers (one thread per shard)
///
/// The writer decides, in walk order, what happens to each article and queues
/// the changes to the shard of its key; each shard's thread applies them to
/// its Xapian database. A database is one shard, or several (lede-index
/// --shards N) written in parallel: Xapian spends most of indexing inside the
/// thread that adds documents, so N shards use N cores. The writer adds new articles, re-indexes
/// changed ones (by content hash), leaves unchanged ones untouched, indexes the same content under
/// two ids once, and after a complete walk removes the articles of files that are gone from the
/// roots. Memory is bounded by the batch size and the number of articles in flight, not by the
/// corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/article.h"

namespace lede::index {

/// Receives the articles of one input.
using ArticleSink = std::function<void(Article&&)>;
/// Receives a problem with one input (or one line of it).
using ProblemSink = std::function<void(Problem&&)>;

/// One input a Source found: a file, or standard input.
struct Input {
  std::string path;                   ///< As shown in messages; "-" for standard input.
  std::uint64_t size = 0;             ///< Bytes, 0 when unknown.
  std::optional<std::int64_t> mtime;  ///< Modification time in seconds, for files.
  /// Why the input is not read at all, when it is not an article (an image,
  /// an empty file...): it is counted as skipped, and never as a failure.
  std::string skip;
  /// Reads the input, giving each article and each problem in order.
  std::function<void(const ArticleSink&, const ProblemSink&)> read;
};

/// Enumerates inputs in walk order. Problems with the roots themselves (a
/// path that does not exist, a symlink loop) go to the problem sink.
using Source = std::function<void(const std::function<void(Input&&)>&, const ProblemSink&)>;

/// What a run should do. The CLI fills this; tests build it directly.
struct Options {
  std::string db;                  ///< Database folder (created when missing).
  std::vector<std::string> roots;  ///< Absolute, lexically normal; "-" is stdin.
  bool dry_run = false;            ///< Report what would change, write nothing.
  bool wait = false;               ///< Wait for another writer instead of failing.
  /// Commit after this many passages or bytes of text: each batch is one
  /// Xapian transaction. Within a batch, Xapian 1.4 moves its in-memory
  /// postings to disk every XAPIAN_FLUSH_THRESHOLD documents (an environment
  /// variable it reads when the database is opened; its default is 10000).
  /// lede-index sets it to 500: Xapian's postings are std::maps whose lookups
  /// slow down as they grow, and the spelling table is cheaper to update in
  /// few large commits (measured: 25% faster on Wikipedia text than
  /// committing every 1000 passages, with less memory).
  std::size_t batch_passages = 8000;
  std::size_t batch_bytes = 32u << 20;
  std::size_t inflight_bytes = 4u << 20;  ///< Text read ahead of the writer.
  unsigned threads = 0;                   ///< Analysis threads; 0 means one per core.
  /// Shards of a new database (1: a single Xapian database; N: a folder of N
  /// shards and a stub file listing them). 0 takes what an existing database
  /// has, or 1 for a new one; a number that differs from an existing
  /// database's is a usage error.
  unsigned shards = 0;
  /// Record Xapian spelling data, which quest and other Xapian front ends use
  /// for suggestions. lede-query finds its own "did you mean" in the term
  /// list, so it is off by default: it cost a fifth of the indexing time.
  bool spelling = false;
};

/// What happened to one article.
enum class Change : std::uint8_t { added, updated, unchanged, removed, duplicate };

/// The name of a change as the summary and --json spell it ("added", ...).
[[nodiscard]] std::string_view change_name(Change change) noexcept;

/// One article's fate, for --verbose and --dry-run listings.
struct ArticleEvent {
  Change change = Change::added;
  std::string_view id;
  std::string_view path;  ///< With ":line" for stream items.
  std::string_view title;
  std::string_view format;
  std::string_view encoding;
  std::string_view language;
  std::size_t passages = 0;
  std::string_view original;  ///< For duplicates: where the indexed copy is.
  /// Lines left out of the passages, and why.
  std::span<const DroppedLines> dropped;
};

/// A snapshot of a run, for the progress line.
struct Progress {
  std::uint64_t files = 0;        ///< Inputs finished.
  std::uint64_t articles = 0;     ///< Articles decided (any change).
  std::uint64_t bytes = 0;        ///< Source bytes done.
  std::uint64_t total_bytes = 0;  ///< Source bytes in all inputs; 0 until known.
  double seconds = 0;             ///< Since the run started.
  std::string_view phase;         ///< "indexing", "removing", "committing" or "compacting".
};

/// The outcome of a run.
struct Summary {
  std::uint64_t added = 0, updated = 0, unchanged = 0, removed = 0, duplicates = 0;
  std::uint64_t failed = 0;   ///< Problems reported (files, lines).
  std::uint64_t skipped = 0;  ///< Inputs that are not articles (images, empty files...).
  /// Inputs that failed as they did on an earlier run, unchanged since: their
  /// problems were reported then and are not again (lede-index --stats lists them).
  std::uint64_t known_failures = 0;
  std::uint64_t files = 0;     ///< Inputs read.
  std::uint64_t passages = 0;  ///< Passages written (added or re-indexed).
  std::uint64_t bytes = 0;     ///< Source bytes read.
  std::uint64_t commits = 0;   ///< Batches committed.
  double seconds = 0;
  bool written = false;      ///< Whether the database changed at all.
  bool interrupted = false;  ///< Stopped by a signal before the end.
  bool compacted = false;    ///< Rewritten compactly at the end of the run.
  bool dry_run = false;
};

/// Callbacks from a run, all made on the caller's thread, in walk order.
struct Events {
  std::function<void(const Problem&)> problem;
  std::function<void(const ArticleEvent&)> article;
  std::function<void(std::string_view path, std::string_view reason)> skipped;
  std::function<void(const Progress&)> progress;  ///< About four times a second.
  std::function<void()> waiting;                  ///< Once, when --wait starts waiting.
  std::function<bool()> stop_requested;           ///< Polled; true stops the run cleanly.
};

/// Runs @p source into the database of @p options (created when missing). @p count, when given, is
/// a second enumeration of the same inputs, walked on its own thread only to sum their sizes for an
/// ETA. Throws lede::Error: locked when another writer holds the database (and !options.wait),
/// database when it cannot be opened, read or written, or was built by another analyzer or schema
/// version.
Summary run(const Options& options, const Source& source, const Events& events,
            const Source* count = nullptr);

/// Runs over files and folders through the ingest module: the production
/// entry point of lede-index. @p count_total walks the roots a second time to
/// know the total size (for an ETA).
Summary index_paths(const Options& options, const Events& events, bool count_total);

/// The roots recorded in the database at @p db (the union of every run's), so
/// that a run without paths can re-index them. Empty when none.
[[nodiscard]] std::vector<std::string> recorded_roots(const std::string& db);

/// @p path made absolute and lexically normal, without a trailing slash, as
/// ingest writes Article::path ("-" stays "-").
[[nodiscard]] std::string normal_root(std::string_view path);

}  // namespace lede::index
