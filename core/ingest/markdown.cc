#include <algorithm>
#include <cstring>
#include <vector>

#include "core/ingest/dates.h"
#include "core/ingest/formats.h"
#include "core/ingest/text.h"

namespace lede::ingest {
namespace {

bool is_ascii_punct(char ch) {
  return std::strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", ch) != nullptr && ch != '\0';
}

bool is_word_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         (static_cast<unsigned char>(ch) & 0x80) != 0;
}

/// Removes inline markup from one line. @p depth bounds the recursion into
/// link texts so that "[[[[...]]]]" cannot exhaust the stack.
std::string strip_inline(std::string_view line, int depth = 0) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  while (i < line.size()) {
    const char ch = line[i];
    if (ch == '\\' && i + 1 < line.size() && is_ascii_punct(line[i + 1])) {
      out.push_back(line[i + 1]);
      i += 2;
      continue;
    }
    if (ch == '`') {
      std::size_t ticks = 0;
      while (i + ticks < line.size() && line[i + ticks] == '`')
        ++ticks;
      const std::string fence(ticks, '`');
      const std::size_t close = line.find(fence, i + ticks);
      if (close != std::string_view::npos) {
        out.append(trim(line.substr(i + ticks, close - i - ticks)));
        i = close + ticks;
        continue;
      }
      out.append(fence);
      i += ticks;
      continue;
    }
    const bool image = ch == '!' && i + 1 < line.size() && line[i + 1] == '[';
    if ((ch == '[' || image) && depth < 4) {
      const std::size_t open = image ? i + 1 : i;
      // Find the matching ']' (nested brackets allowed).
      int level = 0;
      std::size_t close = std::string_view::npos;
      for (std::size_t k = open; k < line.size(); ++k) {
        if (line[k] == '\\') {
          ++k;
          continue;
        }
        if (line[k] == '[') ++level;
        if (line[k] == ']' && --level == 0) {
          close = k;
          break;
        }
      }
      if (close != std::string_view::npos && close + 1 < line.size() &&
          (line[close + 1] == '(' || line[close + 1] == '[')) {
        const char closer = line[close + 1] == '(' ? ')' : ']';
        const std::size_t end = line.find(closer, close + 2);
        if (end != std::string_view::npos) {
          out.append(strip_inline(line.substr(open + 1, close - open - 1), depth + 1));
          i = end + 1;
          continue;
        }
      }
    }
    if (ch == '<') {
      const std::size_t end = line.find('>', i + 1);
      if (end != std::string_view::npos && i + 1 < line.size()) {
        const std::string_view inside = line.substr(i + 1, end - i - 1);
        if (inside.starts_with("http://") || inside.starts_with("https://") ||
            inside.starts_with("mailto:")) {
          out.append(inside);  // an autolink shows its address
          i = end + 1;
          continue;
        }
        const char first = line[i + 1];
        if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '/' ||
            first == '!') {
          i = end + 1;  // an HTML tag
          continue;
        }
      }
    }
    if (ch == '*' || ch == '_' || ch == '~') {
      std::size_t run = 0;
      while (i + run < line.size() && line[i + run] == ch)
        ++run;
      const bool before_word = i > 0 && is_word_char(line[i - 1]);
      const bool after_word = i + run < line.size() && is_word_char(line[i + run]);
      const bool spaced =
          (i == 0 || line[i - 1] == ' ') && (i + run >= line.size() || line[i + run] == ' ');
      // Emphasis markers touch a word on one side only; "2 * 3" and
      // snake_case keep their characters, and a single '~' is text.
      const bool marker =
          !spaced && !(ch == '_' && before_word && after_word) && !(ch == '~' && run < 2);
      if (!marker) out.append(line.substr(i, run));
      i += run;
      continue;
    }
    out.push_back(ch);
    ++i;
  }
  return out;
}

std::size_t leading_spaces(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ')
    ++n;
  return n;
}

bool only_chars(std::string_view text, std::string_view chars, std::size_t min_count) {
  const std::string_view t = trim(text);
  if (t.empty() || t.find_first_not_of(chars) != std::string_view::npos) return false;
  return static_cast<std::size_t>(
             std::count_if(t.begin(), t.end(), [](char c) { return c != ' '; })) >= min_count;
}

bool is_rule(std::string_view line) {
  for (const char marker : {'-', '*', '_'}) {
    const char chars[3] = {marker, ' ', '\0'};
    if (only_chars(line, chars, 3)) return true;
  }
  return false;
}

bool is_table_separator(std::string_view line) {
  const std::string_view t = trim(line);
  return t.find('-') != std::string_view::npos && t.find('|') != std::string_view::npos &&
         t.find_first_not_of("|-: ") == std::string_view::npos;
}

/// Removes a list marker ("- ", "* ", "+ ", "1. ", "2) ") and a task box.
std::string_view without_list_marker(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  std::string_view t = line.substr(indent);
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    t.remove_prefix(2);
  } else {
    std::size_t digits = 0;
    while (digits < t.size() && digits < 9 && t[digits] >= '0' && t[digits] <= '9')
      ++digits;
    if (digits == 0 || digits + 1 >= t.size() || (t[digits] != '.' && t[digits] != ')') ||
        t[digits + 1] != ' ') {
      return line;
    }
    t.remove_prefix(digits + 2);
  }
  if (t.starts_with("[ ] ") || t.starts_with("[x] ") || t.starts_with("[X] ")) t.remove_prefix(4);
  return t;
}

std::string unquote(std::string_view value) {
  std::string_view t = trim(value);
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front()) {
    t = t.substr(1, t.size() - 2);
  }
  return std::string(t);
}

void front_matter_field(std::string_view line, TextMeta& meta) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string key = ascii_lower(trim(line.substr(0, colon)));
  const std::string value = unquote(line.substr(colon + 1));
  if (value.empty()) return;
  if (key == "title") {
    meta.title = value;
  } else if (key == "date" || key == "published" || key == "pubdate") {
    if (const auto date = find_date(value)) meta.date = date->iso;
  } else if (key == "author" || key == "byline") {
    meta.author = value;
  } else if (key == "url" || key == "link" || key == "canonical_url" || key == "canonical") {
    meta.url = value;
  } else if (key == "source" || key == "publisher" || key == "site") {
    meta.source = value;
  }
}

}  // namespace

MarkdownText strip_markdown(std::string_view markdown) {
  std::vector<std::string_view> lines;
  for (std::size_t position = 0;;) {
    const std::size_t newline = markdown.find('\n', position);
    if (newline == std::string_view::npos) {
      lines.push_back(markdown.substr(position));
      break;
    }
    lines.push_back(markdown.substr(position, newline - position));
    position = newline + 1;
  }
  std::vector<std::string> out(lines.size());
  MarkdownText result;
  std::string first_heading;

  std::size_t i = 0;
  if (!lines.empty() && trim(lines[0]) == "---") {
    for (std::size_t j = 1; j < lines.size() && j < 100; ++j) {
      if (trim(lines[j]) == "---" || trim(lines[j]) == "...") {
        for (std::size_t k = 1; k < j; ++k)
          front_matter_field(lines[k], result.meta);
        i = j + 1;
        break;
      }
    }
  }

  bool in_fence = false;
  std::string fence;
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::size_t indent = leading_spaces(line);
    const std::string_view body = line.substr(std::min<std::size_t>(indent, 3));
    if (in_fence) {
      if (trim(line).starts_with(fence)) {
        in_fence = false;
      } else {
        out[i] = line;  // code is kept as written
      }
      continue;
    }
    if (body.starts_with("```") || body.starts_with("~~~")) {
      in_fence = true;
      fence = std::string(body.substr(0, 3));
      continue;
    }
    const bool previous_text = i > 0 && !out[i - 1].empty() && !is_blank(lines[i - 1]);
    // A setext heading is a line of text underlined with '=' or '-'.
    if (previous_text &&
        (only_chars(line, "=", 1) ||
         (only_chars(line, "-", 2) && without_list_marker(lines[i - 1]) == lines[i - 1]))) {
      if (first_heading.empty()) first_heading = std::string(trim(out[i - 1]));
      continue;
    }
    if (is_rule(line) || is_table_separator(line)) continue;
    // Reference definitions: [id]: http://...
    if (body.starts_with("[")) {
      const std::size_t close = body.find("]:");
      if (close != std::string_view::npos && body.find(' ') > close) continue;
    }
    std::string_view content = body;
    while (content.starts_with(">")) {
      content.remove_prefix(1);
      if (content.starts_with(" ")) content.remove_prefix(1);
    }
    if (content.starts_with("#")) {
      std::size_t level = 0;
      while (level < content.size() && content[level] == '#')
        ++level;
      if (level <= 6 && (level == content.size() || content[level] == ' ')) {
        std::string_view heading = trim(content.substr(level));
        while (heading.ends_with("#"))
          heading.remove_suffix(1);
        out[i] = strip_inline(trim(heading));
        if (first_heading.empty() && level == 1) first_heading = out[i];
        continue;
      }
    }
    content = without_list_marker(content);
    std::string stripped = strip_inline(content);
    if (std::count(stripped.begin(), stripped.end(), '|') >= 2) {
      std::replace(stripped.begin(), stripped.end(), '|', ' ');
    }
    out[i] = std::string(trim(stripped));
  }

  if (result.meta.title.empty()) result.meta.title = first_heading;
  std::size_t total = 0;
  for (const auto& line : out)
    total += line.size() + 1;
  result.text.reserve(total);
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result.text.push_back('\n');
    result.text.append(out[k]);
  }
  return result;
}

}  // namespace lede::ingest
