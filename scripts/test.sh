#!/usr/bin/env bash
# Set-up command 2: install, build, and run every test; then the hardening stages
# (docs/security.md): every test again under ASan + UBSan, the threaded tests under
# TSan, and a short run of every fuzz harness. Set TRAPPE_QUICK=1 to stop after
# the first stage.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
if [[ "${TRAPPE_QUICK:-0}" == 1 ]]; then exit 0; fi
stage() { echo "== $1 ($(date -u +%H:%M:%S))"; }
stage "tests under ASan + UBSan"
scripts/sanitize.sh address
stage "threaded tests under TSan"
scripts/sanitize.sh thread
stage "fuzz harnesses, 20 s each"
scripts/fuzz.sh 20
stage "done"
