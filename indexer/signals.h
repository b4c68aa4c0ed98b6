/// @file
/// @brief Turning SIGINT and SIGTERM into a polite request to stop.
#pragma once

#include <csignal>

namespace lede::indexer {

/// While alive, SIGINT and SIGTERM set a flag instead of killing the process,
/// so the run can commit what it has done and exit cleanly; a second signal
/// of the same kind kills as usual (the database stays at its last commit).
/// The previous handlers come back when the guard is destroyed. Only one
/// guard may exist at a time: a signal handler can reach nothing but static
/// storage, so the flag is a static member only this class touches.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// True once SIGINT or SIGTERM arrived.
  [[nodiscard]] bool requested() const noexcept { return received_ != 0; }
  /// The signal that arrived, 0 if none.
  [[nodiscard]] int signal() const noexcept { return received_; }

 private:
  static void handle(int sig) noexcept;
  static volatile std::sig_atomic_t received_;
  struct sigaction old_int_ {
  }, old_term_{};
};

}  // namespace lede::indexer
