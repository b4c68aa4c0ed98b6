#include "core/ingest/passages.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <string>
#include <unordered_set>

#include "core/ingest/text.h"
#include "core/util/error.h"

namespace lede::ingest {
namespace {

struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;
};

bool is_list_item(std::string_view line) {
  const std::string_view t = trim(line);
  for (const std::string_view bullet :
       {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x97\xA6", "\xE2\x80\xA3", "- ", "* ",
        "+ ", "\xE2\x80\x93 ", "\xE2\x80\x94 "}) {
    if (t.starts_with(bullet)) return true;
  }
  std::size_t digits = 0;
  while (digits < t.size() && digits < 3 && t[digits] >= '0' && t[digits] <= '9')
    ++digits;
  return digits > 0 && digits + 1 < t.size() && (t[digits] == '.' || t[digits] == ')') &&
         t[digits + 1] == ' ';
}

/// Adds the paragraph [begin, end) of @p text, trimmed, unless it is blank.
void add_para(std::string_view text, std::size_t begin, std::size_t end, std::vector<Para>& out) {
  const std::string_view raw = text.substr(begin, end - begin);
  const std::string_view trimmed = trim(raw);
  if (trimmed.empty()) return;
  const auto offset = static_cast<std::size_t>(trimmed.data() - text.data());
  out.push_back(Para{offset, offset + trimmed.size(), Role::body});
}

void split_block(std::string_view text, const std::vector<Line>& block,
                 const std::function<bool(std::string_view)>& stands_alone,
                 std::vector<Para>& out) {
  if (block.size() == 1) {
    add_para(text, block.front().begin, block.front().end, out);
    return;
  }
  bool list = true;
  bool any_long = false;
  bool all_short = true;
  bool any_alone = false;
  for (std::size_t i = 0; i < block.size(); ++i) {
    const std::string_view line = text.substr(block[i].begin, block[i].end - block[i].begin);
    const std::size_t length = count_code_points(trim(line));
    // A list may be introduced by a line of its own ("Priorities:").
    if (i > 0 && !is_list_item(line)) list = false;
    if (length > 100) any_long = true;
    if (length > 50) all_short = false;
    if (!any_alone && length <= 160 && stands_alone(line)) any_alone = true;
  }
  if (list && is_list_item(text.substr(block[1].begin, block[1].end - block[1].begin))) {
    add_para(text, block.front().begin, block.back().end, out);
    return;
  }
  if (any_long || all_short || any_alone) {
    for (const Line& line : block)
      add_para(text, line.begin, line.end, out);
    return;
  }
  add_para(text, block.front().begin, block.back().end, out);
}

/// Offsets where a passage may be cut inside [begin, end): sentence starts
/// and line starts.
std::vector<std::size_t> cut_points(std::string_view text, std::size_t begin, std::size_t end,
                                    SentenceBreaker& breaker) {
  std::vector<std::size_t> points;
  for (const std::size_t b : breaker.boundaries(text.substr(begin, end - begin))) {
    points.push_back(begin + b);
  }
  for (std::size_t i = begin; i < end; ++i) {
    if (text[i] == '\n' && i + 1 < end) points.push_back(i + 1);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

/// A cut for a piece starting at @p start when no sentence or line boundary
/// fits: the last space before the target, else a code point boundary.
std::size_t fallback_cut(std::string_view text, std::size_t start, std::size_t end,
                         std::size_t target) {
  const std::size_t limit = std::min(end, start + target);
  for (std::size_t i = limit; i > start + target / 2; --i) {
    if (text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\t') return i;
  }
  const std::size_t cut = floor_boundary(text, limit);
  return cut > start ? cut : std::min(end, start + 4);
}

void push_trimmed(std::string_view text, std::size_t begin, std::size_t end,
                  std::vector<Span>& out) {
  const std::string_view trimmed = trim(text.substr(begin, end - begin));
  if (trimmed.empty()) return;
  const auto offset = static_cast<std::size_t>(trimmed.data() - text.data());
  out.push_back(Span{offset, offset + trimmed.size()});
}

void cut(std::string_view text, Span span, std::size_t target, SentenceBreaker& breaker,
         std::vector<Span>& out) {
  const std::size_t limit = target + target * 3 / 5;  // 1.6 x target
  if (span.end - span.begin <= limit) {
    out.push_back(span);
    return;
  }
  const std::vector<std::size_t> points = cut_points(text, span.begin, span.end, breaker);
  std::size_t start = span.begin;
  auto next = points.begin();
  while (span.end - start > limit) {
    next = std::upper_bound(next, points.end(), start);
    // Of the boundaries that keep the piece within the limit, take the one
    // nearest the target.
    std::size_t best = 0;
    std::size_t best_distance = SIZE_MAX;
    for (auto it = next; it != points.end() && *it - start <= limit; ++it) {
      const std::size_t length = *it - start;
      const std::size_t distance = length > target ? length - target : target - length;
      if (distance < best_distance) {
        best = *it;
        best_distance = distance;
      }
    }
    if (best == 0) best = fallback_cut(text, start, span.end, target);
    push_trimmed(text, start, best, out);
    start = best;
  }
  push_trimmed(text, start, span.end, out);
}

}  // namespace

std::vector<Para> split_paragraphs(std::string_view text,
                                   const std::function<bool(std::string_view)>& stands_alone) {
  std::vector<Para> paras;
  std::vector<Line> block;
  std::size_t position = 0;
  while (position <= text.size()) {
    const std::size_t newline = text.find('\n', position);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    const std::string_view line = text.substr(position, end - position);
    if (is_blank(line)) {
      if (!block.empty()) split_block(text, block, stands_alone, paras);
      block.clear();
    } else {
      block.push_back(Line{position, end});
    }
    if (newline == std::string_view::npos) break;
    position = newline + 1;
  }
  if (!block.empty()) split_block(text, block, stands_alone, paras);
  return paras;
}

struct SentenceBreaker::Impl {
  std::unique_ptr<icu::BreakIterator> iterator;
};

SentenceBreaker::SentenceBreaker() : impl_(std::make_unique<Impl>()) {}
SentenceBreaker::~SentenceBreaker() = default;
SentenceBreaker::SentenceBreaker(SentenceBreaker&&) noexcept = default;
SentenceBreaker& SentenceBreaker::operator=(SentenceBreaker&&) noexcept = default;

namespace {

/// The sentence iterator every SentenceBreaker clones. Building it with its
/// abbreviation filter takes some 100 us, more than reading a short article
/// does, so it is built once per process, never changed after, and cloned
/// (a cheap copy that shares ICU's immutable rule data; ICU's const methods
/// may run concurrently) by each input that needs one.
const icu::BreakIterator* sentence_prototype() {
  static const std::unique_ptr<const icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    // "ss=standard" suppresses breaks after common English abbreviations
    // ("U.S. officials", "Mr. Putin"); other languages are unaffected.
    std::unique_ptr<icu::BreakIterator> iterator(
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status)) iterator.reset();
    return std::unique_ptr<const icu::BreakIterator>(std::move(iterator));
  }();
  return prototype.get();
}

}  // namespace

std::vector<std::size_t> SentenceBreaker::boundaries(std::string_view text) {
  std::vector<std::size_t> result;
  if (text.empty() || text.size() > static_cast<std::size_t>(INT32_MAX)) return result;
  if (!impl_->iterator) {
    const icu::BreakIterator* prototype = sentence_prototype();
    if (prototype != nullptr) impl_->iterator.reset(prototype->clone());
    if (!impl_->iterator) {
      throw Error(ErrorKind::internal, "ICU cannot create a sentence break iterator");
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return result;
  impl_->iterator->setText(utext, status);
  if (U_SUCCESS(status)) {
    for (int32_t b = impl_->iterator->next(); b != icu::BreakIterator::DONE;
         b = impl_->iterator->next()) {
      if (static_cast<std::size_t>(b) < text.size()) result.push_back(static_cast<std::size_t>(b));
    }
  }
  // The iterator keeps only a shallow clone that refers to the caller's bytes;
  // it is pointed at new text before it is used again.
  utext_close(utext);
  return result;
}

std::vector<Span> build_passages(std::string_view text, const std::vector<Para>& paras,
                                 std::size_t target, SentenceBreaker& breaker,
                                 std::vector<std::size_t>* repeats) {
  target = std::max<std::size_t>(target, 16);
  // Keep each paragraph's first occurrence only.
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < paras.size(); ++i) {
    if (!is_dropped(paras[i].role)) kept.push_back(i);
  }
  if (kept.size() > 1) {
    std::unordered_set<std::uint64_t> seen;
    std::erase_if(kept, [&](std::size_t i) {
      const bool repeat =
          !seen.insert(key_hash(text.substr(paras[i].begin, paras[i].end - paras[i].begin))).second;
      if (repeat && repeats != nullptr) repeats->push_back(i);
      return repeat;
    });
  }

  // Group adjacent paragraphs: headings and lead-ins open a group that the
  // next paragraph closes; fragments join the group before them.
  std::vector<Span> groups;
  std::size_t last = SIZE_MAX;  // index into paras of the last grouped paragraph
  bool open = false;            // the last group waits for the paragraph it introduces
  for (const std::size_t i : kept) {
    const Para& para = paras[i];
    const bool adjacent = last != SIZE_MAX && last + 1 == i;
    const bool introduces = para.role == Role::heading || para.role == Role::lead_in;
    if (adjacent && (open || (para.role == Role::fragment && !groups.empty()))) {
      groups.back().end = para.end;
    } else {
      groups.push_back(Span{para.begin, para.end});
    }
    open = introduces;
    last = i;
  }

  std::vector<Span> passages;
  for (const Span& group : groups)
    cut(text, group, target, breaker, passages);
  return passages;
}

}  // namespace lede::ingest
