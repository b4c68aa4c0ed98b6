#include "core/ingest/metadata.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <span>

#include "core/ingest/dates.h"
#include "core/ingest/text.h"

namespace lede::ingest {
namespace {

constexpr std::string_view kEditorsNote[] = {"editor's note:", "editor\xE2\x80\x99s note:"};

/// Splits @p text into runs of letters and digits, lowercased (ASCII and
/// Cyrillic through ICU), for matching against word lists.
std::vector<std::string> lower_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    std::int32_t j = 0;
    UChar32 c = 0;
    const auto window = static_cast<std::int32_t>(std::min<std::size_t>(text.size() - i, 4));
    U8_NEXT(s + i, j, window, c);
    i += static_cast<std::size_t>(j);
    if (c >= 0 && u_isalnum(c)) {
      char buffer[4];
      std::int32_t length = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), length, 4, u_tolower(c), error);
      if (!error) current.append(buffer, static_cast<std::size_t>(length));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

bool contains(std::span<const std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

constexpr std::string_view kNameParticles[] = {"and", "de", "da", "van", "von", "der",
                                               "bin", "al", "el", "la",  "le",  "\xD0\xB8"};

bool starts_upper(std::string_view word) {
  if (word.empty()) return false;
  const auto* s = reinterpret_cast<const std::uint8_t*>(word.data());
  std::int32_t j = 0;
  UChar32 c = 0;
  U8_NEXT(s, j, static_cast<std::int32_t>(std::min<std::size_t>(word.size(), 4)), c);
  return c >= 0 && (u_isupper(c) || u_istitle(c));
}

/// A person's name: one to five words, each capitalized or a particle, no digits.
std::string person_name(std::string_view text, std::size_t min_words) {
  const std::string_view name = trim(text);
  if (name.empty() || count_code_points(name) > 60) return {};
  std::size_t words = 0;
  std::size_t position = 0;
  while (position < name.size()) {
    std::size_t end = name.find(' ', position);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view word = name.substr(position, end - position);
    position = end + 1;
    if (word.empty()) continue;
    for (const char ch : word) {
      if (ch >= '0' && ch <= '9') return {};
    }
    if (!starts_upper(word) && !contains(kNameParticles, word)) {
      return {};
    }
    ++words;
  }
  if (words < min_words || words > 5 || !starts_upper(name)) return {};
  return std::string(name);
}

/// The text up to the first separator that ends a name in a byline.
std::string_view until_separator(std::string_view text) {
  std::size_t end = text.size();
  for (const std::string_view separator :
       {std::string_view(","), std::string_view("|"), std::string_view(" - "),
        std::string_view("\xE2\x80\x93"), std::string_view("\xE2\x80\x94"),
        std::string_view("\xE2\x80\xA2"), std::string_view("\xC2\xB7"), std::string_view("("),
        std::string_view(";")}) {
    end = std::min(end, text.find(separator));
  }
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      end = i;
      break;
    }
  }
  return text.substr(0, end);
}

std::size_t url_end(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size() && static_cast<unsigned char>(text[end]) > ' ')
    ++end;
  // Sentence punctuation and closing brackets after a URL are not part of it.
  while (end > start && std::strchr(".,;:!?)]}>\"'", text[end - 1]) != nullptr)
    --end;
  return end;
}

/// A line that is only a URL, perhaps after a short label; returns the URL
/// and sets @p label to the lowercased words before it.
std::string url_with_label(std::string_view line, std::string& label) {
  const std::string_view t = trim(line);
  if (t.size() > 400) return {};
  std::size_t start = t.find("https://");
  const std::size_t http = t.find("http://");
  if (http < start) start = http;
  if (start == std::string_view::npos) return {};
  const std::size_t end = url_end(t, start);
  if (!trim(t.substr(end)).empty() &&
      t.substr(end).find_first_not_of(" .,;)") != std::string_view::npos) {
    return {};
  }
  label = ascii_lower(trim(t.substr(0, start)));
  while (!label.empty() && std::strchr(":-\xE2\x80\x94\xE2\x80\x93 ", label.back()) != nullptr) {
    label.pop_back();
  }
  // Strip a trailing dash written as UTF-8 (the loop above removed only its last byte).
  while (!label.empty() && (static_cast<unsigned char>(label.back()) & 0x80) != 0)
    label.pop_back();
  if (count_words(label) > 5) return {};
  return std::string(t.substr(start, end - start));
}

