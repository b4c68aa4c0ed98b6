// Stage 1: word segmentation with ICU's word BreakIterator over raw UTF-8.
#include "core/analysis/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/analysis/icu_error.h"

namespace lede::analysis {
namespace {

constexpr std::size_t kMinChunkBytes = 16;

bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Decodes the code point at @p i of @p s, advancing @p i; ill-formed bytes
// give a negative value, as in ICU's own UTF-8 handling.
UChar32 next_code_point(std::string_view s, std::size_t& i) noexcept {
  // U8_NEXT works on int32_t indexes, so it is given the few bytes a code
  // point can take rather than the whole (possibly huge) segment.
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data() + i);
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(s.size() - i, 4));
  std::int32_t index = 0;
  UChar32 c = 0;
  U8_NEXT(bytes, index, length, c);
  i += static_cast<std::size_t>(index);
  return c;
}

// True for segments a user may want to search for although UAX #29 gives them
// no word status: emoji (with emoji presentation, by default or through
// U+FE0F, or made emoji by a skin-tone modifier) and regional-indicator flags.
// Text-style pictographs such as © or ™ are not terms.
bool is_pictograph(std::string_view segment) noexcept {
  if (segment.empty() || static_cast<unsigned char>(segment[0]) < 0x80) return false;
  std::size_t i = 0;
  const UChar32 first = next_code_point(segment, i);
  if (first < 0) return false;
  if (u_hasBinaryProperty(first, UCHAR_REGIONAL_INDICATOR) != 0 ||
      u_hasBinaryProperty(first, UCHAR_EMOJI_PRESENTATION) != 0) {
    return true;
  }
  if (u_hasBinaryProperty(first, UCHAR_EXTENDED_PICTOGRAPHIC) == 0) return false;
  // Only a bounded prefix is scanned: a pictograph followed by thousands of
  // combining marks must not cost more than a normal emoji sequence.
  const std::size_t limit = std::min<std::size_t>(segment.size(), 64);
  while (i < limit) {
    const UChar32 c = next_code_point(segment, i);
    if (c == 0xFE0F || (c > 0 && u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) != 0)) {
      return true;
    }
  }
  return false;
}

// ICU's dictionary gives Japanese words the ideographic rule status whether
// they are written in kanji or kana, so kana words are told apart here: a
// segment of that status without a Han character is kana.
bool has_han(std::string_view segment) noexcept {
  for (std::size_t i = 0; i < segment.size();) {
    const UChar32 c = next_code_point(segment, i);
    UErrorCode status = U_ZERO_ERROR;
    if (c >= 0 && uscript_getScript(c, &status) == USCRIPT_HAN) return true;
  }
  return false;
}

}  // namespace

std::size_t chunk_end(std::string_view text, std::size_t begin, std::size_t max_bytes) noexcept {
  max_bytes = std::max(max_bytes, kMinChunkBytes);
  if (text.size() - begin <= max_bytes) return text.size();
  const std::size_t window_end = begin + max_bytes;
  const std::size_t floor = begin + max_bytes / 2;
  // A newline is a boundary on both sides under every UAX #29 rule (WB3a,
  // WB3b), so cutting after one changes nothing; other white space is only
  // nearly as safe (a combining mark after a space attaches to it).
  for (std::size_t i = window_end; i > floor; --i) {
    if (text[i - 1] == '\n') return i;
  }
  for (std::size_t i = window_end; i > floor; --i) {
    if (is_ascii_space(text[i - 1])) return i;
  }
  std::size_t cut = window_end;
  while (cut > begin + 1 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
    --cut;
  return cut;
}

struct Segmenter::State {
  std::size_t max_chunk = kMaxChunkBytes;
  icu::LocalPointer<icu::BreakIterator> iterator;
  icu::LocalUTextPointer utext;
  std::string_view text;
  std::size_t chunk_begin = 0;
  std::size_t chunk_stop = 0;  // end of the current chunk
  std::int32_t previous = 0;   // last boundary, relative to chunk_begin
  bool in_chunk = false;

  void open_chunk() {
    chunk_stop = chunk_end(text, chunk_begin, max_chunk);
    UErrorCode status = U_ZERO_ERROR;
    // Reopening the same UText reuses its storage; ICU reads the bytes in
    // place and maps ill-formed sequences to U+FFFD without copying.
    utext.adoptInstead(utext_openUTF8(utext.orphan(), text.data() + chunk_begin,
                                      static_cast<std::int64_t>(chunk_stop - chunk_begin),
                                      &status));
    check_icu(status, "utext_openUTF8");
    iterator->setText(utext.getAlias(), status);
    check_icu(status, "BreakIterator::setText");
    previous = 0;
    in_chunk = true;
  }
};

Segmenter::Segmenter(std::size_t max_chunk_bytes) : state_(std::make_unique<State>()) {
  state_->max_chunk = std::max(max_chunk_bytes, kMinChunkBytes);
  UErrorCode status = U_ZERO_ERROR;
  // The root locale: no language tailoring, but ICU's dictionaries for
  // Chinese, Japanese, Thai, Lao, Khmer and Burmese apply to every text.
  state_->iterator.adoptInstead(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  check_icu(status, "BreakIterator::createWordInstance");
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

void Segmenter::reset(std::string_view text) {
  state_->text = text;
  state_->chunk_begin = 0;
  state_->chunk_stop = 0;
  state_->in_chunk = false;
}

bool Segmenter::next(Segment& segment) {
  State& s = *state_;
  for (;;) {
    if (!s.in_chunk) {
      if (s.chunk_begin >= s.text.size()) return false;
      s.open_chunk();
    }
    const std::int32_t boundary = s.iterator->next();
    if (boundary == icu::BreakIterator::DONE) {
      s.chunk_begin = s.chunk_stop;
      s.in_chunk = false;
      continue;
    }
    segment.begin = s.chunk_begin + static_cast<std::size_t>(s.previous);
    segment.end = s.chunk_begin + static_cast<std::size_t>(boundary);
    s.previous = boundary;

    const std::int32_t rule = s.iterator->getRuleStatus();
    segment.indexable = true;
    if (rule >= UBRK_WORD_IDEO) {
      segment.kind = has_han(s.text.substr(segment.begin, segment.end - segment.begin))
                         ? TokenKind::ideographic
                         : TokenKind::kana;
    } else if (rule >= UBRK_WORD_KANA) {
      segment.kind = TokenKind::kana;
    } else if (rule >= UBRK_WORD_LETTER) {
      segment.kind = TokenKind::word;
    } else if (rule >= UBRK_WORD_NUMBER) {
      segment.kind = TokenKind::number;
    } else {
      segment.kind = TokenKind::symbol;
      segment.indexable = is_pictograph(s.text.substr(segment.begin, segment.end - segment.begin));
    }
    return true;
  }
}

}  // namespace lede::analysis
