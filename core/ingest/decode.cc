#include "core/ingest/decode.h"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "core/util/error.h"
#include "core/util/utf8.h"

namespace lede::ingest {
namespace {

constexpr std::size_t kSniffBytes = 8192;

struct ConverterCloser {
  void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(uchardet_t detector) const noexcept { uchardet_delete(detector); }
};

ConverterPtr open_converter(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) return nullptr;
  return converter;
}

/// Receives decoded output as verbatim runs of source bytes or as
/// replacement text standing for source bytes from a given offset on.
/// TextSink builds the text; OffsetSink answers where text offsets came from.
struct TextSink {
  std::string& text;
  void run(std::string_view source, std::size_t begin, std::size_t end) {
    text.append(source.substr(begin, end - begin));
  }
  void replace(std::size_t /*source_begin*/, std::string_view out) { text.append(out); }
};

struct OffsetSink {
  std::span<std::uint64_t> probes;
  std::size_t next = 0;      // first probe not yet answered
  std::size_t position = 0;  // text offset of the next output byte

  void run(std::string_view /*source*/, std::size_t begin, std::size_t end) {
    const std::size_t length = end - begin;
    while (next < probes.size() && probes[next] < position + length) {
      probes[next] = begin + (probes[next] - position);
      ++next;
    }
    position += length;
  }
  void replace(std::size_t source_begin, std::string_view out) {
    while (next < probes.size() && probes[next] < position + out.size()) {
      probes[next] = source_begin;
      ++next;
    }
    position += out.size();
  }
  void finish(std::size_t source_size) {
    for (; next < probes.size(); ++next)
      probes[next] = source_size;
  }
};

/// Walks UTF-8 source bytes from @p start, passing valid runs through, turning
/// CRLF and CR into LF and each ill-formed sequence into what repair_utf8()
/// makes of it.
template <typename Sink>
void walk_utf8(std::string_view source, std::size_t start, Sink& sink) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(source.data());
  const std::size_t n = source.size();
  std::size_t run_begin = start;
  std::size_t i = start;
  while (i < n) {
    const std::uint8_t b = s[i];
    if (b < 0x80 && b != '\r') {
      ++i;
      continue;
    }
    if (b == '\r') {
      sink.run(source, run_begin, i);
      if (i + 1 < n && s[i + 1] == '\n') {
        sink.replace(i, "\n");
        i += 2;
      } else {
        sink.replace(i, "\n");
        ++i;
      }
      run_begin = i;
      continue;
    }
    const auto window = static_cast<std::int32_t>(std::min<std::size_t>(n - i, 4));
    std::int32_t j = 0;
    UChar32 c = 0;
    U8_NEXT(s + i, j, window, c);
    if (c >= 0) {
      i += static_cast<std::size_t>(j);
      continue;
    }
    sink.run(source, run_begin, i);
    const std::size_t bad = i;
    i += static_cast<std::size_t>(j);
    sink.replace(bad, repair_utf8(source.substr(bad, i - bad)));
    run_begin = i;
  }
  sink.run(source, run_begin, n);
}

