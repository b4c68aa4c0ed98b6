#include "core/search/batch.h"

namespace lede::search {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<BatchQuery> parse_batch_line(std::string_view line, std::size_t number) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  BatchQuery q;
  q.line = number;
  if (const auto tab = line.find('\t'); tab != std::string_view::npos) {
    q.qid = std::string(trim(line.substr(0, tab)));
    q.query = std::string(trim(line.substr(tab + 1)));
  } else {
    q.query = std::string(trim(line));
  }
  if (q.query.empty() && q.qid.empty()) return std::nullopt;
  if (q.qid.empty()) q.qid = std::to_string(number);
  return q;
}

}  // namespace lede::search
