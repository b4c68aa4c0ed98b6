/// @file
/// @brief Finding input files and reading them into articles.
///
/// lede-index calls walk() once to list what to read, then read_input() on
/// each file, possibly from several threads at once. Neither function throws
/// for a bad input: what is wrong with one file or one line is reported as a
/// Problem and the rest goes on. Exceptions thrown by the callbacks propagate
/// unchanged, so an indexer can stop a run from inside on_article.
///
/// What the articles carry (see article.h): a file's article has its absolute
/// path as id; stdin's has "sha:<content hash>"; a JSON Lines item has its
/// "id" field verbatim (a number as written by the JSON library; one beyond a
/// double's range, such as 1e400, as written in the line), else its
/// "url", else "sha:<hash of its line>". Passage byte ranges are offsets in
/// the source file for plain text (whatever its encoding and line ends), and
/// offsets in Article::text for Markdown, HTML and JSON Lines. Problems say
/// where: "path" for a whole input, "path:line" for a JSON Lines line.
///
/// Thread safety: both functions keep no state between calls and share none;
/// read_input() may run concurrently on different inputs (each call creates
/// its own ICU, gumbo, zstd and uchardet objects). walk() calls its callbacks
/// on the calling thread, in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "core/ingest/article.h"

namespace lede {

/// How articles are cut and what is too big to read.
struct IngestOptions {
  /// Passages aim at about this many bytes. 1000 bytes is about 150-170 English
  /// words, four to six sentences of news prose (80 Russian or Armenian words,
  /// 330 Chinese characters): long enough to carry a fact with its context,
  /// short enough that a result shows the reader the exact place. News
  /// paragraphs are mostly shorter and stay whole; only paragraphs longer than
  /// 1.6 times this are cut, at sentence boundaries, into pieces near it.
  std::size_t passage_target_bytes = 1000;

  /// Files above this size are reported and skipped, not read: everything but
  /// JSON Lines is read whole into memory. JSON Lines streams have no size
  /// limit, but one line longer than this is reported and skipped.
  std::size_t max_file_bytes = std::size_t{64} << 20;
};

/// One input found by walk(), or built by a caller that has a path.
struct InputFile {
  std::string path;           ///< Absolute and lexically normal; "-" for stdin.
  std::string root;           ///< The argument of walk() it was found under, as given.
  std::uint64_t size = 0;     ///< Bytes at walk time; 0 for streams.
  std::int64_t mtime_ns = 0;  ///< Last modification, nanoseconds since 1970-01-01 UTC.
  bool stream = false;        ///< stdin or a pipe: read once, front to back.
};

/// Lists the inputs under @p roots: files as given, folders recursively in
/// sorted (byte-wise) order, "-" as stdin. Hidden entries (a name starting
/// with '.'), version-control folders and a folder's own documentation
/// (README, LICENSE, COPYING, any extension) are skipped inside folders. Symbolic
/// links are followed only when their target lies inside one of the roots;
/// links leading outside, broken links, loops (detected by device and inode)
/// and nonexistent roots are reported to @p on_problem. A file reachable by
/// several names (links, hard links) is listed once, under the first name met.
/// The folders in @p exclude (the database being written) are never entered,
/// wherever they sit among the roots.
void walk(std::span<const std::string> roots, const std::function<void(const InputFile&)>& on_file,
          const std::function<void(const Problem&)>& on_problem,
          std::span<const std::string> exclude = {});

/// Reads one input and calls @p on_article for each article in it: one for a
/// text, Markdown or HTML file, one per line for JSON Lines (also .jsonl.zst
/// and .jsonl.gz, read incrementally in bounded memory). The format is chosen
/// by extension, else by content; the encoding is detected and converted to
/// UTF-8. Binary files, files above options.max_file_bytes, malformed lines and
/// inputs without any text are reported to @p on_problem.
void read_input(const InputFile& input, const IngestOptions& options,
                const std::function<void(Article&&)>& on_article,
                const std::function<void(const Problem&)>& on_problem);

}  // namespace lede
