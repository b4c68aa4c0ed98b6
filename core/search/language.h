/// @file
/// @brief Language names and codes as users type them in --lang and lang:.
#pragma once

#include <string>
#include <string_view>

namespace lede::search {

/// The ISO 639-1 code for @p language: "ru" for "ru", "RU", "russian" or
/// "Russian"; other input is returned lower-cased, "" for "".
[[nodiscard]] std::string language_code(std::string_view language);

}  // namespace lede::search
