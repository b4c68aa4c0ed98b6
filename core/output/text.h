/// @file
/// @brief Terminal text as glyphs: sanitized, measured, wrapped, trimmed
/// (internal to the output module).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/search/result.h"

namespace lede::output {

/// One character as the terminal will show it.
struct Glyph {
  std::string bytes;       ///< Safe UTF-8 to write.
  std::uint8_t width = 1;  ///< Columns: 0, 1 or 2.
  bool hit = false;        ///< Part of a matched word.
  bool space = false;      ///< A (collapsed) space: where lines may break.
};

/// @p text as sanitized glyphs; glyphs whose bytes lie in @p hits are marked.
/// Runs of white space collapse into one space; leading and trailing space
/// is dropped.
[[nodiscard]] std::vector<Glyph> glyphs(std::string_view text,
                                        const std::vector<search::Range>& hits = {});

/// Lines of at most @p width columns, as [begin, end) glyph index ranges,
/// breaking at spaces (which are dropped at line ends).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> wrap_glyphs(
    const std::vector<Glyph>& g, unsigned width);

/// The glyphs of @p g trimmed to about @p budget columns around the densest
/// run of hits, cut at spaces, with "…" where text was cut.
[[nodiscard]] std::vector<Glyph> trim_around_hits(const std::vector<Glyph>& g, unsigned budget);

/// Sum of the glyphs' widths.
[[nodiscard]] unsigned columns(const std::vector<Glyph>& g);

}  // namespace lede::output
