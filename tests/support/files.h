/// @file
/// @brief Temporary folders, files and line splitting shared by the tests.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace lede::test {

/// A fresh folder under the system temp dir, removed with everything in it.
/// Its path is canonical, so tests that compare resolved paths agree with it
/// even where the temp dir is itself a symbolic link.
struct TempDir {
  std::filesystem::path path;

  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lede-test-XXXXXX").string();
    path = std::filesystem::canonical(mkdtemp(pattern.data()));
  }
  ~TempDir() {
    std::error_code ignored;
    // A test may have made the folder unreadable to provoke an error.
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The path of @p name inside the folder, as a string for argv.
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

/// Writes @p content to @p path byte for byte, creating its folders.
inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

/// The lines of @p text, without their line ends.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

/// The fields of a TREC line, split at single spaces.
inline std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t space; (space = line.find(' ', start)) != std::string::npos; start = space + 1)
    out.push_back(line.substr(start, space - start));
  out.push_back(line.substr(start));
  return out;
}

}  // namespace lede::test