/// Converts @p source from @p start with the ICU converter @p name, passing
/// each code point on with the source offset it came from.
template <typename Sink>
void walk_converted(std::string_view source, std::size_t start, const std::string& name,
                    Sink& sink) {
  ConverterPtr converter = open_converter(name);
  if (!converter) throw Error(ErrorKind::internal, "ICU cannot open converter " + name);
  constexpr std::size_t kChunk = 8192;
  std::array<UChar, kChunk> units{};
  std::array<std::int32_t, kChunk> offsets{};
  const char* cursor = source.data() + start;
  const char* const limit = source.data() + source.size();
  std::size_t last_offset = start;  // for units converted from a previous call's bytes
  UChar lead = 0;                   // a lead surrogate waiting for its trail
  std::size_t lead_offset = 0;
  bool pending_cr = false;
  std::size_t cr_offset = 0;

  auto emit = [&](UChar32 c, std::size_t offset) {
    if (pending_cr) {
      pending_cr = false;
      sink.replace(cr_offset, "\n");
      if (c == '\n') return;  // CRLF is one line end
    }
    if (c == '\r') {
      pending_cr = true;
      cr_offset = offset;
      return;
    }
    char buffer[4];
    std::int32_t length = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), length, 4, c, error);
    if (error) {
      sink.replace(offset, "\xEF\xBF\xBD");
    } else {
      sink.replace(offset, std::string_view(buffer, static_cast<std::size_t>(length)));
    }
  };

  bool done = false;
  while (!done) {
    UErrorCode status = U_ZERO_ERROR;
    const std::size_t call_base = static_cast<std::size_t>(cursor - source.data());
    UChar* target = units.data();
    ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &cursor, limit,
                   offsets.data(), true, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      status = U_ZERO_ERROR;
    } else if (U_FAILURE(status)) {
      throw Error(ErrorKind::internal,
                  std::string("ICU conversion from ") + name + " failed: " + u_errorName(status));
    } else {
      done = true;
    }
    const auto produced = static_cast<std::size_t>(target - units.data());
    for (std::size_t k = 0; k < produced; ++k) {
      const std::size_t offset =
          offsets[k] >= 0 ? call_base + static_cast<std::size_t>(offsets[k]) : last_offset;
      last_offset = offset;
      const UChar unit = units[k];
      if (lead != 0) {
        const UChar pending = lead;
        lead = 0;
        if (U16_IS_TRAIL(unit)) {
          emit(U16_GET_SUPPLEMENTARY(pending, unit), lead_offset);
          continue;
        }
        emit(0xFFFD, lead_offset);
      }
      if (U16_IS_LEAD(unit)) {
        lead = unit;
        lead_offset = offset;
      } else if (U16_IS_TRAIL(unit)) {
        emit(0xFFFD, offset);
      } else {
        emit(unit, offset);
      }
    }
  }
  if (lead != 0) emit(0xFFFD, lead_offset);
  if (pending_cr) sink.replace(cr_offset, "\n");
}

struct Utf8Stats {
  std::size_t valid_multibyte = 0;  // well-formed sequences of two to four bytes
  std::size_t invalid = 0;          // ill-formed sequences (maximal subparts)
};

Utf8Stats utf8_stats(std::string_view bytes, std::size_t start) {
  Utf8Stats stats;
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::size_t i = start;
  while (i < bytes.size()) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const auto window = static_cast<std::int32_t>(std::min<std::size_t>(bytes.size() - i, 4));
    std::int32_t j = 0;
    UChar32 c = 0;
    U8_NEXT(s + i, j, window, c);
    if (c < 0) {
      ++stats.invalid;
    } else {
      ++stats.valid_multibyte;
    }
    i += static_cast<std::size_t>(j);
  }
  return stats;
}

std::string detect_charset(std::string_view bytes) {
  std::unique_ptr<struct uchardet, DetectorCloser> detector(uchardet_new());
  if (!detector) return {};
  // uchardet decides from the first megabyte as well as from the whole.
  const std::size_t length = std::min<std::size_t>(bytes.size(), std::size_t{1} << 20);
  if (uchardet_handle_data(detector.get(), bytes.data(), length) != 0) return {};
  uchardet_data_end(detector.get());
  const char* charset = uchardet_get_charset(detector.get());
  return charset ? std::string(charset) : std::string();
}

bool has_c1_bytes(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char ch) {
    const auto b = static_cast<unsigned char>(ch);
    return b >= 0x80 && b <= 0x9F;
  });
}

std::string standard_name(const UConverter* converter, const std::string& fallback) {
  UErrorCode status = U_ZERO_ERROR;
  const char* internal = ucnv_getName(converter, &status);
  if (U_FAILURE(status) || internal == nullptr) return fallback;
  // The MIME name is the one people know ("ISO-8859-1", "KOI8-R"); IANA's
  // preferred name covers the rest ("windows-1251").
  for (const char* standard : {"MIME", "IANA"}) {
    status = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal, standard, &status);
    if (U_SUCCESS(status) && name != nullptr) return name;
  }
  return fallback;
}

bool is_utf8_name(std::string_view name) {
  std::string lower;
  for (const char ch : name) {
    if (ch != '-' && ch != '_')
      lower.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
  }
  return lower == "utf8" || lower == "ascii" || lower == "usascii";
}

