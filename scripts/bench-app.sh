#!/usr/bin/env bash
# Parts (2)-(4) of `npm run bench` (called by scripts/bench.sh after part 1): Baton next to a bare
# Tauri v2 window built the same way (tests/bench-bare). Prints figures; asserts nothing.
#   (2) cold start to an interactive form    (3) memory of all the app's processes
#   (4) release binary sizes and the frontend bundle
# Both apps are the release binaries of (4). Every launch is a fresh process on a fresh private
# Xvfb, D-Bus session and throw-away HOME (scripts/with-gui.sh); Baton's gets its own UEM
# simulator. Launches alternate Baton / bare so that load from elsewhere hits both alike.
# Environment: BENCH_RUNS (default 20: the web view's start-up varies by ~80 ms from launch to
# launch in both apps, and 5–9 launches moved the ratio of medians between 0.99 and 1.33; ~5 min)
# launches per app after BENCH_WARMUP (default 1) dropped ones;
# BENCH_SCREENSHOTS=1 saves a picture of each window when its memory is read (target/bench/logs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${BENCH_RUNS:-20}
warmup=${BENCH_WARMUP:-1}
out="$root/target/bench"
mkdir -p "$out"

say() { printf '%s\n' "$*"; }
newest_source() { # newest build input among "$@" (directories searched), as "epoch path"
  find "$@" -type f -not -path '*/node_modules/*' -not -path '*/gen/*' \
      \( -path 'ui/*' -o -name '*.rs' -o -name '*.toml' -o -name '*.json' -o -name '*.lock' -o -name '*.png' \
         -o -name '*.html' -o -name '*.js' -o -name '*.ts' -o -name '*.svelte' -o -name '*.css' \) \
      -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -1
}
older_than_sources() { # older_than_sources FILE SOURCES... : true (and says why) when FILE is missing or stale
  local file=$1; shift
  if [[ ! -e "$file" ]]; then echo "missing"; return 0; fi
  local newest; newest=$(newest_source "$@")
  if [[ -n "$newest" ]] && ((${newest%%.*} > $(stat -c %Y "$file"))); then
    echo "older than ${newest#* }"; return 0
  fi
  return 1
}

scripts/ensure-deps.sh bench

# ---- builds: only what is missing or older than its sources -------------------------------------
ui_sources=(ui/src ui/index.html ui/package-lock.json ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json)
if why=$(older_than_sources ui/dist/index.html "${ui_sources[@]}"); then
  say "building ui/dist ($why)"
  (cd ui && npm run --silent build >/dev/null)
fi
app_sources=(Cargo.toml Cargo.lock src-tauri crates tests/bench-bare ui/dist icons)
stale=""
for bin in target/release/baton target/release/bench-bare; do
  if why=$(older_than_sources "$bin" "${app_sources[@]}"); then stale+="${stale:+; }$bin $why"; fi
done
if [[ -n "$stale" ]]; then
  say "building the release binaries of Baton and the bare window ($stale)."
  say "  cargo rebuilds what changed; from cold this is slow (5-10 min on 2 cores): LTO, codegen-units=1, opt-level=s."
  t=$SECONDS
  cargo build --locked --release -q -p baton -p bench-bare --features baton/custom-protocol,bench-bare/custom-protocol
  touch target/release/baton target/release/bench-bare # cargo may have found nothing to do
  say "  built in $((SECONDS - t)) s"
else
  say "release binaries are up to date with their sources (not rebuilt)."
fi
if why=$(older_than_sources target/debug/uem-sim tests/uem-sim Cargo.lock); then
  say "building the UEM simulator ($why)"
  cargo build --locked -q -p uem-sim
  touch target/debug/uem-sim
fi

