#include "core/search/spelling.h"

#include <algorithm>
#include <vector>

#include "core/search/codepoints.h"

namespace lede::search {

unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<unsigned> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j)
    prev[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<unsigned>(i);
    unsigned row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      unsigned v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::string closest_term(const Xapian::Database& db, std::string_view term) {
  const auto word = code_points(term);
  if (word.size() < 3) return {};
  const unsigned limit = word.size() <= 4 ? 1 : 2;
  // Candidates share the first letter: typos there are rare, and the scan
  // of the term list stays a small slice of it.
  std::size_t first_len = 0;
  if (!term.empty()) (void)next_code_point(term, 0, first_len);
  const std::string prefix(term.substr(0, first_len));
  if (!prefix.empty() && prefix.front() >= 'A' && prefix.front() <= 'Z') return {};
  constexpr std::size_t kMaxScan = 300000;
  std::size_t scanned = 0;
  std::string best;
  unsigned best_distance = limit + 1;
  Xapian::doccount best_freq = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    if (++scanned > kMaxScan) break;
    const std::string candidate = *t;
    if (candidate == term) continue;
    const auto cp = code_points(candidate);
    const unsigned d = edit_distance(word, cp, limit);
    if (d > limit) continue;
    const auto freq = t.get_termfreq();
    if (d < best_distance || (d == best_distance && freq > best_freq)) {
      best = candidate;
      best_distance = d;
      best_freq = freq;
    }
  }
  return best;
}

}  // namespace lede::search
