// Tests for core/analysis: text -> terms, one row a rule.
//
// Expected strings use render(): "term[pos]", "term>stem[pos]" when the stem
// differs, "+alias[pos]" for aliases.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/analyzer.h"
#include "core/analysis/normalizer.h"
#include "core/analysis/segmenter.h"
#include "core/util/utf8.h"

namespace {

struct Row {
  std::string language;
  std::string input;
  std::string expected;
};

void check_rows(const std::vector<Row>& rows) {
  lede::Analyzer analyzer;
  for (const auto& row : rows) {
    CAPTURE(row.language);
    CAPTURE(row.input);
    CHECK(lede::render(analyzer.tokens(row.input, row.language)) == row.expected);
  }
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

}  // namespace

TEST_CASE("segmentation keeps words, numbers and pictographs and drops spaces and punctuation") {
  check_rows({
      {"", "", ""},
      {"", "   \t\n ", ""},
      {"", "Hello, world!", "hello[1] world[2]"},
      {"", "one\r\ntwo", "one[1] two[2]"},
      {"", "\xEF\xBB\xBFhello", "hello[1]"},  // byte order mark
      {"", std::string("a\0b", 3), "a[1] b[2]"},
      {"", "Russian-American", "russian[1] american[2]"},
      {"",
       "2025\xE2\x80\x93"
       "29",
       "2025[1] 29[2]"},                           // en dash
      {"", "a:b 10:30", "a[1] b[2] 10[3] 30[4]"},  // ICU drops colon from MidLetter
      {"",
       "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",  // 👨‍👩‍👧
       "\xF0\x9F\x91\xA8\xF0\x9F\x91\xA9\xF0\x9F\x91\xA7[1]"},  // ZWJ dropped by NFKC_CF
      {"", "I \xE2\x9D\xA4\xEF\xB8\x8F NY", "i[1] \xE2\x9D\xA4[2] ny[3]"},  // ❤️: VS16 dropped
      {"", "\xF0\x9F\x87\xA6\xF0\x9F\x87\xB2\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8",  // 🇦🇲🇺🇸
       "\xF0\x9F\x87\xA6\xF0\x9F\x87\xB2[1] \xF0\x9F\x87\xBA\xF0\x9F\x87\xB8[2]"},
      {"", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD[1]"},  // 👍🏽
      {"", "\xC2\xA9 2025 \xE2\x84\xA2", "2025[1]"},  // © and ™ are text symbols, not terms
      {"", "#hashtag", "hashtag[1]"},
      {"", "俄罗斯和美国", "俄罗斯[1] 和[2] 美国[3]"},
      {"", "東京に行きます", "東京[1] に[2] 行き[3] ます[4]"},
      {"", "ข่าวสาร", "ข่าวสาร[1]"},
      {"", "ข่าวสารภาษาไทย", "ข่าวสาร[1] ภาษา[2] ไทย[3]"},
      {"", "مرحبا بالعالم", "مرحبا[1] بالعالم[2]"},
  });
}

TEST_CASE("ill-formed UTF-8 never throws and its replacement characters are not terms") {
  check_rows({
      {"en", "caf\xE9 ok", "caf[1] ok[2]"},  // a Latin-1 byte
      {"en", "\xFF\xFE", ""},
      {"en",
       "\xED\xA0\x80"
       "abc",
       "abc[1]"},  // an encoded surrogate
      {"en",
       "a\xC0\xAF"
       "b",
       "a[1] b[2]"},               // an overlong '/'
      {"en", "\xF0\x9F\x98", ""},  // a truncated emoji
      {"en", "\xEF\xBF\xBD", ""},  // U+FFFD itself
  });
}

TEST_CASE("random bytes give valid UTF-8 terms whose offsets lie inside the text") {
  lede::Analyzer analyzer;
  std::mt19937 random(20250101);  // fixed seed: the same bytes every run
  // Bytes drawn mostly from UTF-8 lead and continuation ranges, so that
  // nearly-valid sequences, letters and marks are common.
  const std::string alphabet =
      "ab .,'\xC3\xA9\xCC\x81\xD0\xB5\xE0\xB8\x82\xE2\x80\x8D\xF0\x9F\x91\x8D\xFF\x80\xC0";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 200; ++round) {
    std::string text(static_cast<std::size_t>(round) * 7, '\0');
    for (char& c : text)
      c = alphabet[pick(random)];
    CAPTURE(text);
    for (const auto& token : analyzer.tokens(text, "en")) {
      CHECK_FALSE(token.term.empty());
      CHECK(lede::is_valid_utf8(token.term));
      CHECK(token.begin < token.end);
      CHECK(token.end <= text.size());
    }
  }
}

TEST_CASE("normalization applies NFKC with case folding, one apostrophe and ASCII digits") {
  check_rows({
      {"", "\xEF\xAC\x81le", "file[1]"},  // ﬁ ligature
      {"", "Ｆｕｌｌ", "full[1]"},        // full-width
      {"", "Straße STRASSE", "strasse[1] strasse[2]"},
      {"", "ΣΑΣ σας", "σασ[1] σασ[2]"},                       // final sigma folds
      {"", "wo\xE2\x80\x8Drd", "word[1]"},                    // ZWJ inside a word
      {"", "co\xC2\xADoperate", "cooperate[1]"},              // soft hyphen
      {"", "\xD9\xA1\xD9\xA2\xD9\xA3", "123[1]"},             // Arabic-Indic digits
      {"", "२०२५", "2025[1]"},                                // Devanagari digits
      {"", "１２３", "123[1]"},                               // full-width digits
      {"", "ｶﾞｲﾄﾞ", "ガイド[1]"},                             // half-width katakana
      {"", "น้ำ", "น้ำ[1]"},                                    // SARA AM recomposed
      {"", "Russia\xE2\x80\x99s", "russia's[1] +russia[1]"},  // U+2019
      {"", "Russia\xCA\xBCs", "russia's[1] +russia[1]"},      // U+02BC
      {"", "Russia\xEF\xBC\x87s", "russia's[1] +russia[1]"},  // U+FF07
      {"", "Russia\xE2\x80\x98s", "russia's[1] +russia[1]"},  // U+2018
  });
}

TEST_CASE("folding removes diacritics only where they are accents") {
  check_rows({
      {"", "café cafe\xCC\x81 CAFÉ", "cafe[1] cafe[2] cafe[3]"},  // NFC, NFD, upper case
      {"", "Türkiye", "turkiye[1]"},
      {"", "Ῥόδος Ροδος", "ροδοσ[1] ροδοσ[2]"},
      {"", "Việt", "viet[1]"},
      {"", "İstanbul ISTANBUL ısı IŞIK", "istanbul[1] istanbul[2] isi[3] isik[4]"},
      {"", "Łódź Ørsted Đoàn Ħamrun", "lodz[1] orsted[2] doan[3] hamrun[4]"},
      {"", "æther Œuvre Þór", "aether[1] oeuvre[2] thor[3]"},
      {"", "ёлка Ёлка елка", "елка[1] елка[2] елка[3]"},
      {"", "йод їжак", "йод[1] їжак[2]"},  // й and ї are letters, not accented
      {"", "ข่าว", "ข่าว[1]"},               // Thai tone mark kept
      {"", "हिन्दी", "हिन्दी[1]"},           // Devanagari virama kept
      {"", "مُحَمَّد", "مُحَمَّد[1]"},             // Arabic harakat kept
      {"", "שָׁלוֹם", "שָׁלוֹם[1]"},             // Hebrew niqqud kept
      {"", "বাংলা", "বাংলা[1]"},
      {"", "Հայաստան", "հայաստան[1]"},
      {"", "が", "が[1]"},  // Japanese voicing mark kept
  });
}

TEST_CASE("variants add aliases for possessives, elisions and compounds and rewrite numbers") {
  check_rows({
      {"en", "Russia\xE2\x80\x99s nations", "russia's>russia[1] +russia[1] nations>nation[2]"},
      {"en", "the nations\xE2\x80\x99 leaders", "the[1] nations>nation[2] leaders>leader[3]"},
      {"en", "it's", "it's>it[1] +it[1]"},
      {"fr",
       "l\xE2\x80\x99"
       "Arménie",
       "l'armenie>l'armen[1] +armenie>armen[1]"},
      {"it", "dell'anno", "dell'anno>dell'ann[1] +anno[1]"},
      {"", "l'Arménie", "l'armenie[1]"},  // elision only in French, Italian, Catalan
      {"", "aujourd'hui", "aujourd'hui[1]"},
      {"", "Ankara'da", "ankara'da[1]"},
      {"tr", "Ankara'da", "ankara'da>ankara'[1] +ankara>ankar[1]"},
      {"en", "U.S. e.g. U.S.A.", "us[1] eg[2] usa[3]"},
      {"", "т.е.", "те[1]"},
      {"en", "armenianweekly.com", "armenianweekly.com[1] +armenianweekly>armenianweek[1] +com[1]"},
      {"en", "node.js", "node.js[1] +node[1] +js[1]"},
      {"", "mail@example.org @user",
       "mail@example.org[1] +mail[1] +example[1] +org[1] @user[2] +user[2]"},
      {"", "meet @ noon", "meet[1] noon[2]"},
      {"", "15,000 1,234,567.89 15,000.50", "15000[1] 1234567.89[2] 15000.50[3]"},
      {"", "1,5 1.5 1,50,000 1.500,00", "1,5[1] 1.5[2] 1,50,000[3] 1.500,00[4]"},
  });
}

TEST_CASE("stemming follows the language and is applied to folded words only") {
  check_rows({
      {"en", "running dogs", "running>run[1] dogs>dog[2]"},
      {"english", "running", "running>run[1]"},
      {"EN-us", "running", "running>run[1]"},
      {"", "running", "running[1]"},
      {"xx", "running", "running[1]"},
      {"zh", "running", "running[1]"},
      {"en", "42 cats", "42[1] cats>cat[2]"},  // numbers are not stemmed
      {"en", "俄罗斯", "俄罗斯[1]"},           // nor ideographs
      {"ru", "книгами книга", "книгами>книг[1] книга>книг[2]"},
      {"ru", "ёлки елки", "елки>елк[1] елки>елк[2]"},
      {"hy", "Հայաստանում", "հայաստանում>հայաստ[1]"},
      {"de", "Häuser Hauser", "hauser>haus[1] hauser>haus[2]"},  // stemmed after folding
      {"fr", "élection election", "election>elect[1] election>elect[2]"},
  });

  lede::Analyzer analyzer;
  // A stem equal to the term is still filled in, so that the indexer can add
  // a stemmed term for every stemmable word without special cases.
  const auto tokens = analyzer.tokens("cat", "en");
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].stem == "cat");
  CHECK(analyzer.tokens("cat", "").at(0).stem.empty());
  CHECK(analyzer.tokens("node.js", "en").at(0).stem.empty());
  CHECK(analyzer.tokens("15,000", "en").at(0).stem.empty());
}