Decoded decode_utf8(std::string_view bytes, std::size_t start, std::string encoding) {
  Decoded decoded;
  decoded.start = start;
  decoded.encoding = std::move(encoding);
  decoded.text.reserve(bytes.size() - start);
  TextSink sink{decoded.text};
  walk_utf8(bytes, start, sink);
  decoded.identity = decoded.text.size() == bytes.size() - start &&
                     std::memchr(bytes.data() + start, '\r', bytes.size() - start) == nullptr &&
                     is_valid_utf8(bytes.substr(start));
  return decoded;
}

Decoded decode_with(std::string_view bytes, std::size_t start, const std::string& converter,
                    std::string encoding) {
  Decoded decoded;
  decoded.start = start;
  decoded.encoding = std::move(encoding);
  decoded.identity = false;
  decoded.converter = converter;
  decoded.text.reserve(bytes.size() - start + bytes.size() / 2);
  TextSink sink{decoded.text};
  walk_converted(bytes, start, converter, sink);
  return decoded;
}

}  // namespace

bool looks_binary(std::string_view bytes) noexcept {
  const std::string_view head = bytes.substr(0, kSniffBytes);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF") ||
      head.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) {
    return false;
  }
  std::size_t controls = 0;
  for (const char ch : head) {
    const auto b = static_cast<unsigned char>(ch);
    if (b == 0) return true;
    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1B) {
      ++controls;
    }
  }
  return controls * 10 > head.size();
}

Decoded decode(std::string_view bytes, std::string_view declared_charset) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    const bool valid = is_valid_utf8(bytes.substr(3));
    return decode_utf8(bytes, 3, valid ? "UTF-8" : "UTF-8 (repaired)");
  }
  if (bytes.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) {
    return decode_with(bytes, 4, "UTF-32LE", "UTF-32LE");
  }
  if (bytes.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) {
    return decode_with(bytes, 4, "UTF-32BE", "UTF-32BE");
  }
  if (bytes.starts_with("\xFF\xFE")) return decode_with(bytes, 2, "UTF-16LE", "UTF-16LE");
  if (bytes.starts_with("\xFE\xFF")) return decode_with(bytes, 2, "UTF-16BE", "UTF-16BE");

  if (is_valid_utf8(bytes)) return decode_utf8(bytes, 0, "UTF-8");
  // Mostly valid UTF-8 is UTF-8 with some damage: legacy single-byte text
  // almost never forms well-formed multi-byte sequences by chance (Cyrillic
  // or accented letters are followed by ASCII or by other letters, not by
  // continuation bytes), so text with more good sequences than bad ones was
  // written as UTF-8.
  const Utf8Stats stats = utf8_stats(bytes, 0);
  if (stats.valid_multibyte > stats.invalid) {
    return decode_utf8(bytes, 0, "UTF-8 (repaired)");
  }

  std::string charset(declared_charset);
  if (charset.empty() || is_utf8_name(charset) || !open_converter(charset)) {
    charset = detect_charset(bytes);
  }
  if (charset.empty() || is_utf8_name(charset)) return decode_utf8(bytes, 0, "UTF-8 (repaired)");
  // Browsers read ISO-8859-1 as windows-1252, which gives the C1 bytes their
  // curly quotes and dashes instead of invisible controls.
  std::string lower;
  for (const char ch : charset)
    lower.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
  if ((lower == "iso-8859-1" || lower == "latin1") && has_c1_bytes(bytes)) charset = "windows-1252";
  ConverterPtr converter = open_converter(charset);
  if (!converter) return decode_utf8(bytes, 0, "UTF-8 (repaired)");
  std::string name = standard_name(converter.get(), charset);
  return decode_with(bytes, 0, charset, std::move(name));
}

void source_offsets(std::string_view bytes, const Decoded& decoded,
                    std::span<std::uint64_t> offsets) {
  if (decoded.identity) {
    for (auto& offset : offsets)
      offset += decoded.start;
    return;
  }
  OffsetSink sink{offsets};
  if (decoded.converter.empty()) {
    walk_utf8(bytes, decoded.start, sink);
  } else {
    walk_converted(bytes, decoded.start, decoded.converter, sink);
  }
  sink.finish(bytes.size());
}

}  // namespace lede::ingest
