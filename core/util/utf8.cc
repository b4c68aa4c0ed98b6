#include "core/util/utf8.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace lede {

bool is_valid_utf8(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const auto length = static_cast<std::int64_t>(bytes.size());
  std::int64_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c = 0;
    // U8_NEXT works on int32_t indices; step through long inputs in windows
    // so that a multi-gigabyte buffer cannot overflow the index.
    const std::int64_t window = std::min<std::int64_t>(length - i, 4);
    std::int32_t j = 0;
    U8_NEXT(s + i, j, static_cast<std::int32_t>(window), c);
    if (c < 0) return false;
    i += j;
  }
  return true;
}

char32_t next_code_point(std::string_view s, std::size_t i, std::size_t& length) noexcept {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data()) + i;
  const auto window = static_cast<std::int32_t>(std::min<std::size_t>(s.size() - i, 4));
  std::int32_t j = 0;
  UChar32 c = 0;
  U8_NEXT(bytes, j, window, c);
  length = static_cast<std::size_t>(j);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

std::string repair_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 16);
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const auto length = static_cast<std::int64_t>(bytes.size());
  std::int64_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      out.push_back(static_cast<char>(s[i++]));
      continue;
    }
    UChar32 c = 0;
    const std::int64_t window = std::min<std::int64_t>(length - i, 4);
    std::int32_t j = 0;
    U8_NEXT(s + i, j, static_cast<std::int32_t>(window), c);
    if (c < 0) {
      // U8_NEXT has consumed exactly the maximal subpart of the ill-formed
      // sequence, which is what becomes a single U+FFFD.
      out.append("\xEF\xBF\xBD");
    } else {
      out.append(bytes.substr(static_cast<std::size_t>(i), static_cast<std::size_t>(j)));
    }
    i += j;
  }
  return out;
}

std::string escape_bytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte < 0x80) {
      if (byte == '\\') out.push_back('\\');
      out.push_back(static_cast<char>(byte));
      ++i;
      continue;
    }
    std::size_t length = 0;
    const char32_t c = next_code_point(bytes, i, length);
    // A real U+FFFD in the name is three valid bytes: only a replacement
    // made for ill-formed bytes is escaped.
    const bool valid = c != U'\uFFFD' || bytes.substr(i, length) == "\xEF\xBF\xBD";
    if (valid) {
      out.append(bytes.substr(i, length));
    } else {
      for (std::size_t k = i; k < i + length; ++k) {
        const auto b = static_cast<unsigned char>(bytes[k]);
        out += "\\x";
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0xF]);
      }
    }
    i += length;
  }
  return out;
}

std::string unescape_bytes(std::string_view text) {
  auto hex = [](char ch) -> int {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      if (text[i + 1] == '\\') {
        out.push_back('\\');
        ++i;
        continue;
      }
      if (text[i + 1] == 'x' && i + 3 < text.size() && hex(text[i + 2]) >= 0 &&
          hex(text[i + 3]) >= 0) {
        out.push_back(static_cast<char>(hex(text[i + 2]) * 16 + hex(text[i + 3])));
        i += 3;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return repair_utf8(text);
  // Back up to the first byte of the code point the cut would split (at most
  // three bytes: a longer run of continuation bytes is ill-formed anyway).
  std::size_t cut = max_bytes;
  for (int k = 0; k < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++k)
    --cut;
  return repair_utf8(text.substr(0, cut)) + "\u2026";
}

}  // namespace lede