TEST_CASE("stem, has_stemmer and stemmer_languages expose Xapian's stemmers") {
  lede::Analyzer analyzer;
  CHECK(analyzer.stem("running", "en") == "run");
  CHECK(analyzer.stem("running", "") == "");
  CHECK(analyzer.stem("running", "klingon") == "");
  CHECK(lede::Analyzer::has_stemmer("en"));
  CHECK(lede::Analyzer::has_stemmer("hy"));
  CHECK(lede::Analyzer::has_stemmer("russian"));
  CHECK(lede::Analyzer::has_stemmer("pt-BR"));
  CHECK_FALSE(lede::Analyzer::has_stemmer(""));
  CHECK_FALSE(lede::Analyzer::has_stemmer("none"));
  CHECK_FALSE(lede::Analyzer::has_stemmer("zh"));
  const auto languages = lede::Analyzer::stemmer_languages();
  CHECK(std::find(languages.begin(), languages.end(), "armenian") != languages.end());
  CHECK(std::find(languages.begin(), languages.end(), "english") != languages.end());
  for (const auto& language : languages) {
    CAPTURE(language);
    CHECK(lede::Analyzer::has_stemmer(language));
  }
}

TEST_CASE("token kinds come from the word-break rule status") {
  lede::Analyzer analyzer;
  const auto tokens = analyzer.tokens("hello 42 東京 カタカナ \xF0\x9F\x91\x8D ひらがな", "en");
  REQUIRE(tokens.size() == 9);  // ICU's dictionary splits ひらがな into single kana
  CHECK(tokens[0].kind == lede::TokenKind::word);
  CHECK(tokens[1].kind == lede::TokenKind::number);
  CHECK(tokens[2].kind == lede::TokenKind::ideographic);
  CHECK(tokens[3].kind == lede::TokenKind::kana);
  CHECK(tokens[4].kind == lede::TokenKind::symbol);
  CHECK(tokens[5].kind == lede::TokenKind::kana);
}

