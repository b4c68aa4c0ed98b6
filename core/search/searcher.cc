#include "core/search/searcher.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <utility>

#include "core/analysis/analyzer.h"
#include "core/schema/layout.h"
#include "core/schema/reading.h"
#include "core/schema/schema.h"
#include "core/search/highlight.h"
#include "core/search/spelling.h"
#include "core/util/error.h"

namespace lede::search {

namespace {

std::string get_string(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

template <typename T>
T get_number(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return T{};
  return it->get<T>();
}

template <typename T>
std::pair<T, T> get_pair(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number() ||
      !(*it)[1].is_number())
    return {};
  return {(*it)[0].get<T>(), (*it)[1].get<T>()};
}

void fill_from_data(Result& r, const std::string& data) {
  const auto j = nlohmann::json::parse(data, nullptr, false);
  if (!j.is_object()) return;
  r.article_id = get_string(j, "article_id");
  r.path = get_string(j, "path");
  r.source_line = get_number<std::uint64_t>(j, "source_line");
  r.title = get_string(j, "title");
  r.date = get_string(j, "date");
  r.url = get_string(j, "url");
  r.author = get_string(j, "author");
  r.source = get_string(j, "source");
  r.language = get_string(j, "language");
  r.format = get_string(j, "format");
  r.passage = get_number<std::uint32_t>(j, "passage");
  r.passages = get_number<std::uint32_t>(j, "passages");
  std::tie(r.line_begin, r.line_end) = get_pair<std::uint32_t>(j, "lines");
  std::tie(r.byte_begin, r.byte_end) = get_pair<std::uint64_t>(j, "bytes");
  r.text = get_string(j, "text");
}

// The query with each unknown word replaced by its closest indexed word,
// keeping a capital first letter where the user typed one.
std::string corrected(std::string_view query, std::vector<std::pair<Range, std::string>> fixes) {
  std::sort(fixes.begin(), fixes.end(),
            [](const auto& a, const auto& b) { return a.first.begin < b.first.begin; });
  std::string out;
  std::size_t at = 0;
  for (auto& [range, word] : fixes) {
    if (range.begin < at || range.end > query.size()) continue;
    out.append(query.substr(at, range.begin - at));
    const char first = query[range.begin];
    if (first >= 'A' && first <= 'Z' && !word.empty() && word.front() >= 'a' && word.front() <= 'z')
      word.front() = static_cast<char>(word.front() - 'a' + 'A');
    out += word;
    at = range.end;
  }
  out.append(query.substr(at));
  return out;
}

// A query of plain words only: no operator, field, filter, phrase, + or -.
// Feedback may widen such a query, since it states no constraint to keep.
bool plain_words(const Node& root) {
  if (root.kind == NodeKind::words) return root.mark == Mark::none && root.field.empty();
  if (root.kind != NodeKind::group || root.mark != Mark::none) return false;
  return std::all_of(root.children.begin(), root.children.end(), [](const Node& c) {
    return c.kind == NodeKind::words && c.mark == Mark::none && c.field.empty();
  });
}

}  // namespace

// Matches a search checks even when the page needs fewer, which tightens
// Xapian's bounds of the total (exact, when no collapsing, for a query
// matching no more than this).
constexpr std::size_t kChecked = 500;
// A query that may match no more passages than this has its total counted
// outright when Xapian's bounds differ: an unweighted pass over a couple of
// thousand passages costs a few milliseconds.
constexpr std::size_t kExactTotal = 2000;

struct Searcher::Impl {
  std::string path;
  std::vector<std::string> specs;
  OpenOptions options;
  Xapian::Database db;
  std::vector<std::string> notes;
  std::size_t shards = 0;
  Analyzer analyzer;
  std::map<std::string, LanguageTable, std::less<>> languages;

  const LanguageTable& language_table(const std::string& forced) {
    auto it = languages.find(forced);
    if (it == languages.end()) it = languages.emplace(forced, LanguageTable(db, forced)).first;
    return it->second;
  }

  void open();

  // Exact counts of @p query's matches: every matching passage is visited
  // (unweighted, as the order does not matter), once as passages and once
  // collapsed to one per article. Over shards, local or remote, Xapian merges
  // both, and an article lives in one shard, so the sums are exact too.
  void count(const Xapian::Query& query, Response& r) const {
    r.matching_passages = results_of(query, 0);
    r.matching_articles = results_of(query, 1);
    r.counted = true;
  }

  // How many results @p query has with at most @p per_article passages of
  // an article (0: no limit), counted by visiting each match, unweighted.
  [[nodiscard]] Xapian::doccount results_of(const Xapian::Query& query,
                                            unsigned per_article) const {
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    if (per_article > 0) enquire.set_collapse_key(schema::kSlotArticle, per_article);
    return enquire.get_mset(0, all, all).size();
  }

