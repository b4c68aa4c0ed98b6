/// @file
/// @brief Content hashes of source bytes (internal).
#pragma once

#include <string>
#include <string_view>

namespace lede::ingest {

/// XXH3-128 of @p bytes as 32 lowercase hex digits (canonical big-endian order).
[[nodiscard]] std::string content_hash(std::string_view bytes);

}  // namespace lede::ingest
