#!/usr/bin/env bash
# Installs the Debian packages lede needs to build, test and benchmark, and
# nothing else. It prints each package it installs and is silent when every
# package is already present, so `make` can call it on every run.
#
# Usage: scripts/install-deps.sh [build|bench]
#   build  (default) what `make`, `make run`, `make test` and `make fuzz` need
#   bench  also the peer tools that `make bench` measures lede against
set -euo pipefail

build_packages=(
  cmake g++ make pkg-config
  libxapian-dev xapian-tools      # the search engine; delve/quest read our databases in tests
  libicu-dev                      # segmentation, normalization, case folding, encodings
  doctest-dev libcli11-dev        # tests; command-line parsing
  nlohmann-json3-dev libfmt-dev   # JSON in and out; formatting
  libgumbo-dev                    # HTML parsing
  libzstd-dev zlib1g-dev          # compressed JSON Lines streams
  libuchardet-dev libcld2-dev     # legacy-encoding and language detection
  libxxhash-dev                   # content hashes for change detection
  libjemalloc-dev                 # lede-index allocates a node per posting: 15-20% faster
  zstd                            # the shared data sets are .zst files
  clang libclang-rt-14-dev        # `make fuzz` and `make test`: clang 14 and its libFuzzer,
                                  # ASan and UBSan runtimes (clang only recommends the latter)
)
bench_packages=(xapian-omega sqlite3 recollcmd ripgrep time python3 zstd)

wanted=("${build_packages[@]}")
if [[ "${1:-build}" == bench ]]; then
  wanted+=("${bench_packages[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  # dpkg-query says "install ok installed" only for a package that is fully set up.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing missing Debian packages: ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
