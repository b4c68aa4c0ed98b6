/// @file
/// @brief Terminal text as glyphs: sanitized, measured, wrapped, trimmed
/// (internal to the output module).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "core/search/result.h"

namespace lede::output {

/// One character as the terminal will show it. It holds its own UTF-8 bytes
/// (a code point takes at most four), so a passage's glyphs are one
/// allocation, copy as plain memory and never point into a string that may
/// be gone by the time they are printed.
struct Glyph {
  char bytes[4] = {};      ///< Safe UTF-8 to write; the first `size` bytes count.
  std::uint8_t size = 0;   ///< Bytes used in `bytes`: 1 to 4.
  std::uint8_t width = 1;  ///< Columns: 0, 1 or 2.
  bool hit = false;        ///< Part of a matched word.
  bool space = false;      ///< A (collapsed) space: where lines may break.
  bool tight = false;  ///< Of a script written without spaces (Thai, Chinese…): see LineBreaker.
  bool brk = false;    ///< A line may also start here, though no space comes before.
  bool newline = false;  ///< A space that ends a line: see glyphs().

  /// The UTF-8 bytes to write.
  [[nodiscard]] std::string_view view() const { return {bytes, size}; }
};

/// @p text as sanitized glyphs; glyphs whose bytes lie in @p hits are marked.
/// Runs of white space collapse into one space; leading and trailing space
/// is dropped. A run holding a line break that ends a paragraph is a space
/// marked `newline`, where wrap_glyphs() ends the line: a blank line, or a
/// line break in a block of lines that ingest reads as one paragraph a line
/// (one line longer than 100 characters, or none longer than 50), such as a
/// heading over the paragraph it introduces; the line breaks of a
/// hard-wrapped paragraph are spaces. No glyph has `brk` set: that is
/// LineBreaker's job.
[[nodiscard]] std::vector<Glyph> glyphs(std::string_view text,
                                        const std::vector<search::Range>& hits = {});

/// Finds where lines may break inside runs of text written without spaces
/// (Thai, Lao, Khmer, Burmese, Chinese, Japanese), with ICU's UAX #14 line
/// break iterator and its dictionaries. ICU's iterator is created on the
/// first text that needs it, so text that never needs it (Latin, Cyrillic,
/// and every non-terminal format) never pays for it; then it is reused.
class LineBreaker {
 public:
  LineBreaker();
  ~LineBreaker();
  LineBreaker(const LineBreaker&) = delete;
  LineBreaker& operator=(const LineBreaker&) = delete;

  /// Sets `brk` on each glyph of @p g that may start a line after a glyph
  /// other than a space, where ICU allows a line break and one side of it is
  /// `tight`. Breaks between two space-separated words' letters (a hyphen in
  /// "well-known", say) are left out, so such text still breaks at spaces
  /// only. Only glyphs [@p begin, @p end) are marked, widened to the spaces
  /// around them (or the ends of @p g). Throws lede::Error if ICU fails.
  void mark(std::vector<Glyph>& g, std::size_t begin = 0, std::size_t end = SIZE_MAX);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Lines of at most @p width columns, as [begin, end) glyph index ranges,
/// breaking at spaces (which are dropped at line ends) and before glyphs
/// marked `brk`, and always at spaces marked `newline`; a run with no break
/// wider than a line is cut.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> wrap_glyphs(
    const std::vector<Glyph>& g, unsigned width);

/// The glyphs of @p g trimmed to about @p budget columns around the densest
/// run of hits, cut at spaces or `brk` glyphs, with "…" where text was cut.
[[nodiscard]] std::vector<Glyph> trim_around_hits(const std::vector<Glyph>& g, unsigned budget);

/// As above, but first marks with @p breaker (see LineBreaker::mark) the part
/// of @p g that may be kept, so that the cuts fall between words in Thai or
/// Chinese too, and a long passage costs ICU only what is shown of it.
[[nodiscard]] std::vector<Glyph> trim_around_hits(std::vector<Glyph>& g, unsigned budget,
                                                  LineBreaker& breaker);

/// Sum of the glyphs' widths.
[[nodiscard]] unsigned columns(const std::vector<Glyph>& g);

}  // namespace lede::output
