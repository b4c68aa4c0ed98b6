/// @file
/// @brief The body of the ingest fuzz targets: bytes saved as a file with a
/// given extension and read by read_input(), as lede-index reads a file.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/ingest/ingest.h"
#include "core/util/utf8.h"
#include "fuzz/fuzz.h"

namespace lede::fuzz {

/// A temporary folder for the run, removed when the fuzzer exits normally.
class Scratch {
 public:
  Scratch() {
    // /dev/shm keeps the file writes of millions of runs off the disk.
    std::filesystem::path base = "/dev/shm";
    std::error_code error;
    if (!std::filesystem::is_directory(base, error)) base = std::filesystem::temp_directory_path();
    std::string pattern = (base / "lede-fuzz-XXXXXX").string();
    check(::mkdtemp(pattern.data()) != nullptr, "cannot create a temporary folder");
    folder_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

inline void write_whole(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  check(fd >= 0, "cannot write the input file");
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    check(wrote > 0, "cannot write the input file");
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  ::close(fd);
}

/// Reads @p bytes as the file "input<extension>" and checks what every
/// article promises its indexer (article.h); a Problem is a fine answer.
inline int read_as(const std::uint8_t* data, std::size_t size, std::string_view extension) {
  static Scratch scratch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  InputFile input;
  input.path = (scratch.folder() / ("input" + std::string(extension))).string();
  input.root = scratch.folder().string();
  input.size = size;
  write_whole(input.path, bytes);

  IngestOptions options;
  // Small passages and a small size limit reach the cutting and the
  // too-large paths with the short inputs a fuzzer makes.
  options.passage_target_bytes = 200;
  options.max_file_bytes = 1u << 16;
  read_input(
      input, options,
      [&](Article&& article) {
        check(!article.id.empty(), "an article without id");
        check(!article.passages.empty(), "an article without passages");
        check(is_valid_utf8(article.text), "article text is not UTF-8");
        check(is_valid_utf8(article.title), "a title that is not UTF-8");
        check(is_valid_utf8(article.author), "an author that is not UTF-8");
        check(is_valid_utf8(article.url), "a URL that is not UTF-8");
        check(article.date.empty() || article.date.size() == 10 || article.date.size() == 16,
              "a date that is not YYYY-MM-DD[THH:MM]");
        // Byte ranges are offsets in the file for plain text, in the text
        // for the other formats (ingest.h).
        const std::size_t limit = article.format == "text" ? size : article.text.size();
        std::uint32_t ordinal = 0;
        for (const Passage& passage : article.passages) {
          check(passage.ordinal == ++ordinal, "passages out of order");
          check(!passage.text.empty(), "an empty passage");
          check(is_valid_utf8(passage.text), "a passage that is not UTF-8");
          check(passage.byte_begin <= passage.byte_end && passage.byte_end <= limit,
                "a passage outside its source");
          check(passage.line_begin >= 1 && passage.line_begin <= passage.line_end,
                "a passage with lines out of order");
        }
      },
      [](const Problem& problem) {
        check(!problem.where.empty() && !problem.message.empty(), "a problem saying nothing");
        // A warning quotes the input only as a short excerpt.
        check(problem.message.size() <= 400, "a problem message longer than 400 bytes");
      });
  return 0;
}

}  // namespace lede::fuzz
