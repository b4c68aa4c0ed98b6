/// @file
/// @brief What every fuzz target shares: a failed check that libFuzzer sees,
/// and a reader that carves options and fields out of the fuzzer's bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace lede::fuzz {

/// Aborts with @p what when @p ok is false: libFuzzer saves the input that
/// broke a promise of the code under test just as it saves one that crashed.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

/// The fuzzer's bytes, consumed front to back: small numbers for options
/// first, then fields cut at a separator byte, then the rest.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  /// One byte (0 when none is left).
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto value = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return value;
  }

  /// The bytes up to the next @p separator (or to the end), which is consumed.
  std::string_view field(char separator = '\x01') {
    const std::size_t cut = rest_.find(separator);
    const std::string_view value = rest_.substr(0, cut);
    rest_.remove_prefix(cut == std::string_view::npos ? rest_.size() : cut + 1);
    return value;
  }

  /// Everything not consumed yet.
  std::string_view rest() {
    const std::string_view value = rest_;
    rest_ = {};
    return value;
  }

 private:
  std::string_view rest_;
};

}  // namespace lede::fuzz
