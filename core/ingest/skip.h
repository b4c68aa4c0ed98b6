/// @file
/// @brief Files that are not articles: images, audio, video, archives, office
/// documents, PDFs, executables and system files, told by name and by their
/// first bytes, so that a folder holding them indexes cleanly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lede {

/// Bytes of a file's head that not_an_article() looks at.
inline constexpr std::size_t kSkipSniffBytes = 4096;

/// Why the file at @p path, whose first bytes (up to kSkipSniffBytes) are
/// @p head, is not an article lede reads, as a short phrase for the user
/// ("image (PNG)", "system file", "binary file"), or "" when it may be one and
/// read_input() should read it. Judged first by the name (one table of
/// extensions and system file names), then by the content (magic numbers,
/// NUL bytes). Compressed JSON Lines and text (.jsonl.gz, .txt.zst, ...) are
/// left to read_input(); a compressed archive (.tar.gz) is not an article.
[[nodiscard]] std::string not_an_article(std::string_view path, std::string_view head);

}  // namespace lede
