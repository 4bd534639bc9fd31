#!/usr/bin/env bash
# Renders the HTML explanation of worked example A in headless Chromium, takes a
# screenshot, and checks the rendered page shows the recommended step and citations.
# Usage: html_in_chromium.sh <trappe> <output dir>   (run from the source tree)
set -euo pipefail
trappe=$1
out=$(realpath "$2")
mkdir -p "$out"
html="$out/example_a.html"
"$trappe" explain rules/roskilde-2025 examples/profiles/worked-examples.jsonl --row 1 --format html --why-not --counterfactual > "$html"

profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile_dir" --window-size=1200,2400)
chromium "${flags[@]}" --screenshot="$out/example_a.png" "file://$html" 2>/dev/null
chromium "${flags[@]}" --dump-dom "file://$html" > "$out/example_a.dom.html" 2>/dev/null

fail() { echo "FAIL: $*"; exit 1; }
[ -s "$out/example_a.png" ] || fail "no screenshot"
[ "$(head -c 8 "$out/example_a.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "screenshot is not a PNG"
[ "$(stat -c %s "$out/example_a.png")" -gt 20000 ] || fail "screenshot is suspiciously small"
for text in "Anbefalet trin" "3 (støtte i eget hjem)" "Serviceloven § 85, stk. 1" "Serviceloven § 104" "Udkast til begrundelse"; do
  grep -qF "$text" "$out/example_a.dom.html" || fail "rendered page lacks: $text"
done
echo "ok: $out/example_a.png"