TEST_CASE("byte offsets locate each word in the original text") {
  lede::Analyzer analyzer;
  const std::string text =
      "\xEF\xBB\xBFL\xE2\x80\x99"
      "Arménie, the U.S. and café\xCC\x81 \xFF 15,000 "
      "俄罗斯和美国 ข่าวสาร node.js Russia\xE2\x80\x99s";
  const std::vector<std::string> words = {
      "L\xE2\x80\x99"
      "Arménie",
      "the",
      "U.S",
      "and",
      "café\xCC\x81",
      "15,000",
      "俄罗斯",
      "和",
      "美国",
      "ข่าวสาร",
      "node.js",
      "Russia\xE2\x80\x99s"};
  const auto tokens = analyzer.tokens(text, "fr");
  std::vector<std::string> found;
  std::uint32_t last_position = 0;
  for (const auto& token : tokens) {
    if (token.alias) {
      // An alias stands for the word before it, bytes and position included.
      CHECK(token.position == last_position);
      CHECK(text.substr(token.begin, token.end - token.begin) == found.back());
      continue;
    }
    CHECK(token.position == last_position + 1);
    last_position = token.position;
    found.push_back(text.substr(token.begin, token.end - token.begin));
  }
  CHECK(found == words);
}

TEST_CASE("terms over 120 bytes are skipped but still take a position") {
  const std::string x120(120, 'x');
  const std::string x121(121, 'x');
  check_rows({
      {"", "a " + x120 + " b", "a[1] " + x120 + "[2] b[3]"},
      {"", "a " + x121 + " b", "a[1] b[3]"},
      {"", "a " + repeat("é", 121) + " b", "a[1] b[3]"},  // 242 bytes, 121 after folding
      {"", "a " + repeat("x\xE2\x80\x8D", 200) + " b", "a[1] b[3]"},  // long before NFKC_CF
  });
}

