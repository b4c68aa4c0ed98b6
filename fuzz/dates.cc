// Fuzz target: dates in lines and URLs, and the line-level metadata
// heuristics (date lines, bylines, source lines, hosts, boilerplate).
#include "core/ingest/dates.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ingest/metadata.h"
#include "core/util/utf8.h"
#include "fuzz/fuzz.h"

namespace {

bool digits(std::string_view text) {
  return text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" of a date that exists, years 1800-2199.
void check_iso(const std::string& iso) {
  lede::fuzz::check(iso.size() == 10 || iso.size() == 16, "an ISO date of the wrong length");
  lede::fuzz::check(digits(iso.substr(0, 4)) && iso[4] == '-' && digits(iso.substr(5, 2)) &&
                        iso[7] == '-' && digits(iso.substr(8, 2)),
                    "an ISO date not YYYY-MM-DD");
  const int year = std::stoi(iso.substr(0, 4));
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  lede::fuzz::check(year >= 1800 && year <= 2199, "a year out of range");
  lede::fuzz::check(month >= 1 && month <= 12 && day >= 1 && day <= 31, "a day that is no day");
  if (iso.size() == 16) {
    lede::fuzz::check(
        iso[10] == 'T' && digits(iso.substr(11, 2)) && iso[13] == ':' && digits(iso.substr(14, 2)),
        "a time not THH:MM");
    lede::fuzz::check(std::stoi(iso.substr(11, 2)) < 24 && std::stoi(iso.substr(14, 2)) < 60,
                      "a time that is no time");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The heuristics take valid UTF-8 (ingest converts first), as here.
  const std::string line =
      lede::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));

  if (const auto date = lede::ingest::find_date(line)) {
    check_iso(date->iso);
    lede::fuzz::check(date->begin < date->end && date->end <= line.size(),
                      "a date outside its line");
  }
  if (const std::string iso = lede::ingest::date_from_url(line); !iso.empty()) check_iso(iso);
  if (const std::string iso = lede::ingest::date_line(line); !iso.empty()) check_iso(iso);
  for (const std::string& found : {lede::ingest::source_url_line(line), lede::ingest::byline(line),
                                   lede::ingest::host_of(line)}) {
    lede::fuzz::check(lede::is_valid_utf8(found), "metadata that is not UTF-8");
    lede::fuzz::check(found.size() <= line.size(), "metadata longer than its line");
  }
  (void)lede::ingest::stands_alone(line);
  (void)lede::ingest::is_boilerplate_phrase(line);
  return 0;
}
