/// @file
/// @brief Stages 2 and 3 of the analyzer: one segment's bytes -> its term.
///
/// Internal to the analysis module (and its tests). ICU stays in the
/// implementation.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace lede::analysis {

/// Normalizes a segment with NFKC_Casefold (ﬁ = fi, Ｆｕｌｌ = full,
/// Straße = strasse, ΣΑΣ = σας = σασ, default-ignorables dropped), unifies
/// apostrophes (’ ʼ ‘ ＇ become ') and decimal digits of every script (become
/// ASCII), then folds accents (see folding.h). The result is valid UTF-8
/// whatever the input bytes.
class Normalizer {
 public:
  Normalizer();
  ~Normalizer();
  Normalizer(Normalizer&&) noexcept;
  Normalizer& operator=(Normalizer&&) noexcept;
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  /// Replaces @p term with the normalized, folded form of @p raw. Pure ASCII
  /// (most of an English text) is only lower-cased, which is what the full
  /// path gives for it, without converting to UTF-16 and back.
  void normalize(std::string_view raw, std::string& term);

  /// The full path, even for ASCII; public so tests can check that the fast
  /// path agrees with it.
  void normalize_unicode(std::string_view raw, std::string& term);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lede::analysis
