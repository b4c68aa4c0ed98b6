/// @file
/// @brief Reading UTF-8 one code point at a time (internal to search).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lede::search {

/// Decodes the code point starting at byte @p i of @p s and sets @p length to
/// its byte count. Ill-formed bytes read as U+FFFD, one byte each.
inline char32_t decode_utf8(std::string_view s, std::size_t i, std::size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  length = 1;
  if (b0 < 0x80) return b0;
  std::size_t n = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0xFFFD;
  }
  if (i + n > s.size()) return 0xFFFD;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  length = n;
  return cp;
}

/// @p s as code points.
inline std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0, len = 0; i < s.size(); i += len)
    out.push_back(decode_utf8(s, i, len));
  return out;
}

}  // namespace lede::search
