/// @file
/// @brief What lede-index may write to: only a lede database, and only the
/// files of that database.
///
/// lede creates, replaces and removes only files it created. Before a run
/// writes anything, check_target() looks at what the --db path holds and
/// refuses a folder of someone else's files or a Xapian database lede did
/// not write. Compaction then replaces only the database's own files
/// (Xapian's table files and its version file, iamglass), in an order that
/// leaves a complete database, old or new, at every instant: see
/// swap_in_compacted().
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>

namespace lede::index {

/// The folder, inside a database folder, where a compaction writes its copy.
inline constexpr std::string_view kCompactFolder = ".lede-compact";

/// Checks that lede-index may write a database at @p db: the path does not
/// exist, is an empty folder, or holds a lede database (a glass folder with
/// lede's schema metadata, or a sharded folder whose stub lists such
/// shards). Anything else (a file, a folder of other files, a Xapian
/// database lede did not write) throws lede::Error(usage) with a message
/// that says what is there and what to do. An empty glass database with no
/// metadata and no other file is accepted: it is what a first run killed
/// before its first commit leaves, and holds nothing to lose.
void check_target(const std::string& db);

/// Finishes a compaction of the glass folder @p folder that a kill
/// interrupted (see swap_in_compacted), or clears the copy of one killed
/// before its swap began. Call it before opening @p folder for writing.
/// Throws lede::Error(database) when the folder cannot be repaired.
void recover_compaction(const std::string& folder);

/// Removes Xapian's files from @p folder when they are all it holds, there
/// is no version file (iamglass) and each is no larger than a new, empty
/// table: what a first run killed while Xapian created the database leaves,
/// holding nothing. Returns whether it removed
/// any. Call it only after Xapian failed to open @p folder for writing, so
/// that no other process is creating it at that moment.
bool clear_unfinished_creation(const std::string& folder);

/// Compacts the glass database in @p folder (open for writing as @p writer,
/// whose lock is held throughout) into a copy inside it, then replaces the
/// database's own files with the copy's. A stub file pointing at the copy
/// stands in while the files are exchanged, so that every reader, and a
/// process killed at any point, finds either the old or the new database
/// complete. Files in @p folder that are not Xapian's are never touched.
/// @p flags are Xapian's compaction flags. Returns false, leaving the
/// database as it was, when it cannot compact (a Xapian error, a file system
/// without hard links); @p writer is closed when it returns true. @p step,
/// when given, is called after each change on disk: a test throws from it
/// to leave the folder as a kill at that moment would.
bool swap_in_compacted(Xapian::WritableDatabase& writer, const std::string& folder, int flags,
                       const std::function<void()>& step = {});

}  // namespace lede::index
