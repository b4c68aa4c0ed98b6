/// @file
/// @brief Which bytes of a passage matched the query.
#pragma once

#include <string_view>
#include <vector>

#include "core/analysis/analyzer.h"
#include "core/search/builder.h"
#include "core/search/result.h"

namespace lede::search {

/// Byte ranges of @p text whose tokens (analyzed by @p analyzer with
/// @p language, as the indexer analyzed them) match @p terms: same unstemmed
/// term, same stem, or a term starting with a wildcard's prefix. Sorted,
/// merged where they touch.
[[nodiscard]] std::vector<Range> highlight(std::string_view text, std::string_view language,
                                           const HighlightTerms& terms, Analyzer& analyzer);

}  // namespace lede::search
