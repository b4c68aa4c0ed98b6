// Unit tests of core/index/ownership: what lede-index agrees to write to,
// and a compaction that leaves a complete database at every instant.
#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/index/ownership.h"
#include "core/schema/schema.h"
#include "core/util/error.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using lede::test::TempDir;
using lede::test::write_file;

namespace {

// A glass database of @p n documents; marked as lede's unless @p foreign.
void make_database(const fs::path& folder, int n, bool foreign = false) {
  Xapian::WritableDatabase db(folder.string(), Xapian::DB_CREATE_OR_OPEN);
  for (int i = 0; i < n; ++i) {
    Xapian::Document doc;
    doc.add_term("word" + std::to_string(i % 7));
    doc.add_posting("apple", 1);
    doc.set_data("document " + std::to_string(i));
    db.add_document(doc);
  }
  if (!foreign) db.set_metadata(std::string(lede::schema::kMetaSchemaVersion), "1");
  db.commit();
}

// What check_target says of a path: "ok", or the start of its refusal.
std::string verdict(const std::string& path) {
  try {
    lede::index::check_target(path);
    return "ok";
  } catch (const lede::Error& e) {
    CHECK(e.kind() == lede::ErrorKind::usage);
    const std::string message = e.what();
    return message.substr(message.find(' ') + 1, 40);
  }
}

// "3 docs, apple 3": what a reader sees in the database at @p folder.
std::string reader_view(const fs::path& folder) {
  try {
    const Xapian::Database db(folder.string());
    return std::to_string(db.get_doccount()) + " docs, apple " +
           std::to_string(db.get_termfreq("apple"));
  } catch (const Xapian::Error& e) {
    return "error: " + e.get_description();
  }
}

}  // namespace

TEST_CASE("lede-index writes only to a new folder, an empty one, or a lede database") {
  TempDir tmp;
  write_file(tmp.path / "articles/keep.txt", "important\n");
  write_file(tmp.path / "a-file", "not a folder\n");
  fs::create_directories(tmp.path / "empty");
  make_database(tmp.path / "lede", 3);
  make_database(tmp.path / "foreign", 3, true);
  make_database(tmp.path / "foreign-empty", 0, true);
  make_database(tmp.path / "empty-beside-files", 0, true);
  write_file(tmp.path / "empty-beside-files/notes.txt", "mine\n");
  // Killed during the commit that marks a new database: glass's new version
  // file is still in v.tmp (found by the kill test in tests/cli/test_faults.cc).
  make_database(tmp.path / "killed-marking", 0, true);
  write_file(tmp.path / "killed-marking/v.tmp", "version being written");
  // Killed while Xapian created the database, before its version file.
  write_file(tmp.path / "killed-creating/postlist.glass", "");
  write_file(tmp.path / "killed-creating/termlist.glass", "");
  write_file(tmp.path / "killed-creating/flintlock", "");
  write_file(tmp.path / "lede/notes.txt", "a user's note inside a lede database\n");

  const std::vector<std::pair<std::string, std::string>> table = {
      {"missing", "ok"},
      {"empty", "ok"},
      {"lede", "ok"},
      // What a first run killed before its first commit leaves.
      {"foreign-empty", "ok"},
      {"killed-marking", "ok"},
      {"killed-creating", "ok"},
      {"articles", "is a folder holding 1 entry (keep.txt) a"},
      {"a-file", "is a file, not a database folder; lede-i"},
      {"foreign", "is a Xapian database that lede did not w"},
      {"empty-beside-files", "is a Xapian database that lede did not w"},
  };
  for (const auto& [name, expected] : table) {
    CAPTURE(name);
    CHECK(verdict(tmp / name) == expected);
  }
  CHECK(fs::exists(tmp.path / "articles/keep.txt"));
}

TEST_CASE("a compaction killed after any of its steps leaves a complete database, old or new") {
  // Each trial stops the swap after one more change on disk, as a kill
  // would, checks what a reader sees, then recovers as the next run does.
  for (int stop_after = 1;; ++stop_after) {
    CAPTURE(stop_after);
    TempDir tmp;
    const fs::path db = tmp.path / "db";
    make_database(db, 40);
    write_file(db / "keep.txt", "not Xapian's\n");
    int steps = 0;
    bool finished = false;
    {
      Xapian::WritableDatabase writer(db.string(), Xapian::DB_OPEN);
      try {
        finished = lede::index::swap_in_compacted(writer, db.string(), 0, [&] {
          if (++steps == stop_after) throw std::runtime_error("killed");
        });
      } catch (const std::runtime_error&) {
      }
    }
    CHECK(reader_view(db) == "40 docs, apple 40");
    lede::index::recover_compaction(db.string());
    CHECK(reader_view(db) == "40 docs, apple 40");
    CHECK(fs::exists(db / "iamglass"));
    CHECK_FALSE(fs::exists(db / "XAPIANDB"));
    CHECK_FALSE(fs::exists(db / std::string(lede::index::kCompactFolder)));
    CHECK(fs::exists(db / "keep.txt"));
    // The database is writable again, as the next run needs it.
    Xapian::WritableDatabase again(db.string(), Xapian::DB_OPEN);
    CHECK(again.get_doccount() == 40);
    if (finished) {
      CHECK(stop_after > 5);  // The swap has at least this many steps.
      break;
    }
  }
}

TEST_CASE("a compaction leaves files that are not Xapian's where they are") {
  TempDir tmp;
  const fs::path db = tmp.path / "db";
  make_database(db, 10);
  write_file(db / "keep.txt", "important\n");
  write_file(db / "sub/more.txt", "also important\n");
  Xapian::WritableDatabase writer(db.string(), Xapian::DB_OPEN);
  CHECK(lede::index::swap_in_compacted(writer, db.string(), 0));
  CHECK(reader_view(db) == "10 docs, apple 10");
  std::string kept;
  std::getline(std::ifstream(db / "keep.txt"), kept);
  CHECK(kept == "important");
  CHECK(fs::exists(db / "sub/more.txt"));
}

TEST_CASE("a creation killed before its version file is cleared, and nothing else ever is") {
  TempDir tmp;
  write_file(tmp.path / "killed/postlist.glass", "");
  write_file(tmp.path / "killed/flintlock", "");
  write_file(tmp.path / "mixed/postlist.glass", "");
  write_file(tmp.path / "mixed/notes.txt", "mine\n");
  make_database(tmp.path / "whole", 3);
  CHECK(lede::index::clear_unfinished_creation(tmp / "killed"));
  CHECK(fs::is_empty(tmp.path / "killed"));
  CHECK(!lede::index::clear_unfinished_creation(tmp / "mixed"));
  CHECK(fs::exists(tmp.path / "mixed/postlist.glass"));
  CHECK(!lede::index::clear_unfinished_creation(tmp / "whole"));
  CHECK(fs::exists(tmp.path / "whole/postlist.glass"));
  // A database that lost its version file still holds someone's data.
  write_file(tmp.path / "damaged/postlist.glass", std::string(100 * 1024, 'x'));
  CHECK(!lede::index::clear_unfinished_creation(tmp / "damaged"));
  CHECK(fs::exists(tmp.path / "damaged/postlist.glass"));
}
