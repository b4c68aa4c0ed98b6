#include "core/output/text.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/output/printer.h"
#include "core/util/error.h"
#include "core/util/terminal.h"
#include "core/util/utf8.h"

namespace lede::output {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

std::uint8_t width_of(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  const auto category = u_charType(cp);
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR)
    return 0;
  if (c >= 0x1160 && c <= 0x11FF) return 0;  // Hangul medial vowels and final consonants.
  if (c < 0x1100) return 1;                  // No character below Hangul Jamo is wide.
  const auto eaw = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
  return (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
}

// Scripts written without spaces between words: UAX #14's complex-context
// class (Thai, Lao, Khmer, Burmese…, broken with ICU's dictionaries) and the
// ideographs and kana of Chinese and Japanese. Hangul is left out because
// Korean puts spaces between words, and emoji because they sit among words
// of any script.
bool is_tight(char32_t c) {
  // Nothing below the Thai block is of these classes; most text is.
  if (c < 0x0E00) return false;
  if (c >= 0x4E00 && c <= 0x9FFF) return true;  // The common CJK ideographs.
  const auto cp = static_cast<UChar32>(c);
  const auto lb = u_getIntPropertyValue(cp, UCHAR_LINE_BREAK);
  if (lb == U_LB_COMPLEX_CONTEXT || lb == U_LB_CONDITIONAL_JAPANESE_STARTER) return true;
  return lb == U_LB_IDEOGRAPHIC && !u_hasBinaryProperty(cp, UCHAR_EXTENDED_PICTOGRAPHIC);
}

Glyph glyph_of(std::string_view bytes, std::uint8_t width, bool hit) {
  Glyph g;
  g.size = static_cast<std::uint8_t>(std::min(bytes.size(), sizeof g.bytes));
  std::memcpy(g.bytes, bytes.data(), g.size);
  g.width = width;
  g.hit = hit;
  return g;
}

Glyph ellipsis() {
  return glyph_of(kEllipsis, 1, false);
}

// The offsets of the line breaks ('\n') of @p text that end a paragraph,
// ascending. Paragraphs are found as ingest finds them (split_paragraphs()
// in core/ingest/passages.h), so that a heading joined to the paragraph below
// it keeps its own line: a blank line ends one; inside a block of lines, each
// line is one when some line of the block is longer than 100 characters (one
// paragraph a line, as text saved from the web has) or none is longer than
// 50 (headings, lists, verse); otherwise the block is a hard-wrapped
// paragraph whose line breaks are spaces.
std::vector<std::size_t> paragraph_breaks(std::string_view text) {
  std::vector<std::size_t> breaks;
  if (text.find('\n') == std::string_view::npos) return breaks;
  struct Line {
    std::size_t end = 0;     // offset of its '\n', or the text's size
    std::size_t length = 0;  // characters from its first to its last non-space
  };
  std::vector<Line> lines;
  Line line;
  std::size_t pending = 0;  // spaces seen since the last non-space character
  for (std::size_t i = 0, len = 0; i <= text.size(); i += len) {
    len = 1;
    if (i == text.size() || text[i] == '\n') {
      line.end = i;
      lines.push_back(line);
      line = Line{};
      pending = 0;
      continue;
    }
    const char32_t c = next_code_point(text, i, len);
    if (is_terminal_space(c)) {
      if (line.length > 0) ++pending;
    } else {
      line.length += pending + 1;
      pending = 0;
    }
  }
  for (std::size_t a = 0; a < lines.size();) {
    if (lines[a].length == 0) {
      ++a;
      continue;
    }
    std::size_t b = a;
    bool any_long = false, all_short = true;
    for (; b < lines.size() && lines[b].length > 0; ++b) {
      any_long = any_long || lines[b].length > 100;
      all_short = all_short && lines[b].length <= 50;
    }
    for (std::size_t k = a; k + 1 < b; ++k)
      if (any_long || all_short) breaks.push_back(lines[k].end);
    // A blank line follows the block, unless the text ends with it.
    if (b < lines.size()) breaks.push_back(lines[b - 1].end);
    a = b;
  }
  return breaks;
}

void check_icu(UErrorCode status, std::string_view what) {
  if (U_FAILURE(status))
    throw Error(ErrorKind::internal,
                "ICU " + std::string(what) + " failed: " + std::string(u_errorName(status)));
}

}  // namespace

