/// @file
/// @brief What ingestion produces: articles split into passages.
///
/// These plain structs are the contract between ingest (which reads files and
/// streams) and index (which writes them to the database).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// A unit of retrieval: a paragraph, or a piece of a long one cut at sentence
/// boundaries. Results point at passages, so each knows where it came from.
struct Passage {
  std::uint32_t ordinal = 0;     ///< 1-based order among the article's passages.
  std::string text;              ///< Valid UTF-8, as shown to the reader.
  std::uint32_t line_begin = 0;  ///< First line in the source file, 1-based.
  std::uint32_t line_end = 0;    ///< Last line in the source file, inclusive.
  std::uint64_t byte_begin = 0;  ///< Byte range in the source file (for streams:
  std::uint64_t byte_end = 0;    ///< in the article's text field).
};

/// Lines the boilerplate removal left out of the passages, and why.
struct DroppedLines {
  std::uint32_t line_begin = 0;  ///< First line in the source file, 1-based.
  std::uint32_t line_end = 0;    ///< Last line, inclusive.
  std::string_view reason;       ///< Static text: "footer: signature after the text", ...
};

/// One article with what a reader would say about it.
struct Article {
  std::string id;                 ///< Stable identity: the path for files; for stream
                                  ///< items the "id" field, else "url", else a content hash.
  std::string path;               ///< Source file, absolute and lexically normal; "-" for stdin.
  std::uint64_t source_line = 0;  ///< For stream items, the line in the stream (1-based).
  std::string format;             ///< "text", "markdown", "html" or "jsonl".
  std::string encoding;           ///< Detected source encoding ("UTF-8", "windows-1251", ...).
  std::string title;
  std::string date;  ///< ISO 8601: "YYYY-MM-DD", or with "THH:MM" when known; empty if unknown.
  std::string url;
  std::string author;
  std::string source;    ///< Publisher or site name when known.
  std::string language;  ///< ISO 639-1 code detected or given ("en", "ru", "hy"); empty if unknown.
  std::string text;      ///< Whole extracted text, valid UTF-8.
  std::string content_hash;       ///< Hex digest of the source bytes of this article.
  std::vector<Passage> passages;  ///< Boilerplate and repeated paragraphs removed.
  /// What the boilerplate removal left out, for lede-index --verbose.
  std::vector<DroppedLines> dropped;
};

/// A problem with one input that does not stop the run.
struct Problem {
  std::string where;    ///< "path", "path:line" or "path:byte N".
  std::string message;  ///< What is wrong, for the user.
};

}  // namespace lede