# ---- (2) and (3): the launches ---------------------------------------------------------------------
# The UI calls `form_ready` when its sign-in form is interactive; until it does, Baton's start-up is
# timed to its window being mapped (the launcher says which measure it used).
expect=()
if grep -qs form_ready ui/dist/assets/*.js; then expect=(--expect-ready); fi

marker=$(mktemp -d "${TMPDIR:-/tmp}/baton-bench-XXXXXX")
results="$out/launches.jsonl"
logs="$out/logs"
rm -rf "$results" "$logs"; mkdir -p "$logs"
cleanup() {
  local left
  left=$(node scripts/bench-app.mjs leftovers "$marker" --kill || true)
  if [[ -n "$left" ]]; then printf 'stopped processes left by the launches:\n%s\n' "$left" >&2; fi
  rm -rf "$marker"
}
trap cleanup EXIT INT TERM

launch() { # launch baton|bare RUN [--warmup]
  local app=$1 run=$2; shift 2
  local bin=target/release/baton
  local extra=(--sim "$root/target/debug/uem-sim" --seed "$root/tests/uem-sim/seeds/demo.json"
               --branding "$root/tests/fixtures/config/demo-branding.json" --serial C02DEMO00001 "${expect[@]}")
  if [[ $app == bare ]]; then bin=target/release/bench-bare; extra=(); fi
  if [[ -n "${BENCH_SCREENSHOTS:-}" ]]; then extra+=(--screenshot); fi
  env TMPDIR="$marker" scripts/with-gui.sh node "$root/scripts/bench-app.mjs" launch --app "$app" \
    --bin "$root/$bin" --run "$run" --out "$results" --log-dir "$logs" "${extra[@]}" "$@" \
    >>"$logs/with-gui.log" 2>&1 || say "  launch $app $run failed (see $logs)"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "launching each app $warmup+$runs times (alternating; each ~8 s) ..."
for i in $(seq 1 "$warmup"); do launch baton "w$i" --warmup; launch bare "w$i" --warmup; done
for i in $(seq 1 "$runs"); do launch baton "$i"; launch bare "$i"; done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cleanup; trap - EXIT INT TERM

echo
say "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; load average (1/5/15 min) $load_before before the launches, $load_after after — shared with other builds, so the figures are noisy."
say "Binaries: release (workspace profile: LTO, codegen-units=1, opt-level=s, strip, panic=abort), custom-protocol."
echo
node scripts/bench-app.mjs report "$results"

# ---- (4) sizes ------------------------------------------------------------------------------------
echo
size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
stripped() { if file -b "$1" | grep -q 'not stripped'; then echo "NOT stripped"; else echo "stripped"; fi; }
dist_bytes() { find ui/dist -type f -name "$1" -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
dist_gz() { find ui/dist -type f -name "$1" -exec gzip -9c {} \; | wc -c; }
say "(4) release binary size"
printf '%-28s  %-24s  %s\n' "" "Baton" "bare Tauri window"
printf '%-28s  %-24s  %s\n' "----------------------------" "------------------------" "-----------------"
b=$(size target/release/baton); r=$(size target/release/bench-bare)
printf '%-28s  %-24s  %s\n' "binary" "$(mib "$b") ($b B)" "$(mib "$r") ($r B)"
printf '%-28s  %-24s  %s\n' "" "$(stripped target/release/baton)" "$(stripped target/release/bench-bare)"
printf '%-28s  %-24s  %s\n' "difference" "+$(mib $((b - r)))" ""
say "  Both built in one cargo invocation (shared dependency builds; cargo unifies dependency features across the two)."
say "  Frontend bundle ui/dist (embedded in the binary, compressed): total $(kib "$(dist_bytes '*')") ($(kib "$(dist_gz '*')") gzip -9);" \
    "JS $(kib "$(dist_bytes '*.js')") ($(kib "$(dist_gz '*.js')") gz), CSS $(kib "$(dist_bytes '*.css')") ($(kib "$(dist_gz '*.css')") gz)," \
    "HTML $(kib "$(dist_bytes '*.html')"). Bare window's page: $(kib "$(find tests/bench-bare/page -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')")."
say "Raw launches: $results; app and simulator logs: $logs"
