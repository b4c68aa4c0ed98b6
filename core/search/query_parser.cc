// The query language's syntax: a lexer that splits the query at spaces,
// quotes and parentheses only, and a recursive-descent parser with Xapian's
// precedence (OR < AND, NOT < words side by side < NEAR). Text is never
// segmented here: what a word becomes is the analyzer's decision.
#include <unicode/uchar.h>

#include <array>
#include <charconv>
#include <chrono>
#include <optional>
#include <utility>

#include "core/schema/schema.h"
#include "core/search/codepoints.h"
#include "core/search/query.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

namespace lede::search {

namespace {

bool is_space(char32_t c) {
  // Control characters separate words too, so that a NUL or a tab pasted into
  // a query cannot glue two words together.
  return c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool is_quote(char32_t c) {
  // Straight and typographic double quotes of the languages lede is used in:
  // users paste “…”, „…“ and «…» as often as they type "…".
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0xAB ||
         c == 0xBB || c == 0x300C || c == 0x300D || c == 0xFF02;
}

enum class Tok : std::uint8_t { text, phrase, lparen, rparen, op_and, op_or, op_not, op_near, end };

struct Token {
  Tok kind = Tok::end;
  std::string text;  ///< Text chunk or phrase contents; the operator as typed.
  Mark mark = Mark::none;
  std::string field;  ///< Lower-case field name, validated.
  unsigned window = kDefaultNearWindow;
  std::size_t offset = 0;  ///< Byte offset of text in the query.
};

bool known_field(std::string_view name) {
  return name == "date" || schema::find_field(name) != nullptr;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool all_ascii_letters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

std::string field_list() {
  std::string list;
  for (const auto& p : schema::prefixes())
    if (!p.field.empty()) list += std::string(p.field) + ": ";
  return list + "date:";
}

// Whether @p query has a lower-case letter in any script. A query without
// one (a pasted headline, "RUSSIA AND CANADA") is words: AND, OR, NOT and
// NEAR are operators only beside lower-case text, where capitals stand out
// as meant.
bool has_lower_case(std::string_view query) {
  std::size_t len = 0;
  for (std::size_t i = 0; i < query.size(); i += len)
    if (u_hasBinaryProperty(static_cast<UChar32>(next_code_point(query, i, len)), UCHAR_LOWERCASE))
      return true;
  return false;
}

class Lexer {
 public:
  Lexer(std::string_view query, std::vector<std::string>& warnings)
      : q_(query), warnings_(warnings), operators_(has_lower_case(query)) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    Mark pending_mark = Mark::none;
    std::string pending_field;
    unsigned depth = 0;
    unsigned dropped_depth = 0;  // '(' ignored past kMaxDepth, whose ')' must be too.
    std::size_t i = 0;
    while (i < q_.size()) {
      std::size_t len = 0;
      const char32_t c = next_code_point(q_, i, len);
      if (is_space(c)) {
        flush_pending(pending_mark, pending_field);
        i += len;
        continue;
      }
      if (c == '(') {
        i += len;
        if (depth >= kMaxDepth) {
          if (dropped_depth++ == 0) warn("parentheses nested deeper than 32 levels are ignored");
          pending_mark = Mark::none, pending_field.clear();
          continue;
        }
        ++depth;
        Token t{Tok::lparen, "(", pending_mark, pending_field};
        pending_mark = Mark::none, pending_field.clear();
        out.push_back(std::move(t));
        continue;
      }
      if (c == ')') {
        i += len;
        flush_pending(pending_mark, pending_field);
        if (dropped_depth > 0) {
          --dropped_depth;
        } else if (depth == 0) {
          warn("an unmatched ')' was ignored");
        } else {
          --depth;
          out.push_back(Token{Tok::rparen, ")", Mark::none, {}});
        }
        continue;
      }
      if (is_quote(c)) {
        i += len;
        const std::size_t start = i;
        std::size_t stop = q_.size();
        bool closed = false;
        while (i < q_.size()) {
          const char32_t d = next_code_point(q_, i, len);
          if (is_quote(d)) {
            stop = i;
            i += len;
            closed = true;
            break;
          }
          i += len;
        }
        if (!closed) warn("a quote was not closed: the phrase runs to the end of the query");
        Token t{Tok::phrase,        std::string(q_.substr(start, stop - start)),
                pending_mark,       pending_field,
                kDefaultNearWindow, start};
        pending_mark = Mark::none, pending_field.clear();
        out.push_back(std::move(t));
        continue;
      }
      // A chunk: everything up to the next space, parenthesis or quote.
      const std::size_t start = i;
      while (i < q_.size()) {
        const char32_t d = next_code_point(q_, i, len);
        if (is_space(d) || d == '(' || d == ')' || is_quote(d)) break;
        i += len;
      }
      std::string_view chunk = q_.substr(start, i - start);
      const bool glued = i < q_.size() && !is_space(next_code_point(q_, i, len));
      chunk_token(chunk, glued, out, pending_mark, pending_field);
    }
    flush_pending(pending_mark, pending_field);
    if (depth > 0) warn("a '(' was not closed: it closes at the end of the query");
    out.push_back(Token{Tok::end, "", Mark::none, {}});
    return out;
  }

 private:
  void warn(std::string message) {
    for (const auto& w : warnings_)
      if (w == message) return;
    warnings_.push_back(std::move(message));
  }

  // A mark or field typed right before a space applies to nothing.
  void flush_pending(Mark& mark, std::string& field) {
    if (mark != Mark::none) warn("a lone '+' or '-' was ignored");
    if (!field.empty()) warn("'" + field + ":' has no value and was ignored");
    mark = Mark::none;
    field.clear();
  }

  void chunk_token(std::string_view chunk, bool glued, std::vector<Token>& out, Mark& mark,
                   std::string& field) {
    Token t;
    t.kind = Tok::text;
    t.mark = mark;
    t.field = field;
    mark = Mark::none;
    field.clear();
    // + and - mark an item only at its start, so "anti-war" keeps its hyphen.
    if (t.mark == Mark::none && t.field.empty() && !chunk.empty() &&
        (chunk.front() == '+' || chunk.front() == '-')) {
      t.mark = chunk.front() == '+' ? Mark::required : Mark::excluded;
      chunk.remove_prefix(1);
      if (chunk.empty()) {
        if (glued) {
          mark = t.mark;  // -"phrase" or -(group)
        } else {
          warn("a lone '+' or '-' was ignored");
        }
        return;
      }
    }
    if (t.mark == Mark::none && t.field.empty() && operators_) {
      if (chunk == "AND") t.kind = Tok::op_and;
      if (chunk == "OR") t.kind = Tok::op_or;
      if (chunk == "NOT") t.kind = Tok::op_not;
      if (chunk == "NEAR") t.kind = Tok::op_near;
      if (chunk.starts_with("NEAR/")) {
        unsigned n = 0;
        const auto digits = chunk.substr(5);
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec == std::errc() && p == digits.data() + digits.size() && !digits.empty()) {
          t.kind = Tok::op_near;
          if (n > kMaxNearWindow) {
            warn("NEAR/" + excerpt(digits) + " is wider than the limit: NEAR/" +
                 std::to_string(kMaxNearWindow) + " is used");
            n = kMaxNearWindow;
          }
          t.window = n;
        }
      }
      if (t.kind != Tok::text) {
        t.text = std::string(chunk);
        out.push_back(std::move(t));
        return;
      }
    }
    if (t.field.empty()) {
      if (const auto colon = chunk.find(':'); colon != std::string_view::npos) {
        const auto name = chunk.substr(0, colon);
        const auto rest = chunk.substr(colon + 1);
        if (known_field(lower_ascii(name))) {
          t.field = lower_ascii(name);
          chunk = rest;
          if (chunk.empty()) {
            if (glued) {
              // title:"phrase" or title:(group): the field waits for the next token.
              field = t.field;
              if (mark == Mark::none) mark = t.mark;
            } else {
              warn("'" + t.field + ":' has no value and was ignored");
            }
            return;
          }
        } else if (all_ascii_letters(name) && !rest.empty() && rest.front() != '/') {
          // A colon inside ordinary text ("10:30", "https://") is not a field,
          // but letters-colon-value looks like one the user expected to exist.
          warn("there is no field '" + excerpt(name) + ":' (fields are " + field_list() + "): '" +
               excerpt(chunk) + "' is searched as words");
        }
      }
    }
    t.text = std::string(chunk);
    t.offset = static_cast<std::size_t>(chunk.data() - q_.data());
    out.push_back(std::move(t));
  }

  std::string_view q_;
  std::vector<std::string>& warnings_;
  bool operators_;
};

bool is_free_text_field(std::string_view field) {
  if (field.empty()) return true;
  const auto* p = schema::find_field(field);
  return p != nullptr && p->use == schema::Use::free_text;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, ParsedQuery& out) : toks_(std::move(tokens)), out_(out) {}

