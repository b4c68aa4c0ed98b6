#include "core/ingest/dates.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace lede::ingest {
namespace {

struct Token {
  enum Kind : std::uint8_t { number, word, punct } kind = punct;
  std::size_t begin = 0;
  std::size_t end = 0;
  int value = 0;           // numbers: value, capped so that it cannot overflow
  std::size_t digits = 0;  // numbers: how many digits
  std::string lower;       // words: lowercased; punct: the character's bytes
  bool space_before = false;
};

/// Splits a line into numbers, words and single punctuation characters. Lines
/// longer than a date line could be are cut short: dates are looked for only
/// in short lines, and this keeps the cost bounded on any input.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  const auto* s = reinterpret_cast<const std::uint8_t*>(line.data());
  const std::size_t n = std::min<std::size_t>(line.size(), 4096);
  std::size_t i = 0;
  bool space = false;
  while (i < n) {
    const std::uint8_t b = s[i];
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
      space = true;
      ++i;
      continue;
    }
    if (b >= '0' && b <= '9') {
      Token t;
      t.kind = Token::number;
      t.begin = t.end = i;
      while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (t.value < 100000) t.value = t.value * 10 + (s[i] - '0');
        ++t.digits;
        ++i;
      }
      t.end = i;
      t.space_before = space;
      space = false;
      tokens.push_back(std::move(t));
      continue;
    }
    // Decode one code point and decide whether it is a letter.
    std::int32_t j = 0;
    UChar32 c = 0;
    const auto window = static_cast<std::int32_t>(std::min<std::size_t>(n - i, 4));
    U8_NEXT(s + i, j, window, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      space = true;
      i += static_cast<std::size_t>(j);
      continue;
    }
    if (c >= 0 && u_isalpha(c)) {
      Token t;
      t.kind = Token::word;
      t.begin = t.end = i;
      while (i < n) {
        std::int32_t k = 0;
        UChar32 d = 0;
        const auto w = static_cast<std::int32_t>(std::min<std::size_t>(n - i, 4));
        U8_NEXT(s + i, k, w, d);
        if (d < 0 || !u_isalpha(d)) break;
        const UChar32 lower = u_tolower(d);
        char buffer[4];
        std::int32_t length = 0;
        UBool error = false;
        U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), length, 4, lower, error);
        if (!error) t.lower.append(buffer, static_cast<std::size_t>(length));
        i += static_cast<std::size_t>(k);
      }
      t.end = i;
      t.space_before = space;
      space = false;
      tokens.push_back(std::move(t));
      continue;
    }
    Token t;
    t.begin = i;
    t.end = i + static_cast<std::size_t>(j);
    t.lower.assign(line.substr(i, static_cast<std::size_t>(j)));
    t.space_before = space;
    space = false;
    i += static_cast<std::size_t>(j);
    tokens.push_back(std::move(t));
  }
  return tokens;
}

struct MonthName {
  std::string_view name;
  int month;
};

// English full names and abbreviations, Russian names in the genitive (as in
// "24 ноября") and nominative, and the abbreviations Russian sites print.
constexpr std::array kMonths = {
    MonthName{"january", 1},   MonthName{"jan", 1},       MonthName{"february", 2},
    MonthName{"feb", 2},       MonthName{"march", 3},     MonthName{"mar", 3},
    MonthName{"april", 4},     MonthName{"apr", 4},       MonthName{"may", 5},
    MonthName{"june", 6},      MonthName{"jun", 6},       MonthName{"july", 7},
    MonthName{"jul", 7},       MonthName{"august", 8},    MonthName{"aug", 8},
    MonthName{"september", 9}, MonthName{"sep", 9},       MonthName{"sept", 9},
    MonthName{"october", 10},  MonthName{"oct", 10},      MonthName{"november", 11},
    MonthName{"nov", 11},      MonthName{"december", 12}, MonthName{"dec", 12},
    MonthName{"января", 1},    MonthName{"январь", 1},    MonthName{"янв", 1},
    MonthName{"февраля", 2},   MonthName{"февраль", 2},   MonthName{"фев", 2},
    MonthName{"марта", 3},     MonthName{"март", 3},      MonthName{"мар", 3},
    MonthName{"апреля", 4},    MonthName{"апрель", 4},    MonthName{"апр", 4},
    MonthName{"мая", 5},       MonthName{"май", 5},       MonthName{"июня", 6},
    MonthName{"июнь", 6},      MonthName{"июн", 6},       MonthName{"июля", 7},
    MonthName{"июль", 7},      MonthName{"июл", 7},       MonthName{"августа", 8},
    MonthName{"август", 8},    MonthName{"авг", 8},       MonthName{"сентября", 9},
    MonthName{"сентябрь", 9},  MonthName{"сен", 9},       MonthName{"сент", 9},
    MonthName{"октября", 10},  MonthName{"октябрь", 10},  MonthName{"окт", 10},
    MonthName{"ноября", 11},   MonthName{"ноябрь", 11},   MonthName{"ноя", 11},
    MonthName{"нояб", 11},     MonthName{"декабря", 12},  MonthName{"декабрь", 12},
    MonthName{"дек", 12},
};

