// A plain Xapian query loop in one process, as a yardstick for
// lede-query --batch: QueryParser with the English stemmer (STEM_SOME, as
// quest), BM25, the top 10 matches with their document data read.
//
// Usage: xapian-loop DB QUERIES ROUNDS   (QUERIES: qid<TAB>query lines)
// Prints: queries seconds queries_per_second
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: xapian-loop DB QUERIES ROUNDS\n";
    return 2;
  }
  std::vector<std::string> queries;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (!line.empty()) queries.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
  }
  const int rounds = std::atoi(argv[3]);
  Xapian::Database db(argv[1]);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
  std::size_t bytes = 0, count = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      Xapian::Enquire enquire(db);
      enquire.set_query(qp.parse_query(q, flags));
      const auto mset = enquire.get_mset(0, 10);
      for (auto it = mset.begin(); it != mset.end(); ++it)
        bytes += it.get_document().get_data().size();
      ++count;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu\t%.3f\t%.0f\n", count, seconds, static_cast<double>(count) / seconds);
  return bytes == 0 ? 1 : 0;
}
