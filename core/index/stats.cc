#include "core/index/stats.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/schema/schema.h"
#include "core/util/error.h"

namespace lede::index {

namespace {

std::string iso_day(const std::string& yyyymmdd) {
  if (yyyymmdd.size() != 8) return yyyymmdd;
  return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

std::uint64_t folder_bytes(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(path, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

std::uint64_t count_terms(const Xapian::Database& db, const std::string& prefix) {
  std::uint64_t n = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
    ++n;
  return n;
}

// The articles among the passages carrying @p term: passages with ordinal 1,
// read from the ordinal value slot in docid order.
std::uint64_t count_articles(const Xapian::Database& db, const std::string& term) {
  const std::string first = Xapian::sortable_serialise(1);
  std::uint64_t n = 0;
  auto values = db.valuestream_begin(schema::kSlotOrdinal);
  const auto values_end = db.valuestream_end(schema::kSlotOrdinal);
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    values.skip_to(*p);
    if (values == values_end) break;
    if (values.get_docid() == *p && *values == first) ++n;
  }
  return n;
}

Stats read(const Xapian::Database& db, const std::string& path) {
  Stats s;
  s.path = path;
  s.passages = db.get_doccount();
  s.articles = count_terms(db, std::string(schema::kArticle));
  // Counting every term walks the whole term dictionary; it is sequential
  // and takes a second or so for a million terms, acceptable for --stats.
  std::uint64_t prefixed = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    ++s.terms;
    const std::string& term = *t;
    // Unprefixed terms start with a lower-case letter, a digit or a
    // non-ASCII byte; prefixes are upper case.
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') ++prefixed;
  }
  s.words = s.terms - prefixed;

  std::uint64_t with_language = 0;
  const std::string lang_prefix(schema::kLanguage);
  for (auto t = db.allterms_begin(lang_prefix); t != db.allterms_end(lang_prefix); ++t) {
    LanguageStats l;
    l.code = (*t).substr(lang_prefix.size());
    if (!l.code.empty() && l.code[0] == ':') l.code.erase(0, 1);
    l.passages = t.get_termfreq();
    l.articles = count_articles(db, *t);
    with_language += l.articles;
    s.languages.push_back(std::move(l));
  }
  if (s.articles > with_language)
    s.languages.push_back(LanguageStats{"", s.articles - with_language, 0});
  std::stable_sort(s.languages.begin(), s.languages.end(),
                   [](const auto& a, const auto& b) { return a.articles > b.articles; });

  if (s.passages > 0) {
    s.first_date = iso_day(db.get_value_lower_bound(schema::kSlotDate));
    s.last_date = iso_day(db.get_value_upper_bound(schema::kSlotDate));
  }
  s.analyzer_name = db.get_metadata(std::string(schema::kMetaAnalyzerName));
  s.analyzer_version = db.get_metadata(std::string(schema::kMetaAnalyzerVersion));
  s.schema_version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
  s.updated = db.get_metadata(std::string(schema::kMetaUpdated));
  const auto roots =
      nlohmann::json::parse(db.get_metadata(std::string(schema::kMetaRoots)), nullptr, false);
  if (roots.is_array())
    for (const auto& r : roots)
      if (r.is_string()) s.roots.push_back(r.get<std::string>());
  s.bytes_on_disk = folder_bytes(path);
  return s;
}

}  // namespace

Stats stats(const std::string& path) {
  try {
    if (!std::filesystem::is_directory(path))
      throw Error(ErrorKind::database, "cannot open database " + path + ": no such database");
    Xapian::Database db(path);
    // A writer committing twice during the reading invalidates this
    // revision; reopening reads the newest one.
    for (int attempt = 0;; ++attempt) {
      try {
        return read(db, path);
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 5) throw;
        db.reopen();
      }
    }
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::database, "cannot read database " + path + ": " + e.get_description());
  }
}

}  // namespace lede::index
