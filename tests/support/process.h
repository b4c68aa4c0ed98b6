/// @file
/// @brief Running the real binaries from end-to-end tests.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace lede::test {

/// What a finished process left behind.
struct Outcome {
  int status = -1;  ///< Exit code, or 128 + signal number when killed.
  std::string out;  ///< Everything it wrote to stdout.
  std::string err;  ///< Everything it wrote to stderr.
};

/// Extra environment settings for run(): "NAME=value" entries added to (or
/// replacing those of) the test's own environment.
using Env = std::vector<std::string>;

/// The NULL-terminated array of C strings posix_spawn wants, pointing into
/// @p strings, which must outlive it.
inline std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Runs @p argv (argv[0] is the program path) with @p input on stdin, waits for
/// it and returns its exit status and output. No shell is involved, so
/// arguments need no quoting.
inline Outcome run(const std::vector<std::string>& argv, const std::string& input = {},
                   const Env& env = {}) {
  std::array<int, 2> in{}, out{}, err{};
  if (pipe2(in.data(), O_CLOEXEC) || pipe2(out.data(), O_CLOEXEC) || pipe2(err.data(), O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);

  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    bool replaced = false;
    for (const auto& extra : env)
      if (entry.substr(0, entry.find('=') + 1) == extra.substr(0, extra.find('=') + 1))
        replaced = true;
    if (!replaced) environment.push_back(std::move(entry));
  }
  environment.insert(environment.end(), env.begin(), env.end());
  const auto envp = c_strings(environment);
  std::vector<std::string> args = argv;
  const auto c_args = c_strings(args);

  pid_t pid = 0;
  int rc = posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(in[1]);
    close(out[0]);
    close(err[0]);
    throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(rc));
  }

  // Feed stdin and drain both outputs together so that no pipe fills up and
  // blocks the child while the test waits on another.
  Outcome outcome;
  std::size_t written = 0;
  if (input.empty()) {
    close(in[1]);
    in[1] = -1;
  } else {
    fcntl(in[1], F_SETFL, O_NONBLOCK);
  }
  std::array<char, 65536> buffer{};
  bool out_open = true, err_open = true;
  while (out_open || err_open || in[1] >= 0) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out[0], POLLIN, 0});
    if (err_open) fds.push_back({err[0], POLLIN, 0});
    if (in[1] >= 0) fds.push_back({in[1], POLLOUT, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (const auto& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in[1]) {
        ssize_t n = write(in[1], input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == input.size()) {
          close(in[1]);
          in[1] = -1;
        }
        continue;
      }
      ssize_t n = read(p.fd, buffer.data(), buffer.size());
      if (n <= 0) {
        (p.fd == out[0] ? out_open : err_open) = false;
        continue;
      }
      (p.fd == out[0] ? outcome.out : outcome.err)
          .append(buffer.data(), static_cast<std::size_t>(n));
    }
  }
  close(out[0]);
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

/// A process running in the background for as long as the object lives, for
/// signals, locks and servers: stdin and stdout on /dev/null, stderr to
/// @p err_file. With @p own_group it leads a process group of its own, and
/// signals go to the whole group (xapian-tcpsrv signals its own group when it
/// stops, which must not reach the test). It is always killed and reaped.
/// Throws std::runtime_error when it cannot be started.
class Background {
 public:
  explicit Background(const std::vector<std::string>& argv,
                      const std::string& err_file = "/dev/null", bool own_group = false)
      : own_group_(own_group) {
    std::vector<std::string> args = argv;
    const auto c_args = c_strings(args);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    if (own_group) {
      posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attr, 0);
    }
    const int rc = posix_spawn(&pid_, c_args[0], &actions, &attr, c_args.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start " + argv.front() + ": " + std::strerror(rc));
    }
  }
  ~Background() {
    signal(SIGKILL);
    (void)wait();
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  /// Sends @p sig (to the whole group with own_group), if it still runs.
  void signal(int sig) {
    if (pid_ > 0) ::kill(own_group_ ? -pid_ : pid_, sig);
  }
  /// True while it runs; once it has ended, wait() returns at once.
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) record(status);
    return r == 0;
  }
  /// Waits for the end; the exit code, or 128 + the signal that ended it.
  int wait() {
    if (pid_ > 0) {
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      record(status);
    }
    return status_;
  }

 private:
  void record(int status) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int status_ = -1;
  bool own_group_ = false;
};

/// A background process fed through a pipe on its standard input, for as
/// long as the object lives (a long-lived lede-query --batch - driven by a
/// script); stdout and stderr go to files. Writing to it after it ended
/// fails instead of raising SIGPIPE. It is always killed and reaped.
class Fed {
 public:
  Fed(const std::vector<std::string>& argv, const std::string& out_file,
      const std::string& err_file) {
    std::array<int, 2> in{};
    if (pipe2(in.data(), O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = argv;
    const auto c_args = c_strings(args);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const int rc = posix_spawn(&pid_, c_args[0], &actions, nullptr, c_args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    if (rc != 0) {
      close(in[1]);
      pid_ = -1;
      throw std::runtime_error("cannot start " + argv.front() + ": " + std::strerror(rc));
    }
    in_ = in[1];
  }
  ~Fed() {
    close_input();
    if (pid_ > 0) ::kill(pid_, SIGKILL);
    (void)wait();
  }
  Fed(const Fed&) = delete;
  Fed& operator=(const Fed&) = delete;

  /// Writes @p text whole; false when the process no longer reads.
  bool write(const std::string& text) {
    // MSG_NOSIGNAL exists for sockets only: SIGPIPE is held off for the
    // write by blocking it, and a pending one is consumed.
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    std::size_t done = 0;
    while (in_ >= 0 && done < text.size()) {
      const ssize_t n = ::write(in_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    const timespec zero{};
    while (sigtimedwait(&pipe_set, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return done == text.size();
  }
  /// Closes its standard input: it sees the end of its input.
  void close_input() {
    if (in_ >= 0) close(in_);
    in_ = -1;
  }
  /// Waits for the end; the exit code, or 128 + the signal that ended it.
  int wait() {
    if (pid_ > 0) {
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      pid_ = -1;
    }
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  int status_ = -1;
};

/// The paths of the binaries under test.
inline std::string index_bin() {
  return LEDE_INDEX_BIN;
}
inline std::string query_bin() {
  return LEDE_QUERY_BIN;
}

}  // namespace lede::test