  Node parse() {
    auto root = parse_or();
    // The lexer drops unmatched ')', so only the end can be left here.
    return root ? std::move(*root) : Node{};
  }

 private:
  const Token& peek(std::size_t k = 0) const {
    const std::size_t i = pos_ + k;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }

  bool starts_operand(std::size_t k) const {
    const auto kind = peek(k).kind;
    if (kind == Tok::text || kind == Tok::phrase || kind == Tok::lparen) return true;
    return kind == Tok::op_not && starts_operand(k + 1);
  }

  void warn(std::string message) {
    for (const auto& w : out_.warnings)
      if (w == message) return;
    out_.warnings.push_back(std::move(message));
  }

  static Node combine(NodeKind kind, Node left, Node right) {
    if (left.kind == kind && left.mark == Mark::none && kind != NodeKind::but_not) {
      left.children.push_back(std::move(right));
      return left;
    }
    Node n;
    n.kind = kind;
    n.children.push_back(std::move(left));
    n.children.push_back(std::move(right));
    return n;
  }

  std::optional<Node> parse_or() {
    auto left = parse_and();
    while (peek().kind == Tok::op_or) {
      ++pos_;
      auto right = parse_and();
      if (!left) {
        left = std::move(right);
      } else if (right) {
        left = combine(NodeKind::any, std::move(*left), std::move(*right));
      }
    }
    return left;
  }

