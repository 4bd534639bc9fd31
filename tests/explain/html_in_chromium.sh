#!/usr/bin/env bash
# Renders the HTML explanation of worked example A in headless Chromium, takes a
# screenshot, and checks the rendered page shows the recommended step and citations.
# Usage: html_in_chromium.sh <trappe> <output dir>   (run from the source tree)
set -euo pipefail
source "$(dirname "$0")/../chromium_page.sh"
trappe=$1
out=$(realpath "$2")
mkdir -p "$out"
html="$out/example_a.html"
"$trappe" explain rules/roskilde-2025 examples/profiles/worked-examples.jsonl --row 1 --format html --why-not --counterfactual > "$html"

render_page "$html" example_a 1200x2400 20000
require_texts "$out/example_a.dom.html" "Anbefalet trin" "3 (støtte i eget hjem)" "Serviceloven § 85, stk. 1" \
  "Serviceloven § 104" "Udkast til begrundelse"
echo "ok: $out/example_a.png"
