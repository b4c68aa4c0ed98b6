/// @file
/// @brief The one exception type the core library lets escape.
///
/// Errors from ICU, Xapian, zstd and the rest are translated into lede::Error
/// where they occur, so that the executables need to know only this type to
/// print a message and choose an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace lede {

/// What kind of failure an Error reports; main() maps these to exit codes.
enum class ErrorKind {
  usage,     ///< The user asked for something invalid (bad option, bad query).
  input,     ///< One input (file, line, article) could not be used.
  database,  ///< The database cannot be opened, read or written.
  locked,    ///< Another process holds the database's write lock.
  internal,  ///< A bug or an unexpected failure of a library.
};

/// An error with a message meant for the user, already naming what failed.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace lede
