#!/usr/bin/env bash
# `npm run demo`: the app against the bundled UEM simulator and its demo directory (LDAPS), on a
# throw-away HOME, D-Bus session and keyring, playing the staged Mac C02DEMO00001. No tenant and
# no directory server needed. Without a display (a headless Linux machine) the window runs on a
# private Xvfb display.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/ensure-deps.sh demo
(cd ui && npm run --silent build)
cargo build --locked -q -p uem-sim -p baton --features baton/custom-protocol

demo="$root/target/demo"
mkdir -p "$demo"
rm -f "$demo/sim-config.json" "$demo/config.json"
"$root/target/debug/uem-sim" --seed tests/uem-sim/seeds/demo.json --config-out "$demo/sim-config.json" \
  > "$demo/uem-sim.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 200); do [[ -s "$demo/sim-config.json" ]] && break; sleep 0.05; done
[[ -s "$demo/sim-config.json" ]] || { echo "the UEM simulator did not start; see $demo/uem-sim.log" >&2; exit 1; }
node -e '
  const fs = require("fs");
  const [sim, branding, out] = process.argv.slice(1);
  const config = { ...JSON.parse(fs.readFileSync(sim, "utf8")), ...JSON.parse(fs.readFileSync(branding, "utf8")) };
  fs.writeFileSync(out, JSON.stringify(config, null, 2));
' "$demo/sim-config.json" tests/fixtures/config/demo-branding.json "$demo/config.json"

cat <<MSG

Baton demo — a staged Mac (serial C02DEMO00001) against the bundled UEM simulator and directory.
  Sign in as   alice / Alice-Pass-1     (also: bob / Bob-Pass-2 is already assigned a Mac;
                                          carol is disabled, dave is locked)
  Simulator:   $(node -e 'console.log(require(process.argv[1]).UEMAPIURL)' "$demo/config.json")   state: GET /_sim/state
  Config:      $demo/config.json
  Log:         the window's log is printed here; the simulator's is in $demo/uem-sim.log
MSG

export BATON_DEVICE_SERIAL=C02DEMO00001 BATON_CONFIG="$demo/config.json"
if [[ "$(uname -s)" != "Linux" ]]; then
  exec "$root/target/debug/baton" --config "$BATON_CONFIG"
fi
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "No display found: the window opens on a private Xvfb display. Stop it with Ctrl-C."
  scripts/with-gui.sh bash scripts/demo-session.sh
else
  g=$(mktemp -d "${TMPDIR:-/tmp}/baton-demo-XXXXXX"); mkdir -m 700 "$g/run"
  env HOME="$g" XDG_RUNTIME_DIR="$g/run" XDG_CONFIG_HOME="$g/config" XDG_CACHE_HOME="$g/cache" \
      XDG_DATA_HOME="$g/data" XDG_STATE_HOME="$g/state" \
    dbus-run-session -- bash scripts/demo-session.sh
  rm -rf "$g"
fi