/// Words of a date line that are not the date's own.
constexpr std::string_view kDateLabels[] = {
    "date",     "dated",      "published",   "posted",       "updated",   "update",   "modified",
    "last",     "on",         "at",          "am",           "pm",        "utc",      "gmt",
    "msk",      "est",        "edt",         "cet",          "cest",      "pst",      "pdt",
    "bst",      "px",         "time",        "read",         "min",       "mins",     "minutes",
    "today",    "yesterday",  "monday",      "tuesday",      "wednesday", "thursday", "friday",
    "saturday", "sunday",     "mon",         "tue",          "wed",       "thu",      "fri",
    "sat",      "sun",        "дата",        "опубликовано", "обновлено", "в",        "мск",
    "г",        "года",       "понедельник", "вторник",      "среда",     "четверг",  "пятница",
    "суббота",  "воскресенье"};

/// Whole-paragraph boilerplate, lowercased, without trailing punctuation and
/// with digits and parentheses removed ("Comments (0)" -> "comments").
constexpr std::string_view kBoilerplate[] = {"share",
                                             "share this",
                                             "share this article",
                                             "share this story",
                                             "share this post",
                                             "share on facebook",
                                             "share on twitter",
                                             "tweet",
                                             "email",
                                             "e-mail",
                                             "print",
                                             "donate",
                                             "donate now",
                                             "read more",
                                             "read also",
                                             "read next",
                                             "see also",
                                             "more",
                                             "related",
                                             "related post",
                                             "related posts",
                                             "related articles",
                                             "related stories",
                                             "related news",
                                             "comments",
                                             "comment",
                                             "leave a reply",
                                             "leave a comment",
                                             "add comment",
                                             "add a comment",
                                             "subscribe",
                                             "subscribe now",
                                             "sign up",
                                             "log in",
                                             "login",
                                             "advertisement",
                                             "advertising",
                                             "sponsored",
                                             "follow us",
                                             "tags",
                                             "back to top",
                                             "skip to content",
                                             "click here",
                                             "loading",
                                             "menu",
                                             "home",
                                             "search",
                                             "next",
                                             "previous",
                                             "next article",
                                             "previous article",
                                             "top stories",
                                             "most read",
                                             "popular",
                                             "trending",
                                             "newsletter",
                                             "facebook",
                                             "twitter",
                                             "telegram",
                                             "whatsapp",
                                             "linkedin",
                                             "поделиться",
                                             "читать далее",
                                             "читайте также",
                                             "читать также",
                                             "комментарии",
                                             "реклама",
                                             "подписаться",
                                             "теги",
                                             "главная",
                                             "меню",
                                             "поиск"};

/// Phrases of appeals and notices that follow articles on news sites.
constexpr std::string_view kFooterPhrases[] = {"subscribe",
                                               "sign up",
                                               "newsletter",
                                               "help us",
                                               "support us",
                                               "support our",
                                               "by donating",
                                               "donate now",
                                               "make a donation",
                                               "contribute to",
                                               "full access",
                                               "hyperlink",
                                               "all rights reserved",
                                               "\xC2\xA9",
                                               "quote materials",
                                               "related post",
                                               "подпис",
                                               "Подпис",
                                               "гиперссылк",
                                               "все права защищены"};

bool heading_like(std::string_view para) {
  if (para.find('\n') != std::string_view::npos) return false;
  const std::size_t length = count_code_points(para);
  if (length > 150 || !has_letter(para)) return false;
  const std::size_t words = count_words(para);
  if (words == 0 || words > 20) return false;
  switch (last_significant(para)) {
    case U'.':
    case U',':
    case U';':
    case U':':
    case U'\u2026':
    case U'\u3002':
    case U'\uFF0E':
    case U'\uFF0C':
    case U'\uFF1B':
    case U'\uFF1A':
    case U'\u0589':
    case U'\u06D4':
    case U'\u0964':
      return false;
    default:
      return true;
  }
}

/// A line short enough to be page furniture: at most 80 code points and eight
/// words, one line, no sentence end. Alone it proves nothing.
bool short_line(std::string_view para) {
  return count_code_points(para) <= 80 && !ends_sentence(para) && count_words(para) <= 8 &&
         para.find('\n') == std::string_view::npos;
}

