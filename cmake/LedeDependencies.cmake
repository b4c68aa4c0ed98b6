# Finds every external library once and exposes each as an imported target,
# so that the rest of the build only ever names targets.

find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(PkgConfig REQUIRED)

# Xapian's CMake package only sets XAPIAN_INCLUDE_DIR and XAPIAN_LIBRARIES, so
# it is wrapped here, once, in an imported target.
find_package(xapian 1.4 REQUIRED CONFIG)
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

# These ship pkg-config files rather than CMake packages.
pkg_check_modules(zstd REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(zlib REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(gumbo REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(uchardet REQUIRED IMPORTED_TARGET uchardet)
pkg_check_modules(xxhash REQUIRED IMPORTED_TARGET libxxhash)

# CLD2 ships neither, only a header folder and a shared library.
find_path(CLD2_INCLUDE_DIR NAMES compact_lang_det.h PATH_SUFFIXES cld2/public cld2 REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
if(NOT TARGET CLD2::cld2)
  add_library(CLD2::cld2 UNKNOWN IMPORTED)
  set_target_properties(CLD2::cld2 PROPERTIES
    IMPORTED_LOCATION "${CLD2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")
endif()

if(LEDE_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()

find_package(Threads REQUIRED)
