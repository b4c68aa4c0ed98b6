/// @file
/// @brief What a search returns: ranked passages with everything a printer shows.
///
/// Plain standard types only, so that the printers in core/output need
/// neither Xapian nor the analyzer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lede::search {

/// A byte range [begin, end) inside a string.
struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const Range&) const = default;
};

/// One ranked passage (or, with --articles, an article by its best passage).
struct Result {
  std::size_t rank = 0;           ///< 1-based position in the whole ranking (after --offset).
  double score = 0;               ///< BM25 score of the passage; 0 for filter-only queries.
  std::uint32_t docid = 0;        ///< Xapian document id (changes when re-indexed).
  std::string article_id;         ///< The article's stable id (its path for files).
  std::string path;               ///< Source file, absolute; "-" for standard input.
  std::uint64_t source_line = 0;  ///< Line of a stream item in its stream; 0 for files.
  std::string title;
  std::string date;  ///< "YYYY-MM-DD" (or with "THH:MM"), "" if unknown.
  std::string url;
  std::string author;
  std::string source;
  std::string language;
  std::string format;
  std::uint32_t passage = 0;     ///< Ordinal of the passage in its article, from 1.
  std::uint32_t passages = 0;    ///< Number of passages of the article.
  std::uint32_t line_begin = 0;  ///< First and last line of the passage in the source.
  std::uint32_t line_end = 0;
  std::uint64_t byte_begin = 0;  ///< Byte range of the passage in the source.
  std::uint64_t byte_end = 0;
  std::string text;                     ///< The passage text (valid UTF-8).
  std::vector<Range> highlights;        ///< Matched words, byte ranges in text.
  std::vector<Range> title_highlights;  ///< Matched words, byte ranges in title.
  /// With --articles: how many more passages of the article match (at least).
  std::uint32_t more_passages = 0;
};

/// What one leaf of the query became, for --explain.
struct LeafTerms {
  std::string leaf;                ///< The leaf as rendered ("title:russia", "\"a b\"").
  std::string tokens;              ///< The analyzer's tokens (lede::render).
  std::vector<std::string> terms;  ///< The Xapian terms searched.
};

/// --explain: how the query was understood.
struct Explanation {
  std::vector<LeafTerms> leaves;
  std::vector<std::string> languages;  ///< Stemming languages tried for the query words.
  std::string xapian;                  ///< Xapian::Query::get_description().
};

/// The answer to one query.
struct Response {
  std::string qid;     ///< Query id (batch), "1" for a single query.
  std::string query;   ///< The query as typed.
  std::string parsed;  ///< search::render() of the parsed query.
  /// Results the ranking holds (passages within the per-article limit, or
  /// articles), before syndicated copies are dropped: true bounds, equal when
  /// the figure is exact (Xapian checked every match, or it said so anyway).
  std::uint64_t total_lower = 0;
  std::uint64_t total_upper = 0;
  /// With SearchOptions::count: exact counts of what the query matches, and
  /// no results.
  bool counted = false;
  std::uint64_t matching_articles = 0;  ///< Distinct articles with a matching passage.
  std::uint64_t matching_passages = 0;  ///< Matching passages, syndicated copies included.
  bool articles = false;                ///< Results are articles (--articles), not passages.
  std::vector<Result> results;
  std::string suggestion;             ///< The query with unknown words corrected, "" if none.
  std::vector<std::string> warnings;  ///< What was repaired in the query.
  Explanation explain;
};

}  // namespace lede::search
