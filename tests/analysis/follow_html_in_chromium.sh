#!/usr/bin/env bash
# Renders the HTML report of `trappe follow` on a synthetic caseload reassessed a
# year later in headless Chromium, takes a screenshot, and checks the rendered
# page: its headings, both figures decoded, and no case id.
# Usage: follow_html_in_chromium.sh <trappe> <output dir>   (run from the source tree)
set -euo pipefail
trappe=$1
out=$(realpath "$2")
mkdir -p "$out"
"$trappe" synth --n 5000 --seed 11 --out "$out/before.csv" 2>/dev/null
"$trappe" synth --n 5000 --seed 11 --years-later 1 --out "$out/after.csv" 2>/dev/null
"$trappe" batch rules/roskilde-2025 --in "$out/before.csv" --out "$out/decisions.jsonl" --quiet 2>/dev/null
html="$out/follow.html"
"$trappe" follow rules/roskilde-2025 --previous "$out/decisions.jsonl" --current "$out/after.csv" --html "$html" > /dev/null

profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile_dir" --window-size=1200,3000)
chromium "${flags[@]}" --screenshot="$out/follow.png" "file://$html" 2>/dev/null
chromium "${flags[@]}" --dump-dom "file://$html" > "$out/follow.dom.html" 2>/dev/null

fail() { echo "FAIL: $*"; exit 1; }
[ -s "$out/follow.png" ] || fail "no screenshot"
[ "$(head -c 8 "$out/follow.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "screenshot is not a PNG"
[ "$(stat -c %s "$out/follow.png")" -gt 50000 ] || fail "screenshot is suspiciously small"
for text in "Opfølgning på indsatstrappen" "Overgange" "Bevægelser fra hvert trin" "Indikatorer" "under 30 år" "&lt;5"; do
  grep -qF "$text" "$out/follow.dom.html" || fail "rendered page lacks: $text"
done
[ "$(grep -o 'src="data:image/png;base64,' "$out/follow.dom.html" | wc -l)" -eq 2 ] || fail "not two embedded figures"
if grep -q "syn-11-" "$out/follow.dom.html"; then fail "a case id in the report"; fi
if grep -q ">None<" "$out/follow.dom.html"; then fail "a Python None in a table"; fi
echo "ok: $out/follow.png"
