#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/ingest/dates.h"
#include "core/ingest/formats.h"
#include "core/ingest/language.h"
#include "core/ingest/text.h"
#include "core/util/error.h"

namespace lede::ingest {
namespace {

struct OutputDeleter {
  void operator()(GumboOutput* output) const noexcept {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

std::string_view attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* found = gumbo_get_attribute(&element.attributes, name);
  return found && found->value ? std::string_view(found->value) : std::string_view();
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool is_skipped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

/// True when an id or class marks page furniture rather than article text.
bool is_furniture(std::string_view names) {
  if (names.empty()) return false;
  const std::string lower = ascii_lower(names);
  // The brief of every extractor: comment sections, in any spelling.
  if (lower.find("comment") != std::string::npos || lower.find("disqus") != std::string::npos) {
    return true;
  }
  static constexpr std::string_view kTokens[] = {
      "share",        "sharing",    "social",   "related",    "newsletter",  "subscribe",
      "subscription", "advert",     "ad",       "ads",        "promo",       "cookie",
      "cookies",      "sidebar",    "menu",     "breadcrumb", "breadcrumbs", "nav",
      "navbar",       "navigation", "masthead", "popup",      "modal",       "footer"};
  // Compare whole tokens of the names ("share-buttons" has "share"; "shared-text" has not).
  std::size_t start = 0;
  while (start <= lower.size()) {
    std::size_t end = lower.find_first_of(" -_\t\n", start);
    if (end == std::string::npos) end = lower.size();
    const std::string_view token = std::string_view(lower).substr(start, end - start);
    if (std::find(std::begin(kTokens), std::end(kTokens), token) != std::end(kTokens)) return true;
    start = end + 1;
  }
  return false;
}

bool is_hidden(const GumboElement& element) {
  if (gumbo_get_attribute(&element.attributes, "hidden") != nullptr) return true;
  if (attribute(element, "aria-hidden") == "true") return true;
  const std::string role = ascii_lower(attribute(element, "role"));
  return role == "navigation" || role == "contentinfo" || role == "complementary" ||
         role == "search" || role == "banner";
}

/// Collects the body text: blocks become paragraph breaks, <br> a line break.
class TextCollector {
 public:
  void text(std::string_view content, std::uint32_t line, bool preformatted) {
    for (const char ch : content) {
      // Count the source lines a text node spans, so that a passage's last
      // line is where its text ends.
      if (ch == '\n') ++line;
      const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
      if (space && !preformatted) {
        pending_space_ = true;
        continue;
      }
      if (ch == '\r') continue;
      if (ch == '\n') {
        newline();
        continue;
      }
      flush(line);
      out_.text.push_back(ch);
    }
  }
  void newline() {
    pending_break_ = std::max(pending_break_, 1);
    pending_space_ = false;
  }
  void paragraph() {
    pending_break_ = 2;
    pending_space_ = false;
  }
  void bullet(std::uint32_t line) {
    newline();
    flush(line);
    out_.text.append("\xE2\x80\xA2 ");  // "• ", so that a list reads as one
  }
  HtmlText& result() { return out_; }

 private:
  void flush(std::uint32_t line) {
    if (!out_.text.empty()) {
      if (pending_break_ > 0) {
        while (!out_.text.empty() && out_.text.back() == ' ')
          out_.text.pop_back();
        out_.text.append(static_cast<std::size_t>(pending_break_), '\n');
      } else if (pending_space_ && out_.text.back() != '\n' && out_.text.back() != ' ') {
        out_.text.push_back(' ');
      }
    }
    if (pending_break_ > 0 || out_.lines.empty() || out_.lines.back().second != line) {
      out_.lines.emplace_back(out_.text.size(), line);
    }
    pending_break_ = 0;
    pending_space_ = false;
  }

  HtmlText out_;
  int pending_break_ = 0;
  bool pending_space_ = false;
};

std::string node_text(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_WHITESPACE ||
        current->type == GUMBO_NODE_CDATA) {
      out.append(current->v.text.text);
    } else if (current->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& children = current->v.element.children;
      for (unsigned i = children.length; i-- > 0;) {
        stack.push_back(static_cast<const GumboNode*>(children.data[i]));
      }
    }
  }
  std::string collapsed;
  bool space = false;
  for (const char ch : trim(out)) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = true;
      continue;
    }
    if (space) collapsed.push_back(' ');
    space = false;
    collapsed.push_back(ch);
  }
  return collapsed;
}

struct HeadFacts {
  std::string og_title, title, h1, date, time_date, author, url, canonical, site_name;
};

