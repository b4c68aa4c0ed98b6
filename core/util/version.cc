#include "core/util/version.h"

#include <unicode/uversion.h>
#include <xapian.h>

namespace lede {

std::string_view version() noexcept {
  return LEDE_VERSION;
}

std::string version_line(std::string_view program) {
  std::string line(program);
  line += ' ';
  line += version();
  line += " (Xapian ";
  line += Xapian::version_string();
  line += ", ICU ";
  line += U_ICU_VERSION;
  line += ')';
  return line;
}

}  // namespace lede
