/// @file
/// @brief Reading a database that a writer may be committing to, in one place.
///
/// A Xapian reader sees the revision it opened. Glass keeps the blocks of one
/// older revision only, so a reader that two commits overtake fails with
/// DatabaseModifiedError; and opening (or reopening) while a commit lands, or
/// while lede-index puts a compacted copy in place, can read the version file
/// and the tables of different revisions and fail as DatabaseCorruptError
/// ("Expected block 2586 to be level 2, not 0"), DatabaseError ("EOF reading
/// block") or DatabaseOpeningError, although nothing on disk is damaged. Each
/// of these passes on a fresh look at the newest revision. Every reader in
/// lede (lede-query's searches, lede-index's lookups and --stats) runs its
/// reads through retry_read(), so that this is decided once; a database that
/// is really damaged fails the same way every time and is reported after the
/// last attempt, by the caller, which names it.
#pragma once

#include <xapian.h>

namespace lede::schema {

/// Attempts of one read before its failure is reported. With the pauses of
/// pause_before_retry() the last one comes about half a second after the
/// first, longer than a commit or a compaction's exchange of files takes.
inline constexpr int kReadAttempts = 12;

/// Whether @p e may come from a writer changing the database while it was
/// read (see the file comment), rather than from the database itself: a
/// missing database, a newer format, a network failure are not retried.
[[nodiscard]] bool overtaken(const Xapian::Error& e) noexcept;

/// Sleeps before attempt @p next (1, 2, ...): not at all before the second,
/// then 1, 2, 4 ... milliseconds, at most 100, so that a commit in progress
/// can land.
void pause_before_retry(int next);

/// Runs @p unit(attempt) for attempt 0, 1, ... until it returns, and returns
/// its result. A Xapian error for which overtaken() holds is retried up to
/// kReadAttempts in all; any other exception, and the last one, propagate.
/// @p unit does the whole read, including whatever reopening it needs on the
/// attempts after the first: reopening can fail the same way as reading.
template <typename Unit>
auto retry_read(Unit&& unit) -> decltype(unit(0)) {
  for (int attempt = 0;; ++attempt) {
    try {
      return unit(attempt);
    } catch (const Xapian::Error& e) {
      if (attempt + 1 >= kReadAttempts || !overtaken(e)) throw;
    }
    pause_before_retry(attempt + 1);
  }
}

}  // namespace lede::schema