void read_meta(const GumboElement& element, HeadFacts& facts) {
  const std::string key =
      ascii_lower(!attribute(element, "property").empty() ? attribute(element, "property")
                  : !attribute(element, "name").empty()   ? attribute(element, "name")
                                                          : attribute(element, "itemprop"));
  const std::string content(trim(attribute(element, "content")));
  if (content.empty()) return;
  if (key == "og:title" && facts.og_title.empty()) {
    facts.og_title = content;
  } else if ((key == "article:published_time" || key == "date" || key == "pubdate" ||
              key == "publishdate" || key == "dc.date" || key == "dc.date.issued" ||
              key == "dcterms.date" || key == "dcterms.created" || key == "datepublished" ||
              key == "citation_publication_date" || key == "sailthru.date") &&
             facts.date.empty()) {
    if (const auto date = find_date(content)) facts.date = date->iso;
  } else if ((key == "author" || key == "article:author" || key == "dc.creator") &&
             facts.author.empty() && content.find("://") == std::string::npos) {
    facts.author = content;
  } else if (key == "og:url" && facts.url.empty()) {
    facts.url = content;
  } else if (key == "og:site_name" && facts.site_name.empty()) {
    facts.site_name = content;
  }
}

/// The first position from @p from where @p needle (lowercase ASCII) occurs
/// in @p hay, ignoring ASCII case; npos when it does not.
std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() &&
           static_cast<char>(std::tolower(static_cast<unsigned char>(hay[i + k]))) == needle[k]) {
      ++k;
    }
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

/// Tags after which no closing tag is needed or allowed.
bool closes_itself(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base",  "br",     "col",    "embed",    "hr",    "img",     "input", "link",
      "meta", "param", "source", "track",  "wbr",      "p",     "li",      "dt",    "dd",
      "tr",   "td",    "th",     "option", "optgroup", "thead", "tbody",   "tfoot", "colgroup",
      "rb",   "rt",    "rp",     "html",   "head",     "body",  "!doctype"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

/// The deepest nesting of elements the markup asks for, estimated from tags
/// alone. Gumbo's tree building takes time quadratic in the depth (200,000
/// nested divs take minutes), so a page past a sane depth is not given to it.
std::size_t nesting_depth(std::string_view html) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t start = i + (closing ? 2 : 1);
    std::size_t end = start;
    while (end < html.size() &&
           (std::isalnum(static_cast<unsigned char>(html[end])) || html[end] == '!')) {
      ++end;
    }
    const std::size_t close = html.find('>', end);
    if (close == std::string_view::npos) break;
    const std::string name = ascii_lower(html.substr(start, end - start));
    i = close + 1;
    if (name.empty() || closes_itself(name) || html[close - 1] == '/') continue;
    if (closing) {
      if (depth > 0) --depth;
    } else {
      deepest = std::max(deepest, ++depth);
      if (name == "script" || name == "style") {
        // Their content is not markup.
        const std::size_t stop = find_ci(html, "</" + name, i);
        if (stop == std::string_view::npos) break;
        i = stop;
      }
    }
  }
  return deepest;
}

/// Text of markup too deeply nested for gumbo: tags removed, the common
/// entities decoded, script and style left out, tags that break lines
/// turned into line breaks.
HtmlText strip_tags(std::string_view html) {
  HtmlText out;
  out.lines.emplace_back(0, 1);
  std::uint32_t line = 1;
  std::size_t i = 0;
  while (i < html.size()) {
    const char ch = html[i];
    if (ch == '\n') ++line;
    if (ch == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      const std::string tag =
          ascii_lower(html.substr(i + 1, std::min<std::size_t>(close - i - 1, 16)));
      line += static_cast<std::uint32_t>(
          std::count(html.begin() + static_cast<std::ptrdiff_t>(i),
                     html.begin() + static_cast<std::ptrdiff_t>(close), '\n'));
      i = close + 1;
      for (const std::string_view skipped : {"script", "style"}) {
        if (tag.starts_with(skipped)) {
          const std::size_t end = find_ci(html, "</" + std::string(skipped), i);
          i = end == std::string_view::npos ? html.size() : end;
        }
      }
      for (const std::string_view block :
           {"p", "/p", "div", "/div", "br", "li", "h1", "h2", "h3", "tr"}) {
        if (tag == block || tag.starts_with(std::string(block) + " ")) {
          if (!out.text.empty() && out.text.back() != '\n') out.text.push_back('\n');
          out.lines.emplace_back(out.text.size(), line);
        }
      }
      continue;
    }
    if (ch == '&') {
      static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
          {"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
          {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xC2\xA0"}};
      bool replaced = false;
      for (const auto& [entity, text] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out.text.append(text);
          i += entity.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out.text.push_back(ch == '\r' ? '\n' : ch);
    ++i;
  }
  return out;
}

}  // namespace

HtmlText extract_html(std::string_view html) {
  if (nesting_depth(html) > 1000) return strip_tags(html);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 16;  // the error list is not used; do not let it grow
  std::unique_ptr<GumboOutput, OutputDeleter> output(
      gumbo_parse_with_options(&options, html.data(), html.size()));
  if (!output) throw Error(ErrorKind::input, "HTML parser failed");

  TextCollector collector;
  HeadFacts facts;
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    bool block;
    bool preformatted;
    bool in_article;
  };
  std::vector<Frame> stack;
  stack.push_back(Frame{output->root, 0, false, false, false});
  if (output->root->type == GUMBO_NODE_ELEMENT) {
    collector.result().language =
        normalize_language_tag(attribute(output->root->v.element, "lang"));
  }
  // The tree is walked with an explicit stack: a page of deeply nested tags
  // must not exhaust the call stack.
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboNode* node = frame.node;
    if (node->type != GUMBO_NODE_ELEMENT || frame.next_child >= node->v.element.children.length) {
      if (frame.block) collector.paragraph();
      stack.pop_back();
      continue;
    }
    const auto* child =
        static_cast<const GumboNode*>(node->v.element.children.data[frame.next_child++]);
    const bool preformatted = frame.preformatted;
    const bool in_article = frame.in_article;
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
        child->type == GUMBO_NODE_CDATA) {
      collector.text(child->v.text.text, child->v.text.start_pos.line, preformatted);
      continue;
    }
    if (child->type != GUMBO_NODE_ELEMENT) continue;  // comments, templates
    const GumboElement& element = child->v.element;
    const GumboTag tag = element.tag;
    // Metadata is read wherever it stands: some pages put it in the body.
    if (tag == GUMBO_TAG_META) {
      read_meta(element, facts);
      continue;
    }
    if (tag == GUMBO_TAG_LINK) {
      const std::string rel = ascii_lower(attribute(element, "rel"));
      if (rel == "canonical" && facts.canonical.empty())
        facts.canonical = attribute(element, "href");
      continue;
    }
    if (tag == GUMBO_TAG_TITLE) {
      if (facts.title.empty()) facts.title = node_text(child);
      continue;
    }
    if (tag == GUMBO_TAG_TIME && facts.time_date.empty()) {
      if (const auto date = find_date(attribute(element, "datetime"))) facts.time_date = date->iso;
    }
    if (tag == GUMBO_TAG_HEAD) {
      // Only metadata is wanted from the head; visit it without collecting text.
      std::vector<const GumboNode*> head{child};
      while (!head.empty()) {
        const GumboNode* h = head.back();
        head.pop_back();
        if (h->type != GUMBO_NODE_ELEMENT) continue;
        const GumboElement& e = h->v.element;
        if (e.tag == GUMBO_TAG_META) read_meta(e, facts);
        if (e.tag == GUMBO_TAG_TITLE && facts.title.empty()) facts.title = node_text(h);
        if (e.tag == GUMBO_TAG_LINK && ascii_lower(attribute(e, "rel")) == "canonical" &&
            facts.canonical.empty()) {
          facts.canonical = attribute(e, "href");
        }
        for (unsigned i = 0; i < e.children.length; ++i) {
          head.push_back(static_cast<const GumboNode*>(e.children.data[i]));
        }
      }
      continue;
    }
    if (is_skipped_tag(tag) || is_hidden(element)) continue;
    if (tag == GUMBO_TAG_HEADER && !in_article) continue;  // the site's masthead
    if (is_furniture(attribute(element, "id")) || is_furniture(attribute(element, "class"))) {
      continue;
    }
    const std::uint32_t line = element.start_pos.line;
    if (tag == GUMBO_TAG_BR) {
      collector.newline();
      continue;
    }
    if (tag == GUMBO_TAG_H1 && facts.h1.empty()) facts.h1 = node_text(child);
    if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_TR) {
      if (tag == GUMBO_TAG_LI) {
        collector.bullet(line);
      } else {
        collector.newline();
      }
      stack.push_back(Frame{child, 0, false, preformatted, in_article});
      continue;
    }
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) collector.text(" ", line, false);
    const bool block = is_block(tag);
    if (block) collector.paragraph();
    stack.push_back(Frame{child, 0, block, preformatted || tag == GUMBO_TAG_PRE,
                          in_article || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN});
  }

  HtmlText result = std::move(collector.result());
  TextMeta& meta = result.meta;
  meta.title = !facts.og_title.empty() ? facts.og_title
               : !facts.title.empty()  ? facts.title
                                       : facts.h1;
  meta.date = !facts.date.empty() ? facts.date : facts.time_date;
  meta.author = facts.author;
  meta.url = !facts.url.empty() ? facts.url : facts.canonical;
  meta.source = facts.site_name;
  return result;
}

std::string html_declared_charset(std::string_view bytes) {
  const std::string head = ascii_lower(bytes.substr(0, 4096));
  const std::size_t at = head.find("charset=");
  if (at == std::string::npos) return {};
  std::size_t start = at + 8;
  while (start < head.size() && (head[start] == '"' || head[start] == '\'' || head[start] == ' ')) {
    ++start;
  }
  std::size_t end = start;
  while (end < head.size() &&
         (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
          head[end] == '_' || head[end] == ':' || head[end] == '.')) {
    ++end;
  }
  return head.substr(start, end - start);
}

bool looks_like_html(std::string_view head) {
  std::string_view t = head.substr(0, 1024);
  if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
  while (!t.empty() &&
         (t.front() == ' ' || t.front() == '\t' || t.front() == '\n' || t.front() == '\r')) {
    t.remove_prefix(1);
  }
  if (!t.starts_with("<")) return false;
  const std::string lower = ascii_lower(t);
  for (const std::string_view marker : {"<!doctype html", "<html", "<head", "<body", "<meta ",
                                        "<title>", "<p>", "<div", "<article"}) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace lede::ingest
