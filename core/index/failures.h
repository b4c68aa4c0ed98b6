/// @file
/// @brief Inputs that failed, remembered in the database so that a file that
/// failed is reported once, not again on every run while it is unchanged.
///
/// Each failed file is one metadata entry of the shard of its path (Xapian
/// metadata is per shard): key schema::kMetaFailedPrefix + article key of the
/// path, value a JSON object {"path", "size", "mtime", "count", "problems":
/// [{"where", "message"}]}. A run that meets the file again with the same size
/// and modification time does not report its problems again; a run that reads
/// it without a problem, or finds it deleted, forgets it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/article.h"

namespace lede::index {

/// Problems kept per failed file; the count says how many there were.
inline constexpr std::size_t kFailureProblemsKept = 10;

/// One file that failed, as it was when it did.
struct Failure {
  std::string key;  ///< Its metadata key, when read from a database.
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;         ///< Seconds since 1970-01-01 UTC.
  std::uint64_t count = 0;        ///< Problems reported for it.
  std::vector<Problem> problems;  ///< The first kFailureProblemsKept of them.
};

/// The metadata key of @p path's failure.
[[nodiscard]] std::string failure_key(std::string_view path);

/// @p failure as the metadata value.
[[nodiscard]] std::string failure_value(const Failure& failure);

/// The failure a metadata value describes; nothing when it is not one.
[[nodiscard]] std::optional<Failure> parse_failure(std::string_view value);

/// Every failure recorded in @p db (one shard), in key order.
[[nodiscard]] std::vector<Failure> read_failures(const Xapian::Database& db);

}  // namespace lede::index
