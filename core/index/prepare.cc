#include "core/index/prepare.h"

#include <xxhash.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/schema/fields.h"
#include "core/schema/schema.h"
#include "core/util/utf8.h"

namespace lede::index {

namespace {

std::string hex64(std::uint64_t v) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(v));
  return hex;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s)
    v = v * 10 + (c - '0');
  return v;
}

// Adds the terms of one analyzed text the way Xapian's TermGenerator does
// with STEM_SOME: the unstemmed term with its position (phrases and NEAR use
// these) and the stem with Z in front, without position, once per occurrence.
void add_tokens(Xapian::Document& doc, const std::vector<Token>& tokens, std::string_view prefix) {
  std::string term(prefix);
  std::string stem(schema::kStemmed);
  stem += prefix;
  const std::size_t term_base = term.size();
  const std::size_t stem_base = stem.size();
  for (const auto& t : tokens) {
    if (t.term.empty()) continue;
    // Xapian refuses terms over its limit; a word that long is not one a
    // reader will ever type, so it is dropped rather than cut.
    if (term_base + t.term.size() <= schema::kMaxTermBytes) {
      term.resize(term_base);
      term += t.term;
      doc.add_posting(term, t.position == 0 ? 1 : t.position);
    }
    if (!t.stem.empty() && stem_base + t.stem.size() <= schema::kMaxTermBytes) {
      stem.resize(stem_base);
      stem += t.stem;
      doc.add_term(stem, 1);
    }
  }
}

// Author and source terms are folded by the analyzer, not stemmed, so that a
// query for author:"josé pérez" finds "Jose Perez".
std::vector<std::string> name_words(Analyzer& analyzer, std::string_view name) {
  std::vector<std::string> words;
  if (name.empty()) return words;
  analyzer.analyze(name, "", [&](const Token& t) {
    if (!t.alias) words.push_back(t.term);
  });
  return words;
}

// The hash of a passage's normalized words: two sites syndicating the same
// paragraph with different quotes, spacing or case get the same value, and
// lede-query collapses on it.
std::string passage_hash(const std::vector<Token>& tokens) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const auto& t : tokens) {
    if (t.alias) continue;
    XXH3_64bits_update(state, t.term.data(), t.term.size());
    XXH3_64bits_update(state, " ", 1);
  }
  const std::uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return hex64(h);
}

void put(nlohmann::json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

}  // namespace

std::string content_hash(const Article& article) {
  if (!article.content_hash.empty()) return article.content_hash;
  const XXH128_hash_t h = XXH3_128bits(article.text.data(), article.text.size());
  return hex64(h.high64) + hex64(h.low64);
}

std::string_view stemming_language(const Article& article) noexcept {
  return article.language.empty() ? Analyzer::kDefaultLanguage : std::string_view(article.language);
}

