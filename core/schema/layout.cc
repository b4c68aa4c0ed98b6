#include "core/schema/layout.h"

#include <unistd.h>
#include <xxhash.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "core/schema/schema.h"
#include "core/util/error.h"

namespace lede::schema {

namespace {

namespace fs = std::filesystem;

// Stubs may list stubs; a loop of them must end in an error, not a stack
// overflow. Xapian itself has no limit, but no sane layout nests this deep.
constexpr int kMaxStubDepth = 8;

std::string shard_folder(unsigned i) {
  return "shard-" + std::to_string(i);
}

bool parse_port(std::string_view text, unsigned& port) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return false;
  port = value;
  return true;
}

// HOST:PORT as a stub file's "remote" line and tcp:// spell it; HOST may be
// an IPv6 address in brackets.
std::optional<Shard> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  Shard s;
  s.kind = Shard::Kind::tcp;
  if (!parse_port(text.substr(colon + 1), s.port)) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) return std::nullopt;
  s.host = std::string(host);
  return s;
}

void expand(const std::string& spec, int depth, std::vector<Shard>& out);

// Reads a stub file the way Xapian 1.4 does (backends/databasehelpers.h):
// "TYPE REST" lines, "#" comments, paths relative to the stub's folder.
void expand_stub(const std::string& file, int depth, std::vector<Shard>& out) {
  if (depth > kMaxStubDepth)
    throw Error(ErrorKind::database, file + ": stub files nested too deeply (a loop?)");
  std::ifstream in(file);
  if (!in) throw Error(ErrorKind::database, file + ": cannot read the stub file");
  const fs::path folder = fs::path(file).parent_path();
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    const std::string where = file + ":" + std::to_string(number);
    if ((type == "auto" || type == "glass") && !rest.empty()) {
      const fs::path p(rest);
      expand(p.is_absolute() ? rest : (folder / p).string(), depth + 1, out);
    } else if (type == "remote" && !rest.empty() && rest.front() == ':') {
      // ":PROGRAM ARGS" runs a program that speaks the remote protocol, as
      // "ssh host xapian-progsrv /path" does.
      Shard s;
      s.kind = Shard::Kind::program;
      const auto gap = rest.find(' ');
      s.path = rest.substr(1, gap == std::string::npos ? std::string::npos : gap - 1);
      if (gap != std::string::npos) s.args = rest.substr(gap + 1);
      out.push_back(std::move(s));
    } else if (type == "remote") {
      auto s = parse_host_port(rest);
      if (!s) throw Error(ErrorKind::database, where + ": bad remote line, want HOST:PORT");
      out.push_back(std::move(*s));
    } else {
      throw Error(ErrorKind::database,
                  where + ": lede reads only auto, glass and remote lines of a stub file");
    }
  }
}

void expand(const std::string& spec, int depth, std::vector<Shard>& out) {
  if (auto tcp = parse_tcp(spec)) {
    out.push_back(std::move(*tcp));
    return;
  }
  std::error_code ec;
  const auto status = fs::status(spec, ec);
  if (fs::is_regular_file(status)) {
    expand_stub(spec, depth, out);
    return;
  }
  if (fs::is_directory(status) && !fs::exists(fs::path(spec) / "iamglass", ec) &&
      fs::exists(fs::path(spec) / kStubFile, ec)) {
    expand_stub((fs::path(spec) / kStubFile).string(), depth, out);
    return;
  }
  Shard s;
  s.kind = Shard::Kind::local;
  s.path = spec;
  out.push_back(std::move(s));
}

}  // namespace

std::string Shard::name() const {
  switch (kind) {
    case Kind::local:
      return path;
    case Kind::tcp:
      return "tcp://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
             std::to_string(port);
    case Kind::program:
      return args.empty() ? path : path + " " + args;
  }
  return path;
}

std::optional<Shard> parse_tcp(std::string_view spec) {
  constexpr std::string_view kScheme = "tcp://";
  if (!spec.starts_with(kScheme)) return std::nullopt;
  auto s = parse_host_port(spec.substr(kScheme.size()));
  if (!s)
    throw Error(
        ErrorKind::usage,
        std::string(spec) + ": a remote shard is tcp://HOST:PORT, e.g. tcp://10.0.0.2:7000");
  return s;
}

