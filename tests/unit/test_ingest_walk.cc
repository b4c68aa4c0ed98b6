// Tests for core/ingest walk(): which files of a tree are inputs, in what
// order, and what is reported instead of followed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/ingest/ingest.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;

using lede::test::TempDir;

namespace {

void touch(const fs::path& path, const std::string& content = "Headline\n\nText.\n") {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

struct Walked {
  std::vector<std::string> files;     // paths relative to the temp dir
  std::vector<std::string> problems;  // "relative path: message"
};

Walked walk(const TempDir& dir, const std::vector<std::string>& roots) {
  Walked w;
  const std::string base = dir.path.string() + "/";
  auto relative = [&](const std::string& p) {
    return p.starts_with(base) ? p.substr(base.size()) : p;
  };
  lede::walk(
      roots, [&](const lede::InputFile& f) { w.files.push_back(relative(f.path)); },
      [&](const lede::Problem& p) { w.problems.push_back(relative(p.where) + ": " + p.message); });
  return w;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

TEST_CASE(
    "folders are walked in sorted order, skipping hidden entries, version control and READMEs") {
  TempDir dir;
  const fs::path root = dir.path / "news";
  touch(root / "b.txt");
  touch(root / "a.txt");
  touch(root / "2024/12/z.md");
  touch(root / "2024/01/y.html");
  touch(root / "B-upper.txt");
  touch(root / ".hidden.txt");
  touch(root / ".drafts/secret.txt");
  touch(root / ".git/HEAD");
  touch(root / "CVS/Entries");
  touch(root / "sub/.svn/entries");
  touch(root / "README.md");
  touch(root / "2024/LICENSE");
  const Walked w = walk(dir, {root.string()});
  CHECK(join(w.files) ==
        "news/2024/01/y.html, news/2024/12/z.md, news/B-upper.txt, news/a.txt, news/b.txt");
  CHECK(w.problems.empty());
}

TEST_CASE("a walked file carries its absolute normal path, its root, its size and its time") {
  TempDir dir;
  touch(dir.path / "news/a.txt", "12345");
  const std::string root = (dir.path / "news/../news/./").string();
  std::vector<lede::InputFile> files;
  lede::walk(
      std::vector<std::string>{root}, [&](const lede::InputFile& f) { files.push_back(f); },
      [](const lede::Problem&) {});
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == (dir.path / "news/a.txt").string());
  CHECK(files[0].root == root);
  CHECK(files[0].size == 5);
  CHECK(files[0].mtime_ns > 1'600'000'000LL * 1'000'000'000LL);
  CHECK_FALSE(files[0].stream);
}

TEST_CASE("symbolic links are followed inside the roots only, and loops are reported") {
  TempDir dir;
  const fs::path root = dir.path / "root";
  touch(root / "real/a.txt");
  touch(dir.path / "outside/secret.txt");
  fs::create_directory_symlink(root, root / "real/loop");  // back to an ancestor
  fs::create_directory_symlink(dir.path / "outside", root / "escape");
  fs::create_symlink(dir.path / "outside/secret.txt", root / "escape.txt");
  fs::create_symlink(root / "real/a.txt", root / "alias.txt");      // same file, another name
  fs::create_directory_symlink(root / "real", root / "zz-linked");  // a folder walked already
  fs::create_symlink(root / "missing.txt", root / "dangling.txt");
  const Walked w = walk(dir, {root.string()});
  // alias.txt sorts before real/a.txt, so the file is listed under that name once.
  CHECK(join(w.files) == "root/alias.txt");
  CHECK(join(w.problems) ==
        "root/dangling.txt: broken symbolic link; skipped, "
        "root/escape: symbolic link to " +
            (dir.path / "outside").string() +
            " leads outside the given folders; skipped, "
            "root/escape.txt: symbolic link to " +
            (dir.path / "outside/secret.txt").string() +
            " leads outside the given folders; skipped, "
            "root/real/loop: symbolic link loop back to " +
            root.string() + "; skipped");
}

TEST_CASE("a link out of one root is followed when it leads into another root") {
  TempDir dir;
  touch(dir.path / "one/a.txt");
  touch(dir.path / "two/b.txt");
  fs::create_directory_symlink(dir.path / "two", dir.path / "one/to-two");
  const Walked w = walk(dir, {(dir.path / "one").string(), (dir.path / "two").string()});
  CHECK(join(w.files) == "one/a.txt, one/to-two/b.txt");
  CHECK(w.problems.empty());
}

TEST_CASE("a missing root is a problem, a file root is listed and '-' is stdin") {
  TempDir dir;
  touch(dir.path / "single.txt");
  touch(dir.path / "README.txt");
  std::vector<lede::InputFile> files;
  std::vector<lede::Problem> problems;
  lede::walk(
      std::vector<std::string>{(dir.path / "nope").string(), (dir.path / "single.txt").string(),
                               "-", (dir.path / "README.txt").string()},
      [&](const lede::InputFile& f) { files.push_back(f); },
      [&](const lede::Problem& p) { problems.push_back(p); });
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == (dir.path / "nope").string());
  CHECK(problems[0].message == "No such file or directory");
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == (dir.path / "single.txt").string());
  CHECK(files[1].path == "-");
  CHECK(files[1].stream);
  CHECK(files[2].path == (dir.path / "README.txt").string());  // named, so read
}
