// From parsed query to Xapian::Query. The rules are listed in builder.h and,
// for users, in docs/QUERY.md.
#include "core/search/builder.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <queue>
#include <set>
#include <utility>

#include "core/schema/fields.h"
#include "core/schema/schema.h"
#include "core/search/codepoints.h"
#include "core/search/language.h"
#include "core/search/stopwords.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

namespace lede::search {

namespace {

using Q = Xapian::Query;

/// The script of a term: that of its first letter of a specific script;
/// USCRIPT_COMMON for digits and symbols.
int script_of(std::string_view term) {
  for (std::size_t i = 0, len = 0; i < term.size(); i += len) {
    const char32_t c = next_code_point(term, i, len);
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode s = uscript_getScript(static_cast<UChar32>(c), &err);
    if (U_FAILURE(err)) continue;
    if (s != USCRIPT_COMMON && s != USCRIPT_INHERITED && s != USCRIPT_UNKNOWN) return s;
  }
  return USCRIPT_COMMON;
}

std::vector<int> scripts_of_language(const std::string& code) {
  std::array<UScriptCode, 8> codes{};
  UErrorCode err = U_ZERO_ERROR;
  const int n = uscript_getCode(code.c_str(), codes.data(), static_cast<int>(codes.size()), &err);
  std::vector<int> out;
  if (U_FAILURE(err)) return out;
  for (int k = 0; k < n; ++k)
    out.push_back(codes[static_cast<std::size_t>(k)]);
  // Japanese and Chinese name their main script first; words of either are
  // found under Han too.
  return out;
}

Q any_of(const std::vector<std::string>& terms, Q::op op = Q::OP_SYNONYM) {
  if (terms.empty()) return Q();
  if (terms.size() == 1) return Q(terms.front());
  return Q(op, terms.begin(), terms.end());
}

Q scaled(const Q& q, double factor) {
  if (q.empty()) return q;
  if (factor == 1.0) return q;
  return Q(Q::OP_SCALE_WEIGHT, q, factor);
}

Q either(const Q& a, const Q& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return Q(Q::OP_OR, a, b);
}

void add_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// One alternative at a position: the unstemmed term and its stems.
struct Alt {
  std::string term;
  std::vector<std::string> stems;
};

/// One word position of an analyzed leaf.
struct Pos {
  std::uint32_t position = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<Alt> alts;
};

}  // namespace

LanguageTable::LanguageTable(const Xapian::Database& db, std::string_view forced)
    : forced_(language_code(forced)) {
  // Passages per language, and per script.
  std::vector<std::pair<std::string, Xapian::doccount>> counts;
  std::map<int, Xapian::doccount> per_script;
  Xapian::doccount labelled = 0;
  const std::string prefix(schema::kLanguage);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string code = (*t).substr(prefix.size());
    if (!code.empty() && code.front() == ':') code.erase(0, 1);
    const auto n = t.get_termfreq();
    labelled += n;
    counts.emplace_back(code, n);
    const auto scripts = scripts_of_language(code);
    if (!scripts.empty()) per_script[scripts.front()] += n;
  }
  // Articles of unknown language were stemmed with the default language.
  const Xapian::doccount unlabelled = db.get_doccount() - std::min(labelled, db.get_doccount());
  if (unlabelled > 0 || counts.empty()) {
    counts.emplace_back(std::string(Analyzer::kDefaultLanguage), unlabelled);
    per_script[USCRIPT_LATIN] += unlabelled;
  }
  // Language detection mislabels a few short English articles as Danish or
  // Basque; stemming every query word with each of those would cost time and
  // add noise. A language is tried for its script's words when it holds at
  // least 1 in 500 of that script's passages.
  for (const auto& [code, n] : counts) {
    const auto scripts = scripts_of_language(code);
    const Xapian::doccount total = scripts.empty() ? n : per_script[scripts.front()];
    if (static_cast<std::uint64_t>(n) * 500 >= total || code == Analyzer::kDefaultLanguage)
      add(code);
  }
  if (!forced_.empty()) add(forced_);
  std::vector<std::string> indexed;
  for (const auto& [code, n] : counts)
    if (n > 0) indexed.push_back(language_code(code));
  check_coverage(indexed);
}

