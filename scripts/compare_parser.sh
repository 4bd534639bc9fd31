#!/bin/bash
# Dumps the AST and diagnostics of every rule file in the repository and of the
# fuzz corpus, plus damaged variants of each (tests/parser/parse_dump_main.cpp).
# Run once before and once after a grammar change and compare:
#   scripts/compare_parser.sh build > before.txt
#   ... change the grammar ...
#   scripts/compare_parser.sh build > after.txt && diff before.txt after.txt
set -euo pipefail
build=${1:-build}
ninja -C "$build" -j1 parse_dump >&2
{ git ls-files '*.trappe'; ls tests/fuzz/corpus/rules/*; } | sort -u | xargs "$build/tests/parse_dump"
