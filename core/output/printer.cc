// The printers. Machine formats follow docs/output-format.md exactly; the
// terminal format follows the same facts, laid out for reading.
#include "core/output/printer.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "core/output/text.h"
#include "core/util/terminal.h"
#include "core/util/utf8.h"

namespace lede::output {

namespace {

using search::Response;
using search::Result;
using Json = nlohmann::ordered_json;

// ANSI styles of the terminal format.
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kHit = "\x1b[1;31m";
constexpr std::string_view kPath = "\x1b[35m";
constexpr std::string_view kLine = "\x1b[32m";
constexpr std::string_view kDate = "\x1b[36m";
constexpr std::string_view kDim = "\x1b[2m";

Json nullable(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json ranges(const std::vector<search::Range>& rs) {
  Json a = Json::array();
  for (const auto& r : rs)
    a.push_back({r.begin, r.end});
  return a;
}

// Adds the fields of one result to @p j (a JSON Lines record starts with
// its query's fields; a JSON document's result has only these).
void put_result(Json& j, const Result& r, bool articles) {
  j["rank"] = r.rank;
  j["score"] = r.score;
  j["article_id"] = r.article_id;
  j["path"] = r.path;
  if (r.source_line > 0) j["source_line"] = r.source_line;
  j["title"] = r.title;
  j["date"] = nullable(r.date);
  j["url"] = nullable(r.url);
  j["author"] = nullable(r.author);
  j["source"] = nullable(r.source);
  j["language"] = nullable(r.language);
  j["passage"] = r.passage;
  j["passages"] = r.passages;
  j["lines"] = {r.line_begin, r.line_end};
  j["bytes"] = {r.byte_begin, r.byte_end};
  j["text"] = r.text;
  j["highlights"] = ranges(r.highlights);
  j["title_highlights"] = ranges(r.title_highlights);
  if (articles) j["matching_passages"] = r.more_passages + 1;
}

// The number of results: exact when the bounds meet, else null, and the
// bounds, which are always true.
void put_total(Json& j, const Response& r) {
  j["total"] = r.total_lower == r.total_upper ? Json(r.total_lower) : Json(nullptr);
  j["total_lower"] = r.total_lower;
  j["total_upper"] = r.total_upper;
}

Json explain_json(const Response& r) {
  Json j;
  j["languages"] = r.explain.languages;
  Json leaves = Json::array();
  for (const auto& l : r.explain.leaves)
    leaves.push_back({{"leaf", l.leaf}, {"tokens", l.tokens}, {"terms", l.terms}});
  j["leaves"] = leaves;
  j["xapian"] = r.explain.xapian;
  return j;
}

std::string dump(const Json& j) {
  // Text from articles is valid UTF-8 already; replace guards against a
  // database written by something else.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

class JsonPrinter final : public Printer {
 public:
  JsonPrinter(std::ostream& out, const PrintOptions& o) : out_(out), o_(o) {}
  void print(const Response& r) override {
    Json j;
    j["version"] = kFormatVersion;
    j["qid"] = r.qid;
    j["query"] = r.query;
    j["parsed"] = r.parsed;
    if (r.counted) {
      // -c --json: the counts alone.
      j["mode"] = "count";
      j["articles"] = r.matching_articles;
      j["passages"] = r.matching_passages;
      j["suggestion"] = nullable(r.suggestion);
      j["warnings"] = r.warnings;
      out_ << dump(j) << '\n';
      out_.flush();
      return;
    }
    j["mode"] = r.articles ? "articles" : "passages";
    put_total(j, r);
    j["suggestion"] = nullable(r.suggestion);
    j["warnings"] = r.warnings;
    Json results = Json::array();
    for (const auto& res : r.results) {
      Json one = Json::object();
      put_result(one, res, r.articles);
      results.push_back(std::move(one));
    }
    j["results"] = std::move(results);
    if (o_.explain) j["explain"] = explain_json(r);
    out_ << dump(j) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  PrintOptions o_;
};

class JsonlPrinter final : public Printer {
 public:
  explicit JsonlPrinter(std::ostream& out) : out_(out) {}
  void print(const Response& r) override {
    for (const auto& res : r.results) {
      Json j;
      j["version"] = kFormatVersion;
      j["qid"] = r.qid;
      j["query"] = r.query;
      put_total(j, r);
      put_result(j, res, r.articles);
      out_ << dump(j) << '\n';
    }
    out_.flush();
  }

 private:
  std::ostream& out_;
};

// TSV fields hold no tab or newline: those and the other ASCII controls are
// written as backslash escapes, and a backslash as two.
std::string tsv_field(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", score);
  return buf;
}

class TsvPrinter final : public Printer {
 public:
  explicit TsvPrinter(std::ostream& out) : out_(out) {}
  void print(const Response& r) override {
    if (!header_done_) {
      out_ << "qid\trank\tscore\tarticle_id\tpassage\tpath\tline_begin\tline_end\tdate\ttitle\turl"
              "\ttext\n";
      header_done_ = true;
    }
    for (const auto& res : r.results) {
      out_ << tsv_field(r.qid) << '\t' << res.rank << '\t' << score_text(res.score) << '\t'
           << tsv_field(res.article_id) << '\t' << res.passage << '\t' << tsv_field(res.path)
           << '\t' << res.line_begin << '\t' << res.line_end << '\t' << tsv_field(res.date) << '\t'
           << tsv_field(res.title) << '\t' << tsv_field(res.url) << '\t' << tsv_field(res.text)
           << '\n';
    }
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool header_done_ = false;
};

// A TREC field is one run of non-space bytes.
std::string trec_field(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '%') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(u));
      out += buf;
    } else {
      out += c;
    }
  }
  return out.empty() ? "-" : out;
}

class TrecPrinter final : public Printer {
 public:
  TrecPrinter(std::ostream& out, const PrintOptions& o) : out_(out), tag_(trec_field(o.tag)) {}
  void print(const Response& r) override {
    const std::string qid = trec_field(r.qid);
    for (const auto& res : r.results)
      out_ << qid << " Q0 " << trec_docid(res, r.articles) << ' ' << res.rank << ' '
           << score_text(res.score) << ' ' << tag_ << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::string tag_;
};

// -c: one line per query, prefixed with its qid in a batch.
class CountPrinter final : public Printer {
 public:
  CountPrinter(std::ostream& out, const PrintOptions& o) : out_(out), batch_(o.batch) {}
  void print(const Response& r) override {
    if (batch_) out_ << terminal_safe(r.qid) << '\t';
    out_ << r.matching_articles << (r.matching_articles == 1 ? " article, " : " articles, ")
         << r.matching_passages << (r.matching_passages == 1 ? " passage" : " passages") << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool batch_;
};

// -l: what names each article for other tools: a file's own path (its bytes,
// unescaped, relative to the current folder when below it, as the terminal
// format shows it), or a stream item's id, whose path is the stream's. On a
// terminal control characters are defused; into a pipe the bytes go as they
// are, so that xargs gets the real file names.
class FilesPrinter final : public Printer {
 public:
  FilesPrinter(std::ostream& out, const PrintOptions& o) : out_(out), o_(o) {}
  void print(const Response& r) override {
    for (const auto& res : r.results) {
      std::string name = unescape_bytes(res.source_line > 0 ? res.article_id : res.path);
      if (res.source_line == 0 && !o_.base.empty() && name.size() > o_.base.size() + 1 &&
          name.starts_with(o_.base) && name[o_.base.size()] == '/')
        name = name.substr(o_.base.size() + 1);
      out_ << (o_.tty ? terminal_safe(name) : name) << '\n';
    }
    out_.flush();
  }

