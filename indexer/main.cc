/// @file
/// @brief lede-index: builds and keeps current a passage index of news articles.
#include <CLI/CLI.hpp>

#include <iostream>

#include "core/util/version.h"

int main(int argc, char** argv) {
  CLI::App app{"lede-index: index news articles for lede-query"};
  app.set_version_flag("--version", [] { return lede::version_line("lede-index"); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0; every real
    // parse error is a usage error, which lede reports with exit code 2.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
