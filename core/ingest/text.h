/// @file
/// @brief Small UTF-8 text measures shared by the ingest heuristics (internal).
///
/// Every function takes valid UTF-8 (ingest converts before it measures) but
/// stays safe on anything: ill-formed bytes count as one non-letter each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lede::ingest {

/// @p text without leading and trailing white space (Unicode White_Space,
/// which includes the no-break space web pages are full of, plus BOM and ZWSP).
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

/// True when @p text holds nothing but white space.
[[nodiscard]] bool is_blank(std::string_view text) noexcept;

/// @p text with every run of white space replaced by one space, trimmed and
/// with ASCII letters lowercased: the key under which two paragraphs that
/// differ only in spacing or capitals count as the same.
[[nodiscard]] std::string normalize_key(std::string_view text);

/// A 64-bit hash (FNV-1a) of normalize_key(@p text), computed without
/// building the key: what repeated paragraphs are recognized by.
[[nodiscard]] std::uint64_t key_hash(std::string_view text) noexcept;

/// Number of code points.
[[nodiscard]] std::size_t count_code_points(std::string_view text) noexcept;

/// Number of words: runs of letters or digits. Han, kana and Thai have no
/// spaces, so each run of their letters counts one word per two code points,
/// which is about what a word segmenter finds.
[[nodiscard]] std::size_t count_words(std::string_view text) noexcept;

/// True when @p text contains at least one letter.
[[nodiscard]] bool has_letter(std::string_view text) noexcept;

/// The last code point of @p text that is not white space, a closing quote or
/// a closing bracket; 0 when there is none.
[[nodiscard]] char32_t last_significant(std::string_view text) noexcept;

/// True when @p text ends like a sentence: ". ! ? …" or their equivalents in
/// other scripts (。！？, the Armenian full stop ։, the Arabic ؟ and ۔, the
/// Devanagari danda), possibly followed by closing quotes or brackets.
[[nodiscard]] bool ends_sentence(std::string_view text) noexcept;

/// ASCII lowercase copy; other bytes unchanged.
[[nodiscard]] std::string ascii_lower(std::string_view text);

/// Offset of the code point boundary at or before @p offset.
[[nodiscard]] std::size_t floor_boundary(std::string_view text, std::size_t offset) noexcept;

}  // namespace lede::ingest