 private:
  std::ostream& out_;
  PrintOptions o_;
};

class TerminalPrinter final : public Printer {
 public:
  TerminalPrinter(std::ostream& out, const PrintOptions& o) : out_(out), o_(o) {
    if (o_.width < 20) o_.width = 20;
  }

  void print(const Response& r) override {
    if (o_.batch) {
      style(kDim);
      out_ << "# " << terminal_safe(r.qid) << ": " << terminal_safe(r.query);
      style(kReset);
      out_ << '\n';
    }
    if (o_.explain) print_explain(out_, r, o_.color);
    if (!r.suggestion.empty()) {
      out_ << "Did you mean: ";
      style(kBold);
      out_ << terminal_safe(r.suggestion);
      style(kReset);
      out_ << "?\n\n";
    }
    for (const auto& res : r.results) {
      if (r.articles) {
        article_line(res);
      } else {
        passage_block(res);
      }
    }
    if (o_.batch && !r.results.empty() && r.articles) out_ << '\n';
    out_.flush();
  }

 private:
  void style(std::string_view s) {
    if (o_.color) out_ << s;
  }

  // Writes glyphs [b, e), matched words in the hit style, the rest in @p base.
  // The bytes gather in one reused buffer, written at once: a stream write
  // per glyph would cost more than everything else here.
  void emit(const std::vector<Glyph>& g, std::size_t b, std::size_t e, std::string_view base) {
    auto& s = buffer_;
    s.clear();
    bool in_hit = false;
    if (o_.color) s += base;
    for (std::size_t i = b; i < e; ++i) {
      if (o_.color && g[i].hit != in_hit) {
        s += kReset;
        s += g[i].hit ? kHit : base;
        in_hit = g[i].hit;
      }
      s += g[i].view();
    }
    if (o_.color) s += kReset;
    out_ << s;
  }

