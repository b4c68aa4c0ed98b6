#include "core/util/terminal.h"

#include "core/util/utf8.h"

namespace lede {

bool is_terminal_unsafe(char32_t c) noexcept {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

bool is_terminal_space(char32_t c) noexcept {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

std::string terminal_safe(std::string_view text) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  bool space = false;  // A space is owed before the next visible character.
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const auto byte = static_cast<unsigned char>(text[i]);
    len = 1;
    char32_t c = byte;
    if (byte >= 0x80) c = next_code_point(text, i, len);
    if (is_terminal_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    // Ill-formed bytes read as U+FFFD, which is what they are shown as.
    if (c == U'\uFFFD' || is_terminal_unsafe(c))
      out += kReplacement;
    else
      out += text.substr(i, len);
  }
  return out;
}

}  // namespace lede
