#include "core/search/language.h"

#include <array>
#include <utility>

namespace lede::search {

namespace {

// Xapian's stemmer names with their ISO 639-1 codes, so that a user may type
// either ("--lang russian" or "--lang ru").
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kNames{{
    {"arabic", "ar"},    {"armenian", "hy"},   {"basque", "eu"},     {"catalan", "ca"},
    {"danish", "da"},    {"dutch", "nl"},      {"english", "en"},    {"finnish", "fi"},
    {"french", "fr"},    {"german", "de"},     {"hungarian", "hu"},  {"indonesian", "id"},
    {"irish", "ga"},     {"italian", "it"},    {"lithuanian", "lt"}, {"nepali", "ne"},
    {"norwegian", "nb"}, {"portuguese", "pt"}, {"romanian", "ro"},   {"russian", "ru"},
    {"spanish", "es"},   {"swedish", "sv"},    {"tamil", "ta"},      {"turkish", "tr"},
}};

}  // namespace

std::string language_code(std::string_view language) {
  std::string lower(language);
  for (auto& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (const auto& [name, code] : kNames)
    if (lower == name) return std::string(code);
  return lower;
}

}  // namespace lede::search
