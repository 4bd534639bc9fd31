#!/usr/bin/env bash
# The tests under sanitizers (docs/security.md, "Sanitizers").
#   scripts/sanitize.sh address   ASan + UBSan, every test (GoogleTest, CLI, rule tests, pytest): build-asan
#   scripts/sanitize.sh thread    TSan, the tests that run threads (batch, concurrency, the service's batch stream): build-tsan
# A sanitizer report fails the test it happens in.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-address}
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=/usr/bin/python3 -DTRAPPE_BUILD_BENCH=OFF)
case "$kind" in
  address)
    cmake -S . -B build-asan "${common[@]}" -DTRAPPE_SANITIZE=address,undefined >/dev/null
    cmake --build build-asan --parallel "$(nproc)"
    export ASAN_OPTIONS=detect_stack_use_after_return=1:strict_string_checks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # Chromium is not ours to sanitize; the HTML it renders is tested in the plain build.
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" -E chromium
    ;;
  thread)
    cmake -S . -B build-tsan "${common[@]}" -DTRAPPE_SANITIZE=thread -DTRAPPE_BUILD_PYTHON=OFF >/dev/null
    cmake --build build-tsan --parallel "$(nproc)" --target eval_tests serve_tests
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    build-tsan/tests/eval_tests --gtest_filter='Concurrency*:Batch*:DecisionReuse*:DecisionLifetime*'
    build-tsan/tests/serve_tests --gtest_filter='ServeBatchStream*'
    ;;
  *)
    echo "usage: scripts/sanitize.sh address|thread" >&2
    exit 2
    ;;
esac
