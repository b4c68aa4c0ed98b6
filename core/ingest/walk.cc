// walk(): roots to a sorted list of input files, with POSIX stat for the
// device and inode numbers that std::filesystem does not expose.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "core/ingest/ingest.h"

namespace lede {
namespace {

namespace fs = std::filesystem;

using FileId = std::pair<dev_t, ino_t>;

struct DirCloser {
  void operator()(DIR* dir) const noexcept { ::closedir(dir); }
};

std::int64_t mtime_ns(const struct stat& info) {
  return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
}

/// The absolute, lexically normal form of @p path, without a trailing slash.
std::string absolute_normal(const std::string& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(fs::path(path), error);
  if (error) absolute = fs::path(path);
  std::string normal = absolute.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/')
    normal.pop_back();
  return normal;
}

/// The path with every symbolic link resolved, or "" when it cannot be.
std::string real_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                       &std::free);
  return resolved ? std::string(resolved.get()) : std::string();
}

bool is_inside(const std::string& path, const std::string& folder) {
  if (folder == "/") return true;
  return path == folder ||
         (path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/');
}

/// Version-control folders that are not hidden by a leading dot.
bool is_vcs_folder(std::string_view name) {
  return name == "CVS" || name == "_darcs" || name == "RCS" || name == "SCCS";
}

/// A folder's own documentation (README.md, LICENSE): it describes the
/// archive and is not one of its articles, so walking corpus/ yields only
/// the news. A file given by name is read whatever it is called.
bool is_folder_documentation(std::string_view name) {
  std::string stem(name.substr(0, name.find('.')));
  for (char& ch : stem) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return stem == "readme" || stem == "license" || stem == "licence" || stem == "copying";
}

class Walker {
 public:
  Walker(const std::function<void(const InputFile&)>& on_file,
         const std::function<void(const Problem&)>& on_problem)
      : on_file_(on_file), on_problem_(on_problem) {}

  /// Never enters @p folder, whatever name leads to it: marked as walked
  /// already, it is passed over like a folder met a second time.
  void exclude_folder(const std::string& folder) {
    struct stat info {};
    if (::stat(folder.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
      seen_folders_.insert(FileId{info.st_dev, info.st_ino});
  }

  void add_root_realpath(const std::string& root) {
    const std::string real = real_path(root);
    if (!real.empty()) real_roots_.push_back(real);
  }

  void root(const std::string& given) {
    if (given == "-") {
      on_file_(InputFile{"-", "-", 0, 0, true});
      return;
    }
    const std::string path = absolute_normal(given);
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      const int error = errno;
      struct stat link_info {};
      if (::lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode)) {
        report(given, "broken symbolic link");
      } else {
        report(given, std::strerror(error));
      }
      return;
    }
    if (S_ISDIR(info.st_mode)) {
      folder(path, given, info);
    } else if (S_ISREG(info.st_mode)) {
      file(path, given, info);
    } else {
      // A pipe or device named on the command line (as bash's <(zcat ...)
      // gives) is read once as a stream.
      on_file_(InputFile{path, given, 0, mtime_ns(info), true});
    }
  }

 private:
  void report(const std::string& where, const std::string& message) {
    on_problem_(Problem{where, message});
  }

  void file(const std::string& path, const std::string& root, const struct stat& info) {
    // A file met again under another name (a link, a hard link) is read once.
    if (!seen_files_.insert(FileId{info.st_dev, info.st_ino}).second) return;
    on_file_(
        InputFile{path, root, static_cast<std::uint64_t>(info.st_size), mtime_ns(info), false});
  }

  /// Walks a folder depth first with an explicit stack of open folders, whose
  /// identities are the ancestors a symbolic link loop would lead back to.
  void folder(const std::string& top, const std::string& root, const struct stat& top_info) {
    struct Frame {
      std::string path;
      FileId id;
      std::vector<std::string> names;  // sorted entries still to visit, last first
    };
    std::vector<Frame> stack;
    auto enter = [&](const std::string& path, const struct stat& info) {
      const FileId id{info.st_dev, info.st_ino};
      if (!seen_folders_.insert(id).second) return;  // already walked under another name
      Frame frame{path, id, {}};
      std::unique_ptr<DIR, DirCloser> dir(::opendir(path.c_str()));
      if (!dir) {
        report(path, std::string("cannot read folder: ") + std::strerror(errno));
        return;
      }
      errno = 0;
      while (const dirent* entry = ::readdir(dir.get())) {
        const std::string_view name(entry->d_name);
        if (name.empty() || name.front() == '.') continue;  // hidden, ".", "..", .git, .hg, .svn
        frame.names.emplace_back(name);
      }
      std::sort(frame.names.begin(), frame.names.end(), std::greater<>());
      stack.push_back(std::move(frame));
    };
    enter(top, top_info);

    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.names.empty()) {
        stack.pop_back();
        continue;
      }
      const std::string name = std::move(frame.names.back());
      frame.names.pop_back();
      const std::string path = frame.path == "/" ? "/" + name : frame.path + "/" + name;
      struct stat info {};
      if (::lstat(path.c_str(), &info) != 0) {
        report(path, std::strerror(errno));
        continue;
      }
      if (S_ISLNK(info.st_mode)) {
        const std::string target = real_path(path);
        if (target.empty() || ::stat(path.c_str(), &info) != 0) {
          report(path, "broken symbolic link; skipped");
          continue;
        }
        const bool inside = std::any_of(real_roots_.begin(), real_roots_.end(),
                                        [&](const std::string& r) { return is_inside(target, r); });
        if (!inside) {
          report(path, "symbolic link to " + target + " leads outside the given folders; skipped");
          continue;
        }
        if (S_ISDIR(info.st_mode)) {
          const FileId id{info.st_dev, info.st_ino};
          const bool loop = std::any_of(stack.begin(), stack.end(),
                                        [&](const Frame& open) { return open.id == id; });
          if (loop) {
            report(path, "symbolic link loop back to " + target + "; skipped");
            continue;
          }
        }
      }
      if (S_ISDIR(info.st_mode)) {
        if (is_vcs_folder(name)) continue;
        enter(path, info);  // may reallocate the stack: frame is not used after this
      } else if (S_ISREG(info.st_mode)) {
        if (!is_folder_documentation(name)) file(path, root, info);
      }
      // Sockets, pipes and devices inside folders are not documents.
    }
  }

  const std::function<void(const InputFile&)>& on_file_;
  const std::function<void(const Problem&)>& on_problem_;
  std::vector<std::string> real_roots_;
  std::set<FileId> seen_files_;
  std::set<FileId> seen_folders_;
};

}  // namespace

void walk(std::span<const std::string> roots, const std::function<void(const InputFile&)>& on_file,
          const std::function<void(const Problem&)>& on_problem,
          std::span<const std::string> exclude) {
  Walker walker(on_file, on_problem);
  for (const std::string& folder : exclude)
    walker.exclude_folder(folder);
  for (const std::string& root : roots) {
    if (root != "-") walker.add_root_realpath(absolute_normal(root));
  }
  for (const std::string& root : roots)
    walker.root(root);
}

}  // namespace lede
