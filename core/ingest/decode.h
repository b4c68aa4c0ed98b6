/// @file
/// @brief Bytes of unknown encoding to UTF-8 text, and back to byte offsets (internal).
///
/// Decoding also unifies line ends (CRLF and CR become LF) so that every later
/// stage sees one kind, while source_offsets() still finds the exact bytes of
/// the source file that a stretch of decoded text came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lede::ingest {

/// Decoded text and what is needed to map it back onto the source bytes.
struct Decoded {
  std::string text;       ///< Valid UTF-8 with LF line ends, without BOM.
  std::string encoding;   ///< "UTF-8", "UTF-8 (repaired)", "UTF-16LE", "windows-1251", ...
  std::size_t start = 0;  ///< Bytes of BOM skipped at the start of the source.
  bool identity = true;   ///< text == source.substr(start): offsets only shift.
  std::string converter;  ///< ICU converter used, empty for UTF-8 sources.
};

/// True for content that is not text: NUL bytes in the first 8 KB (unless
/// the data starts with a UTF-16 or UTF-32 byte order mark), or more than one
/// byte in ten of them being control characters other than tab, line ends,
/// form feed and escape.
[[nodiscard]] bool looks_binary(std::string_view bytes) noexcept;

/// Decodes @p bytes: a BOM decides (UTF-8, UTF-16, UTF-32); else valid UTF-8
/// is taken as is and mostly valid UTF-8 is repaired (ill-formed sequences
/// become U+FFFD); else the encoding declared by the document
/// (@p declared_charset, from an HTML meta tag) or detected by uchardet is
/// converted with ICU. Throws lede::Error only when ICU itself fails.
[[nodiscard]] Decoded decode(std::string_view bytes, std::string_view declared_charset = {});

/// Replaces each offset into @p decoded.text in @p offsets (sorted ascending)
/// by the offset in @p bytes where the character at that position starts; the
/// end of the text maps to the end of the source. A line end that was CRLF
/// maps to its CR, so a range ending before it excludes the whole pair.
void source_offsets(std::string_view bytes, const Decoded& decoded,
                    std::span<std::uint64_t> offsets);

}  // namespace lede::ingest
