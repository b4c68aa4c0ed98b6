#include "core/schema/fields.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "core/schema/schema.h"

namespace lede::schema {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::string language_value(std::string_view language) {
  std::string code = lower_ascii(language);
  // A BCP 47 tag or a POSIX locale: only the language subtag names the
  // articles' language (the stemmer and lang: know no regions).
  if (const auto cut = code.find_first_of("-_."); cut != std::string::npos) code.resize(cut);
  return code;
}

std::string host_value(std::string_view host) {
  return lower_ascii(host);
}

std::string path_value(std::string_view path, std::string_view cwd, std::string_view home) {
  if (path == "-") return "-";
  std::filesystem::path p;
  if ((path == "~" || path.starts_with("~/")) && !home.empty())
    p = std::filesystem::path(home) / std::string(path.substr(path.size() > 1 ? 2 : 1));
  else
    p = std::filesystem::path(path);
  if (p.is_relative() && !cwd.empty()) p = std::filesystem::path(cwd) / p;
  std::string normal = p.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/')
    normal.pop_back();
  return normal;
}

std::string path_value(std::string_view path) {
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).string();
  const char* home = std::getenv("HOME");
  return path_value(path, cwd, home ? home : "");
}

std::vector<std::string> name_values(std::span<const std::string> words, bool each_word) {
  std::vector<std::string> values;
  const std::string whole = folded_name(words);
  if (whole.empty()) return values;
  values.push_back(whole);
  if (!each_word) return values;
  for (const auto& w : words)
    if (!w.empty() && w != whole && std::find(values.begin(), values.end(), w) == values.end())
      values.push_back(w);
  return values;
}

}  // namespace lede::schema
