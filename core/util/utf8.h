/// @file
/// @brief Valid UTF-8 from arbitrary bytes.
#pragma once

#include <cstddef>
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

/// Longest excerpt of input that a message quotes, in bytes.
inline constexpr std::size_t kExcerptBytes = 60;

/// @p text as a message may quote it: at most @p max_bytes of it, cut at a
/// code point boundary and ended by "…" when cut, ill-formed bytes repaired.
/// Whatever the input holds (a 128 KB number, a 1 MB word), a warning that
/// quotes it stays one short line.
[[nodiscard]] std::string excerpt(std::string_view text, std::size_t max_bytes = kExcerptBytes);

}  // namespace lede