  // People see the path's own bytes, an invalid one as U+FFFD; the machine
  // formats write the escaped form that keeps them apart.
  std::string shown_path(const Result& r) const {
    std::string p = unescape_bytes(r.path);
    if (!o_.base.empty() && p.size() > o_.base.size() + 1 && p.starts_with(o_.base) &&
        p[o_.base.size()] == '/')
      p = p.substr(o_.base.size() + 1);
    return terminal_safe(p);
  }

  // The OSC 8 sequence that starts a link to @p r's file, or "" when links
  // are off or the result has no file to open (standard input is "-"). The
  // URI is percent-encoded, so no byte of a file name reaches the terminal
  // raw; ST (ESC backslash) ends the sequence, as the OSC 8 convention prefers.
  std::string link_start(const Result& r) const {
    if (!o_.hyperlinks) return {};
    const std::string path = unescape_bytes(r.path);
    if (!path.starts_with('/')) return {};
    const std::uint64_t line = r.source_line > 0 ? r.source_line : r.line_begin;
    return "\x1b]8;;" + file_uri(o_.host, path, o_.hyperlink_line ? line : 0) + "\x1b\\";
  }

  // Ends the link that link_start() began, if it began one.
  void link_end(const std::string& started) {
    if (!started.empty()) out_ << "\x1b]8;;\x1b\\";
  }

  std::string line_of(const Result& r) const {
    return std::to_string(r.source_line > 0 ? r.source_line : r.line_begin);
  }

  void where(const Result& r) {
    if (!r.date.empty()) {
      style(kDate);
      out_ << terminal_safe(r.date);
      style(kReset);
      out_ << "  ";
    }
    const std::string link = link_start(r);
    out_ << link;
    style(kPath);
    out_ << shown_path(r);
    style(kReset);
    out_ << ':';
    style(kLine);
    out_ << line_of(r);
    style(kReset);
    link_end(link);
  }

  void passage_block(const Result& r) {
    const std::string label = std::to_string(r.rank) + ". ";
    const unsigned indent = static_cast<unsigned>(label.size());
    const unsigned text_width = o_.width > indent + 10 ? o_.width - indent : 10;
    const std::string pad(indent, ' ');

    style(kBold);
    out_ << label;
    style(kReset);
    auto title = glyphs(r.title.empty() ? "(untitled)" : r.title, r.title_highlights);
    breaker_.mark(title);
    const auto title_lines = wrap_glyphs(title, text_width);
    for (std::size_t k = 0; k < title_lines.size(); ++k) {
      if (k > 0) out_ << pad;
      emit(title, title_lines[k].first, title_lines[k].second, kBold);
      out_ << '\n';
    }
    if (title_lines.empty()) out_ << '\n';
    out_ << pad;
    where(r);
    out_ << '\n';

    auto text = glyphs(r.text, r.highlights);
    // Trim to max_lines; word wrapping loses a little of each line, and a
    // heading or the short lines of a list or a poem keep lines of their own
    // (see glyphs()), so the budget shrinks until the wrapped text fits.
    unsigned budget = o_.max_lines * text_width;
    auto shown = trim_around_hits(text, budget, breaker_);
    auto lines = wrap_glyphs(shown, text_width);
    for (int tries = 0; lines.size() > o_.max_lines && tries < 24; ++tries) {
      budget -= budget / 8;
      shown = trim_around_hits(text, budget, breaker_);
      lines = wrap_glyphs(shown, text_width);
    }
    for (const auto& [b, e] : lines) {
      out_ << pad;
      emit(shown, b, e, "");
      out_ << '\n';
    }
    out_ << '\n';
  }