  std::optional<Node> parse_and() {
    auto left = parse_group();
    while (peek().kind == Tok::op_and || peek().kind == Tok::op_not) {
      NodeKind kind = peek().kind == Tok::op_and ? NodeKind::all : NodeKind::but_not;
      ++pos_;
      if (kind == NodeKind::all && peek().kind == Tok::op_not) {
        kind = NodeKind::but_not;  // a AND NOT b
        ++pos_;
      }
      auto right = parse_group();
      if (!left) {
        left = std::move(right);
      } else if (right) {
        left = combine(kind, std::move(*left), std::move(*right));
      }
    }
    return left;
  }

  // An operator with nothing on one side is searched as an ordinary word, as
  // Xapian's QueryParser does: "AND" alone finds the word "and".
  void operator_as_word(Token& t) {
    warn("'" + t.text + "' is not between two search terms, so it is searched as a word");
    t.kind = Tok::text;
  }

  std::optional<Node> parse_group() {
    Node g;
    g.kind = NodeKind::group;
    for (;;) {
      Token& t = toks_[std::min(pos_, toks_.size() - 1)];
      if (t.kind == Tok::end || t.kind == Tok::rparen) break;
      if (t.kind == Tok::op_and || t.kind == Tok::op_or) {
        if (!g.children.empty() && starts_operand(1)) break;
        operator_as_word(t);
      } else if (t.kind == Tok::op_not) {
        if (!g.children.empty() && starts_operand(1)) break;
        if (starts_operand(1)) {
          ++pos_;  // NOT at the start of a group excludes what follows.
          if (auto item = parse_near_chain()) {
            item->mark = Mark::excluded;
            g.children.push_back(std::move(*item));
          }
          continue;
        }
        operator_as_word(t);
      } else if (t.kind == Tok::op_near) {
        operator_as_word(t);
      }
      if (auto item = parse_near_chain()) g.children.push_back(std::move(*item));
    }
    if (g.children.empty()) return std::nullopt;
    if (g.children.size() == 1 && g.children.front().mark == Mark::none)
      return std::move(g.children.front());
    return g;
  }

  static bool nearable(const Node& n) {
    return (n.kind == NodeKind::words || n.kind == NodeKind::phrase ||
            n.kind == NodeKind::wildcard) &&
           is_free_text_field(n.field);
  }

  std::optional<Node> parse_near_chain() {
    auto first = parse_item();
    while (first && (first->kind == NodeKind::near || nearable(*first)) &&
           peek().kind == Tok::op_near &&
           (peek(1).kind == Tok::text || peek(1).kind == Tok::phrase)) {
      const unsigned window = peek().window;
      const std::size_t save = pos_;
      ++pos_;
      auto next = parse_item();
      if (!next || !nearable(*next)) {
        // Put the operand back: the NEAR becomes a word, the operand an item.
        pos_ = save;
        operator_as_word(toks_[pos_]);
        break;
      }
      if (first->kind != NodeKind::near) {
        Node n;
        n.kind = NodeKind::near;
        n.mark = first->mark;
        first->mark = Mark::none;
        n.window = window;
        n.children.push_back(std::move(*first));
        first = std::move(n);
      } else {
        first->window = std::max(first->window, window);
      }
      next->mark = Mark::none;
      first->children.push_back(std::move(*next));
    }
    return first;
  }

