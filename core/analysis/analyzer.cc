// The analyzer: runs the five stages over a text and hands out tokens.
#include "core/analysis/analyzer.h"

#include <xapian.h>

#include <string>
#include <utility>

#include "core/analysis/normalizer.h"
#include "core/analysis/segmenter.h"
#include "core/analysis/stemmer.h"
#include "core/analysis/variants.h"

namespace lede {
namespace {

using analysis::Segment;

constexpr std::size_t kMaxTermBytes = Analyzer::kMaxTermBytes;

// Normalization can shrink a segment (default-ignorables vanish, ligatures
// and compatibility characters shorten), but not below a quarter of its
// bytes in any plausible text, so longer segments are skipped without
// normalizing them: a 5 MB "word" costs only its segmentation.
constexpr std::size_t kMaxSegmentBytes = 4 * kMaxTermBytes;

}  // namespace

struct Analyzer::Impl {
  analysis::Segmenter segmenter;
  analysis::Normalizer normalizer;
  analysis::Stemmers stemmers;
  // Reused for every token so that analysis allocates only when a term is
  // longer than any before it.
  Token token;
  std::vector<std::string> aliases;

  void emit(analysis::Stemmer* stemmer, const std::function<void(const Token&)>& sink) {
    // Compound forms such as "node.js" or "user@example" are not words to
    // a stemmer; their parts, emitted as aliases, are stemmed instead.
    if (stemmer != nullptr && token.kind == TokenKind::word &&
        !analysis::has_compound_separator(token.term)) {
      token.stem = (*stemmer)(token.term);
    } else {
      token.stem.clear();
    }
    sink(token);
  }
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

void Analyzer::analyze(std::string_view text, std::string_view language,
                       const std::function<void(const Token&)>& sink) {
  Impl& impl = *impl_;
  analysis::Stemmer* stemmer = impl.stemmers.find(language);
  const analysis::VariantRules rules = analysis::variant_rules(language);
  Token& token = impl.token;

  std::uint32_t position = 0;
  Segment segment;
  impl.segmenter.reset(text);
  while (impl.segmenter.next(segment)) {
    if (!segment.indexable) continue;
    const std::size_t length = segment.end - segment.begin;
    if (length > kMaxSegmentBytes) {
      ++position;  // The word is there even if it is not searchable.
      continue;
    }
    impl.normalizer.normalize(text.substr(segment.begin, length), token.term);
    if (token.term.empty()) continue;
    if (token.term.size() > kMaxTermBytes) {
      ++position;
      continue;
    }
    impl.aliases.clear();
    if (!analysis::apply_variants(segment.kind, rules, token.term, impl.aliases)) continue;
    token.position = ++position;
    token.begin = segment.begin;
    token.end = segment.end;
    token.kind = segment.kind;
    token.alias = false;
    impl.emit(stemmer, sink);
    token.alias = true;
    for (auto& alias : impl.aliases) {
      token.term.swap(alias);
      impl.emit(stemmer, sink);
    }
  }
}

std::vector<Token> Analyzer::tokens(std::string_view text, std::string_view language) {
  std::vector<Token> result;
  analyze(text, language, [&result](const Token& token) { result.push_back(token); });
  return result;
}

std::string Analyzer::stem(std::string_view term, std::string_view language) {
  analysis::Stemmer* stemmer = impl_->stemmers.find(language);
  if (stemmer == nullptr) return {};
  return (*stemmer)(std::string(term));
}

bool Analyzer::has_stemmer(std::string_view language) {
  analysis::Stemmers stemmers;
  return stemmers.find(language) != nullptr;
}

std::vector<std::string> Analyzer::stemmer_languages() {
  std::vector<std::string> names;
  const std::string all = Xapian::Stem::get_available_languages();
  for (std::size_t begin = 0; begin < all.size();) {
    std::size_t end = all.find(' ', begin);
    if (end == std::string::npos) end = all.size();
    if (end > begin) names.emplace_back(all.substr(begin, end - begin));
    begin = end + 1;
  }
  return names;
}

std::vector<std::size_t> word_boundaries(std::string_view text) {
  std::vector<std::size_t> boundaries{0};
  analysis::Segmenter segmenter;
  analysis::Segment segment;
  segmenter.reset(text);
  while (segmenter.next(segment))
    boundaries.push_back(segment.end);
  return boundaries;
}

std::string render(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& token : tokens) {
    if (!out.empty()) out += ' ';
    if (token.alias) out += '+';
    out += token.term;
    if (!token.stem.empty() && token.stem != token.term) {
      out += '>';
      out += token.stem;
    }
    out += '[';
    out += std::to_string(token.position);
    out += ']';
  }
  return out;
}

}  // namespace lede
