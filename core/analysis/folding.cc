// Stage 3: accent folding.
#include "core/analysis/folding.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstdint>

#include "core/analysis/icu_error.h"

namespace lede::analysis {
namespace {

// Letters whose diacritic or ligature is not a separate code point under
// canonical decomposition, so NFD cannot expose it. Lower case only: the
// text has already been case-folded.
const char* letter_replacement(UChar32 c) noexcept {
  switch (c) {
    case 0x00E6:
      return "ae";  // æ
    case 0x00F8:
      return "o";  // ø
    case 0x00FE:
      return "th";  // þ
    case 0x0111:
      return "d";  // đ
    case 0x0127:
      return "h";  // ħ
    case 0x0131:
      return "i";  // ı, so that Turkish ı and i match
    case 0x0142:
      return "l";  // ł
    case 0x0153:
      return "oe";  // œ
    default:
      return nullptr;
  }
}

bool is_mark(std::int8_t type) noexcept {
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// Whether the nonspacing mark @p mark on the base character @p base (of
// script @p script) is a removable diacritic. In Latin and Greek marks are
// accents; Common and Inherited bases are digits, symbols or nothing at all.
// In Cyrillic only the diaeresis of ё is optional in ordinary writing (й, ї
// and ў are separate letters). Everywhere else marks are vowels or letters.
bool is_diacritic(UChar32 base, UScriptCode script, UChar32 mark) noexcept {
  switch (script) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return true;
    case USCRIPT_CYRILLIC:
      return base == 0x0435 && mark == 0x0308;
    default:
      return false;
  }
}

}  // namespace

Folder::Folder() {
  UErrorCode status = U_ZERO_ERROR;
  nfd_ = icu::Normalizer2::getNFDInstance(status);
  check_icu(status, "Normalizer2::getNFDInstance");
  nfc_ = icu::Normalizer2::getNFCInstance(status);
  check_icu(status, "Normalizer2::getNFCInstance");
}

bool Folder::needs_folding(const icu::UnicodeString& text) const {
  const int32_t length = text.length();
  for (int32_t i = 0; i < length;) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    // Below U+00C0 nothing decomposes and nothing is a combining mark.
    if (c < 0xC0) continue;
    if (letter_replacement(c) != nullptr || !nfd_->isInert(c)) return true;
  }
  return false;
}

void Folder::fold(icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  nfd_->normalize(text, decomposed_, status);
  check_icu(status, "NFD normalization");

  stripped_.remove();
  UChar32 base = 0;
  UScriptCode script = USCRIPT_COMMON;
  const int32_t length = decomposed_.length();
  for (int32_t i = 0; i < length;) {
    const UChar32 c = decomposed_.char32At(i);
    i += U16_LENGTH(c);
    const auto type = static_cast<std::int8_t>(u_charType(c));
    if (type == U_NON_SPACING_MARK) {
      if (!is_diacritic(base, script, c)) stripped_.append(c);
      continue;
    }
    if (is_mark(type)) {
      // Spacing and enclosing marks belong to the base before them.
      stripped_.append(c);
      continue;
    }
    base = c;
    UErrorCode script_status = U_ZERO_ERROR;
    script = uscript_getScript(c, &script_status);
    if (U_FAILURE(script_status)) script = USCRIPT_UNKNOWN;
    if (const char* replacement = letter_replacement(c)) {
      for (const char* p = replacement; *p != '\0'; ++p)
        stripped_.append(static_cast<char16_t>(*p));
    } else {
      stripped_.append(c);
    }
  }

  // Recomposition restores the marks that were kept (й, Thai tone marks,
  // Hangul syllables) to the composed form the rest of the pipeline uses.
  nfc_->normalize(stripped_, text, status);
  check_icu(status, "NFC normalization");
}

}  // namespace lede::analysis
