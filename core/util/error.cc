#include "core/util/error.h"

// The type is header-only; this file keeps the module's source list honest
// and gives the vtable of Error a home in one translation unit.
