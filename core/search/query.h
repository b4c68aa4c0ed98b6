/// @file
/// @brief The query language: a query string parsed into a tree of nodes.
///
/// This stage knows only the syntax (quotes, parentheses, operators, fields,
/// wildcards, dates). It never decides what a word becomes: the text of each
/// leaf goes, unchanged, to the analyzer in the builder (builder.h), so a word
/// is analyzed exactly as the indexer analyzed the articles. docs/QUERY.md
/// describes the language for users.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lede::search {

/// What a node of a parsed query is.
enum class NodeKind : std::uint8_t {
  words,     ///< A run of text between spaces: one word, or a phrase of its parts.
  phrase,    ///< "quoted text": its words in order.
  wildcard,  ///< russ*: the indexed words that start with the analyzed prefix.
  filter,    ///< field:value on a boolean field (lang:, source:, url:, path:...).
  date,      ///< date:FROM..TO, a range of YYYYMMDD strings.
  near,      ///< a NEAR/n b: the children within n words of each other.
  all,       ///< a AND b.
  any,       ///< a OR b.
  but_not,   ///< a NOT b: the first child without the others.
  group,     ///< Items side by side: ranked retrieval, +required, -excluded.
};

/// A + or - in front of an item of a group.
enum class Mark : std::uint8_t { none, required, excluded };

/// One node of the tree; leaves carry text, operators carry children.
struct Node {
  NodeKind kind = NodeKind::group;
  Mark mark = Mark::none;
  std::string text;        ///< Leaf text as typed (words, phrase, wildcard prefix, filter value).
  std::string field;       ///< Field name for leaves ("title", "lang", ...); "" for the body.
  std::string lower;       ///< Date range: first YYYYMMDD, "" when open.
  std::string upper;       ///< Date range: last YYYYMMDD, "" when open.
  std::size_t offset = 0;  ///< Byte offset of text in the query string (leaves).
  unsigned window = 0;     ///< NEAR: at most this many words between neighbours.
  std::vector<Node> children;  ///< Operands of near, all, any, but_not and group.
};

/// The parse of one query: its tree and what was repaired on the way.
struct ParsedQuery {
  Node root;
  /// Notes for the user on what was not taken literally ("unbalanced quote
  /// closed at the end", "unknown field foo: searched as words"). A parse
  /// never fails on syntax: it repairs and says so here.
  std::vector<std::string> warnings;
  std::size_t leaves = 0;  ///< Number of leaves kept.
};

/// Limits that keep hostile queries cheap.
inline constexpr std::size_t kMaxLeaves = 256;  ///< Leaves beyond this are dropped, with a warning.
inline constexpr unsigned kMaxDepth = 32;       ///< Deeper parentheses are read as flat.
inline constexpr unsigned kDefaultNearWindow = 10;
inline constexpr unsigned kMaxNearWindow = 1000;

/// Parses @p query. Never throws for syntax; throws lede::Error(usage) only for
/// a value that cannot mean anything (date:2025-13). Any bytes are accepted.
[[nodiscard]] ParsedQuery parse_query(std::string_view query);

/// A compact rendering for tests, --explain and JSON's "parsed" field:
/// words `russia`, fields `title:russia`, phrases `"a b"`, marks `+a -b`,
/// wildcards `russ*`, dates `date:20241101..20250331`, operators
/// `AND(a b)`, `OR(a b)`, `NOT(a b)`, `NEAR/10(a b)`, groups `(a +b -c)`.
[[nodiscard]] std::string render(const Node& node);

/// Parses a date range value (the part after "date:"): "2024-11..2025-03",
/// ">=2025-01-01", "<2025", "2025-02", "..2025-03". Sets @p lower and @p upper
/// to YYYYMMDD bounds (inclusive; "" when open). Returns false when the value
/// is not a date or range.
[[nodiscard]] bool parse_date_range(std::string_view value, std::string& lower, std::string& upper);

}  // namespace lede::search