  bool take_leaf() {
    if (out_.leaves >= kMaxLeaves) {
      warn("the query is too long: only its first " + std::to_string(kMaxLeaves) +
           " words are searched");
      return false;
    }
    ++out_.leaves;
    return true;
  }

  static void apply_field(Node& n, const std::string& field) {
    if ((n.kind == NodeKind::words || n.kind == NodeKind::phrase || n.kind == NodeKind::wildcard) &&
        n.field.empty()) {
      n.field = field;
    }
    for (auto& c : n.children)
      apply_field(c, field);
  }

  std::optional<Node> parse_item() {
    Token t = peek();
    ++pos_;
    switch (t.kind) {
      case Tok::lparen: {
        auto inner = parse_or();
        if (peek().kind == Tok::rparen) ++pos_;
        if (!inner) return std::nullopt;
        if (!t.field.empty()) {
          if (is_free_text_field(t.field)) {
            apply_field(*inner, t.field);
          } else {
            warn("'" + t.field + ":' applies to words only, not to a group in parentheses");
          }
        }
        if (t.mark != Mark::none) {
          if (inner->mark != Mark::none) {
            Node wrap;
            wrap.kind = NodeKind::group;
            wrap.children.push_back(std::move(*inner));
            inner = std::move(wrap);
          }
          inner->mark = t.mark;
        }
        return inner;
      }
      case Tok::phrase: {
        if (t.text.empty()) return std::nullopt;
        if (!take_leaf()) return std::nullopt;
        Node n;
        n.mark = t.mark;
        n.field = t.field;
        n.text = t.text;
        n.offset = t.offset;
        n.kind = NodeKind::phrase;
        if (!t.field.empty() && !is_free_text_field(t.field)) {
          if (t.field == "date") return date_node(t);
          n.kind = NodeKind::filter;
        }
        return n;
      }
      case Tok::text: {
        if (t.text.empty()) return std::nullopt;
        if (!take_leaf()) return std::nullopt;
        if (t.field == "date") return date_node(t);
        Node n;
        n.mark = t.mark;
        n.field = t.field;
        n.text = t.text;
        n.offset = t.offset;
        n.kind = is_free_text_field(t.field) ? NodeKind::words : NodeKind::filter;
        if (n.kind == NodeKind::words && n.text.back() == '*') {
          while (!n.text.empty() && n.text.back() == '*')
            n.text.pop_back();
          if (n.text.empty()) {
            warn("a '*' needs letters before it (russ*); it was ignored");
            --out_.leaves;
            return std::nullopt;
          }
          n.kind = NodeKind::wildcard;
        }
        return n;
      }
      default:
        return std::nullopt;
    }
  }

  Node date_node(const Token& t) {
    Node n;
    n.kind = NodeKind::date;
    n.mark = t.mark;
    n.field = "date";
    n.text = t.text;
    if (!parse_date_range(t.text, n.lower, n.upper))
      throw Error(ErrorKind::usage,
                  "date:" + excerpt(t.text) +
                      " is not a date or a range of dates; write date:2025, date:2025-03, "
                      "date:2025-03-20, date:2024-11..2025-03 or date:>=2025-01-01");
    if (!n.lower.empty() && !n.upper.empty() && n.lower > n.upper)
      throw Error(ErrorKind::usage, "date:" + excerpt(t.text) + " ends before it starts");
    return n;
  }

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  ParsedQuery& out_;
};

std::string quoted_if_needed(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s)
    if (c == ' ' || c == '"' || c == '(' || c == ')') plain = false;
  return plain ? s : "\"" + s + "\"";
}

/// One calendar date as the bounds of the period it names.
struct Period {
  std::chrono::year_month_day first;
  std::chrono::year_month_day last;
};

