/// @file
/// @brief Text made safe to show on a terminal: the one function through
/// which lede-query and lede-index print whatever came from their input.
#pragma once

#include <string>
#include <string_view>

namespace lede {

/// True for a character that must never reach a terminal raw: C0 and C1
/// controls and DEL (ESC starts every escape sequence, CSI is C1 0x9B), and
/// the bidirectional overrides, isolates and marks that reorder what follows.
[[nodiscard]] bool is_terminal_unsafe(char32_t c) noexcept;

/// True for white space, which a terminal line shows as one space (tabs,
/// line ends, no-break and other Unicode spaces).
[[nodiscard]] bool is_terminal_space(char32_t c) noexcept;

/// @p text made safe for a terminal: every control character (C0, DEL, C1),
/// hence every escape sequence's ESC, and every bidirectional override
/// becomes U+FFFD; runs of tabs, newlines and other white space become one
/// space, dropped at both ends; ill-formed UTF-8 becomes U+FFFD. File names,
/// titles, queries and error messages pass through it before they are printed.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace lede
