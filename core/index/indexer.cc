#include "core/index/indexer.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stop_token>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/analysis/analyzer.h"
#include "core/index/failures.h"
#include "core/index/ownership.h"
#include "core/index/prepare.h"
#include "core/schema/fields.h"
#include "core/schema/layout.h"
#include "core/schema/reading.h"
#include "core/schema/schema.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

namespace lede::index {

namespace {

using Clock = std::chrono::steady_clock;

// Thrown inside the reader thread to abandon the walk when the run stops; it
// never leaves this file.
struct StopReading {};

std::string str(std::string_view s) {
  return std::string(s);
}

std::optional<std::int64_t> file_mtime(const std::string& path) {
  if (path.empty() || path == "-") return std::nullopt;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec);
}

std::uint64_t key_number(std::string_view key) {
  return std::strtoull(std::string(key).c_str(), nullptr, 16);
}

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One unit on its way from the reader to the writer. Problems and the end of
// each input travel in the same ordered stream as articles, so the writer
// reports everything in walk order.
struct Item {
  enum class Kind : std::uint8_t { article, problem, input_end };
  Kind kind = Kind::article;
  std::uint64_t seq = 0;
  std::uint64_t cost = 0;  // Bytes held against the in-flight budget.
  Article article;
  Problem problem;
  std::optional<std::int64_t> mtime;
  // Set by the analyzers.
  bool hint_unchanged = false;
  std::optional<PreparedArticle> prepared;
  // For input_end, and for problems and articles: the input they came from.
  std::string input_path;
  std::uint64_t input_size = 0;
  std::string input_skip;  // input_end: why the input was not read.
  std::uint64_t input_articles = 0;
  std::uint64_t input_problems = 0;
};

// The queues between the three stages, behind one mutex: the stages exchange
// whole articles, so contention is negligible next to the work on each.
class Flow {
 public:
  Flow(std::size_t budget_bytes, std::size_t budget_items)
      : budget_bytes_(budget_bytes), budget_items_(budget_items) {}

  // Reader side. Blocks while the budget is spent; a single item larger than
  // the whole budget still passes when nothing else is in flight.
  void push(Item&& item, bool to_analyzers) {
    std::unique_lock lock(m_);
    space_.wait(lock, [&] {
      return closed_ || inflight_items_ == 0 ||
             (inflight_bytes_ + item.cost <= budget_bytes_ && inflight_items_ < budget_items_);
    });
    if (closed_) throw StopReading{};
    item.seq = next_seq_++;
    inflight_bytes_ += item.cost;
    ++inflight_items_;
    if (to_analyzers) {
      work_.push_back(std::move(item));
      work_ready_.notify_one();
    } else {
      const auto seq = item.seq;
      ready_.emplace(seq, std::move(item));
      if (seq == want_) writer_.notify_one();
    }
  }

  void reader_done() {
    std::lock_guard lock(m_);
    reader_done_ = true;
    work_ready_.notify_all();
    writer_.notify_one();
  }

  // Analyzer side: the next item to analyze, or nothing when the stream ends.
  // @p trash receives the items the writer is done with, to be destroyed by
  // the caller: freeing an article's documents costs the writer, the
  // bottleneck, a tenth of its time, and the analyzers allocated them anyway.
  std::optional<Item> take_work(std::vector<Item>& trash) {
    std::unique_lock lock(m_);
    work_ready_.wait(lock, [&] { return closed_ || reader_done_ || !work_.empty(); });
    trash.swap(trash_);
    if (closed_ || work_.empty()) return std::nullopt;
    Item item = std::move(work_.front());
    work_.pop_front();
    return item;
  }

  // Writer side: hands a handled item over for destruction elsewhere. Without
  // analyzers (a dry run) it is simply destroyed here.
  void discard(Item&& item, bool analyzers) {
    if (!analyzers) return;
    std::lock_guard lock(m_);
    trash_.push_back(std::move(item));
  }

  void done_work(Item&& item) {
    std::lock_guard lock(m_);
    const auto seq = item.seq;
    ready_.emplace(seq, std::move(item));
    if (seq == want_) writer_.notify_one();
  }

  enum class Next : std::uint8_t { item, timeout, end };

  // Writer side: the next item in order, waiting at most until @p deadline.
  Next take_next(Clock::time_point deadline, Item& out) {
    std::unique_lock lock(m_);
    while (true) {
      if (auto it = ready_.find(want_); it != ready_.end()) {
        out = std::move(it->second);
        ready_.erase(it);
        ++want_;
        inflight_bytes_ -= out.cost;
        --inflight_items_;
        space_.notify_one();
        return Next::item;
      }
      if (closed_ || (reader_done_ && want_ == next_seq_)) return Next::end;
      if (writer_.wait_until(lock, deadline) == std::cv_status::timeout) return Next::timeout;
    }
  }

  // Stops every stage: the reader's next push throws StopReading, analyzers
  // return, the writer sees the end.
  void close() {
    std::lock_guard lock(m_);
    closed_ = true;
    space_.notify_all();
    work_ready_.notify_all();
    writer_.notify_all();
  }

  bool closed() {
    std::lock_guard lock(m_);
    return closed_;
  }

  void fail(std::exception_ptr e) {
    {
      std::lock_guard lock(m_);
      if (!error_) error_ = std::move(e);
    }
    close();
  }

  std::exception_ptr error() {
    std::lock_guard lock(m_);
    return error_;
  }