  // One line: rank, title, date, path:line and how many more passages
  // match. The title keeps at least 20 columns and the path (the way to the
  // article) at least 16; to make room on a narrow terminal the count of
  // more passages goes first, then the time of day of the date, then the
  // date. A long path then loses its left end, then the title is cut, so
  // that a cut line fills the width exactly and never wraps.
  void article_line(const Result& r) {
    const std::string label = std::to_string(r.rank) + ". ";
    // The label is ASCII; display_width() would not count its trailing space.
    const auto label_w = static_cast<unsigned>(label.size());
    const unsigned avail = o_.width > label_w ? o_.width - label_w : 1;
    auto title = glyphs(r.title.empty() ? "(untitled)" : r.title, r.title_highlights);
    std::string date = r.date.empty() ? "" : terminal_safe(r.date);
    std::string more;
    if (r.more_passages > 0) more.append("(+").append(std::to_string(r.more_passages)).append(")");
    std::string line(":");
    line.append(line_of(r));
    auto path = glyphs(shown_path(r));
    auto fixed_w = [&] {
      return (date.empty() ? 0 : display_width(date) + 2) +
             (more.empty() ? 0 : display_width(more) + 2) + display_width(line) + 2;
    };
    const unsigned title_w = columns(title);
    const unsigned want = std::min(title_w, 20u) + std::min(columns(path), 16u);
    if (avail < fixed_w() + want) more.clear();
    if (avail < fixed_w() + want && date.size() > 10 && date[10] == 'T') date.resize(10);
    if (avail < fixed_w() + want) date.clear();
    const unsigned fixed = fixed_w();
    unsigned path_room =
        avail > fixed + std::min(title_w, 20u) ? avail - fixed - std::min(title_w, 20u) : 0;
    bool path_cut = false;
    if (columns(path) > path_room) {
      // Keep the end of the path (the file name), marked with an ellipsis.
      std::size_t start = path.size();
      unsigned used = 1;
      while (start > 0 && used + path[start - 1].width <= path_room)
        used += path[--start].width;
      path.erase(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(start));
      path_cut = true;
    }
    const unsigned path_w = columns(path) + (path_cut ? 1 : 0);
    const unsigned title_room = avail > fixed + path_w ? avail - fixed - path_w : 1;
    std::size_t end = title.size();
    bool cut = false;
    unsigned used = 0;
    for (std::size_t i = 0; i < title.size(); ++i) {
      if (used + title[i].width + (i + 1 < title.size() ? 1 : 0) > title_room) {
        end = i;
        cut = true;
        break;
      }
      used += title[i].width;
    }
    // A cut title ends in a word and the ellipsis, not in a space.
    while (cut && end > 0 && title[end - 1].space)
      used -= title[--end].width;
    // A wide character that did not fit, or a space dropped, leaves columns
    // over: the gap after the title takes them, so that a cut line still
    // ends at the margin.
    const unsigned slack = cut && used + 1 < title_room ? title_room - used - 1 : 0;
    style(kBold);
    out_ << label;
    style(kReset);
    emit(title, 0, end, kBold);
    if (cut) out_ << "\xE2\x80\xA6";
    out_ << std::string(2 + slack, ' ');
    if (!date.empty()) {
      style(kDate);
      out_ << date;
      style(kReset);
      out_ << "  ";
    }
    const std::string link = link_start(r);
    out_ << link;
    style(kPath);
    if (path_cut) out_ << "\xE2\x80\xA6";
    emit(path, 0, path.size(), kPath);
    style(kReset);
    out_ << ':';
    style(kLine);
    out_ << line_of(r);
    style(kReset);
    link_end(link);
    if (!more.empty()) {
      out_ << "  ";
      style(kDim);
      out_ << more;
      style(kReset);
    }
    out_ << '\n';
  }

