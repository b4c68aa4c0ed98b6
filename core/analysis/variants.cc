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

}  // namespace

VariantRules variant_rules(std::string_view language) {
  const std::string code = canonical_language(language);
  VariantRules rules;
  rules.elision = code == "fr" || code == "it" || code == "ca" || code == "french" ||
                  code == "italian" || code == "catalan";
  rules.suffix_after_apostrophe = code == "tr" || code == "turkish";
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

}  // namespace lede::analysis
