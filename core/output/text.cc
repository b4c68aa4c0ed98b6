#include "core/output/text.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "core/output/printer.h"
#include "core/util/utf8.h"

namespace lede::output {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

bool is_white(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Characters that must never reach a terminal raw: C0 and C1 controls and
// DEL (ESC starts every escape sequence, CSI is C1 0x9B), and the
// bidirectional overrides and isolates that reorder what follows them.
bool is_unsafe(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

std::uint8_t width_of(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  const auto category = u_charType(cp);
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR)
    return 0;
  if (c >= 0x1160 && c <= 0x11FF) return 0;  // Hangul medial vowels and final consonants.
  const auto eaw = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
  return (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
}

Glyph ellipsis() {
  return Glyph{std::string(kEllipsis), 1, false, false};
}

}  // namespace

std::vector<Glyph> glyphs(std::string_view text, const std::vector<search::Range>& hits) {
  std::vector<Glyph> out;
  out.reserve(text.size());
  std::size_t h = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const char32_t c = next_code_point(text, i, len);
    while (h < hits.size() && hits[h].end <= i)
      ++h;
    const bool hit = h < hits.size() && hits[h].begin <= i && i < hits[h].end;
    if (is_white(c)) {
      if (!out.empty() && !out.back().space) out.push_back(Glyph{" ", 1, false, true});
      continue;
    }
    // Ill-formed bytes read as U+FFFD, which is what they are shown as.
    if (c == U'\uFFFD' || is_unsafe(c)) {
      out.push_back(Glyph{std::string(kReplacement), 1, hit, false});
      continue;
    }
    out.push_back(Glyph{std::string(text.substr(i, len)), width_of(c), hit, false});
  }
  if (!out.empty() && out.back().space) out.pop_back();
  return out;
}

unsigned columns(const std::vector<Glyph>& g) {
  unsigned w = 0;
  for (const auto& x : g)
    w += x.width;
  return w;
}

std::vector<std::pair<std::size_t, std::size_t>> wrap_glyphs(const std::vector<Glyph>& g,
                                                             unsigned width) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  if (width < 1) width = 1;
  std::size_t start = 0;
  while (start < g.size()) {
    while (start < g.size() && g[start].space)
      ++start;
    if (start >= g.size()) break;
    unsigned used = 0;
    std::size_t i = start;
    std::size_t last_space = 0;  // 0: none seen (a space is never at start)
    while (i < g.size() && used + g[i].width <= width) {
      if (g[i].space) last_space = i;
      used += g[i].width;
      ++i;
    }
    std::size_t end = i;
    if (i < g.size() && !g[i].space && last_space > start) end = last_space;
    if (end == start) end = start + 1;  // A glyph wider than the line.
    std::size_t trimmed = end;
    while (trimmed > start && g[trimmed - 1].space)
      --trimmed;
    lines.emplace_back(start, trimmed);
    start = end;
  }
  return lines;
}

std::vector<Glyph> trim_around_hits(const std::vector<Glyph>& g, unsigned budget) {
  const unsigned total = columns(g);
  if (total <= budget || g.empty()) return g;
  // Prefix sums of widths, so any window's width is a subtraction.
  std::vector<unsigned> at(g.size() + 1, 0);
  for (std::size_t i = 0; i < g.size(); ++i)
    at[i + 1] = at[i] + g[i].width;
  std::vector<std::size_t> starts;  // first glyph of each run of hits
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i].hit && (i == 0 || !g[i - 1].hit)) starts.push_back(i);
  auto window_end = [&](std::size_t s) {
    return static_cast<std::size_t>(std::upper_bound(at.begin(), at.end(), at[s] + budget) -
                                    at.begin()) -
           1;
  };
  std::size_t best_start = 0;
  std::size_t best_count = 0;
  const unsigned context = budget / 5;
  for (const auto h : starts) {
    // Some words before the match give it context.
    std::size_t s = h;
    while (s > 0 && at[h] - at[s - 1] <= context)
      --s;
    const std::size_t e = window_end(s);
    const auto count = static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), e) -
                                                std::lower_bound(starts.begin(), starts.end(), s));
    if (count > best_count) best_count = count, best_start = s;
  }
  std::size_t s = best_start;
  std::size_t e = window_end(s);
  // Leave room for the ellipses, then cut at spaces when one is near.
  while (e > s && at[e] - at[s] + 2 > budget)
    --e;
  if (s > 0) {
    std::size_t k = s;
    while (k < e && k < s + 20 && !g[k].space)
      ++k;
    if (k < e && g[k].space) s = k + 1;
  }
  if (e < g.size()) {
    std::size_t k = e;
    while (k > s && k + 20 > e && !g[k - 1].space)
      --k;
    if (k > s && g[k - 1].space) e = k - 1;
  }
  std::vector<Glyph> out;
  if (s > 0) out.push_back(ellipsis());
  for (std::size_t i = s; i < e; ++i)
    out.push_back(g[i]);
  while (!out.empty() && out.back().space)
    out.pop_back();
  if (e < g.size()) out.push_back(ellipsis());
  return out;
}

std::string sanitize(std::string_view text) {
  std::string out;
  for (const auto& g : glyphs(text))
    out += g.bytes;
  return out;
}

unsigned display_width(std::string_view text) {
  return columns(glyphs(text));
}

std::vector<std::string> wrap(std::string_view text, unsigned width) {
  const auto g = glyphs(text);
  std::vector<std::string> out;
  for (const auto& [b, e] : wrap_glyphs(g, width)) {
    std::string line;
    for (std::size_t i = b; i < e; ++i)
      line += g[i].bytes;
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace lede::output