bool is_appeal(std::string_view para) {
  if (para.size() > 300) return false;
  // Appeals speak to the reader; a quotation ("Help us," she said) is news.
  for (const std::string_view quote : {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xAB"}) {
    if (para.find(quote) != std::string_view::npos) return false;
  }
  const std::string lower = ascii_lower(para);
  return std::any_of(
      std::begin(kFooterPhrases), std::end(kFooterPhrases),
      [&](std::string_view phrase) { return lower.find(phrase) != std::string::npos; });
}

/// The author named by an "Editor's note: Jane Doe, professor at ..." lead.
std::string editors_note_author(std::string_view para) {
  const std::string lower = ascii_lower(para.substr(0, 24));
  for (const std::string_view prefix : kEditorsNote) {
    if (lower.starts_with(prefix)) {
      const std::string_view rest = para.substr(prefix.size());
      const std::size_t comma = rest.find(',');
      if (comma == std::string_view::npos) return {};
      return person_name(rest.substr(0, comma), 2);
    }
  }
  return {};
}

std::string urls_date(std::string_view text) {
  std::size_t position = 0;
  while ((position = text.find("://", position)) != std::string_view::npos) {
    const std::size_t start = position;
    position += 3;
    const std::string date = date_from_url(text.substr(start, url_end(text, start) - start));
    if (!date.empty()) return date;
  }
  return {};
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char ch : trim(text)) {
    if (ch == ' ' || ch == '\t' || ch == '\n') {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

}  // namespace

std::string date_line(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.empty() || t.size() > 200 || t.find('\n') != std::string_view::npos) return {};
  const auto found = find_date(t);
  if (!found) return {};
  std::string rest(t.substr(0, found->begin));
  rest += ' ';
  rest += t.substr(found->end);
  std::size_t others = 0;
  for (const std::string& word : lower_words(rest)) {
    const bool numeric = word.find_first_not_of("0123456789") == std::string::npos;
    if (numeric || count_code_points(word) < 2 || contains(kDateLabels, word)) continue;
    ++others;
  }
  return others <= 2 ? found->iso : std::string();
}

std::string source_url_line(std::string_view line) {
  std::string label;
  std::string url = url_with_label(line, label);
  if (url.empty()) return {};
  for (const std::string_view prefix :
       {"originally published", "first published", "published at", "published on", "source",
        "original article", "read the original", "original", "url", "canonical",
        "\xD0\xB8\xD1\x81\xD1\x82\xD0\xBE\xD1\x87\xD0\xBD\xD0\xB8\xD0\xBA",     // источник
        "\xD0\x98\xD1\x81\xD1\x82\xD0\xBE\xD1\x87\xD0\xBD\xD0\xB8\xD0\xBA"}) {  // Источник
    if (label.starts_with(prefix)) return url;
  }
  return label.empty() ? url : std::string();
}

std::string byline(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.empty() || count_code_points(t) > 80 || t.find('\n') != std::string_view::npos) return {};
  const std::string lower = ascii_lower(t.substr(0, 16));
  for (const std::string_view prefix : {"by ", "written by ", "author: ", "authors: ",
                                        "\xD0\xB0\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80: "}) {  // автор:
    if (lower.starts_with(prefix)) {
      return person_name(until_separator(t.substr(prefix.size())), 1);
    }
  }
  if (t.starts_with("\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80: ")) {  // Автор:
    return person_name(until_separator(t.substr(12)), 1);
  }
  return {};
}

bool is_boilerplate_phrase(std::string_view para) {
  const std::string_view t = trim(para);
  if (t.empty() || count_code_points(t) > 40) return false;
  std::string key;
  for (const char ch : normalize_key(t)) {
    if ((ch >= '0' && ch <= '9') || ch == '(' || ch == ')') continue;
    key.push_back(ch);
  }
  // Cyrillic capitals: lowercase the first letter, the only one a phrase
  // usually capitalizes (А-Я are D0 90..D0 AF; а-п D0 B0..BF, р-я D1 80..8F).
  if (key.size() >= 2 && static_cast<unsigned char>(key[0]) == 0xD0) {
    const auto second = static_cast<unsigned char>(key[1]);
    if (second >= 0x90 && second <= 0x9F) key[1] = static_cast<char>(second + 0x20);
    if (second >= 0xA0 && second <= 0xAF) {
      key[0] = static_cast<char>(0xD1);
      key[1] = static_cast<char>(second - 0x20);
    }
  }
  auto strip = [&key]() {
    while (!key.empty() && std::strchr(" :.!|>-", key.back()) != nullptr)
      key.pop_back();
    // Trailing arrows and guillemets: » › → …
    for (const std::string_view tail :
         {"\xC2\xBB", "\xE2\x80\xBA", "\xE2\x86\x92", "\xE2\x80\xA6"}) {
      if (key.ends_with(tail)) key.resize(key.size() - tail.size());
    }
  };
  strip();
  strip();
  return contains(kBoilerplate, key);
}

