#include "core/index/failures.h"

#include <nlohmann/json.hpp>

#include "core/schema/schema.h"

namespace lede::index {

std::string failure_key(std::string_view path) {
  // The path itself could exceed Xapian's key length: its hash cannot.
  return std::string(schema::kMetaFailedPrefix) + schema::article_key(path);
}

std::string failure_value(const Failure& failure) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : failure.problems)
    problems.push_back({{"where", p.where}, {"message", p.message}});
  const nlohmann::json j = {{"path", failure.path},
                            {"size", failure.size},
                            {"mtime", failure.mtime},
                            {"count", failure.count},
                            {"problems", problems}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Failure> parse_failure(std::string_view value) {
  const auto j = nlohmann::json::parse(value, nullptr, false);
  if (!j.is_object() || !j.contains("path") || !j["path"].is_string()) return std::nullopt;
  Failure f;
  f.path = j["path"].get<std::string>();
  f.size = j.value("size", std::uint64_t{0});
  f.mtime = j.value("mtime", std::int64_t{0});
  f.count = j.value("count", std::uint64_t{0});
  if (const auto p = j.find("problems"); p != j.end() && p->is_array())
    for (const auto& one : *p)
      if (one.is_object())
        f.problems.push_back(Problem{one.value("where", ""), one.value("message", "")});
  return f;
}

std::vector<Failure> read_failures(const Xapian::Database& db) {
  std::vector<Failure> out;
  const std::string prefix(schema::kMetaFailedPrefix);
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k)
    if (auto f = parse_failure(db.get_metadata(*k))) {
      f->key = *k;
      out.push_back(std::move(*f));
    }
  return out;
}

}  // namespace lede::index
