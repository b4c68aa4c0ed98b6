/// @file
/// @brief Valid UTF-8 from arbitrary bytes.
#pragma once

#include <string>
#include <string_view>

namespace lede {

/// True when @p bytes is well-formed UTF-8 (no overlong forms, no surrogates).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

/// Returns @p bytes with every ill-formed sequence replaced by U+FFFD, following
/// the W3C/Unicode "maximal subpart" practice that ICU also applies, so that
/// offsets computed by ICU over the raw bytes and over the repaired text agree
/// on where each replacement stands. Valid input is returned unchanged.
[[nodiscard]] std::string repair_utf8(std::string_view bytes);

}  // namespace lede