std::vector<Shard> shards_of(std::string_view spec) {
  std::vector<Shard> out;
  expand(std::string(spec), 0, out);
  return out;
}

Xapian::Database open_shard(const Shard& shard) {
  switch (shard.kind) {
    case Shard::Kind::local:
      return Xapian::Database(shard.path);
    case Shard::Kind::tcp:
      return Xapian::Remote::open(shard.host, shard.port);
    case Shard::Kind::program:
      return Xapian::Remote::open(shard.path, shard.args);
  }
  return Xapian::Database(shard.path);
}

bool is_sharded(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && !fs::exists(fs::path(path) / "iamglass", ec) &&
         fs::exists(fs::path(path) / kStubFile, ec);
}

std::vector<std::string> writable_shards(const std::string& path) {
  if (!is_sharded(path)) return {path};
  std::vector<std::string> folders;
  for (const auto& s : shards_of(path)) {
    if (s.kind != Shard::Kind::local)
      throw Error(ErrorKind::database,
                  path + ": lists the remote shard " + s.name() +
                      "; lede-index writes local shards only (index where the shard lives)");
    folders.push_back(s.path);
  }
  if (folders.empty()) throw Error(ErrorKind::database, path + ": the stub file lists no shards");
  return folders;
}

std::vector<std::string> create_sharded(const std::string& path, unsigned count) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw Error(ErrorKind::database, "cannot create " + path + ": " + ec.message());
  std::string text =
      "# A lede database in " + std::to_string(count) +
      " shards. lede-index routes each article to one of them by its key, in this order;\n"
      "# a shard may move to another machine (serve it with xapian-tcpsrv and list it\n"
      "# there as \"remote HOST:PORT\" in a copy of this file), see docs/SCALING.md.\n";
  std::vector<std::string> folders;
  for (unsigned i = 0; i < count; ++i) {
    text += "auto " + shard_folder(i) + "\n";
    folders.push_back((fs::path(path) / shard_folder(i)).string());
  }
  // Written beside and renamed over, so that a reader never sees half a list.
  const fs::path stub = fs::path(path) / kStubFile;
  const fs::path tmp =
      fs::path(path) / (std::string(kStubFile) + ".tmp" + std::to_string(getpid()));
  {
    std::ofstream out(tmp);
    out << text;
    if (!out.flush()) throw Error(ErrorKind::database, "cannot write " + tmp.string());
  }
  fs::rename(tmp, stub, ec);
  if (ec) throw Error(ErrorKind::database, "cannot write " + stub.string() + ": " + ec.message());
  return folders;
}

unsigned shard_of(std::string_view article_key, unsigned count) noexcept {
  if (count <= 1) return 0;
  // The key is 16 hex digits of XXH3; any other string is hashed, so that the
  // function is total.
  std::uint64_t h = 0;
  bool hex = article_key.size() == 16;
  for (const char c : article_key) {
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) {
      hex = false;
      break;
    }
    h = h << 4 | static_cast<std::uint64_t>(d);
  }
  if (!hex) h = XXH3_64bits(article_key.data(), article_key.size());
  return static_cast<unsigned>(h % count);
}

std::uint64_t global_docid(std::uint64_t local, unsigned shard, unsigned count) noexcept {
  if (local == 0) return 0;
  return (local - 1) * count + shard + 1;
}

Placement next_docid(std::uint64_t after, unsigned shard, unsigned count) noexcept {
  if (count <= 1) return {after + 1, static_cast<Xapian::docid>(after + 1)};
  // Global docids of shard s are exactly those with (g - 1) % count == s.
  const std::uint64_t r = after % count;
  const std::uint64_t g = after + (shard + count - r) % count + 1;
  return {g, static_cast<Xapian::docid>((g - 1) / count + 1)};
}

std::vector<std::string> database_specs(std::span<const std::string> flags) {
  std::vector<std::string> specs;
  for (const auto& f : flags)
    if (!f.empty()) specs.push_back(f);
  if (!specs.empty()) return specs;
  if (const char* env = std::getenv("LEDE_DB"); env && *env) {
    // A list, for searching several databases as one; a path holding a comma
    // is given with --db instead.
    std::string_view rest(env);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto item = rest.substr(0, comma);
      if (!item.empty()) specs.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (!specs.empty()) return specs;
  }
  specs.push_back(database_path({}));
  return specs;
}

}  // namespace lede::schema
