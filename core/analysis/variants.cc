// Stage 4: aliases and rewrites that make common spellings of a word meet.
#include "core/analysis/variants.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/analysis/stemmer.h"

namespace lede::analysis {
namespace {

// Articles and prepositions that French, Italian and Catalan elide before a
// vowel: "l'arménie", "d'Italia", "dell'anno", "jusqu'à".
constexpr std::array<std::string_view, 24> kElisions = {
    "l",   "d",     "j",      "m",      "n",      "s",      "t",     "c",
    "qu",  "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "un",    "dell",
    "all", "dall",  "nell",   "sull",   "coll",   "quest",  "quell", "tutt"};

bool is_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True when @p part is exactly one letter (of any script).
bool is_single_letter(std::string_view part) noexcept {
  if (part.empty() || part.size() > 4) return false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(part.data());
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(bytes, i, static_cast<std::int32_t>(part.size()), c);
  return c >= 0 && static_cast<std::size_t>(i) == part.size() && u_isalpha(c) != 0;
}

void add_alias(std::string_view alias, const std::string& term, std::vector<std::string>& aliases) {
  if (alias.empty() || alias == term) return;
  if (std::find(aliases.begin(), aliases.end(), alias) != aliases.end()) return;
  aliases.emplace_back(alias);
}

// "15,000" -> "15000" and "1,234,567.89" -> "1234567.89", but "1,5" (a
// decimal comma) and "1,50,000" (not thousands) stay as written, since
// rewriting them would change the number.
void ungroup_digits(std::string& term) {
  const std::size_t first_comma = term.find(',');
  if (first_comma == std::string::npos) return;
  const std::size_t dot = term.find('.');
  const std::string_view whole(term);
  const std::string_view integer = whole.substr(0, dot);
  if (dot != std::string::npos && (dot < first_comma || !is_digits(whole.substr(dot + 1)))) return;
  if (!is_digits(integer.substr(0, first_comma))) return;
  for (std::size_t at = first_comma; at != std::string_view::npos;) {
    const std::size_t next = integer.find(',', at + 1);
    const std::string_view group = integer.substr(
        at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1);
    if (group.size() != 3 || !is_digits(group)) return;
    at = next;
  }
  std::erase(term, ',');
}

// ICU's word rules keep "node.js", "U.S.A" and, since it counts '@' as a
// letter, "user@example.com" and "@user" together, which is right for
// phrases but hides the parts from a search for one of them.
void split_compound(std::string& term, std::vector<std::string>& aliases) {
  std::vector<std::string_view> parts;
  const std::string_view whole(term);
  for (std::size_t begin = 0;;) {
    const std::size_t separator = whole.find_first_of(".@", begin);
    parts.push_back(
        whole.substr(begin, separator == std::string_view::npos ? separator : separator - begin));
    if (separator == std::string_view::npos) break;
    begin = separator + 1;
  }
  if (whole.find('@') == std::string_view::npos &&
      std::all_of(parts.begin(), parts.end(), is_single_letter)) {
    std::string acronym;
    for (const auto part : parts)
      acronym += part;
    term = std::move(acronym);
    return;
  }
  for (const auto part : parts)
    add_alias(part, term, aliases);
}

// One spelling rule: a word ending in @c british after at least @c stem
// letters ends in @c american instead.
struct SpellingRule {
  std::string_view british;
  std::string_view american;
  std::size_t stem;
};

// Longest suffix first, so that "-isations" is met before "-s". The stem
// lengths keep each rule off the short words it would misread: -our needs 3
// letters (four, hour, your, tour stay), -ise needs 4 (rise, wise, noise,
// raise, arise, advise stay), -tred 3 (hatred stays). "timbre" is not
// "timber", so -bre leaves it alone (see american_spelling).
constexpr SpellingRule kSpelling[] = {
    {"isational", "izational", 4},
    {"isations", "izations", 4},
    {"ourhoods", "orhoods", 3},
    {"licences", "licenses", 0},
    {"licenced", "licensed", 0},
    {"pretences", "pretenses", 0},
    {"ourables", "orables", 3},
    {"isation", "ization", 4},
    {"ourites", "orites", 3},
    {"ourable", "orable", 3},
    {"ourably", "orably", 3},
    {"ourless", "orless", 3},
    {"ourhood", "orhood", 3},
    {"ourists", "orists", 3},
    {"licence", "license", 0},
    {"pretence", "pretense", 0},
    {"grammes", "grams", 0},
    {"ouring", "oring", 3},
    {"ourers", "orers", 3},
    {"ourite", "orite", 3},
    {"ourful", "orful", 3},
    {"ourist", "orist", 3},
    {"fences", "fenses", 2},
    {"gramme", "gram", 0},
    {"oured", "ored", 3},
    {"ourer", "orer", 3},
    {"ising", "izing", 4},
    {"isers", "izers", 4},
    {"ysing", "yzing", 2},
    {"ysers", "yzers", 2},
    {"fence", "fense", 2},
    {"ours", "ors", 3},
    {"ises", "izes", 4},
    {"ised", "ized", 4},
    {"iser", "izer", 4},
    {"yses", "yzes", 2},
    {"ysed", "yzed", 2},
    {"yser", "yzer", 2},
    {"tres", "ters", 2},
    {"tred", "tered", 3},
    {"bres", "bers", 2},
    {"our", "or", 3},
    {"ise", "ize", 4},
    {"yse", "yze", 2},
    {"tre", "ter", 2},
    {"bre", "ber", 2},
};

// The apostrophe rules of apply_variants, for a word without '.' or '@'.
bool apply_word_variants(const VariantRules& rules, std::string& term,
                         std::vector<std::string>& aliases) {
  const std::size_t apostrophe = term.find('\'');
  if (apostrophe == std::string::npos) return true;
  const std::string_view whole(term);
  if (whole.size() > 2 && whole.ends_with("'s") && whole[whole.size() - 3] != '\'') {
    add_alias(whole.substr(0, whole.size() - 2), term, aliases);
  }
  if (rules.elision && std::find(kElisions.begin(), kElisions.end(), whole.substr(0, apostrophe)) !=
                           kElisions.end()) {
    add_alias(whole.substr(apostrophe + 1), term, aliases);
  }
  if (rules.suffix_after_apostrophe && apostrophe > 0) {
    add_alias(whole.substr(0, apostrophe), term, aliases);
  }
  return true;
}

bool ascii_lower(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

bool american_spelling(std::string& term) {
  if (term.ends_with("'s")) {
    // A possessive: the word before it ("labour's" -> "labor's").
    std::string word = term.substr(0, term.size() - 2);
    if (!american_spelling(word)) return false;
    term = word + "'s";
    return true;
  }
  if (term.size() < 5 || !ascii_lower(term)) return false;
  for (const auto& rule : kSpelling) {
    if (!term.ends_with(rule.british)) continue;
    const std::size_t stem = term.size() - rule.british.size();
    if (stem < rule.stem) continue;
    // A timbre is a sound, a timber is wood; macabre has no American twin.
    const std::string_view word(term);
    if (rule.british.starts_with("bre") &&
        (word.substr(0, stem) == "tim" || word.substr(0, stem) == "maca"))
      return false;
    term.replace(stem, rule.british.size(), rule.american);
    return true;
  }
  return false;
}

VariantRules variant_rules(std::string_view language) {
  const std::string code = canonical_language(language);
  VariantRules rules;
  rules.elision = code == "fr" || code == "it" || code == "ca" || code == "french" ||
                  code == "italian" || code == "catalan";
  rules.suffix_after_apostrophe = code == "tr" || code == "turkish";
  rules.american_spelling = code == "en" || code == "english";
  return rules;
}

bool apply_variants(TokenKind kind, const VariantRules& rules, std::string& term,
                    std::vector<std::string>& aliases) {
  if (kind == TokenKind::number) {
    ungroup_digits(term);
    return true;
  }
  if (kind != TokenKind::word) return true;
  if (has_compound_separator(term)) {
    // A lone "@" (as in "meet @ noon") is a word to ICU but not to a reader.
    if (term.find_first_not_of('@') == std::string::npos) return false;
    split_compound(term, aliases);
    return true;
  }
  if (rules.american_spelling) {
    // Applied last, to the word and to the aliases the other rules made
    // ("labour's" +labour: both in American spelling).
    const bool kept = apply_word_variants(rules, term, aliases);
    american_spelling(term);
    for (auto& alias : aliases)
      american_spelling(alias);
    std::erase(aliases, term);
    return kept;
  }
  return apply_word_variants(rules, term, aliases);
}

}  // namespace lede::analysis
