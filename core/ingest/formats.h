/// @file
/// @brief Text and metadata out of HTML (gumbo) and Markdown (internal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ingest/metadata.h"

namespace lede::ingest {

/// The readable text of an HTML page with what its head says about it.
struct HtmlText {
  std::string text;  ///< Body text; blocks separated by blank lines, <br> by LF.
  /// (offset in text, source line) where each piece of text starts, ascending.
  std::vector<std::pair<std::size_t, std::uint32_t>> lines;
  TextMeta meta;         ///< og:title or <title>, published time, author, og:url or canonical.
  std::string language;  ///< From <html lang>, normalized; "" when absent.
};

/// Extracts the text of @p html (valid UTF-8) with gumbo. Left out: script,
/// style, template, nav, aside, form and its controls, footer, a header that
/// is not inside article or main, hidden elements, and elements whose id or
/// class names a comment section or page furniture (share, related,
/// newsletter, sidebar, menu, breadcrumb, advert, cookie).
[[nodiscard]] HtmlText extract_html(std::string_view html);

/// The charset an HTML document declares in its first 4 KB (<meta charset>
/// or http-equiv content type), or "".
[[nodiscard]] std::string html_declared_charset(std::string_view bytes);

/// True when @p head (the first bytes of a document) starts like HTML.
[[nodiscard]] bool looks_like_html(std::string_view head);

/// Markdown with its markup removed, one output line for each input line so
/// that line numbers stay those of the source.
struct MarkdownText {
  std::string text;
  TextMeta meta;  ///< From YAML front matter, else the first heading as title.
};

/// Strips @p markdown: headings, emphasis, code fences, links and images
/// (their text kept), block quotes, list markers, tables, HTML tags, rules,
/// reference definitions and front matter.
[[nodiscard]] MarkdownText strip_markdown(std::string_view markdown);

}  // namespace lede::ingest
