/// @file
/// @brief UTF-8 as code points (internal to search).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/utf8.h"

namespace lede::search {

/// @p s as code points.
inline std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0, len = 0; i < s.size(); i += len)
    out.push_back(next_code_point(s, i, len));
  return out;
}

}  // namespace lede::search
