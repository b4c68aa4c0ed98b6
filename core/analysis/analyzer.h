/// @file
/// @brief The analyzer: the one component that turns text into terms.
///
/// lede-index runs it over article text and lede-query over query words, so
/// the two can never disagree on where a word starts or what it becomes. ICU
/// stays behind this header (pimpl); callers see only standard types.
///
/// The pipeline, one stage a source file:
///   1. segmentation  ICU's word BreakIterator (UAX #29 with ICU's dictionaries
///                    for Chinese, Japanese, Thai, Lao, Khmer and Burmese) over
///                    the raw UTF-8, so token offsets are bytes of the input;
///                    ill-formed bytes read as U+FFFD and never throw.
///   2. normalization NFKC with case folding (NFKC_Casefold), apostrophes unified.
///   3. folding       accents removed where they are diacritics (Latin, Greek,
///                    Cyrillic ё), kept where marks are letters (Thai, Indic, Arabic).
///   4. variants      possessives, acronyms, dotted words, digit grouping.
///   5. stemming      Xapian's Snowball stemmer for the article's language.
///
/// For example, "Russia’s nations" in English renders (see render()) as
/// "russia's>russia[1] +russia[1] nations>nation[2]".
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// What a token is made of, from ICU's word-break rule status.
enum class TokenKind : std::uint8_t {
  word,         ///< Letters (any alphabetic script).
  number,       ///< Digits, possibly with separators: 1.5, 15,000.
  ideographic,  ///< Han characters, segmented by ICU's dictionary.
  kana,         ///< Hiragana or katakana without a Han character.
  symbol,       ///< Emoji and other pictographs a user may search for.
};

/// One term produced by the analyzer, with the bytes it came from.
struct Token {
  std::string term;            ///< Normalized, folded, unstemmed: what phrases match.
  std::string stem;            ///< Stemmed form of term; empty when not stemmed.
  std::uint32_t position = 0;  ///< Word position, from 1; an alias shares its word's.
  std::size_t begin = 0;       ///< Byte offset of the word in the analyzed text.
  std::size_t end = 0;         ///< One past its last byte.
  TokenKind kind = TokenKind::word;
  bool alias = false;  ///< An extra term for the word before it (same position).

  bool operator==(const Token&) const = default;
};

/// Turns text into tokens. One instance per thread: ICU break iterators and
/// Xapian stemmers keep state, so an Analyzer is movable but not shareable.
class Analyzer {
 public:
  /// Recorded in every database; a database built by another analyzer or an
  /// older version of this one is refused by lede-query with a clear message.
  static constexpr std::string_view kName = "lede-icu";
  static constexpr unsigned kVersion = 2;  // 2: British spellings folded to American.

  /// Language used when an article's language is unknown.
  static constexpr std::string_view kDefaultLanguage = "en";

  /// Longest term handed out, in bytes. Longer words (base64, run-together
  /// URLs) are skipped but keep their position; Xapian's own limit is 245
  /// bytes including the prefix.
  static constexpr std::size_t kMaxTermBytes = 120;

  Analyzer();
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Calls @p sink for every token of @p text in order. @p language is an
  /// ISO 639-1 code ("en", "ru", "hy", ...), optionally with a region
  /// ("pt-BR"), or a Xapian stemmer name; it chooses the stemmer (and the
  /// French/Italian/Catalan elision and Turkish apostrophe aliases), and an
  /// unknown or empty one means no stemming.
  /// Positions count words (primary tokens) from 1 in each call; aliases
  /// follow their word with the same position. Words (TokenKind::word) are
  /// stemmed when the language has a stemmer, and their stem is then always
  /// filled, even when equal to the term. Any bytes are accepted: invalid UTF-8, NUL
  /// bytes, a 100 MB line; ill-formed bytes are never part of a term, and
  /// terms are always valid UTF-8.
  void analyze(std::string_view text, std::string_view language,
               const std::function<void(const Token&)>& sink);

  /// The same as a vector, for queries and tests.
  [[nodiscard]] std::vector<Token> tokens(std::string_view text,
                                          std::string_view language = kDefaultLanguage);

  /// The stemming stage alone: @p term must already be normalized and folded
  /// (as Token::term is). Returns an empty string when @p language has no
  /// stemmer.
  [[nodiscard]] std::string stem(std::string_view term, std::string_view language);

  /// True when Xapian has a stemmer for @p language (code or name).
  [[nodiscard]] static bool has_stemmer(std::string_view language);

  /// The languages with a stemmer, as Xapian names them ("armenian", ...).
  [[nodiscard]] static std::vector<std::string> stemmer_languages();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The segmentation stage alone: byte offsets of every UAX #29 word boundary
/// in @p text, 0 and text.size() included. Exposed for conformance tests.
[[nodiscard]] std::vector<std::size_t> word_boundaries(std::string_view text);

/// Renders tokens compactly for tests and --explain: "term[pos]" separated by
/// spaces, "term>stem[pos]" when the stem differs, aliases marked with '+'
/// ("russia's[1] +russia[1]").
[[nodiscard]] std::string render(const std::vector<Token>& tokens);

}  // namespace lede
