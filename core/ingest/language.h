/// @file
/// @brief Language identification with CLD2 (internal).
#pragma once

#include <string>
#include <string_view>

namespace lede::ingest {

/// The language of @p text as an ISO 639-1 code ("en", "ru", "hy", "zh"), or
/// the ISO 639-2/3 code CLD2 gives for languages without one; "" when CLD2
/// cannot tell. Only the first 16 KB are examined. @p reliable, when given,
/// receives CLD2's own verdict on its answer.
[[nodiscard]] std::string detect_language(std::string_view text, bool* reliable = nullptr);

/// A language tag given by the data ("en-US", "RU", "zh_Hant") reduced to its
/// lowercase primary subtag ("en", "ru", "zh").
[[nodiscard]] std::string normalize_language_tag(std::string_view tag);

}  // namespace lede::ingest
