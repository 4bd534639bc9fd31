#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (clang, ASan + UBSan) into build-fuzz
# and runs each for the given number of seconds (default 60). A finding (a crash, a
# sanitizer report or a broken promise) is saved under build-fuzz/findings/ and
# makes the script exit 1 once every harness has run. docs/security.md: how to
# run it longer and how to reproduce a finding.
#
#   scripts/fuzz.sh [seconds-per-harness] [harness ...]
#   scripts/fuzz.sh 1800                   # the 30-minute run of every harness
#   scripts/fuzz.sh 60 fuzz_rules          # one harness
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  harnesses=(fuzz_rules fuzz_json_profiles fuzz_csv_profiles fuzz_explain fuzz_batch)
fi
build=${TRAPPE_FUZZ_BUILD:-build-fuzz}

CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRAPPE_SANITIZE=address,undefined -DTRAPPE_FUZZ=ON -DTRAPPE_BUILD_TESTS=OFF -DTRAPPE_BUILD_BENCH=OFF \
  -DTRAPPE_BUILD_CLI=OFF -DTRAPPE_BUILD_PYTHON=OFF -DTRAPPE_INSTALL=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${harnesses[@]}"

# Which dictionary each harness reads.
declare -A dictionary=([fuzz_rules]=rules [fuzz_json_profiles]=json_profiles [fuzz_csv_profiles]=csv_profiles
                       [fuzz_explain]=json_profiles [fuzz_batch]=csv_profiles)
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for h in "${harnesses[@]}"; do
  name=${h#fuzz_}
  work="$build/corpus/$name"  # what this machine's runs found, kept between runs
  findings="$build/findings/$name/"
  mkdir -p "$work" "$findings"
  echo "== $h: ${seconds}s"
  # The first folder receives new inputs; the seeds in tests/fuzz/corpus stay as they are.
  if ! "$build/tests/fuzz/$h" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
      -dict="tests/fuzz/dict/${dictionary[$h]}.dict" -artifact_prefix="$findings" -print_final_stats=1 \
      "$work" "tests/fuzz/corpus/$name" 2>"$build/$h.log"; then
    failed+=("$h")
    tail -n 60 "$build/$h.log"
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$h.log" | sed "s/^/   /" || true
done
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]} (inputs under $build/findings/)" >&2
  exit 1
fi
echo "fuzz: no findings in ${#harnesses[@]} harnesses, ${seconds}s each"
