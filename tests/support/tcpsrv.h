/// @file
/// @brief xapian-tcpsrv serving a shard on a free loopback port, for the
/// tests of remote shards (test_shards, test_count).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.h"

namespace lede::test {

// A port nobody listens on now, chosen by the kernel.
inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    return 0;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

inline bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

inline std::string tcpsrv_path() {
  for (const char* p : {"/usr/bin/xapian-tcpsrv", "/usr/local/bin/xapian-tcpsrv"})
    if (access(p, X_OK) == 0) return p;
  return {};
}

// xapian-tcpsrv serving one shard on a free loopback port, for as long as
// the object lives: it is always killed and reaped, even when a check fails.
class TcpServer {
 public:
  explicit TcpServer(const std::string& shard) {
    for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
      const int port = free_port();
      if (port == 0) continue;
      // xapian-tcpsrv answers SIGTERM by signalling its whole process group
      // (its children serve the connections): it gets a group of its own,
      // or it would stop the test too.
      try {
        process_.emplace(std::vector<std::string>{tcpsrv_path(), "--port", std::to_string(port),
                                                  "--interface", "127.0.0.1", "--quiet", shard},
                         "/dev/null", true);
      } catch (const std::runtime_error&) {
        return;
      }
      // Ready once it accepts; gone if another process took the port first.
      for (int wait = 0; wait < 200 && process_->running(); ++wait) {
        if (accepts(port)) {
          // Another test's server may hold the port: ours then fails to
          // bind and exits at once, so it must still run a moment later.
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          if (process_->running() && accepts(port)) port_ = port;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
      if (port_ == 0) stop();
    }
  }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  [[nodiscard]] bool ready() const { return port_ != 0; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string spec() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  void stop() {
    if (!process_) return;
    process_->signal(SIGTERM);
    (void)process_->wait();
    process_.reset();
  }

 private:
  std::optional<Background> process_;
  int port_ = 0;
};

}  // namespace lede::test
