/// @file
/// @brief Stage 1 of the analyzer: UAX #29 word segmentation over raw UTF-8.
///
/// Internal to the analysis module (and its tests). ICU types stay in the
/// implementation so that including this header needs no ICU headers.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/analysis/analyzer.h"

namespace lede::analysis {

/// One segment between two consecutive word boundaries, in bytes of the text.
struct Segment {
  std::size_t begin = 0;
  std::size_t end = 0;
  /// False for spaces, punctuation and other segments that yield no term.
  bool indexable = false;
  /// What the segment is made of; meaningful only when indexable.
  TokenKind kind = TokenKind::word;
};

/// Splits text into segments with one reusable ICU word BreakIterator.
///
/// ICU break iterators report positions as int32_t, so texts longer than
/// max_chunk_bytes are segmented in chunks, each ending after a newline or
/// other ASCII white space where possible so that no word is cut.
class Segmenter {
 public:
  /// Chunks stay well below INT32_MAX bytes, the limit of ICU offsets.
  static constexpr std::size_t kMaxChunkBytes = std::size_t{1} << 30;

  /// @p max_chunk_bytes is a parameter only so that tests can exercise the
  /// chunking with small texts; values below 16 are raised to 16.
  explicit Segmenter(std::size_t max_chunk_bytes = kMaxChunkBytes);
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  /// Starts segmenting @p text, which must outlive the calls to next().
  void reset(std::string_view text);

  /// Stores the next segment in @p segment; false at the end of the text.
  bool next(Segment& segment);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Where the chunk of @p text starting at @p begin ends when chunks may hold
/// at most @p max_bytes: after the last newline in the second half of the
/// window, else after the last ASCII white space there, else at the last
/// UTF-8 sequence start (a word longer than a chunk has to be cut somewhere).
[[nodiscard]] std::size_t chunk_end(std::string_view text, std::size_t begin,
                                    std::size_t max_bytes) noexcept;

}  // namespace lede::analysis
