#include "core/index/ownership.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/schema/layout.h"
#include "core/schema/schema.h"
#include "core/util/error.h"

namespace lede::index {

namespace {

namespace fs = std::filesystem;

// Xapian 1.4's glass tables. The version file, iamglass, says which revision
// of each table is current, so it is the one file whose replacement switches
// a reader from the old database to the new.
constexpr std::array<std::string_view, 6> kTables = {"postlist.glass", "termlist.glass",
                                                     "position.glass", "docdata.glass",
                                                     "spelling.glass", "synonym.glass"};
constexpr std::string_view kVersionFile = "iamglass";
constexpr std::string_view kLockFile = "flintlock";
// Glass writes each new version file here and renames it over iamglass: a
// process killed during a commit leaves it behind.
constexpr std::string_view kVersionTemp = "v.tmp";

// What the stand-in stub file says while a compaction exchanges files. Its
// exact text marks it as lede's, so that recovery never mistakes a stub
// somebody else wrote for one of ours.
std::string stand_in_text() {
  return "auto " + std::string(kCompactFolder) + "\n";
}

bool is_glass_file(std::string_view name) {
  if (name == kVersionFile || name == kLockFile || name == kVersionTemp) return true;
  for (const auto table : kTables)
    if (name == table) return true;
  return false;
}

std::string read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Names of the entries of @p folder, sorted, or nothing when it cannot be read.
std::vector<std::string> entries_of(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// "3 entries (keep.txt, notes, photo.jpg, ...)" for a refusal message.
std::string describe_entries(const std::vector<std::string>& names) {
  std::string text = std::to_string(names.size()) + (names.size() == 1 ? " entry (" : " entries (");
  for (std::size_t i = 0; i < names.size() && i < 3; ++i)
    text += (i ? ", " : "") + names[i];
  if (names.size() > 3) text += ", ...";
  return text + ")";
}

void fail(const std::string& message) {
  throw Error(ErrorKind::usage, message);
}

// Syncs a folder's entries, so that a rename is on disk before the next step.
void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// Puts @p from at @p to in one rename, through a hard link so that @p from
// stays complete until the whole exchange is done. Throws on failure.
void link_over(const fs::path& from, const fs::path& to) {
  const fs::path staged = to.string() + ".lede-new";
  (void)::unlink(staged.c_str());
  if (::link(from.c_str(), staged.c_str()) != 0 || ::rename(staged.c_str(), to.c_str()) != 0) {
    const int error = errno;
    (void)::unlink(staged.c_str());
    throw Error(ErrorKind::database,
                to.string() + ": cannot replace with the compacted copy: " + std::strerror(error));
  }
}

// Removes the compaction's copy: Xapian's files in it, then the folder if
// nothing else is there. Anything else found inside is left where it is.
void remove_copy(const fs::path& copy) {
  std::error_code ec;
  if (!fs::is_directory(copy, ec)) return;
  for (const auto& name : entries_of(copy))
    if (is_glass_file(name) || name.ends_with(".lede-new")) fs::remove(copy / name, ec);
  fs::remove(copy, ec);  // Only succeeds when it is empty.
}

// Replaces the tables and, last, the version file of @p folder with those of
// @p copy. Called with the stand-in stub in place and iamglass removed, so a
// reader opening @p folder meanwhile reads the copy through the stub.
void exchange_files(const fs::path& folder, const fs::path& copy,
                    const std::function<void()>& step = {}) {
  std::error_code ec;
  for (const auto table : kTables) {
    if (fs::exists(copy / table, ec))
      link_over(copy / table, folder / table);
    else if (!fs::remove(folder / table, ec))
      continue;  // A table neither has: nothing changed on disk.
    // (A table the copy does not have must not outlive it.)
    if (step) step();
  }
  sync_folder(folder);
  link_over(copy / kVersionFile, folder / kVersionFile);
  sync_folder(folder);
  if (step) step();
}

// The last step of a swap: the stand-in and the copy go.
void finish(const fs::path& folder, const fs::path& copy) {
  std::error_code ec;
  fs::remove(folder / schema::kStubFile, ec);
  sync_folder(folder);
  remove_copy(copy);
}

bool is_stand_in(const fs::path& stub) {
  std::error_code ec;
  return fs::is_regular_file(stub, ec) && read_small_file(stub) == stand_in_text();
}

// Whether the glass database in @p folder was written by lede, or is an
// empty one with nothing else beside it.
void check_glass(const fs::path& folder, const std::string& shown) {
  std::string schema_version;
  Xapian::doccount documents = 0;
  bool has_metadata = false;
  try {
    const Xapian::Database db(folder.string());
    schema_version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
    documents = db.get_doccount();
    has_metadata = db.metadata_keys_begin() != db.metadata_keys_end();
  } catch (const Xapian::Error& e) {
    fail(shown + " looks like a Xapian database but cannot be opened (" + e.get_description() +
         "); lede-index will not write into it. Use another folder for --db.");
  }
  if (!schema_version.empty()) return;
  bool only_glass = true;
  for (const auto& name : entries_of(folder))
    only_glass = only_glass && is_glass_file(name);
  if (documents == 0 && !has_metadata && only_glass) return;
  fail(shown + " is a Xapian database that lede did not write (" + std::to_string(documents) +
       " documents, no lede schema metadata); lede-index will not write into it. "
       "Give --db a new or empty folder.");
}

}  // namespace

void check_target(const std::string& db) {
  std::error_code ec;
  const fs::path path(db);
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status))
    fail(db +
         " is a file, not a database folder; lede-index will not replace it. "
         "Give --db a new or empty folder.");
  if (fs::exists(path / kVersionFile, ec)) {
    check_glass(path, db);
    return;
  }
  if (fs::exists(path / schema::kStubFile, ec)) {
    if (is_stand_in(path / schema::kStubFile)) return;  // A compaction to finish.
    std::vector<std::string> shards;
    try {
      shards = schema::writable_shards(db);
    } catch (const Error& e) {
      fail(std::string(e.what()) + "; lede-index will not write into " + db + ".");
    }
    for (const auto& shard : shards) {
      const fs::path p(shard);
      if (fs::exists(p, ec) && fs::exists(p / kVersionFile, ec)) check_glass(p, shard);
    }
    return;
  }
  const auto names = entries_of(path);
  if (names.empty()) return;
  // Xapian's files without a version file: a first run killed while Xapian
  // created the database, before iamglass was written. It holds nothing, and
  // creating the database again replaces only those files.
  if (std::all_of(names.begin(), names.end(), [](const auto& n) { return is_glass_file(n); }))
    return;
  fail(db + " is a folder holding " + describe_entries(names) +
       " and no lede database; lede creates, replaces and removes only its own files, so it "
       "will not index into it. Give --db a new or empty folder, or the folder of an existing "
       "lede database.");
}

