// Tests for core/schema: term construction, article keys, the prefix table,
// version checks and where the database lives.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/schema/fields.h"
#include "core/schema/reading.h"
#include "core/schema/schema.h"
#include "core/util/error.h"
#include "tests/support/files.h"

namespace schema = lede::schema;

using lede::test::TempDir;

namespace {

// Sets an environment variable for the scope of one check, restoring it after.
struct EnvVar {
  std::string name;
  std::string old;
  bool had;
  EnvVar(const char* n, const char* value) : name(n) {
    const char* o = getenv(n);
    had = o != nullptr;
    if (had) old = o;
    if (value)
      setenv(n, value, 1);
    else
      unsetenv(n);
  }
  ~EnvVar() {
    if (had)
      setenv(name.c_str(), old.c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("term() follows Omega's prefix rules") {
  struct Row {
    std::string prefix, value, term;
  };
  const Row rows[] = {
      {"S", "armenia", "Sarmenia"},
      {"XFORMAT", "text", "XFORMATtext"},
      {"U", "https://x.org/", "Uhttps://x.org/"},
      {"P", "/a/b.txt", "P/a/b.txt"},
      {"A", "Jose", "A:Jose"},  // capital after a prefix gets ':'
      {"XDIR", ":odd", "XDIR::odd"},
      {"", "Word", "Word"},  // no prefix, no colon
      {"L", "", "L"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.value);
    CHECK(schema::term(row.prefix, row.value) == row.term);
  }
}

TEST_CASE("a value too long for a term is cut at a character and made unique by a hash") {
  const std::string a = "https://example.com/" + std::string(300, 'a');
  const std::string b = a + "b";
  const std::string ta = schema::term("U", a);
  const std::string tb = schema::term("U", b);
  CHECK(ta.size() <= schema::kMaxTermBytes);
  CHECK(ta != tb);
  CHECK(ta.substr(0, 21) == "Uhttps://example.com/");
  // Cutting never splits a multi-byte character.
  std::string cyrillic;
  for (int i = 0; i < 200; ++i)
    cyrillic += "д";
  const std::string tc = schema::term("XDIR", cyrillic);
  const std::string head = tc.substr(4, tc.find('#') - 4);
  CHECK(head.size() % 2 == 0);
}

TEST_CASE("article keys are 16 hex digits, stable and distinct") {
  const std::string k = schema::article_key("/corpus/000.txt");
  CHECK(k.size() == 16);
  CHECK(k.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(k == schema::article_key("/corpus/000.txt"));
  CHECK(k != schema::article_key("/corpus/001.txt"));
}

TEST_CASE("the prefix table has unique prefixes and field names") {
  std::set<std::string_view> prefixes, fields;
  for (const auto& p : schema::prefixes()) {
    CAPTURE(p.prefix);
    CHECK(prefixes.insert(p.prefix).second);
    if (!p.field.empty()) CHECK(fields.insert(p.field).second);
    CHECK(!p.what.empty());
  }
  CHECK(schema::find_field("title")->prefix == schema::kTitle);
  CHECK(schema::find_field("lang")->prefix == schema::kLanguage);
  CHECK(schema::find_field("nope") == nullptr);
}

TEST_CASE("folded names join terms with single spaces") {
  const std::string terms[] = {"jose", "", "perez"};
  CHECK(schema::folded_name(terms) == "jose perez");
  CHECK(schema::folded_name({}).empty());
}

TEST_CASE("check_versions accepts a matching database and refuses the others") {
  TempDir tmp;
  const std::string path = (tmp.path / "db").string();
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  // Even empty, a database without lede's marks is someone else's.
  try {
    schema::check_versions(db, path, "lede-icu", 1);
    FAIL("accepted");
  } catch (const lede::Error& e) {
    CHECK(std::string(e.what()) == path +
                                       ": a Xapian database that lede did not write (0 documents, "
                                       "no lede schema metadata); build a lede database with "
                                       "lede-index --db NEW-FOLDER");
  }

  db.set_metadata(std::string(schema::kMetaAnalyzerName), "lede-icu");
  db.set_metadata(std::string(schema::kMetaAnalyzerVersion), "1");
  db.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
  CHECK_NOTHROW(schema::check_versions(db, path, "lede-icu", 1));

  struct Row {
    std::string name;
    unsigned version;
    std::string message;
  };
  const Row rows[] = {{"lede-icu", 2, "analyzer lede-icu 1, this is lede-icu 2"},
                      {"other", 1, "analyzer lede-icu 1, this is other 1"}};
  for (const auto& row : rows) {
    try {
      schema::check_versions(db, path, row.name, row.version);
      FAIL("accepted");
    } catch (const lede::Error& e) {
      CHECK(e.kind() == lede::ErrorKind::database);
      const std::string what = e.what();
      CHECK(what.find(row.message) != std::string::npos);
      CHECK(what.find(path) != std::string::npos);
    }
  }
  db.set_metadata(std::string(schema::kMetaSchemaVersion), "0");
  CHECK_THROWS_AS(schema::check_versions(db, path, "lede-icu", 1), lede::Error);

  // Documents without any lede metadata: not a lede database.
  TempDir other;
  const std::string foreign = (other.path / "db").string();
  Xapian::WritableDatabase f(foreign, Xapian::DB_CREATE_OR_OPEN);
  f.add_document(Xapian::Document());
  CHECK_THROWS_AS(schema::check_versions(f, foreign, "lede-icu", 1), lede::Error);
}

TEST_CASE(
    "the database is --db, else $LEDE_DB, else $XDG_DATA_HOME/lede, else ~/.local/share/lede") {
  EnvVar home("HOME", "/home/u");
  {
    EnvVar db("LEDE_DB", "/env/db");
    EnvVar xdg("XDG_DATA_HOME", "/xdg");
    CHECK(schema::database_path("/flag") == "/flag");
    CHECK(schema::database_path("") == "/env/db");
  }
  {
    EnvVar db("LEDE_DB", nullptr);
    EnvVar xdg("XDG_DATA_HOME", "/xdg");
    CHECK(schema::database_path("") == "/xdg/lede");
  }
  {
    EnvVar db("LEDE_DB", "");
    EnvVar xdg("XDG_DATA_HOME", nullptr);
    CHECK(schema::database_path("") == "/home/u/.local/share/lede");
  }
  {
    EnvVar db("LEDE_DB", nullptr);
    EnvVar xdg("XDG_DATA_HOME", nullptr);
    EnvVar nohome("HOME", nullptr);
    CHECK_THROWS_AS((void)schema::database_path(""), lede::Error);
  }
}

TEST_CASE("each field's value becomes its term value by the one function both tools call") {
  struct Row {
    std::string given;
    std::string expected;
  };
  const Row languages[] = {{"en", "en"},    {"en-US", "en"},      {"EN_us", "en"},
                           {"pt-BR", "pt"}, {"zh-Hant-TW", "zh"}, {"de_DE.UTF-8", "de"}};
  for (const auto& row : languages)
    CHECK(schema::language_value(row.given) == row.expected);

  const Row paths[] = {
      {"~/news", "/home/u/news"},
      {"~", "/home/u"},
      {"~/news/../archive/", "/home/u/archive"},
      {"bbc/sport", "/work/bbc/sport"},
      {"./bbc//sport/", "/work/bbc/sport"},
      {"/srv/news/", "/srv/news"},
      {"/", "/"},
      {"-", "-"},
      // Only the user's own home: "~other" is a name like any other.
      {"~other/x", "/work/~other/x"},
  };
  for (const auto& row : paths) {
    CAPTURE(row.given);
    CHECK(schema::path_value(row.given, "/work", "/home/u") == row.expected);
  }

  CHECK(schema::host_value("Mirrorspectator.COM") == "mirrorspectator.com");

  const std::vector<std::string> words{"anna", "petrosyan"};
  CHECK(schema::name_values(words, true) ==
        std::vector<std::string>{"anna petrosyan", "anna", "petrosyan"});
  CHECK(schema::name_values(words, false) == std::vector<std::string>{"anna petrosyan"});
  const std::vector<std::string> one{"reuters"};
  CHECK(schema::name_values(one, true) == std::vector<std::string>{"reuters"});
  CHECK(schema::name_values({}, true).empty());
}

TEST_CASE("a read that a writer overtook is retried, and a lasting failure is reported at once") {
  // What lede-query and lede-index do when Xapian fails while lede-index
  // commits: the errors a commit can cause are tried again, up to
  // kReadAttempts in all; the others (and the last attempt) reach the caller.
  struct Row {
    const char* error;
    int failures;  // Failures before the read succeeds.
    int calls;     // Attempts made.
    bool thrown;
  };
  const Row rows[] = {
      {"DatabaseModifiedError", 2, 3, false},
      {"DatabaseCorruptError", 1, 2, false},  // "Expected block 2586 to be level 2, not 0"
      {"DatabaseError", 1, 2, false},         // "EOF reading block"
      {"DatabaseOpeningError", 3, 4, false},
      {"DatabaseModifiedError", 100, schema::kReadAttempts, true},
      {"DatabaseNotFoundError", 1, 1, true},
      {"DatabaseVersionError", 1, 1, true},
      {"NetworkError", 1, 1, true},
      {"InvalidArgumentError", 1, 1, true},
  };
  for (const auto& row : rows) {
    CAPTURE(row.error);
    auto fail = [&] {
      const std::string e = row.error;
      if (e == "DatabaseModifiedError") throw Xapian::DatabaseModifiedError("changed");
      if (e == "DatabaseCorruptError") throw Xapian::DatabaseCorruptError("level");
      if (e == "DatabaseError") throw Xapian::DatabaseError("EOF");
      if (e == "DatabaseOpeningError") throw Xapian::DatabaseOpeningError("open");
      if (e == "DatabaseNotFoundError") throw Xapian::DatabaseNotFoundError("missing");
      if (e == "DatabaseVersionError") throw Xapian::DatabaseVersionError("version");
      if (e == "NetworkError") throw Xapian::NetworkError("down");
      throw Xapian::InvalidArgumentError("bad");
    };
    int calls = 0;
    bool thrown = false;
    try {
      const int got = schema::retry_read([&](int attempt) {
        CHECK(attempt == calls);
        ++calls;
        if (attempt < row.failures) fail();
        return 7;
      });
      CHECK(got == 7);
    } catch (const Xapian::Error& e) {
      thrown = true;
      CHECK(std::string(e.get_type()) == row.error);
    }
    CHECK(calls == row.calls);
    CHECK(thrown == row.thrown);
  }
}
