#include "core/schema/reading.h"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <thread>

namespace lede::schema {

bool overtaken(const Xapian::Error& e) noexcept {
  // Xapian::Error is not polymorphic; its type is a name. The subclasses of
  // these that name a lasting condition (DatabaseNotFoundError,
  // DatabaseVersionError, DatabaseLockError, ...) have names of their own.
  const std::string_view type = e.get_type();
  return type == "DatabaseModifiedError" || type == "DatabaseCorruptError" ||
         type == "DatabaseError" || type == "DatabaseOpeningError";
}

void pause_before_retry(int next) {
  if (next <= 1) return;
  const int ms = std::min(100, 1 << std::min(next - 2, 7));
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace lede::schema