LanguageTable::LanguageTable(const std::vector<std::string>& languages, std::string_view forced)
    : forced_(language_code(forced)) {
  std::vector<std::string> indexed;
  for (const auto& l : languages)
    indexed.push_back(language_code(l));
  for (const auto& l : indexed)
    add(l);
  if (!forced_.empty()) add(forced_);
  check_coverage(indexed);
}

void LanguageTable::check_coverage(const std::vector<std::string>& indexed) {
  // An article was stemmed with its own language (the default when none was
  // detected). Its stems are searched only when that language has a stemmer
  // and the table tries it for the words of its script.
  for (const auto& code : indexed) {
    const std::string& used = code.empty() ? std::string(Analyzer::kDefaultLanguage) : code;
    bool searched = Analyzer::has_stemmer(used);
    if (searched) {
      const auto scripts = scripts_of_language(used);
      for (const int script : scripts)
        for (const auto& [s, list] : by_script_)
          if (s == script && std::find(list.begin(), list.end(), used) == list.end())
            searched = false;
    }
    if (!searched) {
      needs_unstemmed_ = true;
      return;
    }
  }
}

void LanguageTable::add(const std::string& language) {
  if (language.empty()) return;
  const auto scripts = scripts_of_language(language);
  const auto forced_scripts = forced_.empty() ? std::vector<int>{} : scripts_of_language(forced_);
  auto put = [&](int script) {
    // --lang replaces the index's languages for words of its script.
    const bool is_forced_script =
        std::find(forced_scripts.begin(), forced_scripts.end(), script) != forced_scripts.end();
    if (is_forced_script && language != forced_) return;
    for (auto& [s, list] : by_script_) {
      if (s == script) {
        add_unique(list, language);
        return;
      }
    }
    by_script_.push_back({script, {language}});
  };
  for (int s : scripts)
    put(s);
  // Digits and symbols are stemmed by every language alike.
  put(USCRIPT_COMMON);
}

const std::vector<std::string>& LanguageTable::for_term(std::string_view term) const {
  const int script = script_of(term);
  for (const auto& [s, list] : by_script_)
    if (s == script) return list;
  return none_;
}

std::vector<std::string> LanguageTable::all() const {
  std::vector<std::string> out;
  for (const auto& [s, list] : by_script_)
    for (const auto& l : list)
      add_unique(out, l);
  return out;
}

struct QueryBuilder::Impl {
  const Xapian::Database& db;
  Analyzer& analyzer;
  const LanguageTable& languages;
  const BuildOptions& options;
  BuiltQuery& out;
  bool any_terms = false;  ///< Whether some leaf gave a term or a filter.

  // Analyzes @p text as the indexer analyzed articles: with the stemming
  // language (and its variant rules) of each word's script. Usually one
  // language applies; when several do (a Latin word in an index of English
  // and German articles), each analysis adds its stems at the same position.
  std::vector<Pos> analyze(std::string_view text, bool stems) {
    const auto base = analyzer.tokens(text, "");
    std::vector<std::string> needed;
    if (stems)
      for (const auto& t : base)
        for (const auto& l : languages.for_term(t.term))
          add_unique(needed, l);
    std::vector<std::pair<std::string, std::vector<Token>>> runs;
    if (needed.empty()) {
      runs.emplace_back("", base);
    } else {
      for (const auto& l : needed)
        runs.emplace_back(l, analyzer.tokens(text, l));
    }
    std::vector<Pos> out_positions;
    for (const auto& [language, tokens] : runs) {
      for (const auto& t : tokens) {
        if (t.term.empty()) continue;
        Alt alt{t.term, {}};
        if (!t.stem.empty()) {
          const auto& wanted = languages.for_term(t.term);
          if (std::find(wanted.begin(), wanted.end(), language) != wanted.end())
            alt.stems.push_back(t.stem);
        }
        // Aliases share their word's position and become alternatives there.
        auto it = std::find_if(out_positions.begin(), out_positions.end(),
                               [&](const Pos& p) { return p.position == t.position; });
        if (it == out_positions.end()) {
          out_positions.push_back(Pos{t.position, t.begin, t.end, {}});
          it = out_positions.end() - 1;
        }
        it->begin = std::min(it->begin, t.begin);
        it->end = std::max(it->end, t.end);
        auto a = std::find_if(it->alts.begin(), it->alts.end(),
                              [&](const Alt& x) { return x.term == alt.term; });
        if (a == it->alts.end()) {
          it->alts.push_back(std::move(alt));
        } else {
          for (auto& st : alt.stems)
            add_unique(a->stems, st);
        }
      }
    }
    std::sort(out_positions.begin(), out_positions.end(),
              [](const Pos& x, const Pos& y) { return x.position < y.position; });
    if (!out_positions.empty()) any_terms = true;
    return out_positions;
  }

  static std::string title_prefix(bool stemmed, bool title) {
    std::string p = stemmed ? std::string(schema::kStemmed) : std::string();
    if (title) p += schema::kTitle;
    return p;
  }

  // Word terms are the prefix followed by the analyzer's term, exactly as
  // the indexer writes them (schema::term's rules are for boolean values).
  // A word at one position: its stems (Z, or ZS in the title), else itself.
  static std::vector<std::string> word_terms(const Pos& pos, bool title) {
    std::vector<std::string> terms;
    for (const auto& a : pos.alts) {
      if (a.stems.empty()) {
        add_unique(terms, title_prefix(false, title) + a.term);
      } else {
        for (const auto& s : a.stems)
          add_unique(terms, title_prefix(true, title) + s);
      }
    }
    return terms;
  }

  static std::vector<std::string> exact_terms(const Pos& pos, std::string_view prefix) {
    std::vector<std::string> terms;
    for (const auto& a : pos.alts)
      add_unique(terms, std::string(prefix) + a.term);
    return terms;
  }

  // A word at one position, in the body or the title: its stems and, where
  // the index holds articles whose stems the query does not search, its
  // unstemmed terms in the passages that lack those stems. AND_NOT takes the
  // weight of its left side only, so a passage that has the stems scores as
  // it would without the fallback: ranking over articles the stems cover is
  // unchanged. Adds every term searched to @p listed.
  Q word_query(const Pos& pos, bool title, std::vector<std::string>& listed) const {
    const auto stems = word_terms(pos, title);
    for (const auto& t : stems)
      add_unique(listed, t);
    Q q = any_of(stems);
    if (!languages.needs_unstemmed()) return q;
    const auto exact = exact_terms(pos, title ? schema::kTitle : schema::kBody);
    if (exact == stems) return q;
    for (const auto& t : exact)
      add_unique(listed, t);
    return Q(Q::OP_OR, q, Q(Q::OP_AND_NOT, any_of(exact), q));
  }

  static Q phrase(const std::vector<Pos>& positions, std::string_view prefix,
                  std::vector<std::string>& listed) {
    if (positions.empty()) return Q();
    std::vector<Q> parts;
    for (const auto& p : positions) {
      auto terms = exact_terms(p, prefix);
      for (const auto& t : terms)
        listed.push_back(t);
      parts.push_back(any_of(terms, Q::OP_OR));
    }
    if (parts.size() == 1) return parts.front();
    const auto window = positions.back().position - positions.front().position + 1;
    return Q(Q::OP_PHRASE, parts.begin(), parts.end(),
             std::max<Xapian::termcount>(window, static_cast<Xapian::termcount>(parts.size())));
  }

  void remember(const std::vector<Pos>& positions, bool with_stems, bool positive) {
    if (!positive) return;
    for (const auto& p : positions)
      for (const auto& a : p.alts) {
        out.highlight.terms.insert(a.term);
        if (with_stems)
          for (const auto& s : a.stems)
            out.highlight.stems.insert(s);
      }
  }

