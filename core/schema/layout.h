/// @file
/// @brief Where a lede database lives: one Xapian database, or shards listed
/// in a Xapian stub file, local or served by xapian-tcpsrv.
///
/// A single database is a glass folder. A sharded one is a folder holding the
/// shards (shard-0, shard-1, ...) and a Xapian stub file, XAPIANDB, listing
/// them ("auto shard-0" ...), so that Xapian opens the folder as the union of
/// its shards: lede-query, quest and xapian-delve read it with no new option.
/// lede-index routes each article to one shard by its key, and numbers the
/// passages of all shards as one database would (see global_docid), so that
/// a search over the shards ranks exactly as over one database.
///
/// A database lede reads is named by a spec: a folder or stub file (anything
/// Xapian::Database opens), or tcp://HOST:PORT for a shard served by
/// xapian-tcpsrv. shards_of() expands a spec into its leaf shards, so that
/// each can be opened, checked and named in messages on its own.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lede::schema {

/// One leaf database: a local folder or a remote server.
struct Shard {
  enum class Kind : std::uint8_t {
    local,    ///< A glass folder.
    tcp,      ///< xapian-tcpsrv at host:port.
    program,  ///< A program speaking Xapian's remote protocol (xapian-progsrv over ssh).
  };
  Kind kind = Kind::local;
  std::string path;   ///< The folder (local) or the program (program).
  std::string host;   ///< For tcp.
  unsigned port = 0;  ///< For tcp.
  std::string args;   ///< Arguments of the program.
  /// How messages name it: the folder, "tcp://HOST:PORT" or "PROGRAM ARGS".
  [[nodiscard]] std::string name() const;
};

/// The name of the stub file inside a sharded database folder. Xapian opens a
/// folder holding it as the databases it lists.
inline constexpr std::string_view kStubFile = "XAPIANDB";

/// The leaf shards of @p spec, in the order Xapian opens them: a glass folder
/// gives itself, a folder with a stub file or a stub file gives what it lists
/// (recursively, relative paths resolved against the stub's folder), and
/// tcp://HOST:PORT gives that server. A path that does not exist gives itself,
/// so that opening it reports the problem. Throws lede::Error(database) for a
/// malformed stub file or tcp:// address.
[[nodiscard]] std::vector<Shard> shards_of(std::string_view spec);

/// Opens one shard read-only. Throws Xapian::Error (DatabaseNotFoundError,
/// NetworkError, ...): callers turn it into a message naming the shard.
[[nodiscard]] Xapian::Database open_shard(const Shard& shard);

/// The local shard folders lede-index writes for the database at @p path:
/// the folders its stub lists when it is sharded, else @p path itself. Throws
/// lede::Error(database) when the stub lists a remote shard (lede-index
/// writes local folders only) or is malformed.
[[nodiscard]] std::vector<std::string> writable_shards(const std::string& path);

/// Whether @p path is a folder holding a stub file (a sharded database).
[[nodiscard]] bool is_sharded(const std::string& path);

/// Creates the folder @p path with a stub file listing @p count shards
/// (shard-0 ...), written atomically; the shards themselves are created by
/// whoever opens them for writing. Returns the shard folders.
std::vector<std::string> create_sharded(const std::string& path, unsigned count);

/// The shard (0 .. @p count - 1) an article key belongs to: the same on every
/// run, so updates and deletions find the article where it was written.
[[nodiscard]] unsigned shard_of(std::string_view article_key, unsigned count) noexcept;

/// Xapian numbers the documents of a union of N databases by interleaving
/// them: document d of shard s is d * N + s + 1 - N. The global docid of
/// document @p local of shard @p shard among @p count shards.
[[nodiscard]] std::uint64_t global_docid(std::uint64_t local, unsigned shard,
                                         unsigned count) noexcept;

/// The smallest global docid above @p after that falls in @p shard, and the
/// shard-local docid it is: how the indexer numbers a passage so that the
/// union lists passages in the order one database would have added them.
struct Placement {
  std::uint64_t global = 0;
  Xapian::docid local = 0;
};
[[nodiscard]] Placement next_docid(std::uint64_t after, unsigned shard, unsigned count) noexcept;

/// The specs lede reads: @p flags when given (--db, repeatable), else the
/// comma-separated list in $LEDE_DB, else the default of database_path().
[[nodiscard]] std::vector<std::string> database_specs(std::span<const std::string> flags);

/// Parses "tcp://HOST:PORT" (HOST may be [IPv6]); nothing for other specs.
[[nodiscard]] std::optional<Shard> parse_tcp(std::string_view spec);

}  // namespace lede::schema
