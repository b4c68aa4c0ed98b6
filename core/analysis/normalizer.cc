// Stage 2: NFKC_Casefold normalization, apostrophes and digits; calls stage 3.
#include "core/analysis/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <climits>
#include <cstdint>

#include "core/analysis/folding.h"
#include "core/analysis/icu_error.h"
#include "core/util/error.h"

namespace lede::analysis {
namespace {

bool is_ascii(std::string_view s) noexcept {
  unsigned char any = 0;
  for (const char c : s)
    any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

// The apostrophe-like characters people and word processors type for ' (the
// fullwidth one is already mapped by NFKC; it is listed for clarity).
bool is_apostrophe(UChar32 c) noexcept {
  return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07;
}

bool is_foreign_digit(UChar32 c) noexcept {
  return c >= 0x80 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER;
}

// NFKC splits Thai SARA AM (U+0E33) and Lao AM (U+0EB3) into NIKHAHIT + SARA AA
// by a compatibility mapping, which composition never undoes. Both forms
// mean the same, so either would do as the term; the precomposed one is
// kept because it is what people type and what --explain should show.
char16_t sara_am(char16_t nikhahit, char16_t next) noexcept {
  if (nikhahit == 0x0E4D && next == 0x0E32) return 0x0E33;
  if (nikhahit == 0x0ECD && next == 0x0EB2) return 0x0EB3;
  return 0;
}

}  // namespace

struct Normalizer::State {
  const icu::Normalizer2* nfkc_casefold = nullptr;
  Folder folder;
  // Reused between segments so that a term costs no heap allocation once
  // the buffers have grown to the longest word seen.
  icu::UnicodeString utf16;
  icu::UnicodeString normalized;
  icu::UnicodeString scratch;

  // Apostrophes, digits and SARA AM, in a pass of their own because none is
  // part of NFKC_Casefold. Rebuilds only when something changes, which is
  // rare.
  void unify(icu::UnicodeString& text) {
    const int32_t length = text.length();
    int32_t first = 0;
    for (; first < length; ++first) {
      const char16_t unit = text.charAt(first);
      if (unit < 0x80) continue;
      const UChar32 c = text.char32At(first);
      if (is_apostrophe(c) || is_foreign_digit(c)) break;
      if (first + 1 < length && sara_am(unit, text.charAt(first + 1)) != 0) break;
    }
    if (first == length) return;
    scratch.remove();
    scratch.append(text, 0, first);
    for (int32_t i = first; i < length;) {
      const UChar32 c = text.char32At(i);
      i += U16_LENGTH(c);
      if (is_apostrophe(c)) {
        scratch.append(static_cast<char16_t>(u'\''));
      } else if (is_foreign_digit(c)) {
        scratch.append(static_cast<char16_t>(u'0' + u_charDigitValue(c)));
      } else if (const char16_t am =
                     i < length ? sara_am(static_cast<char16_t>(c), text.charAt(i)) : char16_t{0};
                 am != 0) {
        scratch.append(am);
        ++i;
      } else {
        scratch.append(c);
      }
    }
    text.swap(scratch);
  }
};

Normalizer::Normalizer() : state_(std::make_unique<State>()) {
  UErrorCode status = U_ZERO_ERROR;
  state_->nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  check_icu(status, "Normalizer2::getNFKCCasefoldInstance");
}

Normalizer::~Normalizer() = default;
Normalizer::Normalizer(Normalizer&&) noexcept = default;
Normalizer& Normalizer::operator=(Normalizer&&) noexcept = default;

void Normalizer::normalize(std::string_view raw, std::string& term) {
  if (!is_ascii(raw)) {
    normalize_unicode(raw, term);
    return;
  }
  term.assign(raw);
  for (char& c : term) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

void Normalizer::normalize_unicode(std::string_view raw, std::string& term) {
  // The analyzer never passes segments anywhere near this long (it skips
  // them first); the check keeps the int32_t arithmetic below sound.
  if (raw.size() > INT32_MAX / 2) {
    throw Error(ErrorKind::internal, "analyzer: a segment is too long to normalize");
  }
  State& s = *state_;
  UErrorCode status = U_ZERO_ERROR;
  const auto capacity = static_cast<int32_t>(raw.size()) + 1;
  char16_t* buffer = s.utf16.getBuffer(capacity);
  if (buffer == nullptr) throw Error(ErrorKind::internal, "analyzer: out of memory");
  int32_t length = 0;
  // Ill-formed bytes become U+FFFD, as they did for the break iterator.
  u_strFromUTF8WithSub(buffer, capacity, &length, raw.data(), static_cast<int32_t>(raw.size()),
                       0xFFFD, nullptr, &status);
  s.utf16.releaseBuffer(U_SUCCESS(status) ? length : 0);
  check_icu(status, "u_strFromUTF8WithSub");

  s.nfkc_casefold->normalize(s.utf16, s.normalized, status);
  check_icu(status, "NFKC_Casefold normalization");
  s.unify(s.normalized);
  if (s.folder.needs_folding(s.normalized)) s.folder.fold(s.normalized);

  term.clear();
  s.normalized.toUTF8String(term);
}

}  // namespace lede::analysis
