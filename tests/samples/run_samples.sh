#!/usr/bin/env bash
# Smoke test of every sample: `sluice run` succeeds and shows what the sample is about, and the
# executable `sluice build` makes of it produces exactly the same output (console text, or files).
#
#   tests/samples/run_samples.sh build/sluice
set -euo pipefail

sluice=$(realpath "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sluice-samples-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$repo"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for sample in samples/*.stream; do
    name=$(basename "$sample" .stream)
    # Samples that write files use /tmp/sluice-<sample>; give each run its own directory instead.
    for mode in run build; do
        sed "s|/tmp/sluice-etl|$work/$name-$mode|g" "$sample" > "$work/$name.stream"
        if [ "$mode" = run ]; then
            "$sluice" run "$work/$name.stream" > "$work/$name.$mode.out" 2> "$work/$name.$mode.err" ||
                { fail "$name: sluice run exited $?"; cat "$work/$name.$mode.err" >&2; continue; }
        else
            "$sluice" build "$work/$name.stream" -o "$work/$name.exe" 2> "$work/$name.build.err" ||
                { fail "$name: sluice build exited $?"; cat "$work/$name.build.err" >&2; continue; }
            "$work/$name.exe" > "$work/$name.$mode.out" 2> "$work/$name.$mode.err" ||
                { fail "$name: the built executable exited $?"; cat "$work/$name.$mode.err" >&2; continue; }
        fi
    done
    cmp -s "$work/$name.run.out" "$work/$name.build.out" || fail "$name: the built executable's output differs from sluice run's"
    if [ -d "$work/$name-run" ]; then
        diff -r -x '*.log' -x checkpoint "$work/$name-run" "$work/$name-build" > /dev/null ||
            fail "$name: the built executable's files differ from sluice run's"
    fi
done

# What each sample is about.
grep -q "HUGO" "$work/quickstart.run.out" || fail "quickstart: no result table"
[ "$(grep -c '^|  *[0-9]' "$work/quickstart.run.out")" = 5 ] || fail "quickstart: expected 5 rows"
[ "$(cat "$work"/etl-run/out/part-*.json | wc -l)" = 5 ] || fail "etl: expected 5 clean rows"
[ "$(cat "$work"/etl-run/dead-letter/* | wc -l)" = 3 ] || fail "etl: expected 3 dead-letter rows"
grep -q '"host":"blog.example.com"' "$work"/etl-run/out/part-*.json || fail "etl: host not extracted"
for q in 0 1 2 5 12; do
    grep -q "Batch: 0" "$work/nexmark_q$q.run.out" || fail "nexmark_q$q: no batch printed"
done
# u99's click at 10:00:30 arrives after the watermark passed 10:01 and is dropped: /home has 12 views.
grep -q "2026-11-20 10:00:00|      /home|   12|" "$work/clickstream.run.out" || fail "clickstream: minute 10:00 of /home"
grep -q "2026-11-20 10:06:00" "$work/clickstream.run.out" || fail "clickstream: the final batch did not close 10:06"
[ "$(grep -c '^|  *[0-9]' "$work/nexmark_q12.run.out")" = 10 ] || fail "nexmark_q12: expected the 10 busiest bidders"
grep -q "2026-01-01 00:00:02|" "$work/nexmark_q5.run.out" || fail "nexmark_q5: no final window printed"

if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "ok: $(ls samples/*.stream | wc -l) samples run, built, and agree"
