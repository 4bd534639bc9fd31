#!/usr/bin/env bash
# Renders the HTML report of the § 85 reform's diff (weighed by the worked examples)
# in headless Chromium, takes a screenshot, and checks the rendered page shows the
# regions, a change and the suppressed counts.
# Usage: diff_html_in_chromium.sh <trappe> <output dir>   (run from the source tree)
set -euo pipefail
trappe=$1
out=$(realpath "$2")
mkdir -p "$out"
html="$out/diff_taerskel_85.html"
"$trappe" diff rules/roskilde-2025 --set taerskel_85=hoejt --population examples/profiles/worked-examples.jsonl \
  --html "$html" > /dev/null 2>&1

profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile_dir" --window-size=1200,2400)
chromium "${flags[@]}" --screenshot="$out/diff_taerskel_85.png" "file://$html" 2>/dev/null
chromium "${flags[@]}" --dump-dom "file://$html" > "$out/diff_taerskel_85.dom.html" 2>/dev/null

fail() { echo "FAIL: $*"; exit 1; }
[ -s "$out/diff_taerskel_85.png" ] || fail "no screenshot"
[ "$(head -c 8 "$out/diff_taerskel_85.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "screenshot is not a PNG"
[ "$(stat -c %s "$out/diff_taerskel_85.png")" -gt 20000 ] || fail "screenshot is suspiciously small"
for text in "Forskelle mellem roskilde-2025 og roskilde-2025 (taerskel_85=højt)" "støttebehovet moderat" \
            "3 (støtte i eget hjem)" "Borgere" "&lt;5"; do
  grep -qF "$text" "$out/diff_taerskel_85.dom.html" || fail "rendered page lacks: $text"
done
echo "ok: $out/diff_taerskel_85.png"
