# Sourced by run.sh and stream.sh: a scratch folder ($work) removed at exit, and
#   start_server THREADS ACCESS_LOG   starts `trappe serve` on the Roskilde pack on a
#                                     free loopback port: sets $pid and $port
#   server_cpu                        CPU seconds the server has used (user + system)
# Expects $build (the build folder) and the source tree as the working folder.
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {
  "$build/trappe" serve rules/roskilde-2025 --port 0 --threads "$1" --access-log "$2" 2>"$work/stderr" &
  pid=$!
  port=
  for _ in $(seq 100); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/stderr" | sed 's/.*://' || true)
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { cat "$work/stderr"; exit 1; }
}

server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat"; }
