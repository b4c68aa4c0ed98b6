/// @file
/// @brief Pseudo-relevance feedback: stems of the best first-pass passages added to the query.
///
/// The query is run once for its best passages of a few distinct articles,
/// which are taken as relevant (a Xapian::RSet in spirit). A relevance model
/// (RM3, Lavrenko and Croft's model in the form Anserini uses) names the
/// stems that carry those passages, and they are added to the query at a
/// reduced weight for the final ranking. Stems that occur in more than a
/// tenth of the passages are never added: they are the index's own stop
/// words, whatever the language. docs/RELEVANCE.md has the measurements.
#pragma once

#include <xapian.h>

#include <span>
#include <string>
#include <vector>

namespace lede::search {

/// Pseudo-relevance feedback settings.
struct FeedbackOptions {
  /// Passages of distinct articles taken as relevant; 0 turns feedback off.
  unsigned documents = 5;
  /// Expansion stems kept.
  unsigned terms = 30;
  /// Weight of the expansion as a whole relative to the query (0.5: half).
  double weight = 0.5;
  /// Stems in more than this share of the passages are never added.
  double max_share = 0.1;
  /// True: for a query of plain words, passages with expansion stems but none
  /// of the query's words may come up too (RM3's own form). False (the
  /// default): the expansion only re-orders passages that match the query,
  /// so every result shows a word the user typed, and the final search can
  /// skip the many passages that hold only expansion stems.
  bool widen = false;
  /// Indexes of fewer passages are searched without feedback: a tenth of a
  /// few hundred passages cannot tell topic words from function words, and a
  /// small archive is better ranked predictably by its words alone.
  unsigned min_passages = 500;
};

/// One expansion stem and its probability under the relevance model.
struct FeedbackTerm {
  std::string term;  ///< A body stem: Z followed by the stem.
  double probability = 0;
  bool operator==(const FeedbackTerm&) const = default;
};

/// Runs @p query on @p db with @p weighting, takes the best passages of
/// options.documents distinct articles (collapsed on @p collapse_slot), and
/// returns the options.terms most probable body stems (Z prefix) of the
/// relevance model, best first, with probabilities that sum to 1. Title stems
/// are left out: measured, they drifted the expansion. Query terms are included, as in RM3: the
/// model reweights them too. Empty when the query matches nothing or feedback is off.
[[nodiscard]] std::vector<FeedbackTerm> feedback_terms(const Xapian::Database& db,
                                                       const Xapian::Query& query,
                                                       const Xapian::Weight& weighting,
                                                       Xapian::valueno collapse_slot,
                                                       const FeedbackOptions& options);

/// The final query: @p query with each of @p terms added, scaled so that the
/// expansion as a whole weighs options.weight times the query, as RM3
/// interpolates: a query of n body stems counts n, a stem of probability p
/// is scaled by n * p * options.weight.
/// With @p widen (a query of plain words only) the expansion is OR'ed, as in
/// RM3, and may bring in passages that use its words but none of the query's;
/// otherwise it only re-ranks (OP_AND_MAYBE), so that filters, exclusions,
/// phrases and required words keep their meaning.
[[nodiscard]] Xapian::Query with_feedback(const Xapian::Query& query,
                                          std::span<const FeedbackTerm> terms,
                                          const FeedbackOptions& options, bool widen);

}  // namespace lede::search
