/// @file
/// @brief Searching a lede database: query string in, ranked passages out.
///
/// The Searcher opens the database once (checking that it was built by this
/// analyzer and schema), then answers any number of queries: parse
/// (query.h), build through the analyzer (builder.h), rank with BM25 and
/// pseudo-relevance feedback (feedback.h), keep at
/// most N passages per article, drop syndicated copies of a passage already
/// shown, and highlight the matched words by re-analyzing each passage.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/search/builder.h"
#include "core/search/feedback.h"
#include "core/search/result.h"

namespace lede::search {

/// Result order.
enum class Sort : std::uint8_t {
  relevance,  ///< Best BM25 score first.
  date,       ///< Newest first, then by relevance.
  date_asc,   ///< Oldest first, then by relevance.
};

/// BM25 parameters. Defaults measured on judged collections (docs/RELEVANCE.md):
/// with feedback and proximity, 0.9,0.4 (Anserini's choice) beat 1.2,0.5 on NPL.
inline constexpr double kDefaultK1 = 0.9;
inline constexpr double kDefaultB = 0.4;
/// Passages shown per article by default: the best two give a reader the
/// article's point and its context while leaving room for other articles.
inline constexpr unsigned kDefaultPerArticle = 2;

/// Options of one search.
struct SearchOptions {
  std::size_t offset = 0;                     ///< Results skipped (--offset).
  std::size_t limit = 10;                     ///< Results returned (--limit).
  unsigned per_article = kDefaultPerArticle;  ///< Passages per article; 0 = no limit.
  bool articles = false;  ///< Rank articles by their best passage, one result each.
  Sort sort = Sort::relevance;
  double k1 = kDefaultK1;
  double b = kDefaultB;
  bool dedup = true;      ///< Drop a passage whose text was already shown (syndication).
  bool suggest = true;    ///< Offer "did you mean" for words unknown to the index.
  bool explain = false;   ///< Fill Response::explain.
  bool highlight = true;  ///< Fill Result::highlights (the TREC and TSV printers skip them).
  /// Count instead of ranking (--count): fill Response::matching_articles and
  /// matching_passages exactly, from the query without feedback (which only
  /// re-orders what the query matches) and before any per-article limit or
  /// syndicated-copy removal; return no results.
  bool count = false;
  BuildOptions build;
  FeedbackOptions feedback;  ///< Pseudo-relevance feedback (--feedback N; 0 turns it off).
};

/// How the databases of a search are opened.
struct OpenOptions {
  /// Search the shards that can be opened when some cannot (a server down, a
  /// folder missing), with a note naming each one left out, instead of failing.
  bool partial = false;
};

/// One open database, ready for queries. Not thread-safe (one per thread).
class Searcher {
 public:
  /// Opens @p path read-only. Throws lede::Error(database) when it is missing,
  /// unreadable, or built by another analyzer or schema version.
  explicit Searcher(const std::string& path);
  /// Opens @p specs (folders, stub files, tcp://HOST:PORT of xapian-tcpsrv) as
  /// one database: their shards are searched together with statistics over
  /// all of them, so scores and order are those of one database holding
  /// everything. Each shard is checked on its own; an error names the shard.
  Searcher(std::span<const std::string> specs, const OpenOptions& options);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Answers @p query. Throws lede::Error(usage) for a query that cannot mean
  /// anything (no words, a bad date), lede::Error(database) when reading fails.
  [[nodiscard]] Response search(std::string_view query, const SearchOptions& options);

  /// Number of passages in the database.
  [[nodiscard]] std::uint64_t passages() const;

  /// Notes from opening, for the user: shards left out (OpenOptions::partial).
  [[nodiscard]] const std::vector<std::string>& notes() const;

  /// Number of shards searched.
  [[nodiscard]] std::size_t shards() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lede::search