bool stands_alone(std::string_view line) {
  return !date_line(line).empty() || !byline(line).empty() || !source_url_line(line).empty() ||
         is_boilerplate_phrase(line);
}

std::string host_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos)
    rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host = ascii_lower(rest);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

void classify(std::string_view text, std::vector<Para>& paras, TextMeta& meta, bool infer_title) {
  auto para_text = [&](const Para& p) { return text.substr(p.begin, p.end - p.begin); };
  std::string found_date;
  std::string found_url;
  std::string bare_url;
  std::string found_author;

  // Lines that are metadata or boilerplate wherever they stand.
  for (Para& para : paras) {
    const std::string_view t = para_text(para);
    if (!has_letter(t)) {
      para.role = Role::boilerplate;  // separators, lone numbers
      continue;
    }
    if (t.size() > 400) continue;
    if (is_boilerplate_phrase(t)) {
      para.role = Role::boilerplate;
    } else if (std::string name = byline(t); !name.empty()) {
      para.role = Role::metadata;
      if (found_author.empty()) found_author = std::move(name);
      if (const auto date = find_date(t); date && found_date.empty()) found_date = date->iso;
    } else if (std::string url = source_url_line(t); !url.empty()) {
      para.role = Role::metadata;
      std::string label;
      (void)url_with_label(t, label);
      std::string& slot = label.empty() ? bare_url : found_url;
      if (slot.empty()) slot = std::move(url);
    } else if (std::string date = date_line(t); !date.empty()) {
      para.role = Role::metadata;
      if (found_date.empty()) found_date = std::move(date);
    }
  }

  // The head: everything before the first paragraph that reads as prose.
  std::size_t head_end = std::min<std::size_t>(paras.size(), 10);
  for (std::size_t i = 0; i < head_end; ++i) {
    if (paras[i].role == Role::body && !heading_like(para_text(paras[i]))) {
      head_end = i;
      break;
    }
  }
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < head_end; ++i) {
    if (paras[i].role == Role::body && heading_like(para_text(paras[i]))) candidates.push_back(i);
  }
  // Navigation lines stand before the headline of an article that has prose:
  // a paragraph of a dozen words or more that is not a heading. Text made of
  // short lines (a list, a poem, even one ending with a full stop) has no
  // such head: its first line is its title and the rest its text.
  const bool has_prose = std::any_of(
      paras.begin() + static_cast<std::ptrdiff_t>(head_end), paras.end(), [&](const Para& p) {
        const std::string_view t = para_text(p);
        return p.role == Role::body && !heading_like(t) && count_words(t) >= 12;
      });
  std::size_t title_index = SIZE_MAX;
  if (meta.title.empty() && infer_title) {
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      const std::string_view t = para_text(paras[candidates[k]]);
      std::size_t longest_after = 0;
      for (std::size_t later = k + 1; later < candidates.size(); ++later) {
        longest_after =
            std::max(longest_after, count_code_points(para_text(paras[candidates[later]])));
      }
      if (has_prose && count_words(t) <= 5 && 2 * count_code_points(t) < longest_after) continue;
      title_index = candidates[k];
      meta.title = collapse_spaces(t);
      break;
    }
  } else if (!meta.title.empty()) {
    const std::string key = normalize_key(meta.title);
    for (const std::size_t i : candidates) {
      if (normalize_key(para_text(paras[i])) == key) {
        title_index = i;
        break;
      }
    }
  }
  if (title_index != SIZE_MAX && has_prose) {
    for (const std::size_t i : candidates) {
      if (i < title_index && count_words(para_text(paras[i])) <= 5)
        paras[i].role = Role::navigation;
    }
  }
  if (!meta.title.empty()) {
    const std::string key = normalize_key(meta.title);
    for (Para& para : paras) {
      if (para.role == Role::body && para.end - para.begin < 4 * meta.title.size() + 16 &&
          normalize_key(para_text(para)) == key) {
        para.role = Role::title;
      }
    }
  }

  // The footer, from the end back to the last paragraph of prose. A line is
  // dropped there only on positive evidence that it is page furniture: an
  // appeal or notice (subscription, donation, copyright, quoting rules), or
  // a signature (a person's name, perhaps with an affiliation) that directly
  // follows the article's prose. Being short is no evidence: the items of a
  // list and the lines of a poem are short, and they are the text.
  std::string footer_author;
  auto previous_kept = [&](std::size_t i) {
    while (i-- > 0) {
      if (!is_dropped(paras[i].role)) return i;
    }
    return SIZE_MAX;
  };
  for (std::size_t i = paras.size(); i-- > head_end;) {
    Para& para = paras[i];
    if (is_dropped(para.role)) continue;
    const std::string_view t = para_text(para);
    if (is_appeal(t)) {
      para.role = Role::footer;
      continue;
    }
    if (short_line(t)) {
      const std::size_t before = previous_kept(i);
      std::string name = person_name(until_separator(t), 2);
      if (!name.empty() && before != SIZE_MAX && !short_line(para_text(paras[before]))) {
        para.role = Role::footer;
        footer_author = std::move(name);
      }
    }
    break;
  }
  // A text that is nothing but such lines (a one-line note "Subscribe to the
  // newsletter" saved on its own) keeps them: they are all it says.
  const bool prose_left =
      std::any_of(paras.begin(), paras.end(), [](const Para& p) { return !is_dropped(p.role); });
  if (!prose_left) {
    for (Para& para : paras) {
      if (para.role == Role::footer) para.role = Role::body;
    }
    footer_author.clear();
  }
  if (found_author.empty()) found_author = footer_author;

  // Roles of the remaining prose.
  for (Para& para : paras) {
    if (para.role != Role::body) continue;
    const std::string_view t = para_text(para);
    if (found_author.empty()) found_author = editors_note_author(t);
    if (heading_like(t)) {
      para.role = Role::heading;
    } else if (const char32_t last = last_significant(t);
               (last == U':' || last == U'\uFF1A') && t.size() <= 300) {
      para.role = Role::lead_in;
    } else if (t.size() <= 160 && ends_sentence(t) && count_words(t) <= 4) {
      para.role = Role::fragment;
    }
  }

  if (meta.url.empty()) meta.url = !found_url.empty() ? found_url : bare_url;
  if (meta.date.empty()) meta.date = found_date;
  if (meta.date.empty()) meta.date = date_from_url(meta.url);
  if (meta.date.empty()) meta.date = urls_date(text);
  if (meta.author.empty()) meta.author = found_author;
  if (meta.source.empty()) meta.source = host_of(meta.url);
}