int month_number(const Token& t) {
  if (t.kind != Token::word) return 0;
  for (const auto& m : kMonths) {
    if (m.name == t.lower) return m.month;
  }
  return 0;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool valid_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1800 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  if (month == 2 && day == 29) return is_leap(year);
  return day <= kDays[static_cast<std::size_t>(month - 1)];
}

/// Cursor over the tokens with the small matching steps the patterns need.
class Matcher {
 public:
  explicit Matcher(const std::vector<Token>& tokens) : tokens_(tokens) {}

  [[nodiscard]] const Token* at(std::size_t i) const {
    return i < tokens_.size() ? &tokens_[i] : nullptr;
  }
  [[nodiscard]] bool number(std::size_t i, std::size_t min_digits, std::size_t max_digits) const {
    const Token* t = at(i);
    return t && t->kind == Token::number && t->digits >= min_digits && t->digits <= max_digits;
  }
  [[nodiscard]] bool punct(std::size_t i, std::string_view chars) const {
    const Token* t = at(i);
    return t && t->kind == Token::punct && t->lower.size() == 1 &&
           chars.find(t->lower[0]) != std::string_view::npos;
  }
  [[nodiscard]] bool word(std::size_t i, std::string_view text) const {
    const Token* t = at(i);
    return t && t->kind == Token::word && t->lower == text;
  }
  /// Token @p i is the same punctuation character as token @p j.
  [[nodiscard]] bool same_punct(std::size_t i, std::size_t j) const {
    return i < tokens_.size() && j < tokens_.size() && tokens_[i].kind == Token::punct &&
           tokens_[i].lower == tokens_[j].lower;
  }
  [[nodiscard]] bool is(std::size_t i, std::string_view text) const {
    return i < tokens_.size() && tokens_[i].lower == text;
  }
  [[nodiscard]] int value(std::size_t i) const { return i < tokens_.size() ? tokens_[i].value : 0; }
  [[nodiscard]] bool tight(std::size_t i) const {
    const Token* t = at(i);
    return t && !t->space_before;
  }

 private:
  const std::vector<Token>& tokens_;
};

struct Found {
  int year = 0, month = 0, day = 0;
  std::size_t next = 0;  // first token after the date
};

/// Tries every date pattern at token @p i.
std::optional<Found> match_date(const Matcher& m, std::size_t i) {
  const Token* t = m.at(i);
  if (!t) return std::nullopt;
  // 2024-11-24, 2024/11/24, 2024.11.24
  if (m.number(i, 4, 4) && m.punct(i + 1, "-/.") && m.number(i + 2, 1, 2) &&
      m.same_punct(i + 3, i + 1) && m.number(i + 4, 1, 2) && m.tight(i + 1) && m.tight(i + 2) &&
      m.tight(i + 3) && m.tight(i + 4)) {
    return Found{t->value, m.value(i + 2), m.value(i + 4), i + 5};
  }
  // 24.11.2024 and 24-11-2024 are day first; with slashes only an
  // unambiguous order is accepted, since the US writes the month first.
  if (m.number(i, 1, 2) && m.punct(i + 1, "-/.") && m.number(i + 2, 1, 2) &&
      m.same_punct(i + 3, i + 1) && m.number(i + 4, 4, 4) && m.tight(i + 1) && m.tight(i + 2) &&
      m.tight(i + 3) && m.tight(i + 4)) {
    const int a = t->value;
    const int b = m.value(i + 2);
    const int year = m.value(i + 4);
    if (!m.punct(i + 1, "/")) return Found{year, b, a, i + 5};
    if (a > 12) return Found{year, b, a, i + 5};
    if (b > 12) return Found{year, a, b, i + 5};
    return std::nullopt;
  }
  // November 24, 2024 / Nov. 24 2024 / November 24th, 2024
  if (const int month = month_number(*t); month != 0) {
    std::size_t j = i + 1;
    if (m.punct(j, ".")) ++j;
    if (m.number(j, 1, 2)) {
      const int day = m.value(j);
      ++j;
      if (m.word(j, "st") || m.word(j, "nd") || m.word(j, "rd") || m.word(j, "th")) ++j;
      if (m.punct(j, ",")) ++j;
      if (m.number(j, 4, 4)) return Found{m.value(j), month, day, j + 1};
    }
    return std::nullopt;
  }
  // 24 November 2024 / 24th November, 2024 / 26-FEB-1987 / 24 ноября 2024 г.
  if (m.number(i, 1, 2)) {
    std::size_t j = i + 1;
    if (m.word(j, "st") || m.word(j, "nd") || m.word(j, "rd") || m.word(j, "th")) ++j;
    if (m.punct(j, ".-")) ++j;
    const Token* name = m.at(j);
    const int month = name ? month_number(*name) : 0;
    if (month == 0) return std::nullopt;
    ++j;
    if (m.punct(j, ".")) ++j;
    if (m.punct(j, ",-")) ++j;
    if (!m.number(j, 4, 4)) return std::nullopt;
    Found found{m.value(j), month, t->value, j + 1};
    // The Russian "г." (year) or "года" after the year belongs to the date.
    if (m.word(found.next, "г") || m.word(found.next, "года")) {
      ++found.next;
      if (m.punct(found.next, ".")) ++found.next;
    }
    return found;
  }
  return std::nullopt;
}

