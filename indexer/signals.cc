#include "indexer/signals.h"

namespace lede::indexer {

volatile std::sig_atomic_t StopSignals::received_ = 0;

StopSignals::StopSignals() {
  received_ = 0;
  struct sigaction action {};
  action.sa_handler = &StopSignals::handle;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: the first signal asks, the second one kills.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

void StopSignals::handle(int sig) noexcept {
  received_ = sig;
}

}  // namespace lede::indexer
