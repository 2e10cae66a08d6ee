#!/usr/bin/env bash
# Crash test: a file-to-file query is killed with SIGKILL at random moments, 50 times, each time
# resumed from its checkpoint; the final output must equal a clean run's exactly: the same rows (no
# duplicate, nothing lost) in the same part files. The query is stateless, or (`windowed`) a windowed
# aggregation whose state must come back from the checkpoint as it was.
#
#   tests/crash/kill_file_to_file.sh build/sluice [kills] [stateless|windowed]
set -euo pipefail

sluice=$(realpath "$1")
kills=${2:-50}
kind=${3:-stateless}
work=$(mktemp -d /tmp/sluice-crash-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

# 120 input files of 500 rows; one file per batch, so a run goes through many batches.
mkdir in
for f in $(seq -w 1 120); do
    # File f's rows are of day f (28 days a month), so event time grows from file to file.
    awk -v f="$f" 'BEGIN { for (i = 0; i < 500; i++) printf "%d,%s-%d,%d.%02d,2026-%02d-%02d %02d:%02d:%02d\n",
        f * 1000 + i, "item", (f * 7 + i) % 13, (i * 37) % 1000, i % 100, 1 + int((f - 1) / 28), 1 + (f - 1) % 28,
        i % 24, i % 60, (i * 7) % 60 }' > "in/part-$f.csv"
done

query() { # $1: output dir, $2: checkpoint dir
    if [ "$kind" = windowed ]; then
        # File f holds the times of day f: each batch closes the windows of the files before it.
        cat <<EOS
CREATE SOURCE items (id BIGINT, name STRING, price DECIMAL(8, 2), at TIMESTAMP,
                     WATERMARK FOR at AS at - INTERVAL '1' HOUR)
    FROM file (path = '$work/in', max_files_per_trigger = 1) FORMAT csv;
CREATE SINK out INTO file (path = '$1') FORMAT csv
    TRIGGER AVAILABLE NOW CHECKPOINT '$2' WITH (state_partitions = 4, state_snapshot_interval = 7)
AS SELECT window_start, name, COUNT(*) AS n, SUM(price) AS total, MAX(id) AS last_id,
          COUNT(DISTINCT id % 10) AS digits
   FROM items GROUP BY name, TUMBLE(at, INTERVAL '6' HOUR);
EOS
        return
    fi
    cat <<EOS
CREATE SOURCE items (id BIGINT, name STRING, price DECIMAL(8, 2), at TIMESTAMP)
    FROM file (path = '$work/in', max_files_per_trigger = 1) FORMAT csv;
CREATE SINK out INTO file (path = '$1') FORMAT csv
    TRIGGER AVAILABLE NOW CHECKPOINT '$2'
AS SELECT id, UPPER(name) AS name, price * 3 AS tripled, at + INTERVAL '1' HOUR AS later
   FROM items WHERE id % 3 <> 0;
EOS
}
query "$work/clean-out" "$work/clean-ckpt" > clean.stream
query "$work/out" "$work/ckpt" > crash.stream

"$sluice" run clean.stream > /dev/null

RANDOM=20261123
interrupted=0
for k in $(seq 1 "$kills"); do
    "$sluice" run crash.stream > /dev/null 2>&1 &
    pid=$!
    # Between 1 and 120 ms: start-up, planning, writing, committing are all hit.
    sleep "0.$(printf '%03d' $((RANDOM % 120 + 1)))"
    if kill -9 "$pid" 2>/dev/null; then
        interrupted=$((interrupted + 1))
    fi
    wait "$pid" 2>/dev/null || true
done
# Resume one last time and finish.
"$sluice" run crash.stream > /dev/null

sort clean-out/part-*.csv > clean.rows
sort out/part-*.csv > crash.rows
rows=$(wc -l < clean.rows)
if ! cmp -s clean.rows crash.rows; then
    echo "FAIL: rows differ from a clean run after $kills kills" >&2
    diff clean.rows crash.rows | head -20 >&2
    exit 1
fi
if [ "$(sort -u crash.rows | wc -l)" != "$(sort -u clean.rows | wc -l)" ]; then
    echo "FAIL: duplicate rows" >&2
    exit 1
fi
if ! diff -r -x '_sluice_manifest.log' clean-out out > /dev/null; then
    echo "FAIL: part files differ from a clean run's" >&2
    diff -rq -x '_sluice_manifest.log' clean-out out | head >&2
    exit 1
fi
echo "ok: $kills kills ($interrupted while running), $rows rows identical to a clean run"
