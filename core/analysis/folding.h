/// @file
/// @brief Stage 3 of the analyzer: accent folding where accents are diacritics.
///
/// Internal to the analysis module; works on ICU strings already normalized
/// with NFKC_Casefold by stage 2.
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace lede::analysis {

/// Removes diacritics from Latin and Greek letters (café = cafe, Ῥόδος = ροδος),
/// ё from Cyrillic, and maps letters that carry their stroke or ligature in
/// the code point itself (ł, ø, đ, ħ, ı, æ, œ, þ). Marks of scripts where they
/// are letters or vowels (Thai, Devanagari, Arabic, Hebrew, Armenian, Bengali,
/// Japanese voicing marks...) are kept: dropping them would merge words.
class Folder {
 public:
  Folder();

  /// Cheap test run before fold(): false when @p text has no character that
  /// folding could change, which is true of most words.
  [[nodiscard]] bool needs_folding(const icu::UnicodeString& text) const;

  /// Folds @p text in place; @p text must be in NFKC_Casefold form.
  void fold(icu::UnicodeString& text);

 private:
  const icu::Normalizer2* nfd_ = nullptr;
  const icu::Normalizer2* nfc_ = nullptr;
  icu::UnicodeString decomposed_;  // reused between calls to avoid allocation
  icu::UnicodeString stripped_;
};

}  // namespace lede::analysis
