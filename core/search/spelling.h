/// @file
/// @brief "Did you mean": a close indexed word for a word the index lacks.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace lede::search {

/// An indexed (unprefixed) term within a small edit distance of @p term
/// (1 for words of up to 4 letters, 2 beyond; Damerau-Levenshtein over code
/// points), sharing its first letter; the closest, then the most frequent.
/// Returns "" when there is none. Only called for words the index lacks, so
/// a correctly spelt word is never "corrected" to a more frequent one.
[[nodiscard]] std::string closest_term(const Xapian::Database& db, std::string_view term);

/// Damerau-Levenshtein (optimal string alignment) distance between two
/// sequences of code points, or @p limit + 1 once it exceeds @p limit.
[[nodiscard]] unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned limit);

}  // namespace lede::search
