#!/usr/bin/env bash
# Measures `trappe serve` with wrk (Debian's wrk):
#  1. single-profile evaluate over keep-alive, 64 connections (target: >= 20,000 requests/s, p99 <= 10 ms on 2 cores);
#  2. the batch endpoint with bodies of JSON lines (target: >= 1,000,000 rows/s); each body
#     is streamed (evaluated as it arrives); stream.sh sends one large body instead.
# wrk runs on the same machine and takes CPU from the server; the figures say so.
#
#   bash bench/service/run.sh [build-dir]       (DURATION=10 CONNECTIONS=64 THREADS=2 BATCH_ROWS=20000 ACCESS_LOG=file|off)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
batch_rows=${BATCH_ROWS:-20000}
cd "$root"
source bench/service/server.sh
start_server "$threads" "${ACCESS_LOG:-$work/access.log}"

echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $threads threads, access log ${ACCESS_LOG:-on (file)}; wrk on the same cores"
url=http://127.0.0.1:$port/v1/packs/roskilde-2025
before=$(server_cpu)
wrk -t2 -c"$connections" -d"${duration}s" -s bench/service/evaluate.lua "$url/evaluate" | grep RESULT
echo "server CPU during evaluate: $(awk -v a="$(server_cpu)" -v b="$before" 'BEGIN { printf "%.2f", a - b }') s of ${duration} s wall"

/usr/bin/python3 bench/service/make_rows.py "$batch_rows" "$work/rows.jsonl"
echo "batch body: $batch_rows rows, $(stat -c %s "$work/rows.jsonl") bytes"
before=$(server_cpu)
TRAPPE_BATCH="$work/rows.jsonl" TRAPPE_BATCH_ROWS="$batch_rows" \
  wrk -t1 -c2 -d"${duration}s" --timeout 30s -s bench/service/batch.lua "$url/batch" | grep RESULT
echo "server CPU during batch: $(awk -v a="$(server_cpu)" -v b="$before" 'BEGIN { printf "%.2f", a - b }') s of ${duration} s wall"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
