/// @file
/// @brief The version of lede and of the libraries it was built with.
#pragma once

#include <string>
#include <string_view>

namespace lede {

/// Version of the machine-readable output of both binaries (lede-query's
/// JSON, JSON Lines, TSV and TREC; lede-index --stats --json), specified in
/// docs/output-format.md. Bumped when a field is removed or changes meaning.
inline constexpr std::string_view kOutputFormatVersion = "3";

/// The release version of lede ("0.1.0").
[[nodiscard]] std::string_view version() noexcept;

/// One line for --version: lede's version and those of Xapian and ICU.
[[nodiscard]] std::string version_line(std::string_view program);

}  // namespace lede
