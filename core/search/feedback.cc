// Pseudo-relevance feedback with a relevance model; feedback.h says why.
#include "core/search/feedback.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/schema/schema.h"

namespace lede::search {

namespace {

using Q = Xapian::Query;

// Body stems are Z followed by the stem; ZS starts a title stem (stems are
// case-folded, so a lower-case s after Z is a stem's first letter).
bool is_body_stem(std::string_view term) {
  return term.size() > schema::kStemmed.size() && term.starts_with(schema::kStemmed) &&
         !term.substr(schema::kStemmed.size()).starts_with(schema::kTitle);
}

// Sorts by weight, highest first, ties by term so that runs are repeatable.
template <typename Pair>
void sort_by_weight(std::vector<Pair>& v) {
  std::sort(v.begin(), v.end(), [](const Pair& a, const Pair& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
}

}  // namespace

std::vector<FeedbackTerm> feedback_terms(const Xapian::Database& db, const Xapian::Query& query,
                                         const Xapian::Weight& weighting,
                                         Xapian::valueno collapse_slot,
                                         const FeedbackOptions& options) {
  std::vector<FeedbackTerm> out;
  if (options.documents == 0 || options.terms == 0 || query.empty() ||
      db.get_doccount() < options.min_passages)
    return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(weighting);
  // The feedback set is the best passage of each of the best articles. It
  // must not depend on how passages are numbered or split into shards: over
  // shards, scores differ in their last bits and Xapian breaks ties by
  // document number, so a tie at the cut could pick another article, or
  // another of an article's passages, and change the whole expansion. So a
  // few passages an article are fetched, scores are rounded to 9 decimals,
  // and ties are broken by article key and passage ordinal, which every
  // layout shares.
  enquire.set_collapse_key(collapse_slot, 3);
  const Xapian::MSet fetched = enquire.get_mset(0, options.documents * 3 + 10);
  struct Candidate {
    double weight;
    std::string article;
    std::string ordinal;  // sortable_serialise'd: orders as the number does
    Xapian::docid docid;
  };
  std::vector<Candidate> candidates;
  for (auto it = fetched.begin(); it != fetched.end(); ++it)
    candidates.push_back(
        Candidate{std::round(it.get_weight() * 1e9) / 1e9, it.get_collapse_key(), {}, *it});
  auto by_score_then_article = [](const Candidate& a, const Candidate& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.article < b.article;
  };
  std::sort(candidates.begin(), candidates.end(), by_score_then_article);
  // Only passages of one article that tie need their ordinals: reading a
  // document costs a round trip on a remote shard, so the others are not read.
  bool tied = false;
  for (std::size_t i = 0; i + 1 < candidates.size(); ++i) {
    Candidate& a = candidates[i];
    Candidate& b = candidates[i + 1];
    if (a.weight != b.weight || a.article != b.article) continue;
    for (Candidate* c : {&a, &b})
      if (c->ordinal.empty())
        c->ordinal = db.get_document(c->docid).get_value(schema::kSlotOrdinal);
    tied = true;
  }
  if (tied)
    std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
      if (a.weight != b.weight || a.article != b.article) return by_score_then_article(a, b);
      return a.ordinal < b.ordinal;
    });
  std::vector<const Candidate*> top;
  std::set<std::string_view> articles;
  for (const auto& c : candidates) {
    if (top.size() >= options.documents) break;
    if (articles.insert(c.article).second) top.push_back(&c);
  }

  const double max_freq = options.max_share * db.get_doccount();
  std::map<std::string, double> model;
  std::vector<std::pair<std::string, double>> stems;
  std::vector<std::pair<std::string, double>> counts;
  // Term frequencies are looked up only for the stems that could be kept,
  // most frequent first, and once a query: over shards each lookup asks
  // every shard, and over xapian-tcpsrv each is a round trip.
  std::map<std::string, Xapian::doccount, std::less<>> termfreq;
  auto too_common = [&](const std::string& term) {
    auto found = termfreq.find(term);
    if (found == termfreq.end()) found = termfreq.emplace(term, db.get_termfreq(term)).first;
    return found->second > max_freq;
  };
  for (const Candidate* c : top) {
    // The passage's language model, as Anserini's RM3 builds it: the
    // passage's most frequent stems (index stop words left out), each with
    // its share of their occurrences.
    stems.clear();
    for (auto t = db.termlist_begin(c->docid); t != db.termlist_end(c->docid); ++t) {
      std::string term = *t;
      if (is_body_stem(term)) stems.emplace_back(std::move(term), static_cast<double>(t.get_wdf()));
    }
    sort_by_weight(stems);
    counts.clear();
    for (auto& stem : stems) {
      if (counts.size() >= options.terms) break;
      if (!too_common(stem.first)) counts.push_back(std::move(stem));
    }
    double total = 0;
    for (const auto& [term, n] : counts)
      total += n;
    if (total <= 0) continue;
    // Each passage votes in proportion to its score.
    for (const auto& [term, n] : counts)
      model[term] += n / total * c->weight;
  }

  std::vector<std::pair<std::string, double>> ranked(model.begin(), model.end());
  sort_by_weight(ranked);
  if (ranked.size() > options.terms) ranked.resize(options.terms);
  double sum = 0;
  for (const auto& [term, w] : ranked)
    sum += w;
  if (sum <= 0) return out;
  // Rounded to 12 decimals: over shards the first-pass scores, and so the
  // sums above, may differ in their last bits, and passages that tie on one
  // database would then tie no longer, or rank the other way, over shards.
  for (auto& [term, w] : ranked)
    out.push_back(FeedbackTerm{std::move(term), std::round(w / sum * 1e12) / 1e12});
  return out;
}

Xapian::Query with_feedback(const Xapian::Query& query, std::span<const FeedbackTerm> terms,
                            const FeedbackOptions& options, bool widen) {
  if (terms.empty() || options.weight <= 0 || query.empty()) return query;
  std::set<std::string, std::less<>> stems;
  for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
    if (is_body_stem(*t)) stems.insert(*t);
  const double n = std::max<double>(1, static_cast<double>(stems.size()));
  std::vector<Q> parts;
  parts.reserve(terms.size());
  for (const auto& t : terms)
    parts.emplace_back(Q::OP_SCALE_WEIGHT, Q(t.term), n * t.probability * options.weight);
  return Q(widen ? Q::OP_OR : Q::OP_AND_MAYBE, query, Q(Q::OP_OR, parts.begin(), parts.end()));
}

}  // namespace lede::search