std::optional<Period> parse_period(std::string_view s) {
  using namespace std::chrono;
  // Accept 2025, 2025-03, 2025-03-20, 2025/03/20 and 20250320.
  std::array<int, 3> parts{0, 0, 0};
  std::array<std::size_t, 3> widths{0, 0, 0};
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < s.size() && count < 3) {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    if (i == start) return std::nullopt;
    widths[count] = i - start;
    if (widths[count] > 8) return std::nullopt;
    std::from_chars(s.data() + start, s.data() + i, parts[count]);
    ++count;
    if (i < s.size()) {
      if (s[i] != '-' && s[i] != '/') return std::nullopt;
      ++i;
      if (i == s.size()) return std::nullopt;
    }
  }
  if (i != s.size()) return std::nullopt;
  if (count == 1 && widths[0] == 8) {
    const int v = parts[0];
    parts = {v / 10000, v / 100 % 100, v % 100};
    widths = {4, 2, 2};
    count = 3;
  } else if (count == 1 && widths[0] == 6) {
    const int v = parts[0];
    parts = {v / 100, v % 100, 0};
    widths = {4, 2, 0};
    count = 2;
  }
  if (widths[0] != 4) return std::nullopt;
  for (std::size_t k = 1; k < count; ++k)
    if (widths[k] < 1 || widths[k] > 2) return std::nullopt;
  const year y{parts[0]};
  if (count == 1) return Period{y / January / 1, y / December / 31};
  if (parts[1] < 1 || parts[1] > 12) return std::nullopt;
  const month m{static_cast<unsigned>(parts[1])};
  if (count == 2) return Period{y / m / 1, year_month_day{y / m / last}};
  const year_month_day d{y / m / day{static_cast<unsigned>(parts[2])}};
  if (!d.ok()) return std::nullopt;
  return Period{d, d};
}

std::string yyyymmdd(const std::chrono::year_month_day& d) {
  char buf[16];
  const int y = static_cast<int>(d.year());
  if (y < 0 || y > 9999) return y < 0 ? "00000000" : "99999999";
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", y, static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::chrono::year_month_day shift(const std::chrono::year_month_day& d, int days) {
  return std::chrono::year_month_day{std::chrono::sys_days{d} + std::chrono::days{days}};
}

}  // namespace

bool parse_date_range(std::string_view v, std::string& lower, std::string& upper) {
  lower.clear();
  upper.clear();
  auto one = [](std::string_view s) { return parse_period(s); };
  if (v.starts_with(">=") || v.starts_with("<=") || v.starts_with(">") || v.starts_with("<")) {
    const bool greater = v.front() == '>';
    const bool inclusive = v.size() > 1 && v[1] == '=';
    const auto p = one(v.substr(inclusive ? 2 : 1));
    if (!p) return false;
    if (greater) {
      lower = yyyymmdd(inclusive ? p->first : shift(p->last, 1));
    } else {
      upper = yyyymmdd(inclusive ? p->last : shift(p->first, -1));
    }
    return true;
  }
  if (const auto dots = v.find(".."); dots != std::string_view::npos) {
    const auto from = v.substr(0, dots);
    const auto to = v.substr(dots + 2);
    if (from.empty() && to.empty()) return false;
    if (!from.empty()) {
      const auto p = one(from);
      if (!p) return false;
      lower = yyyymmdd(p->first);
    }
    if (!to.empty()) {
      const auto p = one(to);
      if (!p) return false;
      upper = yyyymmdd(p->last);
    }
    return true;
  }
  const auto p = one(v);
  if (!p) return false;
  lower = yyyymmdd(p->first);
  upper = yyyymmdd(p->last);
  return true;
}

ParsedQuery parse_query(std::string_view query) {
  ParsedQuery out;
  Lexer lexer(query, out.warnings);
  auto tokens = lexer.run();
  Parser parser(std::move(tokens), out);
  out.root = parser.parse();
  return out;
}

std::string render(const Node& n) {
  std::string s;
  if (n.mark == Mark::required) s += '+';
  if (n.mark == Mark::excluded) s += '-';
  auto children = [&n] {
    std::string c;
    for (const auto& child : n.children) {
      if (!c.empty()) c += ' ';
      c += render(child);
    }
    return c;
  };
  const std::string field = n.field.empty() ? "" : n.field + ":";
  switch (n.kind) {
    case NodeKind::words:
      return s + field + n.text;
    case NodeKind::phrase:
      return s + field + "\"" + n.text + "\"";
    case NodeKind::wildcard:
      return s + field + n.text + "*";
    case NodeKind::filter:
      return s + field + quoted_if_needed(n.text);
    case NodeKind::date:
      return s + "date:" + n.lower + ".." + n.upper;
    case NodeKind::near:
      return s + "NEAR/" + std::to_string(n.window) + "(" + children() + ")";
    case NodeKind::all:
      return s + "AND(" + children() + ")";
    case NodeKind::any:
      return s + "OR(" + children() + ")";
    case NodeKind::but_not:
      return s + "NOT(" + children() + ")";
    case NodeKind::group:
      return s + "(" + children() + ")";
  }
  return s;
}

}  // namespace lede::search
