// Fuzz target: the analyzer (segmentation, normalization, folding, variants,
// stemming) on any bytes, in a language chosen by the first byte.
#include "core/analysis/analyzer.h"

#include <array>
#include <cstdint>
#include <string_view>

#include "core/util/utf8.h"
#include "fuzz/fuzz.h"

namespace {

// Languages whose stemmers or special cases differ, plus ones without a
// stemmer and tags in other spellings.
constexpr std::array<std::string_view, 16> kLanguages = {"en", "ru",    "hy", "fr",     "it", "ca",
                                                         "tr", "de",    "zh", "ja",     "th", "ar",
                                                         "",   "pt-BR", "xx", "english"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lede::fuzz::Bytes bytes(data, size);
  const std::string_view language = kLanguages[bytes.byte() % kLanguages.size()];
  const std::string_view text = bytes.rest();

  // One analyzer for the whole run, as each indexing thread keeps one.
  static lede::Analyzer analyzer;
  std::uint32_t position = 0;
  analyzer.analyze(text, language, [&](const lede::Token& token) {
    lede::fuzz::check(!token.term.empty(), "an empty term");
    lede::fuzz::check(token.term.size() <= lede::Analyzer::kMaxTermBytes, "a term too long");
    lede::fuzz::check(lede::is_valid_utf8(token.term), "a term that is not UTF-8");
    lede::fuzz::check(lede::is_valid_utf8(token.stem), "a stem that is not UTF-8");
    lede::fuzz::check(token.begin < token.end && token.end <= text.size(),
                      "a token outside the text");
    if (token.alias) {
      lede::fuzz::check(token.position == position, "an alias not at its word's position");
    } else {
      lede::fuzz::check(token.position > position, "positions that do not increase");
      position = token.position;
    }
  });

  const std::vector<std::size_t> boundaries = lede::word_boundaries(text);
  lede::fuzz::check(
      !boundaries.empty() && boundaries.front() == 0 && boundaries.back() == text.size(),
      "word boundaries do not span the text");
  for (std::size_t k = 1; k < boundaries.size(); ++k) {
    lede::fuzz::check(boundaries[k - 1] < boundaries[k], "word boundaries out of order");
  }
  return 0;
}