  Q words(const Node& n, bool positive) {
    const bool title_only = n.field == "title";
    auto positions = analyze(n.text, true);
    LeafTerms leaf{render(n), {}, {}};
    {
      std::vector<Token> shown = analyzer.tokens(n.text, "");
      leaf.tokens = lede::render(shown);
    }
    Q q;
    if (positions.size() == 1) {
      const auto& p = positions.front();
      std::vector<std::string> body, title;
      Q body_q = word_query(p, false, body);
      const Q title_q = word_query(p, true, title);
      if (options.exact_weight > 0) {
        auto exact = exact_terms(p, schema::kBody);
        if (exact != body) {
          body_q = either(body_q, scaled(any_of(exact), options.exact_weight));
          for (auto& e : exact)
            add_unique(body, e);
        }
      }
      if (title_only) {
        q = title_q;
        leaf.terms = title;
      } else {
        q = options.title_weight > 0 ? either(body_q, scaled(title_q, options.title_weight))
                                     : body_q;
        leaf.terms = body;
        if (options.title_weight > 0)
          leaf.terms.insert(leaf.terms.end(), title.begin(), title.end());
      }
      remember(positions, true, positive);
      if (positive && p.alts.size() >= 1) {
        CheckedWord w;
        w.begin = n.offset + p.begin;
        w.end = n.offset + p.end;
        w.term = p.alts.front().term;
        w.indexed = body;
        for (auto& t : title)
          add_unique(w.indexed, t);
        add_unique(w.indexed, w.term);
        out.words.push_back(std::move(w));
      }
    } else {
      q = positional(positions, title_only, leaf.terms);
      remember(positions, false, positive);
      // The parts also count as words of their own, so that a passage with
      // "Armenia" and "U.S." apart still ranks, below the exact compound.
      if (!title_only && options.split_phrase_weight < 1) {
        std::vector<Q> parts;
        for (const auto& p : positions) {
          Q part = word_query(p, false, leaf.terms);
          if (options.title_weight > 0)
            part = either(part, scaled(word_query(p, true, leaf.terms), options.title_weight));
          parts.push_back(part);
        }
        q = either(Q(Q::OP_OR, parts.begin(), parts.end()), scaled(q, options.split_phrase_weight));
        remember(positions, true, positive);
      }
    }
    out.leaves.push_back(std::move(leaf));
    return q;
  }

  // A phrase in the passage, OR'ed with the same phrase in the title.
  Q positional(const std::vector<Pos>& positions, bool title_only,
               std::vector<std::string>& listed) {
    if (title_only) return phrase(positions, schema::kTitle, listed);
    Q body = phrase(positions, schema::kBody, listed);
    if (options.title_weight <= 0) return body;
    return either(body, scaled(phrase(positions, schema::kTitle, listed), options.title_weight));
  }

  Q quoted(const Node& n, bool positive) {
    const bool title_only = n.field == "title";
    auto positions = analyze(n.text, false);
    LeafTerms leaf{render(n), lede::render(analyzer.tokens(n.text, "")), {}};
    Q q = positional(positions, title_only, leaf.terms);
    remember(positions, false, positive);
    out.leaves.push_back(std::move(leaf));
    return q;
  }

