#!/usr/bin/env bash
# Set-up command 1: install, build, and evaluate the shipped example profiles
# against the Roskilde 2025 rule pack.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/trappe check rules/roskilde-2025
build/trappe eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl
