#!/usr/bin/env bash
# Renders the HTML report of `trappe follow` on a synthetic caseload reassessed a
# year later in headless Chromium, takes a screenshot, and checks the rendered
# page: its headings, both figures decoded, and no case id.
# Usage: follow_html_in_chromium.sh <trappe> <output dir>   (run from the source tree)
set -euo pipefail
source "$(dirname "$0")/../chromium_page.sh"
trappe=$1
out=$(realpath "$2")
mkdir -p "$out"
"$trappe" synth --n 5000 --seed 11 --out "$out/before.csv" 2>/dev/null
"$trappe" synth --n 5000 --seed 11 --years-later 1 --out "$out/after.csv" 2>/dev/null
"$trappe" batch rules/roskilde-2025 --in "$out/before.csv" --out "$out/decisions.jsonl" --quiet 2>/dev/null
html="$out/follow.html"
"$trappe" follow rules/roskilde-2025 --previous "$out/decisions.jsonl" --current "$out/after.csv" --html "$html" > /dev/null

render_page "$html" follow 1200x3000 50000
require_texts "$out/follow.dom.html" "Opfølgning på indsatstrappen" "Overgange" "Bevægelser fra hvert trin" "Indikatorer" \
  "under 30 år" "&lt;5"
[ "$(grep -o 'src="data:image/png;base64,' "$out/follow.dom.html" | wc -l)" -eq 2 ] || fail "not two embedded figures"
if grep -q "syn-11-" "$out/follow.dom.html"; then fail "a case id in the report"; fi
if grep -q ">None<" "$out/follow.dom.html"; then fail "a Python None in a table"; fi
echo "ok: $out/follow.png"
