#include "core/ingest/stream.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/util/error.h"

namespace lede::ingest {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 16;

Error input_error(const std::string& message) {
  return Error(ErrorKind::input, message);
}

/// A file descriptor, closed at the end unless it is borrowed (stdin).
class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }

  std::size_t read(char* buffer, std::size_t capacity) override {
    for (;;) {
      const ssize_t got = ::read(fd_, buffer, capacity);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno == EINTR) continue;
      throw input_error(std::string("read error: ") + std::strerror(errno));
    }
  }

 private:
  int fd_;
  bool owned_;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min(capacity, bytes_.size());
    std::memcpy(buffer, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view bytes_;
};

class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    if (used_ < prefix_.size()) {
      const std::size_t n = std::min(capacity, prefix_.size() - used_);
      std::memcpy(buffer, prefix_.data() + used_, n);
      used_ += n;
      return n;
    }
    return rest_->read(buffer, capacity);
  }

 private:
  std::string prefix_;
  std::size_t used_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

struct ZstdFree {
  void operator()(ZSTD_DCtx* context) const noexcept { ZSTD_freeDCtx(context); }
};

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), context_(ZSTD_createDCtx()), input_(ZSTD_DStreamInSize()) {
    if (!context_) throw Error(ErrorKind::internal, "zstd: cannot create a decompression context");
  }

  std::size_t read(char* buffer, std::size_t capacity) override {
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        if (eof_) {
          // A frame cut short is an error; a clean end is not.
          if (frame_open_) throw input_error("zstd: truncated stream");
          return 0;
        }
        const std::size_t got = inner_->read(input_.data(), input_.size());
        if (got == 0) {
          eof_ = true;
          continue;
        }
        in_ = ZSTD_inBuffer{input_.data(), got, 0};
      }
      const std::size_t result = ZSTD_decompressStream(context_.get(), &out, &in_);
      if (ZSTD_isError(result)) {
        throw input_error(std::string("zstd: ") + ZSTD_getErrorName(result));
      }
      frame_open_ = result != 0;
    }
    return out.pos;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::unique_ptr<ZSTD_DCtx, ZstdFree> context_;
  std::vector<char> input_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool eof_ = false;
  bool frame_open_ = false;
};

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), input_(kChunk) {
    // 15 + 32: the largest window, with gzip or zlib headers detected.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) {
      throw Error(ErrorKind::internal, "zlib: cannot initialise inflate");
    }
  }
  ~GzipSource() override { inflateEnd(&stream_); }

  std::size_t read(char* buffer, std::size_t capacity) override {
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
    const uInt wanted = stream_.avail_out;
    while (stream_.avail_out == wanted) {
      if (stream_.avail_in == 0) {
        if (eof_) {
          if (member_open_) throw input_error("gzip: truncated stream");
          return 0;
        }
        const std::size_t got = inner_->read(input_.data(), input_.size());
        if (got == 0) {
          eof_ = true;
          continue;
        }
        stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
        stream_.avail_in = static_cast<uInt>(got);
      }
      member_open_ = true;
      const int result = inflate(&stream_, Z_NO_FLUSH);
      if (result == Z_STREAM_END) {
        // Another gzip member may follow (as `cat a.gz b.gz` makes).
        member_open_ = false;
        if (inflateReset(&stream_) != Z_OK) throw input_error("gzip: cannot reset");
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        throw input_error(std::string("gzip: ") + (stream_.msg ? stream_.msg : "corrupt data"));
      }
    }
    return wanted - stream_.avail_out;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  z_stream stream_{};
  std::vector<char> input_;
  bool eof_ = false;
  bool member_open_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> open_file(const std::string& path) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw input_error(std::string("cannot open: ") + std::strerror(errno));
  return std::make_unique<FdSource>(fd, true);
}

std::unique_ptr<ByteSource> open_stdin() {
  return std::make_unique<FdSource>(0, false);
}

std::unique_ptr<ByteSource> memory_source(std::string_view bytes) {
  return std::make_unique<MemorySource>(bytes);
}

std::unique_ptr<ByteSource> prefixed(std::string prefix, std::unique_ptr<ByteSource> rest) {
  return std::make_unique<PrefixedSource>(std::move(prefix), std::move(rest));
}

std::unique_ptr<ByteSource> zstd_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<ZstdSource>(std::move(compressed));
}

std::unique_ptr<ByteSource> gzip_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<GzipSource>(std::move(compressed));
}

Compression sniff_compression(std::string_view head) noexcept {
  if (head.starts_with("\x28\xB5\x2F\xFD")) return Compression::zstd;
  if (head.starts_with("\x1F\x8B")) return Compression::gzip;
  return Compression::none;
}

std::string read_all(ByteSource& source, std::size_t limit, bool& truncated) {
  std::string bytes;
  truncated = false;
  for (;;) {
    const std::size_t old_size = bytes.size();
    // Read one byte past the limit to learn whether the source goes on.
    const std::size_t room = std::min(kChunk, limit + 1 - old_size);
    bytes.resize(old_size + room);
    const std::size_t got = source.read(bytes.data() + old_size, room);
    bytes.resize(old_size + got);
    if (got == 0) return bytes;
    if (bytes.size() > limit) {
      bytes.resize(limit);
      truncated = true;
      return bytes;
    }
  }
}

LineReader::LineReader(ByteSource& source, std::size_t max_line)
    : source_(source), max_line_(std::max<std::size_t>(max_line, 1)) {}

bool LineReader::fill() {
  if (eof_) return false;
  // Keep the unread part, then append a chunk after it.
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  buffer_.resize(end_ + kChunk);
  const std::size_t got = source_.read(buffer_.data() + end_, kChunk);
  end_ += got;
  buffer_.resize(end_);
  if (got == 0) eof_ = true;
  return got > 0;
}

bool LineReader::next(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  std::size_t scanned = begin_;  // no LF in [begin_, scanned)
  for (;;) {
    const char* found =
        static_cast<const char*>(std::memchr(buffer_.data() + scanned, '\n', end_ - scanned));
    if (found != nullptr) {
      const auto newline = static_cast<std::size_t>(found - buffer_.data());
      if (newline - begin_ > max_line_) too_long = true;
      if (!too_long) {
        line.assign(buffer_, begin_, newline - begin_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
      }
      begin_ = newline + 1;
      ++line_number_;
      return true;
    }
    if (end_ - begin_ > max_line_) {
      // Too long: forget what is buffered and skip to the next LF.
      too_long = true;
      begin_ = end_;
    }
    scanned = end_ - begin_;
    if (!fill()) {
      if (begin_ == end_ && !too_long) return false;
      if (end_ - begin_ > max_line_) too_long = true;
      if (!too_long) {
        line.assign(buffer_, begin_, end_ - begin_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
      }
      begin_ = end_;
      ++line_number_;
      return true;
    }
    // fill() moved the unread part to the front of the buffer.
    scanned += begin_;
  }
}

}  // namespace lede::ingest
