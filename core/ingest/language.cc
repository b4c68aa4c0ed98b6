#include "core/ingest/language.h"

// compact_lang_det.h uses FILE without including <cstdio> itself.
#include <compact_lang_det.h>

#include <cstdio>
#include <string>

#include "core/ingest/text.h"

namespace lede::ingest {

std::string detect_language(std::string_view text, bool* reliable_out) {
  constexpr std::size_t kExamined = 16 * 1024;
  const std::string_view sample = text.substr(0, floor_boundary(text, kExamined));
  if (reliable_out) *reliable_out = false;
  if (!has_letter(sample)) return {};
  CLD2::Language top3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  // The extended call returns UNKNOWN_LANGUAGE instead of guessing English
  // for text it cannot judge; CLD2 is documented as thread safe.
  const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
      sample.data(), static_cast<int>(sample.size()), true, top3, percent3, &text_bytes, &reliable);
  if (reliable_out) *reliable_out = reliable;
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {};
  const std::string code = CLD2::LanguageCode(language);
  // CLD2 keeps a few pre-2000 codes and script variants; index and query
  // speak ISO 639-1.
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "jw") return "jv";
  if (code == "zh-Hant") return "zh";
  if (code.size() < 2 || code.size() > 3 || code == "un" || code == "xxx") return {};
  return code;
}

std::string normalize_language_tag(std::string_view tag) {
  std::string code;
  for (const char ch : trim(tag)) {
    if (ch == '-' || ch == '_') break;
    if ((ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z')) return {};
    code.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
  }
  if (code.size() < 2 || code.size() > 3) return {};
  return code;
}

}  // namespace lede::ingest
