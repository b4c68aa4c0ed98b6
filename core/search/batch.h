/// @file
/// @brief Lines of a --batch file: "query" or "qid<TAB>query".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lede::search {

/// One query of a batch.
struct BatchQuery {
  std::string qid;  ///< Given before a tab, else the line number.
  std::string query;
  std::size_t line = 0;  ///< 1-based line number in the batch file.
};

/// Reads line @p number of a batch (without its newline; a trailing CR is
/// dropped). Returns nothing for a blank line; a qid with an empty query is
/// returned as such, for the caller to report. The qid is the text before the
/// first tab, trimmed; the line number when there is no tab or it is empty.
[[nodiscard]] std::optional<BatchQuery> parse_batch_line(std::string_view line, std::size_t number);

}  // namespace lede::search
