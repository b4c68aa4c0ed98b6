/// @file
/// @brief Locating ../shared/data, and skipping clearly when it is absent.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace lede::test {

/// The path of a file or folder under ../shared/data, or an empty path (after
/// a visible SKIPPED message) when the shared data is not there.
inline std::filesystem::path shared_data(const std::string& relative) {
  std::filesystem::path path = std::filesystem::path(LEDE_SHARED_DATA) / relative;
  if (!std::filesystem::exists(path)) {
    MESSAGE("SKIPPED: " << path.string()
                        << " is absent; this test needs the shared data beside the repository");
    return {};
  }
  return path;
}

}  // namespace lede::test
