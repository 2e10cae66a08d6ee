#!/usr/bin/env bash
# The `sluice` command as a user meets it: --help, exit codes, diagnostics, every explain level,
# progress output.
#
#   tests/cli/cli_test.sh build/sluice
set -uo pipefail

sluice=$(realpath "$1")
work=$(mktemp -d /tmp/sluice-cli-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS DESCRIPTION -- COMMAND...: runs COMMAND, output in out.txt / err.txt
expect() {
    local want=$1 what=$2
    shift 3
    "$@" > out.txt 2> err.txt
    local got=$?
    [ "$got" = "$want" ] || { fail "$what: exit $got, expected $want"; sed 's/^/    /' err.txt >&2; }
}

cat > good.stream <<'EOS'
CREATE SOURCE bids (auction BIGINT, price BIGINT, channel STRING)
    FROM nexmark (kind = 'bid', events = 5000, max_events_per_trigger = 1000);
CREATE SINK expensive INTO blackhole () AS SELECT auction, price * 2 AS doubled FROM bids WHERE price > 1000;
CREATE SINK channels INTO console (num_rows = 3) AS SELECT UPPER(channel) AS channel FROM bids;
EOS
cat > bad.stream <<'EOS'
CREATE SOURCE bids (auction BIGINT, price BIGINT) FROM memory ();
CREATE SINK s INTO console () AS SELECT auction, prize * 2 AS doubled FROM bids;
EOS
cat > overflow.stream <<'EOS'
CREATE SOURCE r (value BIGINT) FROM rate (rows_per_second = 1000);
CREATE SINK s INTO blackhole () AS SELECT value * 9223372036854775807 AS boom FROM r WHERE value > 1;
EOS

# Help and version.
expect 0 "--help" -- "$sluice" --help
grep -q "explain" out.txt || fail "--help does not list explain"
for cmd in run build check explain; do
    expect 0 "$cmd --help" -- "$sluice" "$cmd" --help
done
"$sluice" run --help > out.txt
for flag in --sink --max-batches --progress --set --diagnostics; do
    grep -q -- "$flag" out.txt || fail "run --help does not mention $flag"
done
expect 0 "--version" -- "$sluice" --version

# Usage errors: 2.
expect 2 "no command" -- "$sluice"
expect 2 "unknown flag" -- "$sluice" run good.stream --no-such-flag
expect 2 "missing file" -- "$sluice" check no-such-file.stream
expect 2 "unknown sink" -- "$sluice" run good.stream --sink nope
grep -q "expensive" err.txt || fail "unknown sink: the sinks are not listed"
expect 2 "unknown setting" -- "$sluice" run good.stream --set state_partitionz=4
expect 2 "unknown rule" -- "$sluice" explain good.stream --disable-rule nope
expect 2 "unknown command" -- "$sluice" frobnicate good.stream
grep -q "unknown command 'frobnicate'" err.txt || fail "unknown command: not named"
expect 2 "bad --max-batches" -- "$sluice" run good.stream --max-batches abc
grep -q "whole number of batches" err.txt || fail "bad --max-batches: unclear message"
expect 2 "a directory as FILE" -- "$sluice" check .
grep -q "is a directory" err.txt || fail "a directory as FILE: not said"
echo "CREATE SOURCE s (x INT) FROM memory ();" > no_sink.stream
expect 2 "nothing to run" -- "$sluice" run no_sink.stream
expect 0 "clean check as JSON" -- "$sluice" check --diagnostics=json no_sink.stream
[ "$(cat err.txt)" = "[]" ] || fail "check --diagnostics=json: expected [] for a clean file"

# Compile errors: 3, with a caret and a suggestion; JSON on request.
expect 3 "check bad" -- "$sluice" check bad.stream
grep -q "bad.stream:2:50: error\[E0201\]: column 'prize' not found in source 'bids'" err.txt || fail "no located E0201"
grep -q "did you mean 'price'?" err.txt || fail "no suggestion"
grep -q '\^~~~~' err.txt || fail "no caret"
expect 3 "check bad, json" -- "$sluice" check bad.stream --diagnostics=json
grep -q '"code": "E0201"' err.txt && grep -q '"line": 2' err.txt || fail "json diagnostics"
expect 0 "check good" -- "$sluice" check good.stream

# Explain: every level, and the fused loop in the IR.
for level in ast logical optimized physical pipelines ir; do
    expect 0 "explain --level $level" -- "$sluice" explain good.stream --level "$level"
    [ -s out.txt ] || fail "explain --level $level printed nothing"
done
for format in json dot; do
    expect 0 "explain --format $format" -- "$sluice" explain good.stream --level physical --format "$format"
done
"$sluice" explain good.stream --sink expensive --level ir > ir.txt
grep -q "define .*sl_pipe_" ir.txt || fail "ir: no pipeline function"
grep -qi "loop" ir.txt || fail "ir: no row loop"
"$sluice" explain good.stream --sink expensive > plan.txt
grep -q "Filter { (price > 1000) }" plan.txt || fail "explain: no filter"
grep -q "columns: \[auction, price\]" plan.txt || fail "explain: scan not pruned to the columns used"

# Running: both queries, progress as JSON lines, the console's table.
expect 0 "run good" -- "$sluice" run good.stream --progress=json:progress.jsonl
grep -q "Batch: 0" out.txt || fail "run: no console output"
[ "$(grep -c '"batchId"' progress.jsonl)" -ge 10 ] || fail "run: expected progress records for both queries"
grep -q '"numInputRows"' progress.jsonl || fail "progress: no numInputRows"
expect 0 "run one sink, 2 batches" -- "$sluice" run good.stream --sink channels --max-batches 2
[ "$(grep -c '^Batch: ' out.txt)" = 2 ] || fail "--max-batches 2 ran $(grep -c '^Batch: ' out.txt) batches"
expect 0 "run with --progress" -- "$sluice" run good.stream --sink expensive --max-batches 1 --progress
grep -q '"batchId": 0' err.txt || fail "--progress prints no record"

# A query that fails at run time: 1, and the error says where.
expect 1 "runtime overflow" -- timeout 20 "$sluice" run overflow.stream
grep -q "arithmetic overflow" err.txt && grep -q "operator #" err.txt || fail "overflow error message"

if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "ok: sluice command-line checks passed"
