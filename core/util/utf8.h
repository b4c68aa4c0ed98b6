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

/// @p bytes (a file name, a path, an id) as valid UTF-8 that keeps every
/// byte: a backslash becomes two backslashes, each byte of an ill-formed
/// sequence becomes a backslash, 'x' and two lowercase hex digits (the byte
/// 0xFF reads `\xff`), and everything else is copied. Distinct byte strings
/// stay distinct, and unescape_bytes() gives the bytes back. This is how ids
/// and paths are stored in document data and written in every output format
/// (docs/output-format.md).
[[nodiscard]] std::string escape_bytes(std::string_view bytes);

/// The inverse of escape_bytes(): two backslashes become one, `\xHH` the byte
/// 0xHH; any other backslash is kept as it is, so text written before
/// escaping existed (a path with a lone backslash) reads back unchanged.
[[nodiscard]] std::string unescape_bytes(std::string_view text);

/// Longest excerpt of input that a message quotes, in bytes.
inline constexpr std::size_t kExcerptBytes = 60;

/// @p text as a message may quote it: at most @p max_bytes of it, cut at a
/// code point boundary and ended by "…" when cut, ill-formed bytes repaired.
/// Whatever the input holds (a 128 KB number, a 1 MB word), a warning that
/// quotes it stays one short line.
[[nodiscard]] std::string excerpt(std::string_view text, std::size_t max_bytes = kExcerptBytes);

}  // namespace lede