namespace {

/// Why a paragraph of @p role is left out, in the words --verbose prints.
std::string_view drop_reason(std::string_view para, Role role) {
  switch (role) {
    case Role::title:
      return "the title (indexed as the title)";
    case Role::navigation:
      return "site navigation before the title";
    case Role::metadata:
      return "date, byline or source line (kept as metadata)";
    case Role::boilerplate:
      return has_letter(para) ? "boilerplate phrase" : "no letters";
    case Role::footer:
      return is_appeal(para) ? "footer: subscription, donation or copyright notice"
                             : "footer: signature after the text";
    default:
      return "repeated paragraph";
  }
}

}  // namespace

std::vector<Span> analyze(std::string_view text, TextMeta& meta, bool infer_title,
                          std::size_t target, SentenceBreaker& breaker,
                          std::vector<Dropped>* dropped) {
  std::vector<Para> paras = split_paragraphs(text, stands_alone);
  classify(text, paras, meta, infer_title);
  std::vector<std::size_t> repeats;
  std::vector<Span> spans =
      build_passages(text, paras, target, breaker, dropped != nullptr ? &repeats : nullptr);
  if (spans.empty()) {
    // Nothing but a title (or a title-like line): let the title be the text.
    for (const Para& para : paras) {
      if (para.role == Role::title) {
        std::vector<Para> only{Para{para.begin, para.end, Role::body}};
        return build_passages(text, only, target, breaker);
      }
    }
  }
  if (dropped != nullptr) {
    std::size_t r = 0;  // repeats are ascending indices into paras
    for (std::size_t i = 0; i < paras.size(); ++i) {
      const bool repeat = r < repeats.size() && repeats[r] == i;
      if (repeat) ++r;
      if (!repeat && !is_dropped(paras[i].role)) continue;
      const std::string_view t = text.substr(paras[i].begin, paras[i].end - paras[i].begin);
      const std::string_view reason =
          repeat ? std::string_view("repeated paragraph") : drop_reason(t, paras[i].role);
      // Adjacent paragraphs dropped for the same reason make one entry.
      if (!dropped->empty() && dropped->back().reason == reason && i > 0 &&
          dropped->back().end == paras[i - 1].end) {
        dropped->back().end = paras[i].end;
      } else {
        dropped->push_back(Dropped{paras[i].begin, paras[i].end, reason});
      }
    }
  }
  return spans;
}

}  // namespace lede::ingest
