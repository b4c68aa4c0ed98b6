#include "core/ingest/text.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace lede::ingest {
namespace {

/// Decodes the code point at @p i and advances @p i; ill-formed bytes give a
/// negative value and advance by their maximal subpart, as ICU does.
UChar32 next_code_point(std::string_view text, std::size_t& i) noexcept {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  if (s[i] < 0x80) return s[i++];
  const auto window = static_cast<std::int32_t>(std::min<std::size_t>(text.size() - i, 4));
  std::int32_t j = 0;
  UChar32 c = 0;
  U8_NEXT(s + i, j, window, c);
  i += static_cast<std::size_t>(j);
  return c;
}

/// Decodes the code point that ends at @p end and moves @p end to its start.
UChar32 previous_code_point(std::string_view text, std::size_t& end) noexcept {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  if (s[end - 1] < 0x80) return s[--end];
  // Step back over at most three continuation bytes to a lead byte, then
  // decode forward; a sequence that does not end exactly at @p end is
  // ill-formed and its last byte counts alone.
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (s[start] & 0xC0) == 0x80)
    --start;
  std::size_t i = start;
  const UChar32 c = next_code_point(text.substr(0, end), i);
  if (i == end && c >= 0) {
    end = start;
    return c;
  }
  --end;
  return -1;
}

bool is_space(UChar32 c) noexcept {
  return c == 0xFEFF || c == 0x200B || (c >= 0 && u_isUWhiteSpace(c));
}

bool is_closing(UChar32 c) noexcept {
  if (c < 0) return false;
  switch (c) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '*':
    case '_':
      return true;
    default:
      break;
  }
  const auto type = u_charType(c);
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
         type == U_INITIAL_PUNCTUATION || c == 0x201D || c == 0x2019 || c == 0x00BB;
}

bool is_unspaced_script(UChar32 c) noexcept {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  switch (script) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t next = begin;
    if (!is_space(next_code_point(text, next))) break;
    begin = next;
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t previous = end;
    if (!is_space(previous_code_point(text, previous))) break;
    end = previous;
  }
  return text.substr(begin, end - begin);
}

bool is_blank(std::string_view text) noexcept {
  return trim(text).empty();
}

std::string normalize_key(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool ascii = byte < 0x80;
    const UChar32 c = ascii ? (++i, static_cast<UChar32>(byte)) : next_code_point(text, i);
    const bool space = ascii ? (byte == ' ' || (byte >= '\t' && byte <= '\r')) : is_space(c);
    if (space) {
      pending_space = true;
      continue;
    }
    if (pending_space && !key.empty()) key.push_back(' ');
    pending_space = false;
    if (c >= 'A' && c <= 'Z') {
      key.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      key.append(text.substr(start, i - start));
    }
  }
  return key;
}

std::uint64_t key_hash(std::string_view text) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto feed = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  };
  bool pending_space = false;
  bool started = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const auto byte = static_cast<unsigned char>(text[i]);
    // ASCII fast path: the same bytes normalize_key() would produce.
    if (byte < 0x80) {
      ++i;
      if (byte == ' ' || (byte >= '\t' && byte <= '\r')) {
        pending_space = true;
        continue;
      }
      if (pending_space && started) feed(' ');
      pending_space = false;
      started = true;
      feed(byte >= 'A' && byte <= 'Z' ? static_cast<unsigned char>(byte - 'A' + 'a') : byte);
      continue;
    }
    const UChar32 c = next_code_point(text, i);
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && started) feed(' ');
    pending_space = false;
    started = true;
    for (std::size_t k = start; k < i; ++k)
      feed(static_cast<unsigned char>(text[k]));
  }
  return hash;
}

std::size_t count_code_points(std::string_view text) noexcept {
  std::size_t count = 0;
  for (const char ch : text) {
    // Every byte that is not a continuation byte starts a code point.
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::size_t count_words(std::string_view text) noexcept {
  std::size_t words = 0;
  std::size_t unspaced_run = 0;
  bool in_word = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = next_code_point(text, i);
    const bool alnum =
        c >= 0 && (u_isalnum(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) &
                                       (U_GC_MN_MASK | U_GC_MC_MASK));
    if (alnum && c >= 0x0E00 && is_unspaced_script(c)) {
      // Each two letters of a script without spaces count as one word.
      if (++unspaced_run % 2 == 1) ++words;
      in_word = false;
      continue;
    }
    unspaced_run = 0;
    if (alnum) {
      if (!in_word) ++words;
      in_word = true;
    } else if (c != '\'' && c != 0x2019 && c != '-') {
      // Apostrophes and hyphens join "Russia's" and "decades-old" into one.
      in_word = false;
    }
  }
  return words;
}

bool has_letter(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = next_code_point(text, i);
    if (c >= 0 && u_isalpha(c)) return true;
  }
  return false;
}

char32_t last_significant(std::string_view text) noexcept {
  std::size_t end = text.size();
  while (end > 0) {
    const UChar32 c = previous_code_point(text, end);
    if (is_space(c) || is_closing(c)) continue;
    return c < 0 ? 0 : static_cast<char32_t>(c);
  }
  return 0;
}

bool ends_sentence(std::string_view text) noexcept {
  switch (last_significant(text)) {
    case U'.':
    case U'!':
    case U'?':
    case U'\u2026':  // ellipsis
    case U'\u3002':  // ideographic full stop
    case U'\uFF01':  // fullwidth exclamation mark
    case U'\uFF1F':  // fullwidth question mark
    case U'\uFF0E':  // fullwidth full stop
    case U'\u0589':  // Armenian full stop
    case U'\u055C':  // Armenian exclamation mark
    case U'\u055E':  // Armenian question mark
    case U'\u061F':  // Arabic question mark
    case U'\u06D4':  // Arabic full stop
    case U'\u0964':  // Devanagari danda
    case U'\u0965':  // Devanagari double danda
      return true;
    default:
      return false;
  }
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::size_t floor_boundary(std::string_view text, std::size_t offset) noexcept {
  if (offset >= text.size()) return text.size();
  std::size_t back = 0;
  while (offset > 0 && back < 3 && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
    --offset;
    ++back;
  }
  return offset;
}

}  // namespace lede::ingest
