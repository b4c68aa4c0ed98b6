// Fuzz target: every printer (terminal, JSON, JSON Lines, TSV, TREC) on
// hostile results: escape sequences, invalid UTF-8, tabs and newlines, huge
// lines in titles, paths, ids and passages. Each machine format must stay
// parseable whatever the text holds, and the terminal must get no control
// character it did not write itself.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/output/printer.h"
#include "core/util/utf8.h"
#include "fuzz/fuzz.h"

namespace {

using lede::fuzz::check;
using lede::search::Range;

/// Up to four sorted, disjoint ranges inside @p text, at offsets the bytes choose.
std::vector<Range> ranges(lede::fuzz::Bytes& bytes, std::size_t size) {
  std::vector<Range> out;
  std::size_t at = 0;
  const unsigned count = bytes.byte() % 5;
  for (unsigned k = 0; k < count && at < size; ++k) {
    const std::size_t begin = at + bytes.byte() % (size - at);
    const std::size_t end = begin + 1 + bytes.byte() % (size - begin);
    out.push_back({begin, end});
    at = end;
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

void check_output(lede::output::Format format, bool color, const std::string& out) {
  using lede::output::Format;
  switch (format) {
    case Format::json:  // one document per query, each on one line
    case Format::jsonl:
      for (const std::string& line : lines_of(out))
        check(nlohmann::json::accept(line), "a JSON Lines record that does not parse");
      break;
    case Format::tsv: {
      const std::vector<std::string> lines = lines_of(out);
      for (const std::string& line : lines) {
        check(std::count(line.begin(), line.end(), '\t') == 11, "a TSV line without 12 columns");
        check(line.find('\r') == std::string::npos, "a CR inside a TSV line");
      }
      break;
    }
    case Format::trec:
      for (const std::string& line : lines_of(out)) {
        std::istringstream fields(line);
        std::vector<std::string> parts;
        for (std::string part; fields >> part;)
          parts.push_back(part);
        check(parts.size() == 6, "a TREC line without 6 fields");
      }
      break;
    case Format::files:
      // -l: the names' own bytes into a pipe (for xargs), defused on a terminal.
      if (color) {
        for (const char c : out) {
          const auto byte = static_cast<unsigned char>(c);
          check(byte >= 0x20 || c == '\n', "a control character in -l on a terminal");
          check(byte != 0x7F, "DEL in -l on a terminal");
        }
      }
      break;
    case Format::count:
      check(out.empty() || out.back() == '\n', "a -c line without its end");
      break;
    case Format::terminal:
      check(lede::is_valid_utf8(out), "terminal output that is not UTF-8");
      if (!color) {
        for (const char c : out) {
          const auto byte = static_cast<unsigned char>(c);
          check(byte >= 0x20 || c == '\n', "a control character on the terminal");
          check(byte != 0x7F, "DEL on the terminal");
        }
      }
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lede::fuzz::Bytes bytes(data, size);
  const std::uint8_t how = bytes.byte();
  const std::uint8_t width = bytes.byte();
  lede::output::PrintOptions options;
  options.format = static_cast<lede::output::Format>(how % 7);
  options.color = (how & 8) != 0;
  options.tty = options.color;  // -l defuses control characters on a terminal
  options.explain = (how & 16) != 0;
  options.batch = (how & 32) != 0;
  options.width = 1u + width;  // lede-query prints to at least one column
  options.max_lines = (how >> 6) + 1u;

  lede::search::Response response;
  response.articles = (how & 128) != 0;
  response.qid = std::string(bytes.field());
  response.query = std::string(bytes.field());
  response.parsed = std::string(bytes.field());
  response.suggestion = std::string(bytes.field());
  response.warnings.emplace_back(bytes.field());
  options.tag = std::string(bytes.field());
  options.base = std::string(bytes.field());
  const unsigned results = bytes.byte() % 4;
  for (unsigned k = 0; k < results; ++k) {
    lede::search::Result result;
    result.rank = k + 1;
    result.score = 10.0 / (k + 1);
    result.docid = k + 1;
    result.article_id = std::string(bytes.field());
    result.path = std::string(bytes.field());
    result.title = std::string(bytes.field());
    result.date = std::string(bytes.field());
    result.url = std::string(bytes.field());
    result.author = std::string(bytes.field());
    result.source = std::string(bytes.field());
    result.language = std::string(bytes.field());
    result.format = "text";
    result.passage = bytes.byte();
    result.passages = result.passage + bytes.byte();
    result.line_begin = bytes.byte();
    result.line_end = result.line_begin + bytes.byte();
    result.more_passages = bytes.byte() % 3;
    result.text = std::string(bytes.field());
    result.highlights = ranges(bytes, result.text.size());
    result.title_highlights = ranges(bytes, result.title.size());
    result.byte_end = result.text.size();
    response.results.push_back(std::move(result));
  }
  response.explain.languages.emplace_back(bytes.field());
  response.explain.xapian = std::string(bytes.field());
  response.explain.leaves.push_back(
      {std::string(bytes.field()), std::string(bytes.field()), {std::string(bytes.field())}});

  std::ostringstream out;
  {
    const std::unique_ptr<lede::output::Printer> printer = lede::output::make_printer(out, options);
    printer->print(response);
    printer->print(response);
  }
  check_output(options.format, options.color, out.str());
  std::ostringstream explained;
  lede::output::print_explain(explained, response, options.color);
  return 0;
}