std::vector<Glyph> glyphs(std::string_view text, const std::vector<search::Range>& hits) {
  std::vector<Glyph> out;
  out.reserve(text.size());
  std::size_t h = 0;
  bool hit = false;
  std::size_t recheck = 0;  // The next byte at which `hit` may change.
  const std::vector<std::size_t> breaks = paragraph_breaks(text);
  std::size_t next_break = 0;  // The first of `breaks` not yet passed.
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const auto byte = static_cast<unsigned char>(text[i]);
    len = 1;
    if (i >= recheck) {
      while (h < hits.size() && hits[h].end <= i)
        ++h;
      if (h == hits.size()) {
        hit = false;
        recheck = text.size();
      } else {
        hit = hits[h].begin <= i;
        recheck = hit ? hits[h].end : hits[h].begin;
      }
    }
    // Printable ASCII, most of the text in most articles, needs no decoding
    // and no property look-up: it is safe and one column wide.
    if (byte > 0x20 && byte < 0x7F) {
      Glyph g;
      g.bytes[0] = text[i];
      g.size = 1;
      g.hit = hit;
      out.push_back(g);
      continue;
    }
    char32_t c = byte;
    if (byte >= 0x80) c = next_code_point(text, i, len);
    if (is_terminal_space(c)) {
      if (!out.empty() && !out.back().space) {
        out.push_back(glyph_of(" ", 1, false));
        out.back().space = true;
      }
      while (next_break < breaks.size() && breaks[next_break] < i)
        ++next_break;
      if (next_break < breaks.size() && breaks[next_break] == i && !out.empty())
        out.back().newline = true;
      continue;
    }
    // Ill-formed bytes read as U+FFFD, which is what they are shown as.
    if (c == U'\uFFFD' || is_terminal_unsafe(c)) {
      out.push_back(glyph_of(kReplacement, 1, hit));
      continue;
    }
    out.push_back(glyph_of(text.substr(i, len), width_of(c), hit));
    out.back().tight = is_tight(c);
  }
  if (!out.empty() && out.back().space) out.pop_back();
  return out;
}

struct LineBreaker::Impl {
  std::unique_ptr<icu::BreakIterator> iterator;
  std::u16string text;  // Reused, so that marking a passage seldom allocates.

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    iterator.reset(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
    check_icu(status, "BreakIterator::createLineInstance");
  }
};

LineBreaker::LineBreaker() = default;
LineBreaker::~LineBreaker() = default;

