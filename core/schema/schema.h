/// @file
/// @brief The database schema: every term prefix, value slot and metadata key
/// lede uses, in one table that reads like a specification.
///
/// One Xapian document is one passage. Article-level facts (title, date, URL,
/// path, language) are repeated on each of its passages, so that a passage can
/// be shown, filtered and sorted without reading anything else.
///
/// Prefixes follow Omega's conventions (xapian-omega/docs/termprefixes.rst)
/// wherever one exists, so quest and xapian-delve read lede databases: Q for
/// the unique id, S title, U URL, P path, A author, L language, Z stemmed.
/// Prefixes of our own start with X. docs/SCHEMA.md documents the same table.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lede::schema {

/// How a prefix is used.
enum class Use : std::uint8_t {
  free_text,  ///< Analyzed words with positions (wdf counts); searchable by field.
  boolean,    ///< Exact filter terms (no wdf, no positions).
};

/// One row of the prefix table.
struct Prefix {
  std::string_view prefix;  ///< The term prefix, "" for body text.
  std::string_view field;   ///< The name a user types in a query ("title:"), "" if none.
  Use use;
  std::string_view what;  ///< What the terms hold, for docs and --explain.
};

// Free-text prefixes. Every word is indexed unstemmed with positions under the
// prefix and, stemmed and without positions, under "Z" + the prefix, as Omega
// and Xapian's TermGenerator (STEM_SOME) do.
inline constexpr std::string_view kBody = "";
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kStemmed = "Z";

// Boolean prefixes.
inline constexpr std::string_view kUniqueId = "Q";  ///< Q<article key>:<ordinal>, one per passage.
/// XA<article key>: all passages of an article.
inline constexpr std::string_view kArticle = "XA";
inline constexpr std::string_view kUrl = "U";   ///< Full URL (hashed past 240 bytes, as omindex).
inline constexpr std::string_view kHost = "H";  ///< Host name of the URL, lower case.
inline constexpr std::string_view kPath = "P";  ///< Source file path (hashed past 240 bytes).
/// Each folder above the source file, for path: filters.
inline constexpr std::string_view kFolder = "XDIR";
inline constexpr std::string_view kAuthor = "A";        ///< Author, folded like words.
inline constexpr std::string_view kLanguage = "L";      ///< ISO 639-1 language code.
inline constexpr std::string_view kSource = "XSOURCE";  ///< Publisher or site, folded.
inline constexpr std::string_view kFormat = "XFORMAT";  ///< text, markdown, html or jsonl.
inline constexpr std::string_view kYear = "Y";          ///< Four-digit year of the article's date.
inline constexpr std::string_view kMonth = "M";         ///< YYYYMM of the article's date.
inline constexpr std::string_view kDate = "D";          ///< YYYYMMDD of the article's date.
/// XHASH<content hash>: finds the same article stored under another id.
inline constexpr std::string_view kContentHash = "XHASH";

/// Value slots. Slot numbers are part of the on-disk format.
enum Slot : Xapian::valueno {
  kSlotDate = 0,     ///< "YYYYMMDD" string (sorts and range-filters as text); absent if unknown.
  kSlotArticle = 1,  ///< Article key: the collapse key for --per-article.
  kSlotPassageHash = 2,  ///< Hash of the passage's normalized text: syndicated copies collapse.
  kSlotOrdinal = 3,      ///< Passage ordinal, Xapian::sortable_serialise.
  kSlotContentHash = 4,  ///< Hash of the article's source bytes: judged to decide re-indexing.
  kSlotMtime = 5,        ///< Source file mtime in seconds, sortable_serialise (files only).
  kSlotTimestamp = 6,    ///< Date as seconds since the epoch, sortable_serialise.
};

/// Keys of the database's metadata (Xapian::Database::get_metadata).
inline constexpr std::string_view kMetaAnalyzerName = "lede.analyzer.name";
inline constexpr std::string_view kMetaAnalyzerVersion = "lede.analyzer.version";
inline constexpr std::string_view kMetaSchemaVersion = "lede.schema.version";
/// JSON array of the absolute roots (files and folders) lede-index was given;
/// a run without paths re-indexes them.
inline constexpr std::string_view kMetaRoots = "lede.roots";
/// ISO 8601 UTC time of the last run that changed the database.
inline constexpr std::string_view kMetaUpdated = "lede.updated";
/// Followed by the article key of a path (schema::article_key): a JSON object
/// recording that the file failed, as it was then (see core/index/failures.h).
inline constexpr std::string_view kMetaFailedPrefix = "lede.failed.";
/// Version of this table; bumped whenever a prefix or a slot changes meaning.
inline constexpr unsigned kSchemaVersion = 1;

/// Longest term Xapian's glass backend accepts, in bytes.
inline constexpr std::size_t kMaxTermBytes = 245;

// Document data: a JSON object (UTF-8) holding everything lede-query shows,
// so a result never needs the source file:
//   {"article_id", "path", "source_line", "title", "date", "url", "author",
//    "source", "language", "format", "encoding", "passage" (ordinal),
//    "passages" (count), "lines": [first, last], "bytes": [begin, end], "text"}
// Empty strings are omitted; "source_line" is present only for stream items.
// Keys may be added; none is removed or changes meaning without a schema bump.

/// The key that identifies an article inside the database: 16 hex digits of
/// XXH3-64 over its id, short enough for any term and the same on every run.
[[nodiscard]] std::string article_key(std::string_view article_id);

/// prefix + value as a Xapian term, following Omega's rules: a ':' separates
/// the prefix from a value starting with a capital letter or ':', and a value
/// too long for a term is cut and suffixed with a hash of the whole (as
/// omindex does for long URLs) so that distinct values stay distinct.
[[nodiscard]] std::string term(std::string_view prefix, std::string_view value);

/// The value of a boolean name term (A author, XSOURCE source): the analyzer's
/// unstemmed terms of the name joined by single spaces, so "José  Pérez" and
/// "jose perez" give the same term. Pass the terms in order, aliases excluded.
[[nodiscard]] std::string folded_name(std::span<const std::string> terms);

/// Throws lede::Error(database) naming @p path when the database was built by
/// another analyzer (name or version) or another schema version, or records
/// none (a Xapian database lede did not write: lede-index marks a database
/// before it writes anything else to it). Xapian errors from reading the
/// metadata propagate as they are.
void check_versions(const Xapian::Database& db, std::string_view path,
                    std::string_view analyzer_name, unsigned analyzer_version);

/// The database lede uses: @p flag when given (--db), else $LEDE_DB, else
/// $XDG_DATA_HOME/lede, else $HOME/.local/share/lede. Throws lede::Error(usage)
/// when none of these can be found.
[[nodiscard]] std::string database_path(std::string_view flag);

/// Every prefix, in the order docs/SCHEMA.md lists them.
[[nodiscard]] std::span<const Prefix> prefixes() noexcept;

/// The prefix for a user-visible field name ("title", "url", ...), or nullptr.
[[nodiscard]] const Prefix* find_field(std::string_view field) noexcept;

}  // namespace lede::schema
