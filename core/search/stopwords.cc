// The English stop list; stopwords.h says why it exists.
#include "core/search/stopwords.h"

#include <algorithm>
#include <array>

namespace lede::search {

namespace {

// Pronouns, articles, auxiliaries, prepositions and conjunctions: the usual
// English list of function words (the one NLTK and Snowball's English page
// start from), sorted for binary search. This exact list was measured.
constexpr std::array<std::string_view, 127> kWords = {
    "a",      "about",  "above", "after", "again",   "against",  "all",        "am",
    "an",     "and",    "any",   "are",   "as",      "at",       "be",         "because",
    "been",   "before", "being", "below", "between", "both",     "but",        "by",
    "can",    "could",  "did",   "do",    "does",    "doing",    "down",       "during",
    "each",   "few",    "for",   "from",  "further", "had",      "has",        "have",
    "having", "he",     "her",   "here",  "hers",    "herself",  "him",        "himself",
    "his",    "how",    "i",     "if",    "in",      "into",     "is",         "it",
    "its",    "itself", "just",  "me",    "more",    "most",     "my",         "myself",
    "no",     "nor",    "not",   "now",   "of",      "off",      "on",         "once",
    "only",   "or",     "other", "ought", "our",     "ours",     "ourselves",  "out",
    "over",   "own",    "same",  "she",   "should",  "so",       "some",       "such",
    "than",   "that",   "the",   "their", "theirs",  "them",     "themselves", "then",
    "there",  "these",  "they",  "this",  "those",   "through",  "to",         "too",
    "under",  "until",  "up",    "very",  "was",     "we",       "were",       "what",
    "when",   "where",  "which", "while", "who",     "whom",     "why",        "will",
    "with",   "would",  "you",   "your",  "yours",   "yourself", "yourselves"};

}  // namespace

bool is_stop_word(std::string_view term) noexcept {
  return std::binary_search(kWords.begin(), kWords.end(), term);
}

}  // namespace lede::search
