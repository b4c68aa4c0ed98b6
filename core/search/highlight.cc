#include "core/search/highlight.h"

#include <algorithm>

namespace lede::search {

std::vector<Range> highlight(std::string_view text, std::string_view language,
                             const HighlightTerms& terms, Analyzer& analyzer) {
  std::vector<Range> ranges;
  if (terms.empty() || text.empty()) return ranges;
  analyzer.analyze(text, language, [&](const Token& t) {
    bool hit = terms.terms.contains(t.term) || (!t.stem.empty() && terms.stems.contains(t.stem));
    for (std::size_t i = 0; !hit && i < terms.prefixes.size(); ++i)
      hit = t.term.starts_with(terms.prefixes[i]);
    if (hit && t.begin < t.end && t.end <= text.size()) ranges.push_back({t.begin, t.end});
  });
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
  // Aliases repeat their word's range: merge overlaps into one.
  std::vector<Range> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace lede::search
