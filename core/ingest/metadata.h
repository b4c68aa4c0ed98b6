/// @file
/// @brief What a reader would say of messy text: title, date, URL, author, boilerplate (internal).
///
/// Text saved from the web carries the page around the article: navigation
/// lines before the title, the title repeated, toolbars, bylines, "Share",
/// subscription appeals. These heuristics find the article's metadata in
/// that text and mark the paragraphs that are not the article's own prose.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/passages.h"

namespace lede::ingest {

/// Article metadata: fields the format already gave are kept, empty ones are
/// filled from the text when it says them.
struct TextMeta {
  std::string title;
  std::string date;  ///< ISO 8601
  std::string url;
  std::string author;
  std::string source;  ///< Publisher; the URL's host when nothing better is known.
};

/// A short line that is a whole paragraph of its own even inside a block of
/// lines: a date line, a byline, a source-URL line, or a boilerplate phrase.
[[nodiscard]] bool stands_alone(std::string_view line);

/// The ISO date of a date line: a short line whose words, apart from the date
/// and labels ("date", "published", "updated", weekdays, "px"), are at most two.
/// "" when @p line is not one. " date 2025-03-20 + ↺ − 16 px" is one.
[[nodiscard]] std::string date_line(std::string_view line);

/// The URL of a line naming the article's origin ("Originally published at
/// URL", "Source: URL", "Источник: URL"), or "".
[[nodiscard]] std::string source_url_line(std::string_view line);

/// The name in a byline ("By Jane Doe", "Author: Jane Doe, Reuters"), or "".
[[nodiscard]] std::string byline(std::string_view line);

/// True for a whole paragraph that is a boilerplate phrase: "Share:",
/// "Donate Now", "Read more", "Comments (0)", "Leave a Reply", ...
[[nodiscard]] bool is_boilerplate_phrase(std::string_view para);

/// The host of @p url without "www." ("mirrorspectator.com"), or "".
[[nodiscard]] std::string host_of(std::string_view url);

/// Gives each paragraph of @p text its role and completes @p meta.
///  - Date, byline and source lines, and boilerplate phrases, are dropped.
///  - The head (the paragraphs before the first one that reads as prose)
///    holds the title when @p infer_title and meta.title is empty: the first
///    heading-like line there that is not navigation, where navigation is a
///    line of at most five words less than half as long as a later heading-like
///    line of the head ("Newsfeed" before the real headline). Every repeat
///    of the title is dropped, wherever it stands.
///  - From the end back, subscription, donation and copyright notices form a
///    footer and are dropped, and so is a signature (a person's name, perhaps
///    with an affiliation) right after the last paragraph of prose. A line is
///    never dropped for being short: lists and poems keep every line.
///  - Navigation is looked for only in text that has prose after its head (a
///    paragraph of a dozen words or more that is not a heading).
///  - Among the rest, short lines without sentence end are headings, lines
///    ending with ':' lead-ins, and sentences of at most four words fragments.
///  - The date comes from the first date line, else from a date in the
///    article's URL, else from a date in any URL of the text.
void classify(std::string_view text, std::vector<Para>& paras, TextMeta& meta, bool infer_title);

/// split_paragraphs(), classify() and build_passages() in one: the passages
/// of @p text. An article whose only text is its title gets the title as its
/// one passage, so that it can still be found. When @p dropped is given, it
/// receives every paragraph left out, in text order, with the reason;
/// adjacent paragraphs left out for the same reason form one entry.
[[nodiscard]] std::vector<Span> analyze(std::string_view text, TextMeta& meta, bool infer_title,
                                        std::size_t target, SentenceBreaker& breaker,
                                        std::vector<Dropped>* dropped = nullptr);

}  // namespace lede::ingest