  Response run(std::string_view query, const SearchOptions& opt) {
    Response r;
    r.query = std::string(query);
    r.articles = opt.articles;
    auto parsed = parse_query(query);
    r.warnings = parsed.warnings;
    r.parsed = render(parsed.root);
    QueryBuilder builder(db, analyzer, language_table(opt.build.language), opt.build);
    auto built = builder.build(parsed);
    r.warnings.insert(r.warnings.end(), built.warnings.begin(), built.warnings.end());
    if (opt.explain) {
      r.explain.leaves = built.leaves;
      r.explain.languages = language_table(opt.build.language).all();
    }

    if (opt.count) {
      count(built.query, r);
      return r;
    }

    Xapian::Enquire enquire(db);
    const Xapian::BM25Weight weighting(opt.k1, 0, 1, opt.b, 0.5);
    // Feedback improves the ranking by relevance; a date order would only
    // use it to break ties, so it is not worth its second pass there.
    Xapian::Query final_query = built.query;
    if (opt.sort == Sort::relevance && opt.feedback.documents > 0) {
      const auto terms =
          feedback_terms(db, built.query, weighting, schema::kSlotArticle, opt.feedback);
      final_query = with_feedback(built.query, terms, opt.feedback,
                                  opt.feedback.widen && plain_words(parsed.root));
    }
    if (opt.explain) r.explain.xapian = final_query.get_description();
    enquire.set_query(final_query);
    enquire.set_weighting_scheme(weighting);
    const unsigned per_article = opt.articles ? 1 : opt.per_article;
    if (per_article > 0) enquire.set_collapse_key(schema::kSlotArticle, per_article);
    if (opt.sort != Sort::relevance)
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, opt.sort == Sort::date);

    // Syndicated copies of a passage are dropped after ranking, so a few more
    // results than the page needs are fetched, and more if copies ate them.
    const std::size_t want = opt.offset + opt.limit;
    std::size_t fetch = want + want / 2 + 10;
    std::vector<Xapian::MSetIterator> kept;
    Xapian::MSet mset;
    for (int round = 0;; ++round) {
      // Checking a few hundred matches beyond the page costs little and
      // makes the total exact for every query that matches no more.
      const auto check = static_cast<Xapian::doccount>(std::max<std::size_t>(fetch, kChecked));
      mset = enquire.get_mset(0, static_cast<Xapian::doccount>(fetch), check);
      kept.clear();
      std::unordered_set<std::string> seen;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (opt.dedup) {
          const std::string hash = it.get_document().get_value(schema::kSlotPassageHash);
          if (!hash.empty() && !seen.insert(hash).second) continue;
        }
        kept.push_back(it);
        if (kept.size() >= want) break;
      }
      if (kept.size() >= want || mset.size() < fetch || round >= 4) break;
      fetch *= 4;
    }
    // Xapian's bounds are true bounds (its estimate is not: it said 90 where
    // 46 results existed); with feedback they still describe the query's own
    // matches, since the expansion only re-orders them (OP_AND_MAYBE).
    r.total_lower = mset.get_matches_lower_bound();
    r.total_upper = mset.get_matches_upper_bound();
    // Its bounds of a collapsed count stay loose even when it checked every
    // match, so a query that matches few passages is counted outright (see
    // kExactTotal), on the final query: the same matches, and with a widened
    // feedback (FeedbackOptions::widen) the ones the ranking holds.
    if (r.total_lower != r.total_upper && mset.get_uncollapsed_matches_upper_bound() <= kExactTotal)
      r.total_lower = r.total_upper = results_of(final_query, per_article);

    for (std::size_t i = opt.offset; i < kept.size() && i < want; ++i) {
      const auto& it = kept[i];
      Result res;
      res.rank = i + 1;
      res.score = it.get_weight();
      res.docid = *it;
      const auto doc = it.get_document();
      fill_from_data(res, doc.get_data());
      res.more_passages = opt.articles ? it.get_collapse_count() : 0;
      const std::string_view lang =
          res.language.empty() ? Analyzer::kDefaultLanguage : std::string_view(res.language);
      if (opt.highlight) {
        res.highlights = highlight(res.text, lang, built.highlight, analyzer);
        res.title_highlights = highlight(res.title, lang, built.highlight, analyzer);
      }
      r.results.push_back(std::move(res));
    }

    if (opt.suggest) {
      std::vector<std::pair<Range, std::string>> fixes;
      for (const auto& w : built.words) {
        bool known = false;
        for (const auto& t : w.indexed)
          if (db.term_exists(t)) known = true;
        if (known) continue;
        auto best = closest_term(db, w.term);
        if (!best.empty()) fixes.push_back({Range{w.begin, w.end}, std::move(best)});
      }
      if (!fixes.empty()) r.suggestion = corrected(query, std::move(fixes));
    }
    return r;
  }
};

namespace {

// Why @p shard cannot be opened, in words that say what to do about it.
std::string open_failure(const schema::Shard& shard, const Xapian::Error& e) {
  const std::string name = shard.name();
  // Xapian::Error is not polymorphic; its type is a name.
  const std::string_view type = e.get_type();
  if (shard.kind == schema::Shard::Kind::local && type == "DatabaseNotFoundError")
    return name + ": no lede database here; build one with lede-index --db " + name;
  if (type.starts_with("Network"))
    return name + ": cannot reach the shard (is xapian-tcpsrv serving it?): " + e.get_description();
  return name + ": cannot open the database: " + e.get_description();
}

bool same_shards(const std::vector<schema::Shard>& a, const std::vector<schema::Shard>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.kind == y.kind && x.path == y.path && x.host == y.host && x.port == y.port &&
           x.args == y.args;
  });
}

