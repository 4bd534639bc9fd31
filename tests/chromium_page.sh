# Sourced by the *_html_in_chromium.sh tests: renders a self-contained HTML page in
# headless Chromium (Debian's chromium package) and checks what it shows.
#
#   render_page PAGE.html NAME WIDTHxHEIGHT MIN_PNG_BYTES
#       writes NAME.png (a screenshot, checked to be a PNG of at least MIN_PNG_BYTES)
#       and NAME.dom.html (the rendered DOM) beside PAGE.html
#   require_texts DOM TEXT...   fails unless the rendered DOM holds every TEXT

fail() { echo "FAIL: $*"; exit 1; }

render_page() {
  local html=$1 base
  base="$(dirname "$1")/$2"
  local profile_dir
  profile_dir=$(mktemp -d)
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
               --disable-component-update --disable-sync --user-data-dir="$profile_dir" --window-size="${3/x/,}")
  chromium "${flags[@]}" --screenshot="$base.png" "file://$html" 2>/dev/null
  chromium "${flags[@]}" --dump-dom "file://$html" > "$base.dom.html" 2>/dev/null
  rm -rf "$profile_dir"
  [ -s "$base.png" ] || fail "no screenshot"
  [ "$(head -c 8 "$base.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "screenshot is not a PNG"
  [ "$(stat -c %s "$base.png")" -gt "$4" ] || fail "screenshot is suspiciously small"
}

require_texts() {
  local dom=$1 text
  shift
  for text in "$@"; do
    grep -qF "$text" "$dom" || fail "rendered page lacks: $text"
  done
}
