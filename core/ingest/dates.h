/// @file
/// @brief Finding publication dates in lines of text and in URLs (internal).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lede::ingest {

/// A date found in a line, in ISO 8601, with the bytes it was read from.
struct DateMatch {
  std::string iso;        ///< "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM".
  std::size_t begin = 0;  ///< First byte of the date in the line.
  std::size_t end = 0;    ///< One past its last byte (time included).
};

/// The first complete calendar date in @p line, in any of the forms news sites
/// print: "2024-11-24", "2024/11/24", "24.11.2024", "November 24, 2024",
/// "November 24,2024 14:24", "Nov. 24, 2024", "24 November 2024",
/// "26-FEB-1987 15:01:01.79", "2025-03-20T10:15:00Z", and Russian month names
/// ("24 ноября 2024 г."). A time right after the date is kept as "THH:MM".
/// Dates that do not exist (February 30) and years outside 1800-2199 are not
/// dates. A month and year alone are not enough.
[[nodiscard]] std::optional<DateMatch> find_date(std::string_view line);

/// The date a URL path spells, as in "/2025/02/17/" or "/2025-02-17-", or "".
[[nodiscard]] std::string date_from_url(std::string_view url);

}  // namespace lede::ingest
