/// @file
/// @brief Valid UTF-8 from arbitrary bytes.
#pragma once

#include <string>
#include <string_view>

namespace lede {

/// True when @p bytes is well-formed UTF-8 (no overlong forms, no surrogates).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

/// Decodes the code point at byte @p i of @p s (i < s.size()) and sets
/// @p length to the bytes it spans. An ill-formed sequence reads as U+FFFD
/// spanning its maximal subpart (at least one byte), as in repair_utf8().
[[nodiscard]] char32_t next_code_point(std::string_view s, std::size_t i,
                                       std::size_t& length) noexcept;

/// Returns @p bytes with every ill-formed sequence replaced by U+FFFD, following
/// the W3C/Unicode "maximal subpart" practice that ICU also applies, so that
/// offsets computed by ICU over the raw bytes and over the repaired text agree
/// on where each replacement stands. Valid input is returned unchanged.
[[nodiscard]] std::string repair_utf8(std::string_view bytes);

}  // namespace lede
