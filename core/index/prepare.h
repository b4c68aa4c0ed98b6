/// @file
/// @brief Turning one article into ready-to-add passage documents.
///
/// This is the CPU-heavy half of indexing (analysis and term lists); it runs
/// on worker threads, each with its own Analyzer, while one writer thread adds
/// the results to the database. Every term, value and document-data key used
/// here comes from core/schema/schema.h.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis/analyzer.h"
#include "core/ingest/article.h"

namespace lede::index {

/// One article as Xapian documents, one per passage, in passage order.
struct PreparedArticle {
  std::string key;           ///< schema::article_key of the article's id.
  std::string content_hash;  ///< What decides whether it changed.
  std::vector<Xapian::Document> passages;
  /// Distinct words of the title and body with their counts, for Xapian's
  /// spelling table; empty when spelling data is not wanted.
  std::vector<std::pair<std::string, unsigned>> spellings;
  std::uint64_t text_bytes = 0;  ///< Bytes of passage text, for batch sizes.
};

/// What prepare() adds besides terms and values.
struct PrepareOptions {
  bool spelling = false;  ///< Collect words for Xapian's spelling table (IndexOptions::spelling).
};

/// The hash that identifies an article's content: ingest's hash of the source
/// bytes, or (for articles built by hand) XXH3-128 of the text, 32 hex digits.
[[nodiscard]] std::string content_hash(const Article& article);

/// The language whose stemmer indexes @p article: its own, or the analyzer's
/// default (English) when unknown, since most of an English-language news
/// archive is English and an English stem of a foreign word does no harm
/// beyond what the unstemmed term already matches.
[[nodiscard]] std::string_view stemming_language(const Article& article) noexcept;

/// Builds the passage documents of @p article. @p mtime is the source file's
/// modification time in seconds, when it has one. Never throws on odd input:
/// over-long terms are skipped and text is assumed to be valid UTF-8 already.
[[nodiscard]] PreparedArticle prepare(const Article& article, Analyzer& analyzer,
                                      const PrepareOptions& options,
                                      std::optional<std::int64_t> mtime);

/// The calendar parts of an article date ("2025-02-17" or "2025-02-17T14:24"):
/// "20250217" and seconds since the epoch (UTC). Nothing for a malformed date.
struct ParsedDate {
  std::string yyyymmdd;
  std::int64_t epoch_seconds = 0;
};
[[nodiscard]] std::optional<ParsedDate> parse_date(std::string_view iso);

/// The host of @p url, lower case, without port or user ("" if none).
[[nodiscard]] std::string url_host(std::string_view url);

/// Each folder above @p path, nearest first, without the root "/"
/// ("/a/b/c.txt" gives "/a/b" and "/a").
[[nodiscard]] std::vector<std::string> parent_folders(std::string_view path);

}  // namespace lede::index
