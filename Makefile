# A thin wrapper over CMake so that a new user needs two commands:
#   make run    install what is missing, build, index corpus/, run a sample query
#   make test   the same set-up, then every test, again under ASan and UBSan,
#               and a short run of every fuzz target
#   make fuzz   every libFuzzer target for FUZZ_SECONDS each (default 300)
# See README.md. Every real decision lives in CMakeLists.txt.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 5
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
SHARED     ?= $(abspath ../shared/data)
DB         ?= $(BUILD)/corpus.db

# CI builds with warnings as errors; a user's build only shows them.
CMAKE_FLAGS = -DLEDE_SHARED_DATA=$(SHARED)
ifneq ($(CI),)
CMAKE_FLAGS += -DLEDE_WERROR=ON
endif

.PHONY: all deps build run test test-release test-asan test-fuzz fuzz fuzz-build install clean \
        format check-format bench eval eval-baseline

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@echo "== Indexing the sample articles in corpus/ into $(DB)"
	$(BUILD)/lede-index --db $(DB) corpus/
	@echo
	@echo "== Which articles discuss the CSTO, Russia's military alliance?"
	$(BUILD)/lede-query --db $(DB) --color=auto 'CSTO'

test: test-release test-asan test-fuzz

test-release: build
	ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure

# The whole suite again with AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	@test -f $(ASAN_BUILD)/CMakeCache.txt || cmake -S . -B $(ASAN_BUILD) \
	  -DCMAKE_BUILD_TYPE=Debug -DLEDE_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) -j $(JOBS) --output-on-failure

# libFuzzer targets (fuzz/): clang builds every lede library with ASan, UBSan
# and coverage instrumentation in a tree of its own.
fuzz-build: deps
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEDE_FUZZ=ON -DLEDE_BUILD_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) --target lede_fuzzers -j $(JOBS)

# Each target over its seeds and regression cases, then FUZZ_SECONDS of
# mutation; inputs that fail are saved in $(FUZZ_BUILD)/fuzz-crashes/.
fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The same for a few seconds each, so that a regression fails `make test`.
test-fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

FORMAT_FILES = $(shell git ls-files '*.cc' '*.h')
format:
	clang-format -i $(FORMAT_FILES)

check-format:
	clang-format --dry-run --Werror $(FORMAT_FILES)

# Relevance against the judged collections in ../shared/data (docs/RELEVANCE.md).
# BASELINE=DIR compares with the runs in DIR (default $(BUILD)/eval/baseline,
# which eval-baseline fills from the last make eval).
eval: build
	eval/run.sh $(SHARED) $(BUILD)

eval-baseline:
	@test -f $(BUILD)/eval/scifact.run || { echo "make eval first"; exit 2; }
	mkdir -p $(BUILD)/eval/baseline
	cp $(BUILD)/eval/*.run $(BUILD)/eval/baseline/
	@echo "The runs of the last make eval are the baseline now ($(BUILD)/eval/baseline)."

# Speed, memory and size against omindex/quest, SQLite FTS5, Recoll and
# ripgrep on the same inputs (docs/PERFORMANCE.md). BENCH_FLAGS=--quick for a
# three-minute run.
bench: build
	@scripts/install-deps.sh bench
	bench/run.sh $(BENCH_FLAGS) $(SHARED) $(BUILD)
