/// @file
/// @brief Printers: the only code that formats search results for stdout.
///
/// Each printer writes to the std::ostream it is given, one query's Response
/// at a time, so that a batch streams its results and a closed pipe is seen
/// after each query. The machine formats (JSON, JSON Lines, TSV, TREC) are
/// specified in docs/output-format.md under kFormatVersion; the terminal
/// format is for people and may change between releases.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/search/result.h"
#include "core/util/version.h"

namespace lede::output {

/// Version of the machine-readable formats, written into every JSON document
/// and JSON Lines record: lede's one output format version, which lede-index
/// --stats --json carries too.
inline constexpr std::string_view kFormatVersion = kOutputFormatVersion;

/// The output formats.
enum class Format : std::uint8_t {
  terminal,  ///< For people: ranked passages, wrapped and highlighted.
  json,      ///< One JSON document per query.
  jsonl,     ///< One JSON object per result.
  tsv,       ///< A header line, then one tab-separated line per result.
  trec,      ///< TREC run lines: qid Q0 docid rank score tag.
  files,     ///< -l: each result's article path (stream items: their id), one a line.
  count,     ///< -c: "N articles, M passages" (with --json the JSON printer writes an object).
};

/// How to print.
struct PrintOptions {
  Format format = Format::terminal;
  bool color = false;        ///< ANSI colours and bold (terminal format only).
  unsigned width = 80;       ///< Terminal columns to wrap to.
  std::string tag = "lede";  ///< TREC run tag.
  std::string base;          ///< Paths below this folder are shown relative to it (terminal).
  bool explain = false;      ///< Show how the query was understood (terminal, JSON).
  bool batch = false;        ///< Several queries: the terminal format heads each with its qid.
  unsigned max_lines = 4;    ///< Terminal: a longer passage is trimmed around its matches.
  /// Terminal: each result's path:line is an OSC 8 hyperlink to its file,
  /// file://host/path (see file_uri); results from standard input get none.
  bool hyperlinks = false;
  std::string host;             ///< Host name in the links' URIs (gethostname()).
  bool hyperlink_line = false;  ///< Links end in "#LINE", kitty's convention for a line.
  bool tty = false;             ///< stdout is a terminal: -l defuses control characters.
};

/// Prints responses in one format.
class Printer {
 public:
  virtual ~Printer() = default;
  /// Prints one query's results.
  virtual void print(const search::Response& response) = 0;
};

/// A printer for @p options.format writing to @p out (which must outlive it).
[[nodiscard]] std::unique_ptr<Printer> make_printer(std::ostream& out, const PrintOptions& options);

/// Parses a format name: terminal (or text), json, jsonl, tsv, trec.
[[nodiscard]] bool parse_format(std::string_view name, Format& format);

/// Writes --explain's account of @p response (parsed query, languages, what
/// each word became, the Xapian query) as text, for the terminal or stderr.
void print_explain(std::ostream& out, const search::Response& response, bool color);

// Text handling shared by the printers, exposed for tests.

/// Terminal columns of @p text (valid UTF-8): 2 for wide East Asian
/// characters, 0 for combining marks and format characters, 1 otherwise.
[[nodiscard]] unsigned display_width(std::string_view text);

/// @p text (sanitized) wrapped to lines of at most @p width columns: at
/// spaces, and between the words of scripts written without spaces (Thai,
/// Lao, Khmer, Burmese by ICU's dictionaries, Chinese and Japanese between
/// characters, as UAX #14 allows); a word wider than a line is cut.
/// The printers wrap the same way, with one ICU line iterator each.
[[nodiscard]] std::vector<std::string> wrap(std::string_view text, unsigned width);

/// The file URI of @p path (absolute, raw bytes) on @p host:
/// "file://HOST/PATH", with every byte but ASCII letters, digits, "-._~" and
/// (in the path) "/" percent-encoded, so the URI holds no control byte, space
/// or non-ASCII byte whatever the file name holds. With @p line > 0 it ends
/// in "#LINE".
[[nodiscard]] std::string file_uri(std::string_view host, std::string_view path,
                                   std::uint64_t line = 0);

/// The TREC document id of a result: the article id (with --articles) or
/// "<article id>#<passage>", with white space and '%' percent-encoded so the
/// id stays one field.
[[nodiscard]] std::string trec_docid(const search::Result& result, bool articles);

}  // namespace lede::output
