#include "core/schema/schema.h"

#include <array>

namespace lede::schema {

namespace {

// The table a reader of docs/SCHEMA.md sees. Field names are what users type
// before a colon in lede-query.
constexpr std::array kPrefixes{
    Prefix{kBody, "", Use::free_text, "words of the passage"},
    Prefix{kTitle, "title", Use::free_text, "words of the article's title"},
    Prefix{kStemmed, "", Use::free_text, "stems; ZS for stems of the title"},
    Prefix{kUniqueId, "", Use::boolean, "unique passage id: <article key>:<ordinal>"},
    Prefix{kArticle, "", Use::boolean, "article key, shared by an article's passages"},
    Prefix{kUrl, "url", Use::boolean, "full URL"},
    Prefix{kHost, "host", Use::boolean, "host name of the URL"},
    Prefix{kPath, "", Use::boolean, "source file path"},
    Prefix{kFolder, "path", Use::boolean, "each folder above the source file"},
    Prefix{kAuthor, "author", Use::boolean, "author"},
    Prefix{kLanguage, "lang", Use::boolean, "ISO 639-1 language code"},
    Prefix{kSource, "source", Use::boolean, "publisher or site"},
    Prefix{kFormat, "format", Use::boolean, "text, markdown, html or jsonl"},
    Prefix{kYear, "year", Use::boolean, "year of the article's date"},
    Prefix{kMonth, "", Use::boolean, "YYYYMM of the article's date"},
    Prefix{kDate, "", Use::boolean, "YYYYMMDD of the article's date"},
};

}  // namespace

std::span<const Prefix> prefixes() noexcept { return kPrefixes; }

const Prefix* find_field(std::string_view field) noexcept {
  for (const auto& p : kPrefixes)
    if (!p.field.empty() && p.field == field) return &p;
  return nullptr;
}

}  // namespace lede::schema