  // The most frequent terms starting with @p prefix, at most the limit. The
  // scan is bounded too, so that "a*" on a huge index stays fast.
  std::vector<std::string> expand(const std::string& prefix, bool& truncated) {
    constexpr std::size_t kMaxScan = 500000;
    using Entry = std::pair<Xapian::doccount, std::string>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> best;  // min-heap
    std::size_t scanned = 0;
    truncated = false;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      if (++scanned > kMaxScan) {
        truncated = true;
        break;
      }
      best.emplace(t.get_termfreq(), *t);
      if (best.size() > options.wildcard_limit) {
        best.pop();
        truncated = true;
      }
    }
    std::vector<std::string> terms;
    while (!best.empty()) {
      terms.push_back(best.top().second);
      best.pop();
    }
    std::reverse(terms.begin(), terms.end());
    return terms;
  }

  Q wildcard(const Node& n, bool positive) {
    const bool title_only = n.field == "title";
    auto positions = analyze(n.text, false);
    LeafTerms leaf{render(n), lede::render(analyzer.tokens(n.text, "")), {}};
    if (positions.empty()) {
      out.leaves.push_back(std::move(leaf));
      return Q();
    }
    const std::string stem = positions.back().alts.front().term;
    if (positive) out.highlight.prefixes.push_back(stem);
    positions.pop_back();
    remember(positions, false, positive);
    bool truncated = false;
    auto expanded = [&](std::string_view prefix) {
      auto terms = expand(std::string(prefix) + stem, truncated);
      for (const auto& t : terms)
        leaf.terms.push_back(t);
      return terms;
    };
    auto build = [&](std::string_view prefix) {
      auto terms = expanded(prefix);
      if (terms.empty()) return Q();
      if (positions.empty()) return any_of(terms, Q::OP_SYNONYM);
      std::vector<Q> parts;
      // A phrase whose last position is the expansion.
      for (const auto& p : positions) {
        auto exact = exact_terms(p, prefix);
        leaf.terms.insert(leaf.terms.end(), exact.begin(), exact.end());
        parts.push_back(any_of(exact, Q::OP_OR));
      }
      parts.push_back(any_of(terms, Q::OP_OR));
      return Q(Q::OP_PHRASE, parts.begin(), parts.end(),
               static_cast<Xapian::termcount>(parts.size()));
    };
    Q q;
    if (title_only) {
      q = build(schema::kTitle);
    } else {
      q = build(schema::kBody);
      if (options.title_weight > 0)
        q = either(q, scaled(build(schema::kTitle), options.title_weight));
    }
    if (truncated)
      warn(excerpt(n.text) + "* matches too many words: only the " +
           std::to_string(options.wildcard_limit) + " most frequent are searched");
    if (q.empty()) warn("no indexed word starts with '" + excerpt(stem) + "'");
    out.leaves.push_back(std::move(leaf));
    return q;
  }

  // NEAR: every word position of every operand within the window. Operands
  // that are phrases or split words add all their positions, because Xapian
  // 1.4 accepts only terms (or OR of terms) under OP_NEAR.
  Q near(const Node& n, bool positive) {
    std::vector<Q> parts;
    LeafTerms leaf{render(n), "", {}};
    for (const auto& c : n.children) {
      const std::string_view prefix = c.field == "title" ? schema::kTitle : schema::kBody;
      auto positions = analyze(c.text, false);
      if (!leaf.tokens.empty()) leaf.tokens += " | ";
      leaf.tokens += lede::render(analyzer.tokens(c.text, ""));
      if (c.kind == NodeKind::wildcard && !positions.empty()) {
        const std::string stem = positions.back().alts.front().term;
        positions.pop_back();
        bool truncated = false;
        auto terms = expand(std::string(prefix) + stem, truncated);
        if (positive) out.highlight.prefixes.push_back(stem);
        for (const auto& p : positions) {
          auto t = exact_terms(p, prefix);
          leaf.terms.insert(leaf.terms.end(), t.begin(), t.end());
          parts.push_back(any_of(t, Q::OP_OR));
        }
        if (terms.empty()) return Q();
        leaf.terms.insert(leaf.terms.end(), terms.begin(), terms.end());
        parts.push_back(any_of(terms, Q::OP_OR));
        continue;
      }
      remember(positions, false, positive);
      for (const auto& p : positions) {
        auto t = exact_terms(p, prefix);
        leaf.terms.insert(leaf.terms.end(), t.begin(), t.end());
        parts.push_back(any_of(t, Q::OP_OR));
      }
    }
    out.leaves.push_back(std::move(leaf));
    if (parts.empty()) return Q();
    if (parts.size() == 1) return parts.front();
    const auto window = n.window + static_cast<unsigned>(parts.size());
    return Q(Q::OP_NEAR, parts.begin(), parts.end(), window);
  }

  std::vector<std::string> name_terms(std::string_view value) {
    std::vector<std::string> terms;
    for (const auto& t : analyzer.tokens(value, ""))
      if (!t.alias) terms.push_back(t.term);
    return terms;
  }

  Q boolean_term(std::string_view prefix, std::string_view value, LeafTerms& leaf) {
    auto t = schema::term(prefix, value);
    leaf.terms.push_back(t);
    return Q(t);
  }

  // A boolean filter term (or several alternatives) for field:value.
  Q filter(const Node& n) {
    any_terms = true;
    LeafTerms leaf{render(n), "", {}};
    const auto* field = schema::find_field(n.field);
    std::string value = n.text;
    const bool wild = !value.empty() && value.back() == '*';
    while (!value.empty() && value.back() == '*')
      value.pop_back();
    Q q;
    if (field == nullptr || value.empty()) {
      out.leaves.push_back(std::move(leaf));
      return q;
    }
    const std::string_view prefix = field->prefix;
    auto term_or_wild = [&](std::string_view pre, const std::string& v) {
      if (!wild) return boolean_term(pre, v, leaf);
      const auto pattern = schema::term(pre, v);
      leaf.terms.push_back(pattern + "*");
      return Q(Q::OP_WILDCARD, pattern, 1000, Q::WILDCARD_LIMIT_MOST_FREQUENT, Q::OP_OR);
    };
    if (prefix == schema::kLanguage) {
      q = boolean_term(prefix, schema::language_value(language_code(value)), leaf);
    } else if (prefix == schema::kSource || prefix == schema::kAuthor) {
      // The whole name as typed: the index holds it, and each of an
      // author's names on its own.
      const auto values = schema::name_values(name_terms(value), false);
      if (!values.empty()) q = term_or_wild(prefix, values.front());
    } else if (prefix == schema::kUrl) {
      // A full URL matches exactly; a host name ("mirrorspectator.com")
      // matches the articles from that host; a URL without its scheme
      // matches either scheme.
      if (value.find("://") != std::string::npos) {
        q = term_or_wild(prefix, value);
      } else if (value.find('/') != std::string::npos) {
        q = either(term_or_wild(prefix, "https://" + value),
                   term_or_wild(prefix, "http://" + value));
        q = either(q, either(term_or_wild(prefix, "https://www." + value),
                             term_or_wild(prefix, "http://www." + value)));
      } else {
        const auto host = schema::host_value(value);
        q = either(term_or_wild(schema::kHost, host), term_or_wild(schema::kHost, "www." + host));
      }
    } else if (prefix == schema::kHost) {
      const auto host = schema::host_value(value);
      q = either(term_or_wild(prefix, host), term_or_wild(prefix, "www." + host));
    } else if (prefix == schema::kFolder) {
      // path: names a folder (every article below it) or a file, resolved
      // as lede-index resolves its roots, as typed or as the outputs write
      // it (invalid bytes escaped as \xHH).
      const std::string abs = schema::path_value(unescape_bytes(value), options.cwd, options.home);
      q = either(term_or_wild(schema::kFolder, abs), term_or_wild(schema::kPath, abs));
      if (!wild && db.get_termfreq(schema::term(schema::kFolder, abs)) == 0 &&
          db.get_termfreq(schema::term(schema::kPath, abs)) == 0)
        warn("path:" + value + " is " + abs + ", where no article was indexed");
    } else if (prefix == schema::kFormat) {
      q = term_or_wild(prefix, lower_ascii(value));
    } else {
      q = term_or_wild(prefix, value);
    }
    out.leaves.push_back(std::move(leaf));
    return q;
  }

  Q date(const Node& n) {
    any_terms = true;
    const auto slot = schema::kSlotDate;
    LeafTerms leaf{render(n), "", {"value " + std::to_string(slot)}};
    out.leaves.push_back(std::move(leaf));
    if (!n.lower.empty() && !n.upper.empty()) return Q(Q::OP_VALUE_RANGE, slot, n.lower, n.upper);
    if (!n.lower.empty()) return Q(Q::OP_VALUE_GE, slot, n.lower);
    return Q(Q::OP_VALUE_LE, slot, n.upper);
  }

  void warn(std::string message) {
    for (const auto& w : out.warnings)
      if (w == message) return;
    out.warnings.push_back(std::move(message));
  }

  static bool is_filter(const Node& n) {
    return n.kind == NodeKind::filter || n.kind == NodeKind::date;
  }

  // Builds a node; @p positive is false under a NOT, so that excluded words
  // are neither highlighted nor spell-checked.
  Q node(const Node& n, bool positive) {
    const bool pos = positive && n.mark != Mark::excluded;
    switch (n.kind) {
      case NodeKind::words:
        return words(n, pos);
      case NodeKind::phrase:
        return quoted(n, pos);
      case NodeKind::wildcard:
        return wildcard(n, pos);
      case NodeKind::filter:
        return filter(n);
      case NodeKind::date:
        return date(n);
      case NodeKind::near:
        return near(n, pos);
      case NodeKind::all:
      case NodeKind::any: {
        std::vector<Q> parts;
        for (const auto& c : n.children) {
          Q q = node(c, pos);
          if (q.empty()) continue;
          // A filter under AND/OR selects without adding weight.
          parts.push_back(is_filter(c) ? Q(Q::OP_SCALE_WEIGHT, q, 0.0) : q);
        }
        if (parts.empty()) return Q();
        if (parts.size() == 1) return parts.front();
        return Q(n.kind == NodeKind::all ? Q::OP_AND : Q::OP_OR, parts.begin(), parts.end());
      }
      case NodeKind::but_not: {
        Q left;
        std::vector<Q> right;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
          Q q = node(n.children[i], i == 0 ? pos : false);
          if (i == 0) {
            left = is_filter(n.children[i]) && !q.empty() ? Q(Q::OP_SCALE_WEIGHT, q, 0.0) : q;
          } else if (!q.empty()) {
            right.push_back(q);
          }
        }
        if (left.empty()) return Q();
        if (right.empty()) return left;
        return Q(Q::OP_AND_NOT, left, any_of_queries(right));
      }
      case NodeKind::group:
        return group(n, pos);
    }
    return Q();
  }

  static Q any_of_queries(const std::vector<Q>& qs, Q::op op = Q::OP_OR) {
    if (qs.empty()) return Q();
    if (qs.size() == 1) return qs.front();
    return Q(op, qs.begin(), qs.end());
  }

  // A plain word (no field, no + or -) that is an English function word.
  bool is_stop(const Node& c) {
    if (!options.stop_words || c.kind != NodeKind::words || c.mark != Mark::none ||
        !c.field.empty())
      return false;
    const auto tokens = analyzer.tokens(c.text, "");
    return tokens.size() == 1 && is_stop_word(tokens.front().term);
  }

  // Pairs of neighbouring plain words that occur in the same passage, scaled
  // by options.proximity_weight: a passage that holds the query's words
  // together ranks above one that holds only some of them with a high
  // weight. Passages are a few sentences, so sharing one is proximity at
  // passage grain. The pairs are a bonus on top of the words (AND_MAYBE).
  // They are not OP_NEAR pairs, though those measured better on CACM: under
  // weight pruning (the wide OR of feedback makes it likely), Xapian 1.4
  // counts a NEAR's weight for some passages whose words are not near, so a
  // passage's score depended on when the matcher started pruning, and one
  // database and its shards scored the same passage differently.
  void add_proximity(const std::vector<const Node*>& words, std::vector<Q>& bonus) {
    if (options.proximity_weight <= 0 || words.size() < 2) return;
    std::vector<Q> terms;
    for (const Node* c : words) {
      const auto positions = analyze(c->text, false);
      if (positions.size() == 1)
        terms.push_back(any_of(exact_terms(positions.front(), schema::kBody), Q::OP_OR));
    }
    for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
      const std::array<Q, 2> pair{terms[i], terms[i + 1]};
      bonus.push_back(scaled(Q(Q::OP_AND, pair.begin(), pair.end()), options.proximity_weight));
    }
  }

  // Words side by side. Plain items are OR'ed (ranked retrieval), +items
  // required (AND_MAYBE keeps the plain ones' weight), -items excluded; filters
  // of one field are OR'ed, of different fields AND'ed, and only filter.
  // English function words are dropped when another word remains.
  Q group(const Node& n, bool positive) {
    std::vector<Q> plain, required, excluded;
    std::vector<std::pair<std::string, std::vector<Q>>> filters;
    std::set<std::string, std::less<>> seen;
    std::vector<bool> stop(n.children.size(), false);
    bool other_words = false;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      const auto& c = n.children[i];
      stop[i] = is_stop(c);
      if (!stop[i] && c.kind == NodeKind::words && c.mark != Mark::excluded) other_words = true;
    }
    std::vector<const Node*> plain_words;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      const auto& c = n.children[i];
      // A word typed twice ("of ... of") counts once, as in any bag of words.
      if (!seen.insert(render(c)).second) continue;
      if (stop[i] && other_words) {
        any_terms = true;
        out.leaves.push_back(LeafTerms{render(c), lede::render(analyzer.tokens(c.text, "")), {}});
        continue;
      }
      if (c.kind == NodeKind::words && c.mark == Mark::none && c.field.empty())
        plain_words.push_back(&c);
      const bool child_positive = positive && c.mark != Mark::excluded;
      Q q = node(c, child_positive);
      if (q.empty()) continue;
      if (c.mark == Mark::excluded) {
        excluded.push_back(q);
      } else if (is_filter(c)) {
        const std::string key = c.kind == NodeKind::date ? "date" : c.field;
        auto it = std::find_if(filters.begin(), filters.end(),
                               [&](const auto& f) { return f.first == key; });
        if (it == filters.end()) {
          filters.push_back({key, {q}});
        } else {
          it->second.push_back(q);
        }
      } else if (c.mark == Mark::required || options.match_all) {
        required.push_back(q);
      } else {
        plain.push_back(q);
      }
    }
    std::vector<Q> bonus;
    add_proximity(plain_words, bonus);
    Q positive_q;
    if (!required.empty()) {
      positive_q = any_of_queries(required, Q::OP_AND);
      if (!plain.empty()) positive_q = Q(Q::OP_AND_MAYBE, positive_q, any_of_queries(plain));
    } else if (!plain.empty()) {
      positive_q = any_of_queries(plain);
    }
    if (!positive_q.empty() && !bonus.empty())
      positive_q = Q(Q::OP_AND_MAYBE, positive_q, any_of_queries(bonus));
    Q filter_q;
    if (!filters.empty()) {
      std::vector<Q> per_field;
      for (const auto& [field, qs] : filters)
        per_field.push_back(any_of_queries(qs));
      filter_q = any_of_queries(per_field, Q::OP_AND);
    }
    Q result;
    if (positive_q.empty()) {
      if (!filter_q.empty()) {
        result = Q(Q::OP_SCALE_WEIGHT, filter_q, 0.0);
      } else if (!excluded.empty()) {
        // Only exclusions: everything else, unranked.
        result = Q(Q::OP_SCALE_WEIGHT, Q::MatchAll, 0.0);
      }
    } else {
      result = filter_q.empty() ? positive_q : Q(Q::OP_FILTER, positive_q, filter_q);
    }
    if (!result.empty() && !excluded.empty())
      result = Q(Q::OP_AND_NOT, result, any_of_queries(excluded));
    return result;
  }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, Analyzer& analyzer,
                           const LanguageTable& languages, BuildOptions options)
    : db_(db), analyzer_(analyzer), languages_(languages), options_(std::move(options)) {}

BuiltQuery QueryBuilder::build(const ParsedQuery& parsed) {
  BuiltQuery out;
  Impl impl{db_, analyzer_, languages_, options_, out};
  // Expanding a wildcard or a field reads the database. A Xapian error is
  // not translated here: a commit that overtook the reader must reach the
  // Searcher, which reopens and runs the query again (reading.h).
  out.query = impl.node(parsed.root, true);
  // A query of spaces and punctuation is a mistake to report; a query of real
  // words that match nothing (an unknown wildcard) simply finds nothing.
  if (out.query.empty() && !impl.any_terms)
    throw Error(ErrorKind::usage, "the query has no words to search for");
  return out;
}

}  // namespace lede::search
