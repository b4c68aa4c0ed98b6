#include "core/schema/schema.h"

#include <xxhash.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/util/error.h"

namespace lede::schema {

namespace {

// The table a reader of docs/SCHEMA.md sees. Field names are what users type
// before a colon in lede-query.
constexpr std::array kPrefixes{
    Prefix{kBody, "", Use::free_text, "words of the passage"},
    Prefix{kTitle, "title", Use::free_text, "words of the article's title"},
    Prefix{kStemmed, "", Use::free_text, "stems; ZS for stems of the title"},
    Prefix{kUniqueId, "", Use::boolean, "unique passage id: <article key>:<ordinal>"},
    Prefix{kArticle, "", Use::boolean, "article key, shared by an article's passages"},
    Prefix{kUrl, "url", Use::boolean, "full URL"},
    Prefix{kHost, "host", Use::boolean, "host name of the URL"},
    Prefix{kPath, "", Use::boolean, "source file path"},
    Prefix{kFolder, "path", Use::boolean, "each folder above the source file"},
    Prefix{kAuthor, "author", Use::boolean, "author"},
    Prefix{kLanguage, "lang", Use::boolean, "ISO 639-1 language code"},
    Prefix{kSource, "source", Use::boolean, "publisher or site"},
    Prefix{kFormat, "format", Use::boolean, "text, markdown, html or jsonl"},
    Prefix{kYear, "year", Use::boolean, "year of the article's date"},
    Prefix{kMonth, "", Use::boolean, "YYYYMM of the article's date"},
    Prefix{kDate, "", Use::boolean, "YYYYMMDD of the article's date"},
    Prefix{kContentHash, "", Use::boolean, "hash of the article's source bytes"},
};

}  // namespace

std::span<const Prefix> prefixes() noexcept {
  return kPrefixes;
}

const Prefix* find_field(std::string_view field) noexcept {
  for (const auto& p : kPrefixes)
    if (!p.field.empty() && p.field == field) return &p;
  return nullptr;
}

std::string article_key(std::string_view article_id) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(article_id.data(), article_id.size())));
  return hex;
}

std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  if (!prefix.empty() && !value.empty() &&
      ((value.front() >= 'A' && value.front() <= 'Z') || value.front() == ':'))
    t += ':';
  // Leave room for a separator and 16 hex digits under Xapian's limit.
  constexpr std::size_t kKeep = kMaxTermBytes - 5 - 17;
  if (t.size() + value.size() <= kMaxTermBytes - 5) {
    t += value;
    return t;
  }
  std::size_t keep = kKeep > t.size() ? kKeep - t.size() : 0;
  // Never cut inside a UTF-8 sequence: back up over continuation bytes.
  while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80)
    --keep;
  t += value.substr(0, keep);
  t += '#';
  t += article_key(value);
  return t;
}

std::string folded_name(std::span<const std::string> terms) {
  std::string name;
  for (const auto& t : terms) {
    if (t.empty()) continue;
    if (!name.empty()) name += ' ';
    name += t;
  }
  return name;
}

void check_versions(const Xapian::Database& db, std::string_view path,
                    std::string_view analyzer_name, unsigned analyzer_version) {
  // Xapian's errors pass through: the caller retries a read that a commit
  // overtook (reading.h) and names the database in the message.
  const std::string name = db.get_metadata(std::string(kMetaAnalyzerName));
  const std::string version = db.get_metadata(std::string(kMetaAnalyzerVersion));
  const std::string schema = db.get_metadata(std::string(kMetaSchemaVersion));
  const std::string want_version = std::to_string(analyzer_version);
  const std::string want_schema = std::to_string(kSchemaVersion);
  // A database that records nothing was never written by lede: lede-index
  // marks a new database before anything else, so even an empty one
  // without the marks is someone else's.
  if (name.empty() && version.empty() && schema.empty())
    throw Error(ErrorKind::database,
                std::string(path) + ": a Xapian database that lede did not write (" +
                    std::to_string(db.get_doccount()) +
                    " documents, no lede schema metadata); build a lede database with "
                    "lede-index --db NEW-FOLDER");
  if (name != analyzer_name || version != want_version)
    throw Error(ErrorKind::database, std::string(path) + ": built by analyzer " + name + " " +
                                         version + ", this is " + std::string(analyzer_name) + " " +
                                         want_version + "; re-index into a new database");
  if (schema != want_schema)
    throw Error(ErrorKind::database, std::string(path) + ": schema version " + schema +
                                         ", this is " + want_schema +
                                         "; re-index into a new database");
}

std::string database_path(std::string_view flag) {
  if (!flag.empty()) return std::string(flag);
  // The environment is read here rather than in each executable so that
  // lede-index and lede-query can never disagree on the default.
  if (const char* db = std::getenv("LEDE_DB"); db && *db) return db;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
    return std::string(data) + "/lede";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/share/lede";
  throw Error(ErrorKind::usage, "no database given: use --db PATH, or set LEDE_DB or HOME");
}

}  // namespace lede::schema
