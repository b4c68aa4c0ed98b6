/// @file
/// @brief Real news articles for the tests that need a few hundred or
/// thousand of them: the BBC set of ../shared/data/news, read incrementally.
#pragma once

#include <doctest/doctest.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/shared_data.h"

namespace lede::test {

struct NewsArticle {
  std::string title, text;
  /// The article as a saved text file: its title, a blank line, its text.
  [[nodiscard]] std::string file_text() const { return title + "\n\n" + text + "\n"; }
};

/// The first @p count articles of the BBC news set that have text, or none
/// (after a SKIPPED message) when ../shared/data is absent.
inline std::vector<NewsArticle> bbc_articles(std::size_t count) {
  const auto path = shared_data("news/bbc_news.jsonl.zst");
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  std::vector<NewsArticle> out;
  std::string text, chunk(ZSTD_DStreamInSize(), '\0'), plain(ZSTD_DStreamOutSize(), '\0');
  const std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> stream(ZSTD_createDStream(),
                                                                          &ZSTD_freeDStream);
  ZSTD_initDStream(stream.get());
  while (out.size() < count && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    ZSTD_inBuffer input{chunk.data(), static_cast<std::size_t>(in.gcount()), 0};
    while (input.pos < input.size) {
      ZSTD_outBuffer output{plain.data(), plain.size(), 0};
      if (ZSTD_isError(ZSTD_decompressStream(stream.get(), &output, &input))) break;
      text.append(plain.data(), output.pos);
    }
    std::size_t start = 0;
    for (std::size_t end; out.size() < count && (end = text.find('\n', start)) != std::string::npos;
         start = end + 1) {
      const auto j = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
      if (j.is_object() && !j.value("text", "").empty())
        out.push_back({j.value("title", ""), j.value("text", "")});
    }
    text.erase(0, start);
  }
  REQUIRE(out.size() == count);
  return out;
}

/// "0042.txt": the name the tests give the file of article @p i.
inline std::string news_file_name(std::size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "%04zu.txt", i);
  return name;
}

}  // namespace lede::test
