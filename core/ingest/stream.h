/// @file
/// @brief Byte streams (files, stdin, zstd, gzip) and lines read from them (internal).
///
/// Every reader works in fixed-size chunks, so reading a stream of any length
/// takes memory bounded by the chunk size plus the longest line accepted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace lede::ingest {

/// A source of bytes read front to back. read() returns 0 only at the end and
/// throws lede::Error (kind input) when the data cannot be read or decoded.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
};

/// Opens @p path for reading (throws lede::Error naming the system error).
[[nodiscard]] std::unique_ptr<ByteSource> open_file(const std::string& path);

/// The process's standard input, not closed at the end.
[[nodiscard]] std::unique_ptr<ByteSource> open_stdin();

/// Bytes held in memory (the caller keeps them alive).
[[nodiscard]] std::unique_ptr<ByteSource> memory_source(std::string_view bytes);

/// @p prefix (already read from @p rest) followed by the rest of @p rest.
[[nodiscard]] std::unique_ptr<ByteSource> prefixed(std::string prefix,
                                                   std::unique_ptr<ByteSource> rest);

/// Decompressors over another source; concatenated frames and members are read in turn.
[[nodiscard]] std::unique_ptr<ByteSource> zstd_source(std::unique_ptr<ByteSource> compressed);
[[nodiscard]] std::unique_ptr<ByteSource> gzip_source(std::unique_ptr<ByteSource> compressed);

enum class Compression { none, zstd, gzip };

/// What the first bytes of a stream say about its compression.
[[nodiscard]] Compression sniff_compression(std::string_view head) noexcept;

/// Reads up to @p limit bytes of @p source into a string; sets @p truncated
/// when more remained.
[[nodiscard]] std::string read_all(ByteSource& source, std::size_t limit, bool& truncated);

/// Splits a source into lines ended by LF (a CR before it is dropped).
class LineReader {
 public:
  /// Lines longer than @p max_line bytes are skipped, not kept in memory.
  LineReader(ByteSource& source, std::size_t max_line);

  /// Reads the next line into @p line; false at the end. @p too_long is set
  /// (and @p line left empty) for a line that exceeded the limit.
  bool next(std::string& line, bool& too_long);

  /// 1-based number of the line last returned.
  [[nodiscard]] std::uint64_t line_number() const noexcept { return line_number_; }

 private:
  bool fill();

  ByteSource& source_;
  std::size_t max_line_;
  std::string buffer_;
  std::size_t begin_ = 0;  // unread part of buffer_ is [begin_, end_)
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t line_number_ = 0;
};

}  // namespace lede::ingest
