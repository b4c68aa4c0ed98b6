// A plain Xapian indexing loop, as a yardstick for lede-index: what a
// developer who knows Xapian writes in an afternoon. One thread walks the
// folder, and each .txt file becomes one document through TermGenerator with
// the English stemmer (STEM_SOME, positions kept, as omindex and lede do), a
// Q term with its path, and the path as document data; one commit at the end.
// It does none of lede's work (no passages, language, dates, titles or
// change detection), so it shows what Xapian's own writer costs on the same
// files: the floor under any indexer built on it.
//
// Usage: xapian-index DB FOLDER
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: xapian-index DB FOLDER\n";
    return 2;
  }
  try {
    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[2])) {
      if (!entry.is_regular_file() || entry.path().extension() != ".txt") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text(static_cast<std::size_t>(entry.file_size()), '\0');
      in.read(text.data(), static_cast<std::streamsize>(text.size()));
      text.resize(static_cast<std::size_t>(in.gcount()));
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(text);
      const std::string path = entry.path().string();
      // Xapian limits a term to 245 bytes; a long path is cut, as omindex hashes it.
      doc.add_boolean_term(("Q" + path).substr(0, 245));
      doc.set_data(path);
      db.add_document(doc);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian-index: " << e.get_description() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "xapian-index: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