TEST_CASE("a 5 MB line, with or without spaces, is analyzed without trouble") {
  lede::Analyzer analyzer;
  // One 5 MB "word": segmented, never normalized, skipped.
  const std::string word = "start " + std::string(5'000'000, 'a') + " end";
  CHECK(lede::render(analyzer.tokens(word, "en")) == "start[1] end[3]");

  // 5 MB of ordinary words on one line.
  const std::string line = repeat("Russia\xE2\x80\x99s nations ", 300'000);
  REQUIRE(line.size() > 5'000'000);
  std::size_t count = 0;
  lede::Token last;
  analyzer.analyze(line, "en", [&](const lede::Token& token) {
    ++count;
    last = token;
  });
  CHECK(count == 900'000);  // russia's, +russia, nations
  CHECK(last.position == 600'000);
  CHECK(last.term == "nations");
  CHECK(last.end == line.size() - 1);
}

TEST_CASE("a phrase analysed as a query gets the terms and positions it has in a document") {
  lede::Analyzer analyzer;
  const std::string document =
      "On Tuesday, the Russian-American negotiators met in Yerevan; Russia\xE2\x80\x99s "
      "delegation said the U.S. team arrived late.";
  const std::vector<std::string> phrases = {
      "russian american negotiators", "RUSSIA'S DELEGATION SAID", "u.s. team", "Russian-American"};
  const auto in_document = analyzer.tokens(document, "en");
  for (const auto& phrase : phrases) {
    CAPTURE(phrase);
    std::vector<lede::Token> query;
    for (const auto& token : analyzer.tokens(phrase, "en")) {
      if (!token.alias) query.push_back(token);
    }
    REQUIRE_FALSE(query.empty());
    for (std::size_t i = 0; i < query.size(); ++i)
      CHECK(query[i].position == i + 1);
    // Find the first query term in the document and check the rest follow.
    const auto start = std::find_if(in_document.begin(), in_document.end(), [&](const auto& t) {
      return !t.alias && t.term == query[0].term && t.stem == query[0].stem;
    });
    REQUIRE(start != in_document.end());
    for (std::size_t i = 1; i < query.size(); ++i) {
      const auto match = std::find_if(in_document.begin(), in_document.end(), [&](const auto& t) {
        return !t.alias && t.position == start->position + i;
      });
      REQUIRE(match != in_document.end());
      CHECK(match->term == query[i].term);
      CHECK(match->stem == query[i].stem);
    }
  }
}

TEST_CASE("the ASCII fast path gives what the full Unicode path gives") {
  lede::analysis::Normalizer normalizer;
  std::vector<std::string> words = {"Hello",  "WORLD", "it's",      "U.S.A", "node.js",
                                    "15,000", "x_y",   "ABC123def", "@User"};
  // Every ASCII character, alone and between letters.
  for (int c = 0; c < 128; ++c) {
    words.emplace_back(1, static_cast<char>(c));
    words.push_back(std::string("A") + static_cast<char>(c) + "z");
  }
  std::string fast;
  std::string full;
  for (const auto& word : words) {
    CAPTURE(word);
    normalizer.normalize(word, fast);
    normalizer.normalize_unicode(word, full);
    CHECK(fast == full);
  }
}

TEST_CASE("chunks end after white space, so chunked segmentation finds the same words") {
  using lede::analysis::chunk_end;
  CHECK(chunk_end("short", 0, 100) == 5);
  const std::string text = "alpha beta\ngamma delta epsilon zeta";
  CHECK(chunk_end(text, 0, 20) == 11);   // after the newline
  CHECK(chunk_end(text, 11, 20) == 31);  // after the last space of the window
  const std::string unbroken = repeat("é", 20);
  const std::size_t cut = chunk_end(unbroken, 0, 17);
  CHECK(cut == 16);  // never inside a two-byte sequence

  // The same text segmented whole and in chunks; chunks must be at least
  // twice the longest run without white space (the Thai words) to cut only
  // at white space.
  const std::string sample =
      "The Armenian Weekly reported on Tuesday that 15,000 people, including the "
      "U.S. ambassador, gathered in Yerevan.\n俄罗斯和美国 ข่าวสารภาษาไทย Russia\xE2\x80\x99s.\n";
  auto words = [&sample](std::size_t chunk) {
    lede::analysis::Segmenter segmenter(chunk);
    lede::analysis::Segment segment;
    std::vector<std::string> out;
    segmenter.reset(sample);
    while (segmenter.next(segment)) {
      if (segment.indexable)
        out.push_back(sample.substr(segment.begin, segment.end - segment.begin));
    }
    return out;
  };
  const auto whole = words(lede::analysis::Segmenter::kMaxChunkBytes);
  CHECK(whole.size() == 23);
  CHECK(words(96) == whole);
  CHECK(words(128) == whole);
}

TEST_CASE("word_boundaries reports every boundary, the ends included") {
  CHECK(lede::word_boundaries("") == std::vector<std::size_t>{0});
  CHECK(lede::word_boundaries("a b") == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(lede::word_boundaries("U.S. ok") == std::vector<std::size_t>{0, 3, 4, 5, 7});
}

TEST_CASE("render marks stems with '>' and aliases with '+'") {
  std::vector<lede::Token> tokens(3);
  tokens[0].term = "russia's";
  tokens[0].stem = "russia";
  tokens[0].position = 1;
  tokens[1].term = "russia";
  tokens[1].stem = "russia";
  tokens[1].position = 1;
  tokens[1].alias = true;
  tokens[2].term = "42";
  tokens[2].position = 2;
  CHECK(lede::render(tokens) == "russia's>russia[1] +russia[1] 42[2]");
  CHECK(lede::render({}).empty());
}

TEST_CASE("an analyzer can be moved and reused across languages") {
  lede::Analyzer first;
  CHECK(lede::render(first.tokens("dogs", "en")) == "dogs>dog[1]");
  lede::Analyzer second(std::move(first));
  CHECK(lede::render(second.tokens("книгами", "ru")) == "книгами>книг[1]");
  CHECK(lede::render(second.tokens("dogs", "en")) == "dogs>dog[1]");
}

TEST_CASE("British and American spellings of English words meet, by suffix rules") {
  // Each British spelling is analyzed as its American one: the same terms
  // and stems, so each finds the other.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"organisation", "organization"},
      {"organisations", "organizations"},
      {"organise", "organize"},
      {"organised", "organized"},
      {"organising", "organizing"},
      {"modernise", "modernize"},
      {"modernisation", "modernization"},
      {"analyse", "analyze"},
      {"analysed", "analyzed"},
      {"paralysing", "paralyzing"},
      {"defence", "defense"},
      {"offences", "offenses"},
      {"centre", "center"},
      {"centres", "centers"},
      {"centred", "centered"},
      {"theatre", "theater"},
      {"metres", "meters"},
      {"fibre", "fiber"},
      {"calibre", "caliber"},
      {"labour", "labor"},
      {"labourer", "laborer"},
      {"colours", "colors"},
      {"coloured", "colored"},
      {"favourite", "favorite"},
      {"honourable", "honorable"},
      {"neighbourhood", "neighborhood"},
      {"behaviour", "behavior"},
      {"harbours", "harbors"},
      {"licence", "license"},
      {"pretence", "pretense"},
      {"programme", "program"},
      {"programmes", "programs"},
      {"Labour's", "labor's"},
  };
  lede::Analyzer analyzer;
  for (const auto& [british, american] : pairs) {
    CAPTURE(british);
    CHECK(lede::render(analyzer.tokens(british, "en")) ==
          lede::render(analyzer.tokens(american, "en")));
  }
  // Words the rules must leave alone: short stems, other suffixes, words
  // whose rewrite would meet another word, and every language but English.
  check_rows({
      {"en", "four hours your tour rise wise noise arise",
       "four[1] hours>hour[2] your[3] tour[4] rise[5] wise[6] noise>nois[7] arise>aris[8]"},
      {"en", "analysis crisis hatred timbre macabre fence",
       "analysis>analysi[1] crisis>crisi[2] hatred>hatr[3] timbre>timbr[4] macabre>macabr[5] "
       "fence>fenc[6]"},
      {"en", "innocence filled", "innocence>innoc[1] filled>fill[2]"},
      {"fr", "centre théâtre", "centre>centr[1] theatre>theatr[2]"},
      {"", "organisation", "organisation[1]"},
  });
}
