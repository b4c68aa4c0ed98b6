# Compiler settings shared by every lede target, carried by one interface
# target instead of global flags so that third-party code is unaffected.
add_library(lede_options INTERFACE)
add_library(lede::options ALIAS lede_options)
target_compile_features(lede_options INTERFACE cxx_std_20)
target_compile_options(lede_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wnull-dereference -Wformat=2)
if(LEDE_WERROR)
  target_compile_options(lede_options INTERFACE -Werror)
endif()
if(LEDE_SANITIZE)
  # -fno-sanitize-recover makes UBSan findings fail the test instead of
  # scrolling past in the log.
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(lede_options INTERFACE ${_san} -O1 -g)
  target_link_options(lede_options INTERFACE ${_san})
endif()
if(LEDE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LEDE_FUZZ needs clang (configure with CXX=clang++)")
  endif()
  # Every lede library is instrumented for libFuzzer's coverage feedback and
  # checked by ASan and UBSan; only the targets in fuzz/ link libFuzzer's
  # main (-fsanitize=fuzzer), so the libraries stay free of it.
  set(_fuzz_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(lede_options INTERFACE -fsanitize=fuzzer-no-link ${_fuzz_san} -g)
  target_link_options(lede_options INTERFACE ${_fuzz_san})
endif()

# Every module of the core library is declared the same way.
#   lede_add_module(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
function(lede_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(lede_${name} STATIC ${ARG_SOURCES})
  add_library(lede::${name} ALIAS lede_${name})
  target_include_directories(lede_${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(lede_${name} PUBLIC lede::options ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
