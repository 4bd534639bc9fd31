#!/usr/bin/env bash
# Renders the HTML report of the § 85 reform's diff (weighed by the worked examples)
# in headless Chromium, takes a screenshot, and checks the rendered page shows the
# regions, a change and the suppressed counts.
# Usage: diff_html_in_chromium.sh <trappe> <output dir>   (run from the source tree)
set -euo pipefail
source "$(dirname "$0")/../chromium_page.sh"
trappe=$1
out=$(realpath "$2")
mkdir -p "$out"
html="$out/diff_taerskel_85.html"
"$trappe" diff rules/roskilde-2025 --set taerskel_85=hoejt --population examples/profiles/worked-examples.jsonl \
  --html "$html" > /dev/null 2>&1

render_page "$html" diff_taerskel_85 1200x2400 20000
require_texts "$out/diff_taerskel_85.dom.html" "Forskelle mellem roskilde-2025 og roskilde-2025 (taerskel_85=højt)" \
  "støttebehovet moderat" "3 (støtte i eget hjem)" "Borgere" "&lt;5"
echo "ok: $out/diff_taerskel_85.png"
