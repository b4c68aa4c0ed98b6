// Fuzz target: bytes of unknown encoding to UTF-8 (BOMs, repair, uchardet
// and ICU converters, declared charsets) and the map back to source bytes.
#include "core/ingest/decode.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/ingest/formats.h"
#include "core/util/utf8.h"
#include "fuzz/fuzz.h"

namespace {

// What an HTML page may declare: real charsets, aliases and nonsense.
constexpr std::array<std::string_view, 10> kDeclared = {
    "",       "windows-1251", "koi8-r",  "iso-8859-1",        "utf-8",
    "utf-16", "shift_jis",    "gb18030", "x-no-such-charset", "utf-32be"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lede::fuzz::Bytes input(data, size);
  const std::string_view declared = kDeclared[input.byte() % kDeclared.size()];
  const std::string_view bytes = input.rest();

  (void)lede::ingest::looks_binary(bytes);
  (void)lede::ingest::looks_like_html(bytes);
  (void)lede::ingest::html_declared_charset(bytes);

  const lede::ingest::Decoded decoded = lede::ingest::decode(bytes, declared);
  lede::fuzz::check(lede::is_valid_utf8(decoded.text), "decoded text is not UTF-8");
  lede::fuzz::check(decoded.text.find('\r') == std::string::npos, "a CR left in decoded text");
  lede::fuzz::check(decoded.start <= bytes.size(), "a BOM longer than the input");

  // Every line start, as passages are mapped, and the end of the text.
  std::vector<std::uint64_t> offsets{0};
  for (std::size_t at = decoded.text.find('\n'); at != std::string::npos;
       at = decoded.text.find('\n', at + 1)) {
    offsets.push_back(at + 1);
  }
  offsets.push_back(decoded.text.size());
  lede::ingest::source_offsets(bytes, decoded, offsets);
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    lede::fuzz::check(offsets[k] <= bytes.size(), "a source offset past the input");
    lede::fuzz::check(k == 0 || offsets[k - 1] <= offsets[k], "source offsets out of order");
  }
  lede::fuzz::check(offsets.back() == bytes.size(), "the end of the text is not the input's end");
  return 0;
}
