/// @file
/// @brief Stage 4 of the analyzer: variants of a term (aliases) and rewrites.
///
/// Internal to the analysis module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/analyzer.h"

namespace lede::analysis {

/// Language-dependent variant rules, resolved once per analyze() call.
struct VariantRules {
  /// French, Italian, Catalan: "l'arménie" also yields "armenie".
  bool elision = false;
  /// Turkish writes suffixes of proper names after an apostrophe
  /// ("Ankara'da"); the name alone is then an alias.
  bool suffix_after_apostrophe = false;
  /// English: British spellings are written the American way, so that
  /// "organisation" meets "organization" and "centre" meets "center".
  bool american_spelling = false;
};

/// Rewrites a British spelling of an English word (ASCII lower case) the
/// American way, by suffix rules rather than a word list: -our -> -or
/// (colour, labourer, favourite), -ise -> -ize (organise, organisation),
/// -yse -> -yze (analyse), -tre -> -ter and -bre -> -ber (centre, fibre),
/// -fence -> -fense (defence), -gramme -> -gram, licence and pretence. Each
/// rule needs a stem of a few letters before its suffix, so that short
/// words (four, hour, rise, wise, hatred) stay as they are. Returns whether
/// it changed @p term.
bool american_spelling(std::string& term);

/// The rules for @p language (an ISO 639-1 code or a Xapian stemmer name).
[[nodiscard]] VariantRules variant_rules(std::string_view language);

/// True when @p term has a '.' or '@', which join the parts of compounds such
/// as "node.js" or "user@example.com". (A plain loop: find_first_of calls
/// memchr once per character, which showed in profiles.)
[[nodiscard]] inline bool has_compound_separator(std::string_view term) noexcept {
  for (const char c : term) {
    if (c == '.' || c == '@') return true;
  }
  return false;
}

/// Rewrites @p term in place and appends its aliases to @p aliases (which the
/// caller clears); returns false when the term is not worth indexing after
/// all. @p term is normalized and folded. The rules:
///   - single letters between dots are an acronym: "u.s.a" -> "usa";
///   - other words with dots or '@' (which ICU counts as a letter) keep the
///     full form and get each part as an alias: "node.js" -> "node.js" +node
///     +js, "@user" -> "@user" +user; a word of '@' alone is dropped;
///   - a word ending in 's gets an alias without it: "russia's" +russia;
///   - with elision rules, "l'armenie" +armenie; with Turkish rules,
///     "ankara'da" +ankara;
///   - a number grouped by commas in threes loses the commas: "15,000" ->
///     "15000" (but "1,5" stays);
///   - with English rules, the word and its aliases in American spelling.
[[nodiscard]] bool apply_variants(TokenKind kind, const VariantRules& rules, std::string& term,
                                  std::vector<std::string>& aliases);

}  // namespace lede::analysis