  std::ostream& out_;
  PrintOptions o_;
  LineBreaker breaker_;  // One per printer: ICU's iterator is costly to create.
  std::string buffer_;   // emit()'s line, kept to reuse its memory.
};

}  // namespace

std::unique_ptr<Printer> make_printer(std::ostream& out, const PrintOptions& options) {
  switch (options.format) {
    case Format::json:
      return std::make_unique<JsonPrinter>(out, options);
    case Format::jsonl:
      return std::make_unique<JsonlPrinter>(out);
    case Format::tsv:
      return std::make_unique<TsvPrinter>(out);
    case Format::trec:
      return std::make_unique<TrecPrinter>(out, options);
    case Format::files:
      return std::make_unique<FilesPrinter>(out, options);
    case Format::count:
      return std::make_unique<CountPrinter>(out, options);
    case Format::terminal:
      break;
  }
  return std::make_unique<TerminalPrinter>(out, options);
}

bool parse_format(std::string_view name, Format& format) {
  if (name == "terminal" || name == "text")
    format = Format::terminal;
  else if (name == "json")
    format = Format::json;
  else if (name == "jsonl")
    format = Format::jsonl;
  else if (name == "tsv")
    format = Format::tsv;
  else if (name == "trec")
    format = Format::trec;
  else
    return false;
  return true;
}

std::string file_uri(std::string_view host, std::string_view path, std::uint64_t line) {
  // Only RFC 3986's unreserved characters (and the path's slashes) stay as
  // they are: a terminal or the program it hands the URI to then reads the
  // same bytes back, and nothing in a file name can end the OSC 8 sequence.
  auto encode = [](std::string& out, std::string_view bytes, bool slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : bytes) {
      const auto u = static_cast<unsigned char>(c);
      if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
          c == '.' || c == '_' || c == '~' || (slash && c == '/')) {
        out += c;
      } else {
        out += '%';
        out += kHex[u >> 4];
        out += kHex[u & 0xF];
      }
    }
  };
  std::string uri = "file://";
  encode(uri, host, false);
  encode(uri, path, true);
  if (line > 0) uri.append("#").append(std::to_string(line));
  return uri;
}

std::string trec_docid(const Result& r, bool articles) {
  if (articles) return trec_field(r.article_id);
  return trec_field(r.article_id + "#" + std::to_string(r.passage));
}

void print_explain(std::ostream& out, const Response& r, bool color) {
  auto label = [&](std::string_view l) {
    if (color) out << kDim;
    out << l;
    if (color) out << kReset;
  };
  label("query      ");
  out << terminal_safe(r.query) << '\n';
  label("parsed     ");
  out << terminal_safe(r.parsed) << '\n';
  label("stemming   ");
  for (std::size_t i = 0; i < r.explain.languages.size(); ++i)
    out << (i ? " " : "") << terminal_safe(r.explain.languages[i]);
  out << '\n';
  for (const auto& l : r.explain.leaves) {
    label("word       ");
    out << terminal_safe(l.leaf);
    if (!l.tokens.empty()) out << "  ->  " << terminal_safe(l.tokens);
    out << "  ->  ";
    if (l.terms.empty()) out << "(no terms)";
    for (std::size_t i = 0; i < l.terms.size(); ++i)
      out << (i ? " " : "") << terminal_safe(l.terms[i]);
    out << '\n';
  }
  label("xapian     ");
  out << terminal_safe(r.explain.xapian) << '\n';
  for (const auto& w : r.warnings) {
    label("note       ");
    out << terminal_safe(w) << '\n';
  }
  out << '\n';
}

}  // namespace lede::output
