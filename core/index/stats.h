/// @file
/// @brief What a lede database holds, read without taking the write lock.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/index/failures.h"

namespace lede::index {

/// Counts for one language.
struct LanguageStats {
  std::string code;  ///< ISO 639-1 code, "" for articles of unknown language.
  std::uint64_t articles = 0;
  std::uint64_t passages = 0;
};

/// One shard of a database.
struct ShardStats {
  std::string name;  ///< Its folder, or tcp://HOST:PORT.
  std::uint64_t articles = 0;
  std::uint64_t passages = 0;
  std::optional<std::uint64_t> bytes_on_disk;  ///< Unknown for a remote shard.
};

/// A summary of a database, for lede-index --stats. Over several shards (a
/// sharded database, or several specs) it describes their union.
struct Stats {
  std::string path;
  std::uint64_t articles = 0;
  std::uint64_t passages = 0;
  std::uint64_t terms = 0;               ///< Distinct terms of every kind (words, stems, filters).
  std::uint64_t words = 0;               ///< Distinct unprefixed (body) terms.
  std::vector<LanguageStats> languages;  ///< Most articles first.
  std::string first_date, last_date;     ///< "YYYY-MM-DD", empty when no article has a date.
  std::uint64_t bytes_on_disk = 0;
  std::string analyzer_name, analyzer_version, schema_version;
  std::string updated;  ///< When a run last changed it (ISO 8601 UTC): the latest shard's.
  std::vector<std::string> roots;  ///< The union of every shard's.
  std::vector<ShardStats> shards;  ///< In the order they are searched.
  /// Files that failed and have not changed since (see failures.h), by path.
  std::vector<Failure> failed;
  /// What could not be told, or does not agree across shards, for the user.
  std::vector<std::string> notes;
};

/// Reads the statistics of the database at @p path. Works while another
/// process writes (it retries when a commit lands during the reading).
/// Throws lede::Error(database) when it cannot be opened.
[[nodiscard]] Stats stats(const std::string& path);

/// The same over @p specs (folders, stub files, tcp://HOST:PORT), as one.
[[nodiscard]] Stats stats(std::span<const std::string> specs);

}  // namespace lede::index
