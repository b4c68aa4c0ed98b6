/// @file
/// @brief English stop words: function words dropped from ranked queries.
///
/// BM25 already gives "the" and "of" little weight, but long natural-language
/// queries ("what articles deal with ...") carry many of them, and together
/// they rank passages by their grammar. Measured on the judged collections,
/// dropping them raised CACM and Cranfield MAP and changed no collection for
/// the worse (docs/RELEVANCE.md). The list is English only: other languages'
/// function words are left to BM25 and never collide with these in a way
/// that matters, since a word is only dropped when other words remain.
#pragma once

#include <string_view>

namespace lede::search {

/// True when @p term (an analyzer term: case-folded, unstemmed) is an English
/// function word such as "the", "of", "which" or "would".
[[nodiscard]] bool is_stop_word(std::string_view term) noexcept;

}  // namespace lede::search
