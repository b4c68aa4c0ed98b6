// The analyzer's stemming stage against the Snowball project's reference
// vocabularies (voc.txt, with the expected stem of each word on the same line
// of output.txt).
//
// English, German and Armenian words go to Analyzer::stem as they are.
// Russian words and stems have ё replaced by е first: the analyzer folds ё
// before stemming (stage 3), while Xapian 1.4's Russian stemmer, unlike
// current Snowball, does not fold it itself, so the raw ё words are not what
// the analyzer ever stems.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/analysis/analyzer.h"
#include "tests/support/shared_data.h"

namespace {

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// ё -> е and Ё -> Е, as the folding stage does.
std::string fold_yo(std::string text) {
  for (std::size_t at = 0; (at = text.find("\xD1\x91", at)) != std::string::npos;) {
    text.replace(at, 2, "\xD0\xB5");
  }
  for (std::size_t at = 0; (at = text.find("\xD0\x81", at)) != std::string::npos;) {
    text.replace(at, 2, "\xD0\x95");
  }
  return text;
}

struct Vocabulary {
  std::string folder;
  std::string language;
  std::size_t minimum_words;  // guards against a truncated or empty file
  bool fold_yo;
};

}  // namespace

TEST_CASE("stems match the Snowball reference output for every vocabulary word") {
  const Vocabulary vocabularies[] = {
      {"english", "en", 29'000, false},
      {"german", "de", 35'000, false},
      {"armenian", "hy", 100'000, false},
      {"russian", "ru", 49'000, true},
  };
  lede::Analyzer analyzer;
  for (const auto& vocabulary : vocabularies) {
    CAPTURE(vocabulary.folder);
    const std::string folder = "stemmer/" + vocabulary.folder;
    const auto words_path = lede::test::shared_data(folder + "/voc.txt");
    const auto stems_path = lede::test::shared_data(folder + "/output.txt");
    if (words_path.empty() || stems_path.empty()) continue;
    const auto words = read_lines(words_path);
    const auto stems = read_lines(stems_path);
    REQUIRE(words.size() == stems.size());
    CHECK(words.size() >= vocabulary.minimum_words);

    std::size_t matched = 0;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string word = vocabulary.fold_yo ? fold_yo(words[i]) : words[i];
      const std::string expected = vocabulary.fold_yo ? fold_yo(stems[i]) : stems[i];
      const std::string actual = analyzer.stem(word, vocabulary.language);
      if (actual == expected) {
        ++matched;
      } else if (shown++ < 10) {
        MESSAGE(vocabulary.folder << ": " << word << " -> " << actual << ", expected " << expected);
      }
    }
    MESSAGE(vocabulary.folder << ": " << matched << " of " << words.size() << " stems match ("
                              << 100.0 * static_cast<double>(matched) /
                                     static_cast<double>(words.size())
                              << "%)");
    CHECK(matched == words.size());
  }
}