// One attempt at opening every shard of @p specs into one Xapian::Database,
// in the order given: Xapian numbers the documents of a union by
// interleaving its members, and lede-index numbers passages for the order of
// its stub file (see schema::next_docid), so the order is part of what makes
// a sharded search rank ties as one database would. Each shard is opened and
// checked on its own, so that a failure names the shard (@p failing holds
// the one being opened). A failure that a writer may have caused
// (schema::overtaken) is thrown as it is, for the caller to retry the whole
// opening; the others are lede::Errors, or notes with options.partial.
Xapian::Database open_once(std::span<const std::string> specs, const OpenOptions& options,
                           std::vector<std::string>& notes, std::size_t& opened,
                           schema::Shard& failing) {
  Xapian::Database all;
  std::vector<std::string> missing;
  opened = 0;
  for (const auto& spec : specs) {
    std::vector<schema::Shard> shards;
    try {
      shards = schema::shards_of(spec);
    } catch (const Error& e) {
      if (!options.partial) throw;
      missing.push_back(e.what());
      continue;
    }
    for (const auto& shard : shards) {
      failing = shard;
      Xapian::Database one;
      try {
        one = schema::open_shard(shard);
        // A shard of another analyzer is never left out quietly: its words
        // would be analyzed differently, and results silently lost.
        schema::check_versions(one, shard.name(), Analyzer::kName, Analyzer::kVersion);
      } catch (const Xapian::Error& e) {
        if (schema::overtaken(e)) throw;
        // While lede-index exchanges a compacted copy for a database, a
        // stand-in stub lists the copy for an instant; a shard that vanished
        // because the layout changed since it was read is found again by
        // reading the layout again.
        if (e.get_type() == std::string_view("DatabaseNotFoundError") &&
            !same_shards(shards, schema::shards_of(spec)))
          throw Xapian::DatabaseModifiedError(spec + ": changed while it was opened");
        if (!options.partial) throw Error(ErrorKind::database, open_failure(shard, e));
        missing.push_back(open_failure(shard, e));
        continue;
      }
      all.add_database(one);
      ++opened;
    }
  }
  if (opened == 0 && !missing.empty())
    throw Error(ErrorKind::database, "no shard could be opened: " + missing.front());
  notes.clear();
  for (const auto& m : missing)
    notes.push_back("left out of this search: " + m);
  return all;
}

std::string joined(std::span<const std::string> specs) {
  std::string out;
  for (const auto& s : specs)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

// Opening and searching are the two places where the search side meets
// Xapian's errors. Both run through schema::retry_read, which tries again
// when a commit of lede-index (or its compaction) overtook the reader, and
// both translate what remains into lede::Error here, and nowhere else.
void Searcher::Impl::open() {
  schema::Shard failing;
  try {
    schema::retry_read([&](int) {
      db = open_once(specs, options, notes, shards, failing);
      languages.clear();
      return 0;
    });
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::database, open_failure(failing, e));
  }
}

Searcher::Searcher(const std::string& path)
    : Searcher(std::span<const std::string>(&path, 1), OpenOptions{}) {}

Searcher::Searcher(std::span<const std::string> specs, const OpenOptions& options)
    : impl_(std::make_unique<Impl>()) {
  if (specs.empty()) throw Error(ErrorKind::usage, "no database given");
  impl_->path = joined(specs);
  impl_->specs.assign(specs.begin(), specs.end());
  impl_->options = options;
  impl_->open();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Response Searcher::search(std::string_view query, const SearchOptions& options) {
  // Each query reads the newest revision: a long-running reader (--batch -
  // fed by a script) sees what lede-index committed since the last one. When
  // a commit overtakes the query, it runs again on a fresh opening.
  auto& impl = *impl_;
  schema::Shard failing;
  try {
    return schema::retry_read([&](int attempt) {
      if (attempt == 0) {
        try {
          if (impl.db.reopen()) impl.languages.clear();
        } catch (const Xapian::DatabaseNotFoundError& e) {
          // It was there when it was opened: lede-index's compaction is
          // exchanging its files (a stand-in stub lists the copy for an
          // instant), and opening it afresh finds the database again.
          throw Xapian::DatabaseModifiedError(impl.path + ": replaced while open: " + e.get_msg());
        }
      } else {
        std::vector<std::string> notes;
        impl.db = open_once(impl.specs, impl.options, notes, impl.shards, failing);
        impl.languages.clear();
      }
      return impl.run(query, options);
    });
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::database, impl.path + ": " + e.get_description());
  }
}

std::uint64_t Searcher::passages() const {
  return impl_->db.get_doccount();
}

const std::vector<std::string>& Searcher::notes() const {
  return impl_->notes;
}

std::size_t Searcher::shards() const {
  return impl_->shards;
}

}  // namespace lede::search
