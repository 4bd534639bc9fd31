#!/usr/bin/env bash
# Measures the streamed batch endpoint: one request of ROWS JSON lines (default
# 1,000,000), in the same run:
#   limit-lean, limit-curl   each client against a server that only moves the same
#                  bytes (stream_limit.cpp): what loopback and the client allow;
#   service-lean   the lean client against `trappe serve`, with Content-Length;
#   service-length, service-chunked   curl, which also reads the file and writes
#                  the answer to disk as it goes (a client's cost on a shared machine);
#   trappe-batch   the CLI on the same file.
# Prints rows/s, the server's CPU seconds and its peak resident memory; every
# client reads the answer while it sends the body, as a streaming client must.
# Target: >= 1,000,000 rows/s.
#
#   bash bench/service/stream.sh [build-dir]       (ROWS=1000000 THREADS=2 BODY=examples|synth)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rows=${ROWS:-1000000}
threads=${THREADS:-2}
cd "$root"
source bench/service/server.sh

# BODY=examples (default): the worked examples cycled with their levels varied (two
# rows in five with several items ikke vurderet); BODY=synth: the synthetic population.
if [[ ${BODY:-examples} == synth ]]; then
  "$build/trappe" synth --n "$rows" --seed 7 --out "$work/rows.csv" >/dev/null
  /usr/bin/python3 bench/service/make_rows.py "$rows" "$work/rows.jsonl" "$work/rows.csv"
else
  /usr/bin/python3 bench/service/make_rows.py "$rows" "$work/rows.jsonl"
fi
echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "body: $rows rows, $(stat -c %s "$work/rows.jsonl") bytes"

start_server "$threads" "$work/access.log"
path=/v1/packs/roskilde-2025/batch
url=http://127.0.0.1:$port$path

now() { date +%s.%N; }
report() {  # name start end cpu_before
  awk -v n="$rows" -v a="$2" -v b="$3" -v c0="$4" -v c1="$(server_cpu)" -v name="$1" \
    'BEGIN { printf "RESULT %s rows/s=%.0f wall_s=%.3f server_cpu_s=%.2f\n", name, n / (b - a), b - a, c1 - c0 }'
}

# The limit: the same bytes through a server that does no work, with each client.
start_limit() {
  "$build/bench/trappe_stream_limit" 0.67 >"$work/limit.port" &
  limit_pid=$!
  for _ in $(seq 50); do grep -q port "$work/limit.port" && break; sleep 0.1; done
  limit_port=$(grep -o '[0-9]*$' "$work/limit.port")
}
start_limit
"$build/bench/trappe_stream_client" "$limit_port" /limit "$work/rows.jsonl" | sed 's/^RESULT /RESULT limit-lean /'
wait "$limit_pid"
start_limit
start=$(now)
curl -sS --fail -X POST "http://127.0.0.1:$limit_port/limit" -H 'Content-Type: application/x-ndjson' -H 'Expect:' \
  --data-binary @"$work/rows.jsonl" -o "$work/limit.out"
awk -v n="$rows" -v a="$start" -v b="$(now)" 'BEGIN { printf "RESULT limit-curl rows/s=%.0f wall_s=%.3f\n", n / (b - a), b - a }'
wait "$limit_pid"

before=$(server_cpu)
"$build/bench/trappe_stream_client" "$port" "$path" "$work/rows.jsonl" | sed 's/^RESULT /RESULT service-lean /'
awk -v c0="$before" -v c1="$(server_cpu)" 'BEGIN { printf "  server_cpu_s=%.2f\n", c1 - c0 }'

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
