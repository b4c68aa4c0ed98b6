// Fuzz target: any bytes read as a .jsonl file (see ingest.h).
#include "fuzz/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return lede::fuzz::read_as(data, size, ".jsonl");
}
