/// @file
/// @brief The one function per field that turns a value into the value of its
/// boolean term, shared by lede-index (the article's facts) and lede-query
/// (what the user typed after lang:, path:, author: ...), so that the two
/// sides can never normalize a value differently.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lede::schema {

/// lang: (L) an ISO 639 code in lower case without its region or script
/// subtag: "en-US", "EN_us" and "en" all give "en".
[[nodiscard]] std::string language_value(std::string_view language);

/// host: (H) and the host of url: a host name in lower case.
[[nodiscard]] std::string host_value(std::string_view host);

/// path: (XDIR, P) and the indexer's roots: absolute and lexically normal,
/// without a trailing slash. "~" and "~/..." name @p home; a relative path
/// is taken from @p cwd. "-" (standard input) stays "-".
[[nodiscard]] std::string path_value(std::string_view path, std::string_view cwd,
                                     std::string_view home);

/// The same, with the process's current folder and $HOME.
[[nodiscard]] std::string path_value(std::string_view path);

/// author: (A) and source: (XSOURCE), given the analyzer's folded words of
/// the name (lede-index and lede-query run the one analyzer over it). The
/// whole name, words joined by single spaces; with @p each_word, also every
/// word of it, so that author:petrosyan finds "Anna Petrosyan". Empty words
/// are skipped; no words give nothing.
[[nodiscard]] std::vector<std::string> name_values(std::span<const std::string> words,
                                                   bool each_word);

}  // namespace lede::schema