void recover_compaction(const std::string& folder_name) {
  const fs::path folder(folder_name);
  const fs::path copy = folder / kCompactFolder;
  std::error_code ec;
  if (is_stand_in(folder / schema::kStubFile)) {
    // Killed during the exchange. Once iamglass is back the new database is
    // whole; before that, the copy is whole and the exchange is redone.
    if (!fs::exists(folder / kVersionFile, ec)) {
      if (!fs::exists(copy / kVersionFile, ec))
        throw Error(ErrorKind::database,
                    folder_name +
                        ": an interrupted compaction left neither the database nor its "
                        "copy complete; re-index into a new database");
      exchange_files(folder, copy);
    }
    finish(folder, copy);
    return;
  }
  // Killed while copying: the database was never touched, the copy goes.
  if (fs::is_directory(copy, ec)) remove_copy(copy);
}

bool clear_unfinished_creation(const std::string& folder_name) {
  const fs::path folder(folder_name);
  std::error_code ec;
  if (fs::exists(folder / kVersionFile, ec) || fs::exists(folder / schema::kStubFile, ec))
    return false;
  const auto names = entries_of(folder);
  if (names.empty() ||
      !std::all_of(names.begin(), names.end(), [](const auto& n) { return is_glass_file(n); }))
    return false;
  // A database being created has empty tables (a block or two each); larger
  // tables without a version file are someone's damaged database, not ours
  // to remove.
  constexpr std::uintmax_t kNewTable = 64 * 1024;
  for (const auto& name : names)
    if (const auto size = fs::file_size(folder / name, ec); ec || size > kNewTable) return false;
  bool removed = false;
  for (const auto& name : names)
    removed = fs::remove(folder / name, ec) || removed;
  return removed;
}

bool swap_in_compacted(Xapian::WritableDatabase& writer, const std::string& folder_name, int flags,
                       const std::function<void()>& step) {
  const fs::path folder(folder_name);
  const fs::path copy = folder / kCompactFolder;
  const fs::path stub = folder / schema::kStubFile;
  std::error_code ec;
  // Someone else's file in the way: compaction is an optimization, not worth
  // touching it.
  if (fs::exists(stub, ec) || (fs::exists(copy, ec) && !fs::is_directory(copy, ec))) return false;
  remove_copy(copy);
  if (fs::exists(copy, ec)) return false;
  try {
    Xapian::Database(folder_name).compact(copy.string(), flags);
  } catch (const Xapian::Error&) {
    remove_copy(copy);
    return false;
  }
  if (step) step();
  // The stand-in is written whole before it is put in place.
  {
    const fs::path staged = stub.string() + ".lede-new";
    std::ofstream out(staged, std::ios::binary | std::ios::trunc);
    out << stand_in_text();
    out.close();
    if (!out || ::rename(staged.c_str(), stub.c_str()) != 0) {
      fs::remove(staged, ec);
      remove_copy(copy);
      return false;
    }
  }
  sync_folder(folder);
  if (step) step();
  // From here on the copy is the database a reader finds.
  if (::unlink((folder / kVersionFile).c_str()) != 0) {
    fs::remove(stub, ec);
    remove_copy(copy);
    return false;
  }
  sync_folder(folder);
  if (step) step();
  exchange_files(folder, copy, step);
  // The old tables are unlinked but still open in the writer; closing it
  // releases them and the lock, and writes nothing: everything is committed.
  writer.close();
  writer = Xapian::WritableDatabase();
  finish(folder, copy);
  return true;
}

}  // namespace lede::index
