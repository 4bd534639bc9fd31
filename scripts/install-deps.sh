#!/usr/bin/env bash
# Installs the Debian bookworm packages Trappe needs to build and test.
# Runs apt-get only when something is missing, so repeated runs are quick.
set -euo pipefail
packages=(
  g++ cmake ninja-build
  clang libclang-rt-14-dev   # libFuzzer harnesses (scripts/fuzz.sh)
  libboost1.81-dev libboost-json1.81-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium   # renders the HTML explanation in a test
  pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest python3-matplotlib
  python3-nbclient python3-ipykernel python3-dask python3-distributed python3-venv python3-pip python3-setuptools
  python3-requests python3-jsonschema   # the service tests (tests/service)
  wrk                                   # the service benchmark (bench/service/run.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
