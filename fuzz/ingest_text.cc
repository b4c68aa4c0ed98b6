// Fuzz target: any bytes read as a .txt file (see ingest.h): encodings,
// line ends, paragraphs and the metadata heuristics of plain text.
#include "fuzz/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return lede::fuzz::read_as(data, size, ".txt");
}
