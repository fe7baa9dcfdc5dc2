#!/usr/bin/env bash
# bench/report-screenshot.sh: renders a run's report.html in headless Chromium and saves a PNG
# screenshot, to check that the page displays (figures embedded, tables laid out) in a real browser.
#
#   bench/report-screenshot.sh RUN_DIR [--out FILE.png] [--width W] [--height H]
#
# RUN_DIR must hold report.html (written by `bayesrg run`, or redrawn by `bayesrg report RUN_DIR`).
# The screenshot is W x H pixels (default 1400 x 6000, tall enough for the whole report of the paper
# preset; the page is cut at H) and goes to RUN_DIR/report-screenshot.png unless --out says otherwise.
# Needs Chromium (Debian: apt-get install -y chromium; CHROMIUM=/path/to/binary picks another one).
# The browser runs with a fresh, temporary profile and without network, sync or component updates.
set -euo pipefail
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
run_dir=""; out=""; width=1400; height=6000
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --width) width="${2:?--width needs a number}"; shift 2 ;;
    --height) height="${2:?--height needs a number}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "report-screenshot: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) if [ -n "$run_dir" ]; then echo "report-screenshot: one RUN_DIR only (see --help)" >&2; exit 2; fi
       run_dir="$1"; shift ;;
  esac
done
if [ -z "$run_dir" ]; then usage >&2; exit 2; fi
for n in "$width" "$height"; do
  case "$n" in ''|*[!0-9]*) echo "report-screenshot: --width/--height: got '$n', allowed a positive integer" >&2; exit 2 ;; esac
done
if [ ! -d "$run_dir" ]; then echo "report-screenshot: $run_dir is not a directory" >&2; exit 2; fi
report="$(cd "$run_dir" && pwd)/report.html"
if [ ! -f "$report" ]; then
  echo "report-screenshot: $run_dir has no report.html; draw it with: ./bayesrg report $run_dir" >&2; exit 2
fi
[ -n "$out" ] || out="$run_dir/report-screenshot.png"
browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" > /dev/null 2>&1; then browser="$b"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "report-screenshot: Chromium is not installed. On Debian: apt-get install -y chromium" >&2
  echo "(or set CHROMIUM=/path/to/chromium)" >&2
  exit 2
fi

profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"
if ! "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-quic \
      --no-first-run --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars \
      --user-data-dir="$profile" --window-size="$width,$height" --screenshot="$out_abs" \
      "file://$report" > "$log" 2>&1 || [ ! -s "$out_abs" ]; then
  cat "$log" >&2
  echo "report-screenshot: Chromium did not write $out" >&2
  exit 1
fi
echo "Screenshot of $report ($width x $height) in $out"