 private:
  std::mutex m_;
  std::condition_variable space_, work_ready_, writer_;
  std::deque<Item> work_;
  std::vector<Item> trash_;
  std::map<std::uint64_t, Item> ready_;
  std::uint64_t next_seq_ = 0, want_ = 0;
  std::size_t inflight_bytes_ = 0, inflight_items_ = 0;
  std::size_t budget_bytes_, budget_items_;
  bool reader_done_ = false, closed_ = false;
  std::exception_ptr error_;
};

// The message for a Xapian error that stopped the run. A full disk is the
// failure a user can fix at once, so it is named as such, with what to do;
// Xapian's transactions leave the database at its last commit.
std::string write_failure(const Xapian::Error& e) {
  const char* why = e.get_error_string();
  if (why != nullptr && std::string_view(why) == std::strerror(ENOSPC))
    return "the disk is full (" + e.get_description() +
           "); the database keeps its last commit: free some space and run lede-index again "
           "to index the rest";
  return e.get_description();
}

// Closes the flow on every way out of run(), so that no thread is left
// blocked when the writer throws.
struct CloseOnExit {
  Flow& flow;
  ~CloseOnExit() { flow.close(); }
};

// Reads the stored content hash of an article from a database. A failed
// read throws: "not stored" would make the writer add a second copy.
std::optional<std::string> stored_hash(const Xapian::Database& db, const std::string& key) {
  const std::string term = schema::term(schema::kArticle, key);
  auto p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return std::nullopt;
  return db.get_document(*p).get_value(schema::kSlotContentHash);
}

// What the database says about one stored article, read from a passage.
struct Stored {
  std::string key, id, path, title;
  std::optional<std::int64_t> mtime;
};

Stored read_stored(const Xapian::Document& doc) {
  Stored s;
  s.key = doc.get_value(schema::kSlotArticle);
  const std::string mtime = doc.get_value(schema::kSlotMtime);
  if (!mtime.empty()) s.mtime = static_cast<std::int64_t>(Xapian::sortable_unserialise(mtime));
  const auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
  if (data.is_object()) {
    s.id = unescape_bytes(data.value("article_id", ""));
    s.path = unescape_bytes(data.value("path", ""));
    s.title = data.value("title", "");
  }
  return s;
}

// One change for a shard's writer thread, in the order the writer decided it.
struct Op {
  enum class Kind : std::uint8_t { add, remove, commit, compact, meta };
  Kind kind = Kind::add;
  Xapian::docid first = 0;    // add: the docid of the first passage; 0 appends.
  PreparedArticle prepared;   // add
  std::string key;            // remove; meta: the metadata key
  std::string value;          // meta: the value ("" deletes the entry)
  std::uint64_t written = 0;  // compact: passages this run wrote to the shard.
  std::uint64_t cost = 0;     // Bytes held against the queue's budget.
};

// One shard's writable database and the thread that writes it. The writer
// decides every article's fate in walk order and queues the changes; this
// thread applies them, batch by batch, each batch one Xapian transaction, so
// that a crash leaves the shard at its last committed batch and nothing of
// the next. Xapian spends most of indexing inside add_document and commit
// (measured: 70% of the CPU of a run), on the thread that calls them: N
// shards are N such threads, each on its own database, so N cores.
class ShardWriter {
 public:
  ShardWriter(std::string path, const Options& options, const Events& events, bool renumber)
      : path_(std::move(path)), renumber_(renumber), budget_(options.inflight_bytes / 8) {
    std::error_code ec;
    const auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    recover_compaction(path_);
    bool announced = false;
    while (true) {
      try {
        wdb_ =
            Xapian::WritableDatabase(path_, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
        break;
      } catch (const Xapian::DatabaseOpeningError&) {
        // A first run killed while Xapian created the database leaves its
        // tables without a version file, which Xapian will neither open nor
        // create over; cleared, the database is created afresh.
        if (!clear_unfinished_creation(path_)) throw;
      } catch (const Xapian::DatabaseLockError&) {
        if (!options.wait)
          throw Error(ErrorKind::locked, path_ +
                                             ": another lede-index is writing to this database "
                                             "(use --wait to wait for it)");
        if (!announced && events.waiting) events.waiting();
        announced = true;
        if (events.stop_requested && events.stop_requested())
          throw Error(ErrorKind::locked, path_ + ": stopped while waiting for the write lock");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
    // A new database is marked as lede's at once, in its own commit, so that
    // a run killed before its first batch leaves a database lede recognizes.
    if (wdb_.get_doccount() == 0 && wdb_.get_metadata(str(schema::kMetaSchemaVersion)).empty()) {
      write_versions();
      wdb_.commit();
    }
    schema::check_versions(wdb_, path_, Analyzer::kName, Analyzer::kVersion);
  }

  ~ShardWriter() { abandon(); }
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  const std::string& path() const { return path_; }
  Xapian::docid lastdocid() const { return wdb_.get_lastdocid(); }
  Xapian::doccount doccount() const { return wdb_.get_doccount(); }

  // Starts the thread; @p roots (a JSON array) goes into every batch.
  void start(std::string roots) {
    roots_ = std::move(roots);
    thread_ = std::jthread([this] { loop(); });
  }

  // Queues @p op, waiting while the queue holds more than its budget.
  void push(Op&& op) {
    std::unique_lock lock(m_);
    space_.wait(lock, [&] { return error_ || queue_.empty() || queued_ + op.cost <= budget_; });
    if (error_) std::rethrow_exception(error_);
    queued_ += op.cost;
    queue_.push_back(std::move(op));
    ready_.notify_one();
  }

  // Waits until everything queued is applied.
  void drain() {
    std::unique_lock lock(m_);
    idle_.wait(lock, [&] { return error_ || (queue_.empty() && !busy_); });
    if (error_) std::rethrow_exception(error_);
  }

  // The articles written since the last call, for the caller to free: the
  // thread that writes is the one the run waits for.
  std::vector<PreparedArticle> take_spent() {
    std::lock_guard lock(m_);
    std::vector<PreparedArticle> spent;
    spent.swap(spent_);
    return spent;
  }

  // Batches committed so far (commit ops applied).
  std::uint64_t committed() const { return committed_.load(); }
  bool compacted() const { return compacted_.load(); }

  // Stops the thread, dropping what is queued: the open transaction is
  // abandoned with the database, which keeps its last commit.
  void abandon() {
    {
      std::lock_guard lock(m_);
      closing_ = true;
      queue_.clear();
      ready_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    while (true) {
      Op op;
      {
        std::unique_lock lock(m_);
        ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        op = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
      }
      try {
        apply(op);
      } catch (...) {
        std::lock_guard lock(m_);
        error_ = std::current_exception();
        queue_.clear();
        busy_ = false;
        space_.notify_all();
        idle_.notify_all();
        return;
      }
      std::lock_guard lock(m_);
      busy_ = false;
      queued_ -= op.cost;
      if (op.kind == Op::Kind::add) spent_.push_back(std::move(op.prepared));
      space_.notify_all();
      if (queue_.empty()) idle_.notify_all();
    }
  }

  void apply(Op& op) {
    switch (op.kind) {
      case Op::Kind::add: {
        begin();
        Xapian::docid did = op.first;
        for (const auto& doc : op.prepared.passages) {
          // A docid past the last one adds the document without looking for
          // an old one: as cheap as add_document, and numbered by the caller.
          if (did == 0)
            wdb_.add_document(doc);
          else
            wdb_.replace_document(did++, doc);
        }
        // Spelling counts are summed over the batch and written once per
        // word at commit: Xapian's spelling table is costly per call, and
        // most words recur across the articles of a batch.
        for (const auto& [word, freq] : op.prepared.spellings)
          spellings_[word] += freq;
        return;
      }
      case Op::Kind::remove:
        begin();
        wdb_.delete_document(schema::term(schema::kArticle, op.key));
        return;
      case Op::Kind::meta:
        begin();
        wdb_.set_metadata(op.key, op.value);
        return;
      case Op::Kind::commit:
        if (in_txn_) {
          for (const auto& [word, freq] : spellings_)
            wdb_.add_spelling(word, freq);
          spellings_.clear();
          wdb_.commit_transaction();
          in_txn_ = false;
        }
        committed_.fetch_add(1);
        return;
      case Op::Kind::compact:
        compacted_.store(compact(op.written));
        return;
    }
  }

  // Opens a batch on the first change after a commit. The versions and roots
  // go into the same transaction, so a shard never holds passages without
  // knowing which analyzer made them.
  void begin() {
    if (in_txn_) return;
    wdb_.begin_transaction(true);
    in_txn_ = true;
    write_versions();
    wdb_.set_metadata(str(schema::kMetaUpdated), now_iso());
    if (!roots_written_) {
      wdb_.set_metadata(str(schema::kMetaRoots), roots_);
      roots_written_ = true;
    }
  }

  void write_versions() {
    wdb_.set_metadata(str(schema::kMetaAnalyzerName), str(Analyzer::kName));
    wdb_.set_metadata(str(schema::kMetaAnalyzerVersion), std::to_string(Analyzer::kVersion));
    wdb_.set_metadata(str(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
  }

  // Rewrites the shard compactly when this run wrote a good share of it.
  // Many small commits leave Xapian's B-tree blocks part-full: compaction
  // halves the size on disk (news: 188 MB to 100 MB in 0.7 s; Wikipedia
  // text: 868 MB to 516 MB in 3.7 s) and makes searches read less. The copy
  // is made from the last commit while this process still holds the write
  // lock, and only the database's own files are exchanged for the copy's
  // (see ownership.h): readers, and a kill at any moment, find either the
  // old or the new database complete. Shards keep their docids (the union
  // interleaves them, see schema::global_docid). Returns whether it
  // compacted; any failure leaves the (valid) uncompacted shard.
  bool compact(std::uint64_t written_passages) {
    if (written_passages == 0) return false;
    const Xapian::doccount total = wdb_.get_doccount();
    // A quarter keeps the cost of compacting proportional to the work of
    // the run, however large the database grows.
    if (written_passages * 4 < total) return false;
    return swap_in_compacted(wdb_, path_, renumber_ ? 0 : Xapian::DBCOMPACT_NO_RENUMBER);
  }

  std::string path_;
  bool renumber_;
  // Text bytes of the articles queued. An article's documents take about 25
  // times its text in memory, so the queue is kept short (512 KB of text by
  // default: about 13 MB a shard, a quarter of a second of a writer's work),
  // which is still enough for one shard to keep working while another
  // commits (measured on news, 2 shards: 256 KB, 1 MB and 4 MB of text gave
  // the same speed within the noise, at 102, 144 and 314 MB peak RSS).
  std::size_t budget_;
  Xapian::WritableDatabase wdb_;  // Used by the thread only, once started.
  std::string roots_;
  bool roots_written_ = false;
  bool in_txn_ = false;
  std::unordered_map<std::string, Xapian::termcount> spellings_;
  std::atomic<std::uint64_t> committed_{0};
  std::atomic<bool> compacted_{false};

  std::mutex m_;
  std::condition_variable ready_, space_, idle_;
  std::deque<Op> queue_;
  std::vector<PreparedArticle> spent_;
  std::size_t queued_ = 0;
  bool busy_ = false, closing_ = false;
  std::exception_ptr error_;
  std::jthread thread_;  // Last: joined before the rest is destroyed.
};

// The writer's side of one shard: a read-only view of it for lookups, and
// what this run changed there that the view may not show yet. The view shows
// the last commit its revision saw; the changes queued, applied but not
// committed, or committed after the view's revision are answered from the
// overlay. An overlay entry is dropped once the view is reopened past the
// commit of its batch, so memory stays bounded by the batch size.
class ShardState {
 public:
  // What the overlay knows of a key this run touched: its new content hash
  // when added, nothing when removed.
  struct Touch {
    std::uint64_t batch = 0;
    std::optional<std::string> hash;
  };
  struct Added {
    std::uint64_t batch = 0;
    Stored stored;
  };

  ShardState(std::string path, std::unique_ptr<ShardWriter> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {
    if (writer_ || std::filesystem::exists(path_)) view_ = Xapian::Database(path_);
  }

  const std::string& path() const { return path_; }
  ShardWriter* writer() { return writer_.get(); }

  // Drops the overlay entries whose batches the view can now see.
  void refresh() {
    if (!writer_) return;
    const std::uint64_t done = writer_->committed();
    if (done <= seen_committed_) return;
    with_view([](Xapian::Database& db) { return db.reopen(); });
    seen_committed_ = done;
    std::erase_if(touched_, [&](const auto& e) { return e.second.batch <= done; });
    std::erase_if(added_, [&](const auto& e) { return e.second.batch <= done; });
  }

  std::optional<std::string> hash_of(const std::string& key) {
    refresh();
    if (auto it = touched_.find(key); it != touched_.end()) return it->second.hash;
    return with_view([&](Xapian::Database& db) { return stored_hash(db, key); });
  }

  std::optional<Stored> holder_of(const std::string& hash, const std::string& key) {
    refresh();
    if (auto it = added_.find(hash); it != added_.end() && it->second.stored.key != key)
      return it->second.stored;
    const std::string term = schema::term(schema::kContentHash, hash);
    return with_view([&](Xapian::Database& db) -> std::optional<Stored> {
      for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        Stored s = read_stored(db.get_document(*p));
        if (s.key != key && !touched_.contains(s.key)) return s;
      }
      return std::nullopt;
    });
  }

  // The stored article @p key, unless this run touched it.
  std::optional<Stored> stored(const std::string& key) {
    refresh();
    if (touched_.contains(key)) return std::nullopt;
    const std::string term = schema::term(schema::kArticle, key);
    return with_view([&](Xapian::Database& db) -> std::optional<Stored> {
      auto p = db.postlist_begin(term);
      if (p == db.postlist_end(term)) return std::nullopt;
      return read_stored(db.get_document(*p));
    });
  }

  // Calls @p found with the key of every stored passage carrying @p term
  // (repeats included), skipping articles this run touched.
  void scan(const std::string& term, const std::function<void(std::string&&)>& found) {
    refresh();
    with_view([&](Xapian::Database& db) {
      for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        std::string key = db.get_document(*p).get_value(schema::kSlotArticle);
        if (!touched_.contains(key)) found(std::move(key));
      }
      return 0;
    });
  }

  // Passages of @p key in the shard, 0 when this run already touched it.
  std::uint64_t passages_of(const std::string& key) {
    refresh();
    if (touched_.contains(key)) return 0;
    const std::string term = schema::term(schema::kArticle, key);
    return with_view([&](Xapian::Database& db) { return db.get_termfreq(term); });
  }

  void removed(const std::string& key, std::uint64_t passages) {
    touched_[key] = Touch{batch_, std::nullopt};
    pending_passages_ += passages;
    dirty_ = true;
  }

  void added(const std::string& key, const std::string& hash, Stored stored,
             const PreparedArticle& prepared) {
    touched_[key] = Touch{batch_, hash};
    added_[hash] = Added{batch_, std::move(stored)};
    pending_passages_ += prepared.passages.size();
    pending_bytes_ += prepared.text_bytes;
    written_passages_ += prepared.passages.size();
    dirty_ = true;
  }

  // A metadata change (a failure recorded or forgotten) is part of the batch.
  void noted() { dirty_ = true; }

  bool batch_full(const Options& o) const {
    return pending_passages_ >= o.batch_passages || pending_bytes_ >= o.batch_bytes;
  }

  // Closes the open batch. Returns whether it held anything.
  bool close_batch() {
    if (!dirty_) return false;
    dirty_ = false;
    pending_passages_ = pending_bytes_ = 0;
    ++batch_;
    return true;
  }

  std::uint64_t written_passages() const { return written_passages_; }

 private:
  // Runs @p read on the view. This run's own writer commits while the view
  // is read, and two commits overtake it (a long removal scan, a writer
  // committing small batches): schema::retry_read then reads again, after
  // the writer has applied everything queued. Nothing commits to the shard
  // until this thread queues more (no other process may write it), so the
  // second look reads a revision nothing changes under it: the indexer is
  // never defeated by its own commits.
  template <typename F>
  auto with_view(F&& read) -> decltype(read(std::declval<Xapian::Database&>())) {
    return schema::retry_read([&](int attempt) {
      if (attempt > 0) {
        if (writer_) writer_->drain();
        view_.reopen();
      }
      return read(view_);
    });
  }

  std::string path_;
  std::unique_ptr<ShardWriter> writer_;  // None in a dry run.
  Xapian::Database view_;
  std::unordered_map<std::string, Touch> touched_;  // By article key.
  std::unordered_map<std::string, Added> added_;    // By content hash.
  std::uint64_t batch_ = 1, seen_committed_ = 0;
  std::uint64_t pending_passages_ = 0, pending_bytes_ = 0, written_passages_ = 0;
  bool dirty_ = false;
};

// The database side of the writer: the shards (one for a single database),
// opened with their locks, lookups across all of them, and changes routed to
// the shard of each article key. Passages are numbered as one database would
// number them (see schema::next_docid), so that the union of the shards
// ranks ties exactly as a single database holding everything.
class Store {
 public:
  Store(const Options& options, const Events& events) : path_(options.db), dry_(options.dry_run) {
    // "db/" and "db" are one database; the compaction's sibling folder
    // depends on the name being bare.
    while (path_.size() > 1 && path_.back() == '/')
      path_.pop_back();
    // Nothing is written, not even by a dry run's reads, until the path is
    // known to be empty or a lede database.
    check_target(path_);
    if (!dry_) recover_compaction(path_);
    try {
      const auto folders = shard_folders(options);
      const auto count = static_cast<unsigned>(folders.size());
      std::vector<std::string> roots;
      for (const auto& folder : folders) {
        std::unique_ptr<ShardWriter> writer;
        // A dry run takes no lock and creates nothing: a missing database
        // reads as an empty one.
        if (!dry_) writer = std::make_unique<ShardWriter>(folder, options, events, count == 1);
        shards_.emplace_back(folder, std::move(writer));
        if (!std::filesystem::exists(folder)) continue;
        Xapian::Database db(folder);
        // An empty database without lede's marks is what a first run killed
        // before its first commit leaves: the real run would mark it.
        if (dry_ && db.get_doccount() > 0)
          schema::check_versions(db, folder, Analyzer::kName, Analyzer::kVersion);
        for (auto& f : read_failures(db)) {
          auto key = f.key;
          failures_.insert_or_assign(
              std::move(key), Remembered{std::move(f), static_cast<unsigned>(shards_.size() - 1)});
        }
        const auto parsed =
            nlohmann::json::parse(db.get_metadata(str(schema::kMetaRoots)), nullptr, false);
        if (parsed.is_array())
          for (const auto& r : parsed)
            if (r.is_string()) roots.push_back(unescape_bytes(r.get<std::string>()));
      }
      for (unsigned i = 0; i < count; ++i)
        if (auto* w = shards_[i].writer())
          last_global_ = std::max(last_global_, schema::global_docid(w->lastdocid(), i, count));
      for (const auto& r : options.roots)
        if (r != "-") roots.push_back(r);
      std::sort(roots.begin(), roots.end());
      roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
      // Roots are bytes, escaped as paths are in document data (JSON holds
      // only UTF-8).
      std::vector<std::string> escaped;
      for (const auto& r : roots)
        escaped.push_back(escape_bytes(r));
      const std::string roots_json = nlohmann::json(escaped).dump();
      for (auto& s : shards_)
        if (auto* w = s.writer()) w->start(roots_json);
    } catch (const Xapian::Error& e) {
      throw Error(ErrorKind::database,
                  "cannot open database " + path_ + ": " + e.get_description());
    }
  }

  const std::string& path() const { return path_; }
  bool dry() const { return dry_; }
  unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }

  std::optional<std::string> hash_of(const std::string& key) {
    // The article's own shard first; the others in case the shards were
    // listed in another order when it was written.
    const unsigned home = schema::shard_of(key, shard_count());
    if (auto h = shards_[home].hash_of(key)) return h;
    for (unsigned i = 0; i < shard_count(); ++i)
      if (i != home)
        if (auto h = shards_[i].hash_of(key)) return h;
    return std::nullopt;
  }

  // The stored article, other than @p key, whose content hash is @p hash.
  std::optional<Stored> holder_of(const std::string& hash, const std::string& key) {
    for (auto& s : shards_)
      if (auto h = s.holder_of(hash, key)) return h;
    return std::nullopt;
  }

  std::optional<Stored> stored(const std::string& key) {
    for (auto& s : shards_)
      if (auto h = s.stored(key)) return h;
    return std::nullopt;
  }

  void scan(const std::string& term, const std::function<void(std::string&&)>& found) {
    for (auto& s : shards_)
      s.scan(term, found);
  }

  // Removes every passage of @p key, wherever it is. Returns how many.
  std::uint64_t remove(const std::string& key) {
    std::uint64_t total = 0;
    for (auto& s : shards_) {
      const std::uint64_t n = s.passages_of(key);
      if (n == 0) continue;
      total += n;
      s.removed(key, n);
      if (auto* w = s.writer()) {
        Op op;
        op.kind = Op::Kind::remove;
        op.key = key;
        w->push(std::move(op));
      }
    }
    return total;
  }

  // Adds the article @p key (content hash @p hash) to its shard.
  void add(const Article& article, const std::string& key, const std::string& hash,
           PreparedArticle&& prepared) {
    const unsigned count = shard_count();
    const unsigned home = schema::shard_of(key, count);
    auto& shard = shards_[home];
    Stored s;
    s.key = key;
    s.id = article.id;
    s.path = article.path;
    s.title = article.title;
    shard.added(key, hash, std::move(s), prepared);
    auto* w = shard.writer();
    if (!w) return;
    Op op;
    op.kind = Op::Kind::add;
    if (count > 1 && !prepared.passages.empty()) {
      // Consecutive docids of one shard are consecutive in the shard.
      const auto first = schema::next_docid(last_global_, home, count);
      op.first = first.local;
      last_global_ = first.global + (prepared.passages.size() - 1) * count;
    }
    op.cost = prepared.text_bytes + 1;
    op.prepared = std::move(prepared);
    w->push(std::move(op));
    // Freed here rather than on the shard's thread, which the run waits for.
    (void)w->take_spent();
  }

  // Commits the shards whose batch is full. Returns whether any committed.
  bool maybe_commit(const Options& o) {
    bool any = false;
    for (auto& s : shards_)
      if (s.batch_full(o)) any = commit(s) || any;
    return any;
  }

  // Commits every open batch and waits until all are written. Returns
  // whether anything was committed.
  bool commit_all() {
    bool any = false;
    for (auto& s : shards_)
      any = commit(s) || any;
    drain();
    return any;
  }

  void drain() {
    for (auto& s : shards_)
      if (auto* w = s.writer()) {
        w->drain();
        (void)w->take_spent();
        s.refresh();
      }
  }

  std::uint64_t commits() const { return commits_; }

  // Whether @p path failed on an earlier run when it had this size and
  // modification time.
  bool known_failure(const std::string& path, std::uint64_t size, std::int64_t mtime) const {
    const auto it = failures_.find(failure_key(path));
    return it != failures_.end() && it->second.failure.size == size &&
           it->second.failure.mtime == mtime;
  }

  // Records that @p failure.path failed, replacing what was recorded of it.
  void record_failure(Failure&& failure) {
    std::string key = failure_key(failure.path);
    auto it = failures_.find(key);
    const unsigned shard = it != failures_.end()
                               ? it->second.shard
                               : schema::shard_of(schema::article_key(failure.path), shard_count());
    note(shard, key, failure_value(failure));
    failures_.insert_or_assign(std::move(key), Remembered{std::move(failure), shard});
  }

  // Forgets that @p path failed, when it had.
  void forget_failure(const std::string& path) {
    const auto it = failures_.find(failure_key(path));
    if (it == failures_.end()) return;
    note(it->second.shard, it->first, "");
    failures_.erase(it);
  }

  // The paths recorded as failed.
  std::vector<std::string> failed_paths() const {
    std::vector<std::string> paths;
    for (const auto& [key, r] : failures_)
      paths.push_back(r.failure.path);
    return paths;
  }

  // Compacts, on their own threads at once, the shards this run wrote a
  // good share of. Returns whether any was compacted.
  bool compact() {
    if (dry_) return false;
    for (auto& s : shards_) {
      auto* w = s.writer();
      if (!w || s.written_passages() == 0) continue;
      Op op;
      op.kind = Op::Kind::compact;
      op.written = s.written_passages();
      w->push(std::move(op));
    }
    bool any = false;
    for (auto& s : shards_)
      if (auto* w = s.writer()) {
        w->drain();
        any = w->compacted() || any;
      }
    return any;
  }

 private:
  bool commit(ShardState& s) {
    if (!s.close_batch() || dry_) return false;
    ++commits_;
    if (auto* w = s.writer()) {
      Op op;
      op.kind = Op::Kind::commit;
      w->push(std::move(op));
    }
    return true;
  }

  // The shard folders of the database, creating the layout of a new sharded
  // one (a dry run creates nothing and reads missing shards as empty).
  std::vector<std::string> shard_folders(const Options& options) const {
    const bool sharded = schema::is_sharded(path_);
    std::error_code ec;
    const bool single =
        !sharded && std::filesystem::exists(std::filesystem::path(path_) / "iamglass", ec);
    if (sharded || single) {
      auto folders = schema::writable_shards(path_);
      if (options.shards > 0 && options.shards != folders.size())
        throw Error(ErrorKind::usage, path_ + " holds " + std::to_string(folders.size()) +
                                          " shard" + (folders.size() == 1 ? "" : "s") + ", not " +
                                          std::to_string(options.shards) +
                                          "; to change the number, index into a new database");
      return folders;
    }
    if (options.shards <= 1) return {path_};
    if (dry_) {
      std::vector<std::string> folders;
      for (unsigned i = 0; i < options.shards; ++i)
        folders.push_back(path_ + "/shard-" + std::to_string(i));
      return folders;
    }
    return schema::create_sharded(path_, options.shards);
  }

  // Changes metadata @p key of shard @p shard to @p value, in the open batch.
  void note(unsigned shard, const std::string& key, std::string value) {
    auto& s = shards_[shard];
    s.noted();
    if (auto* w = s.writer()) {
      Op op;
      op.kind = Op::Kind::meta;
      op.key = key;
      op.value = std::move(value);
      w->push(std::move(op));
    }
  }

  // A failure read from the database, and the shard that holds it.
  struct Remembered {
    Failure failure;
    unsigned shard = 0;
  };

  std::string path_;
  bool dry_;
  std::vector<ShardState> shards_;
  std::unordered_map<std::string, Remembered> failures_;  // By metadata key.
  std::uint64_t last_global_ = 0;
  std::uint64_t commits_ = 0;
};

// The writer: decides each article's fate in walk order and keeps the counts.
class Writer {
 public:
  Writer(const Options& options, const Events& events, Store& store)
      : options_(options), events_(events), store_(store) {}

  void handle(Item& item) {
    switch (item.kind) {
      case Item::Kind::problem:
        if (item.input_path.empty()) {
          walk_problem(item.problem);
        } else {
          fail(item.input_path, item.input_size, item.mtime, item.problem);
        }
        return;
      case Item::Kind::input_end: {
        if (!item.input_skip.empty()) {
          // Not an article: nothing is read, and what the database held of
          // it (say, a Thumbs.db indexed by an older lede) goes with the
          // unseen articles at the end of the run.
          ++summary_.skipped;
          // Done for the progress line, whose total counts every input.
          done_bytes_ += item.input_size;
          finish(item.input_path);
          if (events_.skipped) events_.skipped(item.input_path, item.input_skip);
          return;
        }
        finish(item.input_path);
        ++summary_.files;
        // Bytes count what was read: a skipped file (too large, binary)
        // adds nothing, and a stream without a size counts its text.
        const std::uint64_t bytes =
            item.input_articles == 0 ? 0 : (item.input_size > 0 ? item.input_size : partial_bytes_);
        summary_.bytes += bytes;
        done_bytes_ += bytes;
        partial_bytes_ = 0;
        // An input that failed as a whole keeps what it had in the database:
        // an unreadable file is not a deleted one.
        if (item.input_articles == 0 && item.input_problems > 0) protected_.insert(item.input_path);
        return;
      }
      case Item::Kind::article:
        // Ingest repairs ill-formed UTF-8 (U+FFFD) and says so only in the
        // encoding it reports; the article is indexed, and the repair is
        // reported as a failed input so that the user hears of it.
        if (item.article.encoding.ends_with("(repaired)")) {
          fail(item.article.path, item.input_size, item.mtime,
               Problem{item.article.source_line > 0
                           ? item.article.path + ":" + std::to_string(item.article.source_line)
                           : item.article.path,
                       "invalid UTF-8: ill-formed bytes replaced by U+FFFD"});
        }
        article(item);
        partial_bytes_ += item.article.text.size();
        return;
    }
  }

  // Removes the articles under @p roots that this run did not see.
  void remove_unseen(const std::vector<std::string>& roots) {
    std::set<std::string> gone;
    auto scan = [&](const std::string& term) {
      store_.scan(term, [&](std::string&& key) {
        if (!seen_.contains(key_number(key))) gone.insert(std::move(key));
      });
    };
    for (const auto& root : roots) {
      if (root == "-") continue;
      // A root that is missing altogether is more likely an unmounted disk
      // than a deliberate deletion of everything under it: the walk has
      // warned about it, and its articles stay.
      std::error_code ec;
      if (!std::filesystem::exists(std::filesystem::symlink_status(root, ec))) continue;
      if (root == "/") {
        scan("");
      } else {
        scan(schema::term(schema::kFolder, root));
        scan(schema::term(schema::kPath, root));
      }
    }
    for (const auto& key : gone) {
      if (stop()) return;
      const auto stored = store_.stored(key);
      if (!stored) continue;
      const Stored& s = *stored;
      if (s.path == "-" || protected_.contains(s.path)) continue;
      store_.remove(key);
      ++summary_.removed;
      ArticleEvent e;
      e.change = Change::removed;
      e.id = s.id;
      e.path = s.path;
      e.title = s.title;
      notify(e);
      maybe_commit();
    }
  }

  // Forgets the failures of files that are gone, or that lie under @p roots
  // and were not met by this (complete) walk.
  void forget_unseen_failures(const std::vector<std::string>& roots) {
    for (const auto& path : store_.failed_paths()) {
      if (finished_.contains(path)) continue;
      std::error_code ec;
      const bool gone = !std::filesystem::exists(std::filesystem::symlink_status(path, ec));
      const bool under = std::any_of(roots.begin(), roots.end(), [&](const std::string& root) {
        return root == "/" || path == root ||
               (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/');
      });
      if (gone || under) store_.forget_failure(path);
    }
  }

  void maybe_commit() {
    if (store_.maybe_commit(options_)) summary_.written = true;
  }

  void commit() {
    if (store_.commit_all()) summary_.written = true;
  }

  bool stop() const { return events_.stop_requested && events_.stop_requested(); }

  Summary& summary() { return summary_; }
  std::uint64_t bytes_done() const { return done_bytes_ + partial_bytes_; }

 private:
  void notify(const ArticleEvent& e) {
    if (events_.article) events_.article(e);
  }

  void report(const Problem& p) {
    ++summary_.failed;
    if (events_.problem) events_.problem(p);
  }

  // A problem with the input at @p path. A file that failed the same way
  // before is not reported again while it is unchanged (same size and
  // modification time): a cron job would otherwise fail forever. Standard
  // input cannot be told unchanged, and is always reported.
  void fail(const std::string& path, std::uint64_t size, std::optional<std::int64_t> mtime,
            const Problem& p) {
    if (path.empty() || path == "-" || !mtime) {
      report(p);
      return;
    }
    auto [it, first] = failing_.try_emplace(path);
    Failure& f = it->second;
    if (first) {
      f.path = path;
      f.size = size;
      f.mtime = *mtime;
    }
    ++f.count;
    if (f.problems.size() < kFailureProblemsKept) f.problems.push_back(p);
    if (!store_.known_failure(path, size, *mtime)) report(p);
  }

  // A problem of the walk itself (a broken link, a link loop, a folder that
  // cannot be read), remembered as the failure of that path when it exists.
  void walk_problem(const Problem& p) {
    struct stat st {};
    if (p.where.empty() || ::lstat(p.where.c_str(), &st) != 0) {
      report(p);
      return;
    }
    fail(p.where, static_cast<std::uint64_t>(st.st_size),
         static_cast<std::int64_t>(st.st_mtim.tv_sec), p);
    finish(p.where);
  }

  // The end of the input at @p path: records its failure when it failed for
  // the first time or differently, forgets it when it no longer fails.
  void finish(const std::string& path) {
    if (path.empty() || path == "-") return;
    finished_.insert(path);
    const auto it = failing_.find(path);
    if (it == failing_.end()) {
      store_.forget_failure(path);
      return;
    }
    if (store_.known_failure(path, it->second.size, it->second.mtime))
      ++summary_.known_failures;
    else
      store_.record_failure(std::move(it->second));
    failing_.erase(it);
  }

  void article(Item& item) {
    const Article& a = item.article;
    const std::string key = schema::article_key(a.id);
    const std::string hash = content_hash(a);
    const std::string where =
        a.source_line > 0 ? a.path + ":" + std::to_string(a.source_line) : a.path;
    ArticleEvent e;
    e.id = a.id;
    e.path = where;
    e.title = a.title;
    e.format = a.format;
    e.encoding = a.encoding;
    e.language = a.language;
    e.passages = a.passages.empty() ? 1 : a.passages.size();
    e.dropped = a.dropped;

    // The same id twice in one run (a file named twice, a stream repeating an
    // item): the first one counts.
    if (!seen_.insert(key_number(key)).second) {
      ++summary_.duplicates;
      e.change = Change::duplicate;
      e.original = a.id;
      notify(e);
      return;
    }
    const auto stored = store_.hash_of(key);
    if (stored && *stored == hash) {
      ++summary_.unchanged;
      e.change = Change::unchanged;
      notify(e);
      return;
    }
    // The same content under another id: index it once, unless the copy in
    // the database belongs to a file that is gone (then this one replaces it,
    // as when a file is renamed) or that changed since it was indexed.
    if (auto holder = store_.holder_of(hash, key)) {
      if (holder_current(*holder)) {
        if (stored) {
          store_.remove(key);
          ++summary_.removed;
        }
        ++summary_.duplicates;
        e.change = Change::duplicate;
        e.original = holder->path.empty() ? holder->id : holder->path;
        notify(e);
        maybe_commit();
        return;
      }
      if (!holder->path.empty() && holder->path != "-" && !std::filesystem::exists(holder->path)) {
        store_.remove(holder->key);
        ++summary_.removed;
        ArticleEvent r;
        r.change = Change::removed;
        r.id = holder->id;
        r.path = holder->path;
        r.title = holder->title;
        notify(r);
      }
    }
    if (stored) store_.remove(key);
    if (!store_.dry()) {
      // The analyzers skip articles the database already held unchanged when
      // they looked; if that changed since (a duplicate resolved above), the
      // writer analyzes the article itself.
      if (!item.prepared) {
        if (!analyzer_) analyzer_.emplace();
        item.prepared = prepare(a, *analyzer_, PrepareOptions{options_.spelling}, item.mtime);
      }
      summary_.passages += item.prepared->passages.size();
      store_.add(a, key, hash, std::move(*item.prepared));
      item.prepared.reset();
    } else {
      // A dry run remembers what it would add, so that a copy later in the
      // walk is reported as the duplicate a real run would find.
      store_.add(a, key, hash, PreparedArticle{});
    }
    if (stored) {
      ++summary_.updated;
      e.change = Change::updated;
    } else {
      ++summary_.added;
      e.change = Change::added;
    }
    notify(e);
    maybe_commit();
  }

  bool holder_current(const Stored& holder) const {
    if (seen_.contains(key_number(holder.key))) return true;
    if (holder.path.empty() || holder.path == "-") return true;
    struct stat st {};
    if (::stat(holder.path.c_str(), &st) != 0) return false;
    return !holder.mtime || *holder.mtime == static_cast<std::int64_t>(st.st_mtim.tv_sec);
  }

  const Options& options_;
  const Events& events_;
  Store& store_;
  Summary summary_;
  std::unordered_set<std::uint64_t> seen_;
  std::unordered_set<std::string> protected_;
  std::unordered_map<std::string, Failure> failing_;  // Inputs failing now, by path.
  std::unordered_set<std::string> finished_;          // Inputs ended this run.
  std::optional<Analyzer> analyzer_;
  std::uint64_t done_bytes_ = 0, partial_bytes_ = 0;
};

// One analysis thread: its own Analyzer and its own read-only view of the
// database, to skip analyzing articles that are stored unchanged.
void analyze_loop(Flow& flow, const Options& options) {
  try {
    Analyzer analyzer;
    std::optional<Xapian::Database> db;
    try {
      db.emplace(options.db);
    } catch (const Xapian::Error&) {
      // No view, no hints: every article is analyzed and the writer decides.
    }
    const PrepareOptions prepare_options{options.spelling};
    std::vector<Item> trash;
    while (auto item = flow.take_work(trash)) {
      trash.clear();
      try {
        if (db)
          item->hint_unchanged = schema::retry_read([&](int attempt) {
            if (attempt > 0) db->reopen();
            const auto stored = stored_hash(*db, schema::article_key(item->article.id));
            return stored && *stored == content_hash(item->article);
          });
      } catch (const Xapian::Error&) {
        // Only a hint: the writer decides on its own lookup.
        item->hint_unchanged = false;
      }
      if (!item->hint_unchanged) {
        try {
          item->prepared = prepare(item->article, analyzer, prepare_options, item->mtime);
        } catch (const std::exception& e) {
          Item problem;
          problem.kind = Item::Kind::problem;
          problem.seq = item->seq;
          problem.cost = item->cost;
          problem.problem = Problem{item->article.path, std::string("cannot index: ") + e.what()};
          problem.input_path = item->article.path;
          problem.input_size = item->input_size;
          problem.mtime = item->mtime;
          flow.done_work(std::move(problem));
          continue;
        }
      }
      flow.done_work(std::move(*item));
    }
  } catch (...) {
    flow.fail(std::current_exception());
  }
}

// The reader thread: walks the source and feeds the flow in order.
void read_loop(Flow& flow, const Source& source, bool analyze) {
  try {
    auto problem_item = [&](Problem&& p) {
      Item item;
      item.kind = Item::Kind::problem;
      item.problem = std::move(p);
      flow.push(std::move(item), false);
    };
    source(
        [&](Input&& input) {
          if (flow.closed()) throw StopReading{};
          const auto mtime = input.mtime ? input.mtime : file_mtime(input.path);
          std::uint64_t articles = 0, problems = 0;
          auto on_article = [&](Article&& a) {
            ++articles;
            Item item;
            item.kind = Item::Kind::article;
            item.cost = a.text.size() + 1;
            for (const auto& p : a.passages)
              item.cost += p.text.size();
            item.mtime = mtime;
            item.input_size = input.size;
            item.article = std::move(a);
            flow.push(std::move(item), analyze);
          };
          auto on_problem = [&](Problem&& p) {
            ++problems;
            Item item;
            item.kind = Item::Kind::problem;
            item.problem = std::move(p);
            item.input_path = input.path;
            item.input_size = input.size;
            item.mtime = mtime;
            flow.push(std::move(item), false);
          };
          try {
            if (input.read && input.skip.empty()) input.read(on_article, on_problem);
          } catch (const StopReading&) {
            throw;
          } catch (const std::exception& e) {
            on_problem(Problem{input.path, e.what()});
          }
          Item end;
          end.kind = Item::Kind::input_end;
          end.input_path = input.path;
          end.input_size = input.size;
          end.input_articles = articles;
          end.input_problems = problems;
          end.input_skip = input.skip;
          flow.push(std::move(end), false);
        },
        problem_item);
  } catch (const StopReading&) {
    // The run was stopped; what was read so far is handled.
  } catch (const std::exception& e) {
    try {
      Item item;
      item.kind = Item::Kind::problem;
      item.problem = Problem{"", e.what()};
      flow.push(std::move(item), false);
    } catch (const StopReading&) {
    }
  }
  flow.reader_done();
}

}  // namespace

std::string_view change_name(Change change) noexcept {
  switch (change) {
    case Change::added:
      return "added";
    case Change::updated:
      return "updated";
    case Change::unchanged:
      return "unchanged";
    case Change::removed:
      return "removed";
    case Change::duplicate:
      return "duplicate";
  }
  return "?";
}

std::string normal_root(std::string_view path) {
  return schema::path_value(path);
}

std::vector<std::string> recorded_roots(const std::string& db) {
  std::vector<std::string> roots;
  try {
    // Every shard records the roots, but a shard a run did not change keeps
    // those of an earlier run: the union is what was indexed.
    for (const auto& shard : schema::shards_of(db)) {
      try {
        const auto parsed = nlohmann::json::parse(
            schema::open_shard(shard).get_metadata(str(schema::kMetaRoots)), nullptr, false);
        if (parsed.is_array())
          for (const auto& r : parsed)
            if (r.is_string()) roots.push_back(unescape_bytes(r.get<std::string>()));
      } catch (const Xapian::Error&) {
        // No database or no roots: the caller reports that nothing was given.
      }
    }
  } catch (const Error&) {
    // A malformed stub: opening it for the run reports it.
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  return roots;
}

Summary run(const Options& options, const Source& source, const Events& events,
            const Source* count) {
  const auto start = Clock::now();
  Store store(options, events);

  Flow flow(options.inflight_bytes, 1024);
  Writer writer(options, events, store);
  const bool analyze = !options.dry_run;
  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());

  std::atomic<std::uint64_t> total{0};
  Summary result;
  {
    std::vector<std::jthread> pool;
    // Declared after the threads so that it runs first on the way out: the
    // threads are released before they are joined.
    CloseOnExit closer{flow};
    // The count walks the same inputs without reading them: it only stats
    // files, so it ends long before the reading does and the ETA appears early.
    if (count) {
      pool.emplace_back([&total, count](std::stop_token stop) {
        std::uint64_t sum = 0;
        try {
          (*count)(
              [&](Input&& input) {
                if (stop.stop_requested()) throw StopReading{};
                sum += input.size;
              },
              [](Problem&&) {});
          total.store(sum);
        } catch (...) {
          // Without a total there is no ETA; nothing else depends on it.
        }
      });
    }
    if (analyze)
      for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back([&flow, &options] { analyze_loop(flow, options); });
    pool.emplace_back([&flow, &source, analyze] { read_loop(flow, source, analyze); });

    auto next_tick = Clock::now() + std::chrono::milliseconds(250);
    auto report = [&](std::string_view phase) {
      if (!events.progress) return;
      Progress p;
      p.files = writer.summary().files;
      const auto& s = writer.summary();
      p.articles = s.added + s.updated + s.unchanged + s.duplicates;
      p.bytes = writer.bytes_done();
      p.total_bytes = total.load();
      p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      p.phase = phase;
      events.progress(p);
    };

    try {
      bool complete = false;
      bool stopped = false;
      Item item;
      while (true) {
        if (writer.stop()) {
          stopped = true;
          break;
        }
        const auto next = flow.take_next(next_tick, item);
        if (next == Flow::Next::end) {
          complete = !flow.closed();
          break;
        }
        if (Clock::now() >= next_tick) {
          report("indexing");
          next_tick = Clock::now() + std::chrono::milliseconds(250);
        }
        if (next == Flow::Next::item) {
          writer.handle(item);
          flow.discard(std::move(item), analyze);
          item = Item();
        }
      }
      if (auto error = flow.error()) std::rethrow_exception(error);
      flow.close();
      if (complete) {
        report("removing");
        writer.remove_unseen(options.roots);
        writer.forget_unseen_failures(options.roots);
      }
      report("committing");
      writer.commit();
      writer.summary().interrupted = stopped || writer.stop();
      if (complete && !writer.summary().interrupted) {
        report("compacting");
        writer.summary().compacted = store.compact();
      }
    } catch (const Xapian::Error& e) {
      throw Error(ErrorKind::database, store.path() + ": " + write_failure(e));
    }
    result = writer.summary();
  }
  result.commits = store.commits();
  result.dry_run = options.dry_run;
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace lede::index
