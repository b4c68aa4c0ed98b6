/// @file
/// @brief Paragraphs of extracted text, their roles, and passages made of them (internal).
///
/// The same three steps serve every format: split_paragraphs() finds the
/// paragraphs of the text, classify() (metadata.h) gives each one a role, and
/// build_passages() turns the roles into passages: dropped roles vanish,
/// repeated paragraphs appear once, headings and lead-ins join the paragraph
/// they introduce, tiny sentences join the one before, and paragraphs far
/// above the target length are cut at sentence boundaries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace lede::ingest {

/// What a paragraph is to the reader.
enum class Role : std::uint8_t {
  body,         ///< Real text: a passage of its own.
  heading,      ///< Short, no sentence end: joins the paragraph after it.
  lead_in,      ///< A sentence ending in ':' that introduces what follows: joins it.
  fragment,     ///< A very short sentence ("He refused."): joins the paragraph before.
  title,        ///< The article's title or a repeat of it: dropped, it is metadata.
  navigation,   ///< Site navigation before the title: dropped.
  metadata,     ///< A date, byline, toolbar or "Originally published at" line: dropped.
  boilerplate,  ///< "Share", "Donate Now", separators without letters: dropped.
  footer,       ///< Bylines, subscription and donation appeals after the text: dropped.
};

/// True for the roles that never become passage text.
[[nodiscard]] constexpr bool is_dropped(Role role) noexcept {
  return role != Role::body && role != Role::heading && role != Role::lead_in &&
         role != Role::fragment;
}

/// A paragraph: a byte range of the text, trimmed of surrounding white space.
struct Para {
  std::size_t begin = 0;
  std::size_t end = 0;
  Role role = Role::body;
};

/// A passage as a trimmed byte range of the text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// A paragraph left out of the passages, and why: for --verbose.
struct Dropped {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string_view reason;  ///< Static text.
};

/// Splits @p text into paragraphs. Blank lines (white space only, no-break
/// spaces included) always separate paragraphs. Inside a block of lines,
/// single line breaks separate paragraphs too when the lines are not a hard
/// wrap of one paragraph: when some line is longer than 100 code points
/// (one paragraph a line, as text saved from the web has), when every line is
/// short (at most 50 code points: menus, heading groups), or when
/// @p stands_alone says a line is one of its own (a date or byline line).
/// A block of list items ("• ", "- ", "1. ") stays one paragraph.
[[nodiscard]] std::vector<Para> split_paragraphs(
    std::string_view text, const std::function<bool(std::string_view)>& stands_alone);

/// Finds sentence boundaries with ICU; created once per input and reused.
class SentenceBreaker {
 public:
  SentenceBreaker();
  ~SentenceBreaker();
  SentenceBreaker(SentenceBreaker&&) noexcept;
  SentenceBreaker& operator=(SentenceBreaker&&) noexcept;

  /// Offsets (relative to @p text) where a sentence starts, after the first.
  [[nodiscard]] std::vector<std::size_t> boundaries(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Makes the passages of @p text from its classified paragraphs, in order.
/// Paragraphs whose normalized text (white space collapsed, ASCII case
/// folded) was seen before are dropped. Only adjacent paragraphs are joined,
/// so a passage is always one contiguous range of the text. A passage longer
/// than 1.6 x @p target bytes is cut, preferring sentence ends and line
/// breaks near @p target, into pieces of about @p target bytes. When
/// @p repeats is given, the indices of the paragraphs dropped as repeats are
/// appended to it.
[[nodiscard]] std::vector<Span> build_passages(std::string_view text,
                                               const std::vector<Para>& paras, std::size_t target,
                                               SentenceBreaker& breaker,
                                               std::vector<std::size_t>* repeats = nullptr);

}  // namespace lede::ingest
