// Stage 5: stemming with Xapian's Snowball stemmers.
#include "core/analysis/stemmer.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <utility>

#include "core/util/error.h"

namespace lede::analysis {

std::string canonical_language(std::string_view language) {
  std::string code;
  code.reserve(language.size());
  for (const char c : language) {
    code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // A BCP 47 tag or POSIX locale: keep its 2- or 3-letter language subtag.
  const std::size_t separator = code.find_first_of("-_");
  if (separator == 2 || separator == 3) code.resize(separator);
  return code;
}

Stemmer::Stemmer(Xapian::Stem stem) : stem_(std::move(stem)), memo_(kFirstSlots) {}

const std::string& Stemmer::operator()(const std::string& term) {
  const std::size_t hash = std::hash<std::string>{}(term);
  if (Slot& slot = memo_[hash & (memo_.size() - 1)]; slot.used && slot.term == term)
    return slot.stem;
  // A text with many distinct words has outgrown the memo: replace it with
  // one eight times larger (it is only a cache, so nothing is lost).
  if (++misses_ > 4 * memo_.size() && memo_.size() < kSlots) {
    memo_ = std::vector<Slot>(std::min(memo_.size() * 8, kSlots));
    misses_ = 0;
  }
  Slot& slot = memo_[hash & (memo_.size() - 1)];
  try {
    slot.stem = stem_(term);
  } catch (const Xapian::Error& e) {
    slot.used = false;
    throw Error(ErrorKind::internal, "Xapian stemmer: " + e.get_description());
  }
  slot.term = term;
  slot.used = true;
  return slot.stem;
}

Stemmer* Stemmers::find(std::string_view language) {
  std::string code = canonical_language(language);
  auto found = cache_.find(code);
  if (found == cache_.end()) {
    std::unique_ptr<Stemmer> stemmer;
    try {
      // With fallback, a language Xapian does not know gives the "none"
      // stemmer instead of an exception: unknown means "do not stem".
      Xapian::Stem stem(code, true);
      if (!stem.is_none()) stemmer = std::make_unique<Stemmer>(std::move(stem));
    } catch (const Xapian::Error& e) {
      throw Error(ErrorKind::internal, "Xapian stemmer for '" + code + "': " + e.get_description());
    }
    found = cache_.emplace(std::move(code), std::move(stemmer)).first;
  }
  return found->second.get();
}

}  // namespace lede::analysis