struct Time {
  int hour = 0, minute = 0;
  std::size_t next = 0;
};

/// A time of day right after a date: "14:24", ", 2:05 pm", "at 10:15", "T10:15:00Z".
std::optional<Time> match_time(const Matcher& m, std::size_t i) {
  std::size_t j = i;
  if (m.word(j, "t") && m.tight(j)) {
    ++j;
  } else {
    if (m.punct(j, ",|-@") || m.is(j, "\xE2\x80\x93")) ++j;  // en dash
    if (m.word(j, "at") || m.word(j, "в")) ++j;
  }
  if (!(m.number(j, 1, 2) && m.punct(j + 1, ":") && m.number(j + 2, 2, 2) && m.tight(j + 1) &&
        m.tight(j + 2))) {
    return std::nullopt;
  }
  Time time{m.value(j), m.value(j + 2), j + 3};
  if (m.punct(time.next, ":") && m.number(time.next + 1, 2, 2) && m.tight(time.next)) {
    time.next += 2;
    if (m.punct(time.next, ".") && m.number(time.next + 1, 1, 9) && m.tight(time.next)) {
      time.next += 2;
    }
  }
  const bool pm =
      m.word(time.next, "pm") || (m.word(time.next, "p") && m.punct(time.next + 1, "."));
  const bool am =
      m.word(time.next, "am") || (m.word(time.next, "a") && m.punct(time.next + 1, "."));
  if (pm || am) {
    if (time.hour < 1 || time.hour > 12) return std::nullopt;
    if (pm && time.hour != 12) time.hour += 12;
    if (am && time.hour == 12) time.hour = 0;
    ++time.next;
  }
  if (time.hour > 23 || time.minute > 59) return std::nullopt;
  return time;
}

std::string iso(int year, int month, int day) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

}  // namespace

std::optional<DateMatch> find_date(std::string_view line) {
  const std::vector<Token> tokens = tokenize(line);
  const Matcher m(tokens);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    // A number glued to letters before it ("A320") does not start a date.
    if (i > 0 && tokens[i].kind == Token::number && !tokens[i].space_before &&
        tokens[i - 1].kind != Token::punct) {
      continue;
    }
    const auto found = match_date(m, i);
    if (!found || !valid_date(found->year, found->month, found->day)) continue;
    // The date must not run on into more digits ("2024-11-245").
    if (m.number(found->next, 1, 100) && m.tight(found->next)) continue;
    DateMatch match{iso(found->year, found->month, found->day), tokens[i].begin,
                    tokens[found->next - 1].end};
    if (const auto time = match_time(m, found->next)) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "T%02d:%02d", time->hour, time->minute);
      match.iso += buffer;
      match.end = tokens[time->next - 1].end;
    }
    return match;
  }
  return std::nullopt;
}

std::string date_from_url(std::string_view url) {
  auto digits = [&](std::size_t at, std::size_t count) {
    if (at + count > url.size()) return -1;
    int value = 0;
    for (std::size_t k = at; k < at + count; ++k) {
      if (url[k] < '0' || url[k] > '9') return -1;
      value = value * 10 + (url[k] - '0');
    }
    return value;
  };
  for (std::size_t i = 0; i + 11 <= url.size(); ++i) {
    if (url[i] != '/') continue;
    const int year = digits(i + 1, 4);
    if (year < 0) continue;
    const char sep = url[i + 5];
    if (sep != '/' && sep != '-') continue;
    const int month = digits(i + 6, 2);
    if (month < 0 || i + 8 >= url.size() || url[i + 8] != sep) continue;
    const int day = digits(i + 9, 2);
    if (day < 0) continue;
    const std::size_t after = i + 11;
    // The day must end its path segment, so "/2025/02/175" is not a date.
    if (after < url.size() && url[after] != '/' && url[after] != '-' && url[after] != '.' &&
        url[after] != '?' && url[after] != '#' && url[after] != '_') {
      continue;
    }
    if (valid_date(year, month, day)) return iso(year, month, day);
  }
  return {};
}

}  // namespace lede::ingest
