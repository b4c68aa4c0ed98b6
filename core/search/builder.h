/// @file
/// @brief From a parsed query to a Xapian::Query, through the analyzer.
///
/// Every leaf's text goes through lede::Analyzer, the one that indexed the
/// articles; the builder only arranges the resulting terms with Xapian's
/// operators, following the conventions of core/schema/schema.h:
///   a plain word            Z+stem (a synonym of the stems of each candidate
///                           language), or the term itself when nothing stems
///                           it, OR'ed with the same under the title prefixes
///                           (ZS+stem), scaled by the title weight; when the
///                           index holds articles whose stems the query does
///                           not search (a language without a stemmer, a
///                           misdetected one), the unstemmed term matches the
///                           passages that lack those stems, so that every
///                           article is found by each of its words as typed;
///   a word that the         its parts as plain words, OR'ed with the phrase of
///   analyzer splits         its unstemmed terms (aliases OR'ed at their
///                           position) scaled by split_phrase_weight
///                           (hyphenated words, U.S.-Armenia, a Chinese word
///                           the dictionary cuts in two);
///   "a quoted phrase"       OP_PHRASE on unstemmed terms;
///   title:word              S / ZS prefixes only;
///   lang:, source:, ...     boolean filter terms (schema::term);
///   date:FROM..TO           a value range on schema::kSlotDate;
///   russ*                   the most frequent indexed words with that prefix.
/// Words side by side are combined with OP_OR (ranked retrieval: every word
/// counts) unless BuildOptions::match_all asks for OP_AND; English function
/// words among them are dropped when another word remains (stopwords.h), and
/// each pair of neighbouring plain words found in the same passage adds a
/// bonus at proximity_weight.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/analyzer.h"
#include "core/search/query.h"
#include "core/search/result.h"

namespace lede::search {

/// How the builder turns words into terms.
struct BuildOptions {
  /// Stemming language for words of its script (ISO 639-1 code); "" means the
  /// languages present in the index (see LanguageTable).
  std::string language;
  /// Weight of a plain word's match in the title relative to the passage
  /// (0.5 measured best over the judged collections; docs/QUERY.md).
  double title_weight = 0.5;
  /// Weight of an exact (unstemmed) match of a plain word added to its stem
  /// match; 0 disables it.
  double exact_weight = 0.0;
  /// Drop English function words ("the", "of", "which") from groups of
  /// words when another word remains (stopwords.h).
  bool stop_words = true;
  /// Weight of the exact phrase of a word the analyzer splits (anti-war,
  /// U.S.-Armenia) relative to its parts, which also count as words; 1 keeps
  /// only the phrase.
  double split_phrase_weight = 0.5;
  /// Weight of a pair of neighbouring plain words found in the same
  /// passage; 0 disables it.
  double proximity_weight = 0.1;
  /// True: words side by side are all required (AND); false: ranked OR.
  bool match_all = false;
  /// Most terms a wildcard expands to (the most frequent ones are kept).
  Xapian::termcount wildcard_limit = 100;
  /// Folder that relative path: values are resolved against.
  std::string cwd;
  /// The folder "~" names in path: values ($HOME).
  std::string home;
};

/// The words to highlight in passages: a token matches when its term is in
/// terms, its stem in stems, or its term starts with one of prefixes.
struct HighlightTerms {
  std::set<std::string, std::less<>> terms;
  std::set<std::string, std::less<>> stems;
  std::vector<std::string> prefixes;
  [[nodiscard]] bool empty() const { return terms.empty() && stems.empty() && prefixes.empty(); }
};

/// A word of the query that may be misspelt: a single-token plain word.
struct CheckedWord {
  std::size_t begin = 0;  ///< Byte range of the word in the query.
  std::size_t end = 0;
  std::string term;                  ///< Its unstemmed term.
  std::vector<std::string> indexed;  ///< Every term that would match it (Z+stem, term, S...).
};

/// The result of building.
struct BuiltQuery {
  Xapian::Query query;
  std::vector<LeafTerms> leaves;
  HighlightTerms highlight;
  std::vector<CheckedWord> words;
  std::vector<std::string> warnings;
};

/// The stemming languages to try for a word, chosen by the word's script: the
/// Snowball stemmers change only words of their own script, so an English and
/// a Russian article can be searched with one query.
class LanguageTable {
 public:
  /// Languages of the articles in @p db (its L terms); articles without one
  /// were stemmed with Analyzer::kDefaultLanguage. @p forced (--lang) replaces
  /// the index's languages for words of its script.
  LanguageTable(const Xapian::Database& db, std::string_view forced);
  /// Built from an explicit list, for tests.
  explicit LanguageTable(const std::vector<std::string>& languages, std::string_view forced = {});

  /// The languages for a term, by the script of its first letter; empty for
  /// scripts no language of the index uses.
  [[nodiscard]] const std::vector<std::string>& for_term(std::string_view term) const;

  /// Every language in the table, for --explain.
  [[nodiscard]] std::vector<std::string> all() const;

  /// Whether some articles of the index hold stems the table does not
  /// search (their language has no stemmer, or is not among the table's for
  /// its script: below the share threshold, or replaced by --lang). Their
  /// words are then found by their unstemmed terms as well.
  [[nodiscard]] bool needs_unstemmed() const { return needs_unstemmed_; }

 private:
  void add(const std::string& language);
  void check_coverage(const std::vector<std::string>& indexed);
  bool needs_unstemmed_ = false;
  std::vector<std::pair<int, std::vector<std::string>>> by_script_;
  std::string forced_;
  std::vector<std::string> none_;
};

/// Builds queries against one database. Not thread-safe (it holds an Analyzer).
class QueryBuilder {
 public:
  QueryBuilder(const Xapian::Database& db, Analyzer& analyzer, const LanguageTable& languages,
               BuildOptions options);

  /// Builds @p root. Throws lede::Error(usage) for a query that searches for
  /// nothing (only spaces or punctuation); Xapian errors from reading the
  /// database (wildcards, fields) propagate to the caller, which retries.
  [[nodiscard]] BuiltQuery build(const ParsedQuery& parsed);

 private:
  struct Impl;
  const Xapian::Database& db_;
  Analyzer& analyzer_;
  const LanguageTable& languages_;
  BuildOptions options_;
};

}  // namespace lede::search
