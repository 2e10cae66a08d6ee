#!/usr/bin/env bash
# Benchmarks Nexmark q0, q1, q2, q5a, q12 (bench/queries/) in Sluice against a hand-written C++ program doing the
# same work (bench/baseline/), and prints one table: events per CPU-second for both, their ratio, and the
# time from process start to the first completed batch. See bench/README.md.
#
#   bench/run.sh [BUILD_DIR] [nexmark_bench flags...]     (`make bench` runs it on build/)
#
#   bench/run.sh build --repetitions 3 --queries q2      a quicker look at one query
#   bench/run.sh build --help                             every flag
#
# Builds what it needs first: `sluice` and the runtime archives in BUILD_DIR, then the benchmark's own
# small CMake project (bench/CMakeLists.txt) in BUILD_DIR/bench. Runs take about two minutes on two
# cores; run it on a machine that is otherwise quiet (the table reports the load average).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true

if [ ! -f "$build/CMakeCache.txt" ]; then
    echo "bench/run.sh: '$build' is not a configured Sluice build tree (run 'make build' first)" >&2
    exit 2
fi
build="$(cd "$build" && pwd)"
generator="$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$build/CMakeCache.txt")"
compiler="$(sed -n 's/^CMAKE_CXX_COMPILER:FILEPATH=//p' "$build/CMakeCache.txt")"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")"
if [ "$build_type" != "Release" ]; then
    echo "bench/run.sh: '$build' is a '$build_type' build; benchmark a Release build" >&2
    exit 2
fi

echo "bench/run.sh: building sluice and the runtime archives in $build" >&2
cmake --build "$build" --target sluice sluice_io sluice_rtcore >&2

# The baseline is compiled by the compiler and with the build type of the tree it is compared with.
echo "bench/run.sh: building the baseline and the harness in $build/bench" >&2
cmake -S "$root/bench" -B "$build/bench" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$compiler" -DSLUICE_BUILD_DIR="$build" >&2
cmake --build "$build/bench" >&2

# What is benchmarked: the commit and whether the working tree differs from it. GIT_OPTIONAL_LOCKS=0 keeps
# `git status` from refreshing the index, so this only reads.
revision=""
if head="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
    changed="$(GIT_OPTIONAL_LOCKS=0 git -C "$root" status --porcelain --untracked-files=no | wc -l)"
    revision="commit $head"
    [ "$changed" -eq 0 ] || revision="$revision + $changed modified files"
fi

exec "$build/bench/nexmark_bench" \
    --sluice "$build/sluice" \
    --baseline "$build/bench/nexmark_baseline" \
    --queries-dir "$root/bench/queries" \
    --work-dir "$build/bench/work" \
    --revision "$revision" \
    "$@"
