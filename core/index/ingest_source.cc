// The production source of lede-index: ingest's walk() and read_input().
// Kept apart from indexer.cc so that the pipeline itself can be tested with
// articles built in memory.
#include <fcntl.h>
#include <unistd.h>

#include <span>
#include <string>
#include <vector>

#include "core/index/indexer.h"
#include "core/ingest/ingest.h"
#include "core/ingest/skip.h"

namespace lede::index {

namespace {

// Why @p file is not read: not an article, judged by its name and first bytes
// (see not_an_article), or empty. "" when it is to be read. A file that cannot
// be opened here is left to read_input(), which reports why.
std::string skip_reason(const InputFile& file) {
  if (file.stream) return {};
  if (file.size == 0) return "empty file";
  std::string head(kSkipSniffBytes, '\0');
  std::size_t got = 0;
  if (const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    while (got < head.size()) {
      const ssize_t n = ::read(fd, head.data() + got, head.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  head.resize(got);
  return not_an_article(file.path, head);
}

}  // namespace

Summary index_paths(const Options& options, const Events& events, bool count_total) {
  const IngestOptions ingest_options;
  const std::span<const std::string> roots(options.roots);
  // The database may sit inside a root (lede-index --db ~/news/.index ~/news):
  // its own files are never articles.
  const std::vector<std::string> exclude{options.db};
  // Both sources walk the same roots; the one that counts only sums sizes,
  // so its inputs carry no reader and its problems are left to the real walk.
  auto walking = [&](bool reading) -> Source {
    return
        [&, reading](const std::function<void(Input &&)>& on_input, const ProblemSink& on_problem) {
          walk(
              roots,
              [&](const InputFile& file) {
                Input input;
                input.path = file.path;
                input.size = file.size;
                if (reading) {
                  if (!file.stream) input.mtime = file.mtime_ns / 1'000'000'000;
                  input.skip = skip_reason(file);
                }
                if (reading && input.skip.empty()) {
                  input.read = [file, &ingest_options](const ArticleSink& on_article,
                                                       const ProblemSink& problem) {
                    read_input(file, ingest_options, on_article,
                               [&](const Problem& p) { problem(Problem(p)); });
                  };
                }
                on_input(std::move(input));
              },
              [&](const Problem& p) {
                if (reading) on_problem(Problem(p));
              },
              exclude);
        };
  };
  const Source source = walking(true);
  const Source count = walking(false);
  return run(options, source, events, count_total ? &count : nullptr);
}

}  // namespace lede::index
