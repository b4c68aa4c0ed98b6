/// @file
/// @brief Stage 5 of the analyzer: Xapian's Snowball stemmers, one per language.
///
/// Internal to the analysis module.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lede::analysis {

/// @p language lower-cased, with a region or script subtag dropped ("en-US",
/// "pt_BR", "zh-Hans" -> "en", "pt", "zh"). Xapian names such as
/// "kraaij_pohlmann" are kept whole.
[[nodiscard]] std::string canonical_language(std::string_view language);

/// One language's stemmer with a memo of recent results. Word frequencies
/// follow Zipf's law, so a small memo answers most words of a text and
/// saves the Snowball run, which otherwise costs as much as segmentation.
class Stemmer {
 public:
  explicit Stemmer(Xapian::Stem stem);

  /// @p term stemmed; Xapian failures become lede::Error. The reference is
  /// valid until the next call.
  const std::string& operator()(const std::string& term);

 private:
  // A direct-mapped memo: an array indexed by a hash of the term, each slot
  // overwritten on a miss. Unlike a hash map it never allocates once its
  // strings have grown, and a lookup touches one slot. It starts small and
  // grows as misses accumulate: a query stems a handful of words, and
  // building the full memo (half a megabyte) would cost lede-query more
  // than the stemming it saves.
  struct Slot {
    std::string term;
    std::string stem;
    bool used = false;
  };
  static constexpr std::size_t kFirstSlots = std::size_t{1} << 6;
  static constexpr std::size_t kSlots = std::size_t{1} << 13;

  Xapian::Stem stem_;
  std::vector<Slot> memo_;
  std::size_t misses_ = 0;
};

/// Stemmers by language, created on first use and kept.
class Stemmers {
 public:
  /// The stemmer for @p language (an ISO 639-1 code or a Xapian name), or
  /// nullptr when Xapian has none for it (or @p language is empty).
  [[nodiscard]] Stemmer* find(std::string_view language);

 private:
  // Languages without a stemmer are kept too, as null entries, so that each
  // language string is resolved once.
  std::unordered_map<std::string, std::unique_ptr<Stemmer>> cache_;
};

}  // namespace lede::analysis
