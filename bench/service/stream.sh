#!/usr/bin/env bash
# Measures the streamed batch endpoint: one request of ROWS JSON lines (default
# 1,000,000) sent with curl, as a file with its Content-Length and again chunked,
# against `trappe batch` on the same file in the same run. Prints rows/s, the
# server's CPU seconds and its peak resident memory. curl reads the answer while
# it sends the body, as a streaming client must. Target: >= 1,000,000 rows/s.
#
#   bash bench/service/stream.sh [build-dir]       (ROWS=1000000 THREADS=2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rows=${ROWS:-1000000}
threads=${THREADS:-2}
cd "$root"
source bench/service/server.sh

/usr/bin/python3 bench/service/make_rows.py "$rows" "$work/rows.jsonl"
echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "body: $rows rows, $(stat -c %s "$work/rows.jsonl") bytes"

start_server "$threads" "$work/access.log"
url=http://127.0.0.1:$port/v1/packs/roskilde-2025/batch

now() { date +%s.%N; }
report() {  # name start end cpu_before
  awk -v n="$rows" -v a="$2" -v b="$3" -v c0="$4" -v c1="$(server_cpu)" -v name="$1" \
    'BEGIN { printf "RESULT %s rows/s=%.0f wall_s=%.3f server_cpu_s=%.2f\n", name, n / (b - a), b - a, c1 - c0 }'
}

for mode in length chunked; do
  extra=()
  [[ $mode == chunked ]] && extra=(-H 'Transfer-Encoding: chunked')
  before=$(server_cpu); start=$(now)
  curl -sS --fail -X POST "$url" -H 'Content-Type: application/x-ndjson' "${extra[@]}" \
    --data-binary @"$work/rows.jsonl" -o "$work/out-$mode.jsonl"
  report "service-$mode" "$start" "$(now)" "$before"
  tail -1 "$work/out-$mode.jsonl" | cut -c1-200
done
echo "server peak memory: $(grep VmHWM /proc/$pid/status | awk '{ print $2 " " $3 }')"

start=$(now)
/usr/bin/time -f "trappe batch: %U s user, %S s sys, %M kB peak" \
  "$build/trappe" batch rules/roskilde-2025 --in "$work/rows.jsonl" --out "$work/cli.jsonl" --threads "$threads" --quiet 2>"$work/cli.err" || true
end=$(now)
awk -v n="$rows" -v a="$start" -v b="$end" 'BEGIN { printf "RESULT trappe-batch rows/s=%.0f wall_s=%.3f\n", n / (b - a), b - a }'
grep -v '^[0-9]* rows' "$work/cli.err" || true
if cmp -s <(tail -n +2 "$work/cli.jsonl") <(head -n -1 "$work/out-length.jsonl"); then
  echo "the service's lines are those of trappe batch"
else
  echo "DIFFERENT lines from trappe batch"; exit 1
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
