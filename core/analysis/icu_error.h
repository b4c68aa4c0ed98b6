/// @file
/// @brief The one place where ICU status codes become lede::Error.
///
/// Internal to the analysis module. ICU reports failures through UErrorCode
/// out-parameters rather than exceptions; every call site passes its code here
/// so that a failure surfaces as an ErrorKind::internal naming the operation.
#pragma once

#include <unicode/utypes.h>

#include <string>
#include <string_view>

#include "core/util/error.h"

namespace lede::analysis {

/// Throws lede::Error when @p status is a failure. ICU warnings (such as
/// U_USING_DEFAULT_WARNING) are not failures and pass silently.
inline void check_icu(UErrorCode status, std::string_view operation) {
  if (U_FAILURE(status)) {
    throw Error(ErrorKind::internal,
                "ICU " + std::string(operation) + " failed: " + u_errorName(status));
  }
}

}  // namespace lede::analysis