void LineBreaker::mark(std::vector<Glyph>& g, std::size_t begin, std::size_t end) {
  // ICU sees whole phrases, from space to space: no line break rule looks
  // across a space at breaks between two non-space glyphs, so the marks are
  // those of the whole text.
  end = std::min(end, g.size());
  while (begin > 0 && !g[begin - 1].space)
    --begin;
  while (end < g.size() && !g[end].space)
    ++end;
  const auto first = g.begin() + static_cast<std::ptrdiff_t>(begin);
  const auto last = g.begin() + static_cast<std::ptrdiff_t>(end);
  if (std::none_of(first, last, [](const Glyph& x) { return x.tight; })) return;
  if (!impl_) impl_ = std::make_unique<Impl>();
  // Each glyph is one code point, so its UTF-16 offset is easy to follow
  // alongside ICU's boundaries.
  auto& t = impl_->text;
  t.clear();
  for (auto x = first; x != last; ++x) {
    std::int32_t k = 0;
    UChar32 c = 0;
    U8_NEXT_UNSAFE(x->bytes, k, c);  // Glyphs hold well-formed UTF-8.
    if (c <= 0xFFFF) {
      t.push_back(static_cast<char16_t>(c));
    } else {
      t.push_back(static_cast<char16_t>(U16_LEAD(c)));
      t.push_back(static_cast<char16_t>(U16_TRAIL(c)));
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUChars(&ut, t.data(), static_cast<std::int64_t>(t.size()), &status);
  check_icu(status, "utext_openUChars");
  auto& it = *impl_->iterator;
  it.setText(&ut, status);
  utext_close(&ut);
  check_icu(status, "BreakIterator::setText");
  std::size_t j = begin;  // a glyph
  std::int32_t at = 0;    // its UTF-16 offset in t
  for (std::int32_t b = it.first(); b != icu::BreakIterator::DONE; b = it.next()) {
    while (j < end && at < b)
      at += g[j++].size == 4 ? 2 : 1;  // Four bytes: a surrogate pair.
    if (j == begin || j >= end) continue;
    if (at == b && !g[j].space && !g[j - 1].space && (g[j].tight || g[j - 1].tight))
      g[j].brk = true;
  }
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
    std::size_t last_cut = 0;  // 0: none seen (a line never breaks at its start)
    while (i < g.size() && used + g[i].width <= width) {
      if (i > start && g[i].newline) break;
      if (i > start && (g[i].space || g[i].brk)) last_cut = i;
      used += g[i].width;
      ++i;
    }
    std::size_t end = i;
    if (i < g.size() && !g[i].space && !g[i].brk && last_cut > start) end = last_cut;
    if (end == start) end = start + 1;  // A glyph wider than the line.
    std::size_t trimmed = end;
    while (trimmed > start && g[trimmed - 1].space)
      --trimmed;
    lines.emplace_back(start, trimmed);
    start = end;
  }
  return lines;
}

namespace {

// trim_around_hits(), calling @p mark(begin, end) on the glyphs that may be
// kept before it looks for word boundaries among them.
template <typename Mark>
std::vector<Glyph> trim(const std::vector<Glyph>& g, unsigned budget, Mark mark) {
  const unsigned total = columns(g);
  if (total <= budget || g.empty()) {
    mark(0, g.size());
    return g;
  }
  // Prefix sums of widths, so any window's width is a subtraction.
  std::vector<unsigned> at(g.size() + 1, 0);
  std::vector<std::size_t> starts;  // first glyph of each run of hits
  for (std::size_t i = 0; i < g.size(); ++i) {
    at[i + 1] = at[i] + g[i].width;
    if (g[i].hit && (i == 0 || !g[i - 1].hit)) starts.push_back(i);
  }
  auto window_end = [&](std::size_t s) {
    return static_cast<std::size_t>(std::upper_bound(at.begin(), at.end(), at[s] + budget) -
                                    at.begin()) -
           1;
  };
  std::size_t best_start = 0;
  std::size_t best_count = 0;
  const unsigned context = budget / 5;
  for (const auto h : starts) {
    // Some words before the match give it context: the window starts at the
    // first glyph at most `context` columns before it.
    const unsigned from = at[h] > context ? at[h] - context : 0;
    const auto s = static_cast<std::size_t>(
        std::lower_bound(at.begin(), at.begin() + static_cast<std::ptrdiff_t>(h), from) -
        at.begin());
    const std::size_t e = window_end(s);
    const auto count = static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), e) -
                                                std::lower_bound(starts.begin(), starts.end(), s));
    if (count > best_count) best_count = count, best_start = s;
  }
  std::size_t s = best_start;
  std::size_t e = window_end(s);
  // Leave room for the ellipses, then cut between words when a boundary is
  // near: at a space, or before a glyph that may start a line.
  while (e > s && at[e] - at[s] + 2 > budget)
    --e;
  // Only the glyphs that may be kept are marked: ICU's dictionaries cost
  // hundreds of instructions per Thai character.
  mark(s, e + 1);
  if (s > 0) {
    std::size_t k = s;
    while (k < e && k < s + 20 && !g[k].space && !g[k].brk)
      ++k;
    if (k < e && g[k].space) {
      s = k + 1;
    } else if (k < e && g[k].brk) {
      s = k;
    }
  }
  if (e < g.size()) {
    std::size_t k = e;
    while (k > s && k + 20 > e && !g[k - 1].space && !g[k].brk)
      --k;
    if (k > s && g[k - 1].space) {
      e = k - 1;
    } else if (k > s && g[k].brk) {
      e = k;
    }
  }
  std::vector<Glyph> out;
  out.reserve(e - s + 2);
  if (s > 0) out.push_back(ellipsis());
  out.insert(out.end(), g.begin() + static_cast<std::ptrdiff_t>(s),
             g.begin() + static_cast<std::ptrdiff_t>(e));
  // The text is cut here, so no line should break between the "…" and it.
  if (s > 0 && out.size() > 1) out[1].brk = false;
  while (!out.empty() && out.back().space)
    out.pop_back();
  if (e < g.size()) out.push_back(ellipsis());
  return out;
}

}  // namespace

std::vector<Glyph> trim_around_hits(const std::vector<Glyph>& g, unsigned budget) {
  return trim(g, budget, [](std::size_t, std::size_t) {});
}

std::vector<Glyph> trim_around_hits(std::vector<Glyph>& g, unsigned budget, LineBreaker& breaker) {
  return trim(g, budget, [&](std::size_t b, std::size_t e) { breaker.mark(g, b, e); });
}

unsigned display_width(std::string_view text) {
  return columns(glyphs(text));
}

std::vector<std::string> wrap(std::string_view text, unsigned width) {
  auto g = glyphs(text);
  LineBreaker().mark(g);
  std::vector<std::string> out;
  for (const auto& [b, e] : wrap_glyphs(g, width)) {
    std::string line;
    for (std::size_t i = b; i < e; ++i)
      line += g[i].view();
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace lede::output
