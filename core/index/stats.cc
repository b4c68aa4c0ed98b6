#include "core/index/stats.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/schema/layout.h"
#include "core/schema/reading.h"
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
  return s;
}

std::vector<std::string> roots_of(const Xapian::Database& db) {
  std::vector<std::string> roots;
  const auto parsed =
      nlohmann::json::parse(db.get_metadata(std::string(schema::kMetaRoots)), nullptr, false);
  if (parsed.is_array())
    for (const auto& r : parsed)
      if (r.is_string()) roots.push_back(r.get<std::string>());
  return roots;
}

// Metadata is per shard (Xapian's union answers get_metadata from its first
// member only), so each shard is read on its own and the answers combined.
void read_shards(const std::vector<schema::Shard>& shards, std::vector<Xapian::Database>& dbs,
                 Stats& s) {
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const auto& shard = shards[i];
    auto& db = dbs[i];
    ShardStats one;
    one.name = shard.name();
    one.passages = db.get_doccount();
    one.articles = count_terms(db, std::string(schema::kArticle));
    if (shard.kind == schema::Shard::Kind::local) {
      one.bytes_on_disk = folder_bytes(shard.path);
      s.bytes_on_disk += *one.bytes_on_disk;
    } else {
      s.notes.push_back(one.name +
                        ": size on disk unknown (a remote shard); the total counts "
                        "local shards only");
    }
    s.shards.push_back(std::move(one));

    const std::string name = db.get_metadata(std::string(schema::kMetaAnalyzerName));
    const std::string version = db.get_metadata(std::string(schema::kMetaAnalyzerVersion));
    const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (!name.empty() && s.analyzer_name.empty()) {
      s.analyzer_name = name;
      s.analyzer_version = version;
      s.schema_version = schema_version;
    } else if (!name.empty() && (name != s.analyzer_name || version != s.analyzer_version ||
                                 schema_version != s.schema_version)) {
      s.notes.push_back(shard.name() + ": built by analyzer " + name + " " + version + ", schema " +
                        schema_version + ", unlike the first shard");
    }
    s.updated = std::max(s.updated, db.get_metadata(std::string(schema::kMetaUpdated)));
    // Each shard records the failures of the paths it is home to.
    try {
      for (auto& f : read_failures(db))
        s.failed.push_back(std::move(f));
    } catch (const Xapian::UnimplementedError&) {
      s.notes.push_back(shard.name() + ": cannot list its failed files");
    }
    for (auto& r : roots_of(db))
      s.roots.push_back(std::move(r));
  }
  std::sort(s.failed.begin(), s.failed.end(),
            [](const Failure& a, const Failure& b) { return a.path < b.path; });
  std::sort(s.roots.begin(), s.roots.end());
  s.roots.erase(std::unique(s.roots.begin(), s.roots.end()), s.roots.end());
}

}  // namespace

Stats stats(const std::string& path) {
  return stats(std::span<const std::string>(&path, 1));
}

Stats stats(std::span<const std::string> specs) {
  std::string path;
  for (const auto& spec : specs)
    path += (path.empty() ? "" : ", ") + spec;
  std::vector<schema::Shard> shards;
  for (const auto& spec : specs)
    for (auto& shard : schema::shards_of(spec))
      shards.push_back(std::move(shard));
  for (const auto& shard : shards)
    if (shard.kind == schema::Shard::Kind::local && !std::filesystem::is_directory(shard.path))
      throw Error(ErrorKind::database, "cannot open database " + shard.path + ": no such database");
  // lede-index may commit, or put a compacted copy in place, while this
  // reads; schema::retry_read opens and reads again on the newest revision.
  std::string opening;
  try {
    return schema::retry_read([&](int) {
      std::vector<Xapian::Database> dbs;
      Xapian::Database all;
      for (const auto& shard : shards) {
        opening = shard.name();
        dbs.push_back(schema::open_shard(shard));
        all.add_database(dbs.back());
      }
      opening.clear();
      Stats s = read(all, path);
      read_shards(shards, dbs, s);
      return s;
    });
  } catch (const Xapian::Error& e) {
    if (!opening.empty())
      throw Error(ErrorKind::database,
                  "cannot open database " + opening + ": " + e.get_description());
    throw Error(ErrorKind::database, "cannot read database " + path + ": " + e.get_description());
  }
}

}  // namespace lede::index
