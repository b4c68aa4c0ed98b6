// Fuzz target: the query language alone (parse_query, render and date
// ranges), many times faster than a whole search, so deeper inputs are met.
#include <cstdint>
#include <string>

#include "core/search/query.h"
#include "core/util/error.h"
#include "fuzz/fuzz.h"

namespace {

std::size_t count_leaves(const lede::search::Node& node) {
  if (node.children.empty()) return node.kind == lede::search::NodeKind::group ? 0 : 1;
  std::size_t leaves = 0;
  for (const lede::search::Node& child : node.children)
    leaves += count_leaves(child);
  return leaves;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  try {
    const lede::search::ParsedQuery parsed = lede::search::parse_query(query);
    lede::fuzz::check(parsed.leaves <= lede::search::kMaxLeaves, "more leaves than the limit");
    lede::fuzz::check(count_leaves(parsed.root) <= lede::search::kMaxLeaves,
                      "the tree holds more leaves than the limit");
    const std::string rendered = lede::search::render(parsed.root);
    (void)rendered;
  } catch (const lede::Error& error) {
    lede::fuzz::check(error.kind() == lede::ErrorKind::usage, error.what());
  }
  std::string lower;
  std::string upper;
  if (lede::search::parse_date_range(query, lower, upper)) {
    lede::fuzz::check(lower.empty() || lower.size() == 8, "a lower date bound not YYYYMMDD");
    lede::fuzz::check(upper.empty() || upper.size() == 8, "an upper date bound not YYYYMMDD");
  }
  return 0;
}