std::optional<ParsedDate> parse_date(std::string_view iso) {
  // "YYYY-MM-DD", optionally followed by "THH:MM" (and seconds or a zone,
  // which are ignored: a news date is a day, the time only orders a day).
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  if (!all_digits(iso.substr(0, 4)) || !all_digits(iso.substr(5, 2)) ||
      !all_digits(iso.substr(8, 2)))
    return std::nullopt;
  const std::chrono::year_month_day ymd{
      std::chrono::year{to_int(iso.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(to_int(iso.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(to_int(iso.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t seconds = std::chrono::sys_days{ymd}.time_since_epoch().count() * 86400LL;
  if (iso.size() >= 16 && (iso[10] == 'T' || iso[10] == ' ') && iso[13] == ':' &&
      all_digits(iso.substr(11, 2)) && all_digits(iso.substr(14, 2))) {
    const int h = to_int(iso.substr(11, 2));
    const int m = to_int(iso.substr(14, 2));
    if (h < 24 && m < 60) seconds += h * 3600 + m * 60;
  }
  ParsedDate out;
  out.yyyymmdd =
      std::string(iso.substr(0, 4)) + std::string(iso.substr(5, 2)) + std::string(iso.substr(8, 2));
  out.epoch_seconds = seconds;
  return out;
}

std::string url_host(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    // An IPv6 literal keeps its colons.
    const auto close = rest.find(']');
    rest = rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1);
  } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  return schema::host_value(rest);
}

std::vector<std::string> parent_folders(std::string_view path) {
  std::vector<std::string> folders;
  if (path.empty() || path.front() != '/') return folders;
  std::size_t end = path.size();
  while (true) {
    const auto slash = path.rfind('/', end - 1);
    if (slash == std::string_view::npos || slash == 0) break;
    folders.emplace_back(path.substr(0, slash));
    end = slash;
  }
  return folders;
}

PreparedArticle prepare(const Article& article, Analyzer& analyzer, const PrepareOptions& options,
                        std::optional<std::int64_t> mtime) {
  PreparedArticle out;
  out.key = schema::article_key(article.id);
  out.content_hash = content_hash(article);
  const std::string_view language = stemming_language(article);

  std::vector<Token> title = analyzer.tokens(article.title, language);
  std::unordered_map<std::string, unsigned> words;
  auto count_words = [&](const std::vector<Token>& tokens) {
    if (!options.spelling) return;
    for (const auto& t : tokens)
      if (!t.alias && t.kind == TokenKind::word && t.term.size() <= schema::kMaxTermBytes)
        ++words[t.term];
  };
  count_words(title);

  // The terms and values every passage of the article shares, computed once.
  std::vector<std::string> booleans;
  auto boolean = [&](std::string_view prefix, std::string_view value) {
    if (!value.empty()) booleans.push_back(schema::term(prefix, value));
  };
  std::vector<std::pair<Xapian::valueno, std::string>> values;
  boolean(schema::kArticle, out.key);
  boolean(schema::kContentHash, out.content_hash);
  boolean(schema::kUrl, article.url);
  boolean(schema::kHost, url_host(article.url));
  boolean(schema::kPath, article.path);
  if (article.path != "-")
    for (const auto& folder : parent_folders(article.path))
      boolean(schema::kFolder, folder);
  for (const auto& value : schema::name_values(name_words(analyzer, article.author), true))
    boolean(schema::kAuthor, value);
  for (const auto& value : schema::name_values(name_words(analyzer, article.source), false))
    boolean(schema::kSource, value);
  boolean(schema::kLanguage, schema::language_value(article.language));
  boolean(schema::kFormat, article.format);
  if (const auto date = parse_date(article.date)) {
    boolean(schema::kYear, date->yyyymmdd.substr(0, 4));
    boolean(schema::kMonth, date->yyyymmdd.substr(0, 6));
    boolean(schema::kDate, date->yyyymmdd);
    values.emplace_back(schema::kSlotDate, date->yyyymmdd);
    values.emplace_back(schema::kSlotTimestamp,
                        Xapian::sortable_serialise(static_cast<double>(date->epoch_seconds)));
  }
  values.emplace_back(schema::kSlotArticle, out.key);
  values.emplace_back(schema::kSlotContentHash, out.content_hash);
  if (mtime)
    values.emplace_back(schema::kSlotMtime,
                        Xapian::sortable_serialise(static_cast<double>(*mtime)));

  nlohmann::json base = nlohmann::json::object();
  // Ids and paths are bytes (a file name need not be UTF-8): escaped, so
  // that two names differing only in invalid bytes stay two in every output.
  put(base, "article_id", escape_bytes(article.id));
  put(base, "path", escape_bytes(article.path));
  if (article.source_line > 0) base["source_line"] = article.source_line;
  put(base, "title", article.title);
  put(base, "date", article.date);
  put(base, "url", article.url);
  put(base, "author", article.author);
  put(base, "source", article.source);
  put(base, "language", article.language);
  put(base, "format", article.format);
  put(base, "encoding", article.encoding);

  // An article without passages (a title and nothing else) still gets one
  // document, so that it exists in the database and a re-run sees it as
  // unchanged instead of adding it again.
  std::vector<Passage> fallback;
  const std::vector<Passage>* passages = &article.passages;
  if (passages->empty()) {
    fallback.push_back(Passage{1, "", 0, 0, 0, 0});
    passages = &fallback;
  }

  std::vector<Token> body;
  out.passages.reserve(passages->size());
  for (const auto& p : *passages) {
    body.clear();
    analyzer.analyze(p.text, language, [&](const Token& t) { body.push_back(t); });
    count_words(body);
    Xapian::Document doc;
    for (const auto& t : booleans)
      doc.add_boolean_term(t);
    for (const auto& [slot, value] : values)
      doc.add_value(slot, value);
    // Title words go on every passage so that a title match counts for each.
    add_tokens(doc, title, schema::kTitle);
    add_tokens(doc, body, schema::kBody);
    const std::uint32_t ordinal = p.ordinal == 0 ? 1 : p.ordinal;
    doc.add_boolean_term(schema::term(schema::kUniqueId, out.key + ":" + std::to_string(ordinal)));
    doc.add_value(schema::kSlotPassageHash, passage_hash(body));
    doc.add_value(schema::kSlotOrdinal, Xapian::sortable_serialise(ordinal));

    nlohmann::json data = base;
    data["passage"] = ordinal;
    data["passages"] = passages->size();
    data["lines"] = {p.line_begin, p.line_end};
    data["bytes"] = {p.byte_begin, p.byte_end};
    data["text"] = p.text;
    doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    out.text_bytes += p.text.size();
    out.passages.push_back(std::move(doc));
  }
  if (options.spelling) {
    out.spellings.reserve(words.size());
    for (auto& [w, n] : words)
      out.spellings.emplace_back(w, n);
  }
  return out;
}

}  // namespace lede::index
