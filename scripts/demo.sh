#!/usr/bin/env bash
# `npm run demo`: the app against the bundled UEM simulator and its demo directory (LDAPS), on a
# throw-away HOME, D-Bus session and keyring, playing the staged Mac C02DEMO00001. No tenant and
# no directory server needed. Without a display (a headless Linux machine) the window runs on a
# private Xvfb display.
# `npm run demo -- --relay`: the same Mac through Baton Relay. A throw-away CA issues the relay's
# TLS certificate and the Mac's device certificate; the relay (SQLite in a temporary folder) holds
# the UEM credential and the directory settings, the app holds only the relay's URL, its CA and
# the device certificate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib.sh
relay_mode=
case "${1:-}" in
  "") ;;
  --relay) relay_mode=1 ;;
  *) echo "usage: npm run demo [-- --relay]" >&2; exit 2 ;;
esac
scripts/ensure-deps.sh demo
(cd ui && npm run --silent build)
cargo build --locked -q -p uem-sim -p baton --features baton/custom-protocol
# On its own: built together, cargo would unify features differently and rebuild what the plain
# demo shares with it each time one switches between the two.
[[ -z $relay_mode ]] || cargo build --locked -q -p baton-relay

demo="$root/target/demo"
mkdir -p "$demo"
rm -f "$demo/config.json"
sim="" relay="" private=""
trap 'kill ${relay:-} ${sim:-} 2>/dev/null || true; [[ -z $private ]] || rm -rf "$private"' EXIT INT TERM
start_sim "$demo/sim-config.json" "$demo/uem-sim.log" || exit 1
simurl=$(node -e 'console.log(require(process.argv[1]).UEMAPIURL)' "$demo/sim-config.json")

if [[ -z $relay_mode ]]; then
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
  Simulator:   $simurl   state: GET /_sim/state
  Config:      $demo/config.json
  Log:         the window's log is printed here; the simulator's is in $demo/uem-sim.log
MSG
else
  # The relay's configuration (it holds the UEM credential), the keys and its database live in a
  # private folder that is removed when the demo ends.
  private=$(mktemp -d "${TMPDIR:-/tmp}/baton-demo-relay-XXXXXX")
  chmod 700 "$private"
  kiosk=$("$bin/uem-sim" pki --out "$private/pki" --serial C02DEMO00001 --kiosk Front-Desk-1 2>/dev/null)
  node -e '
    const fs = require("fs");
    const [sim, dir, kiosk, out] = process.argv.slice(1);
    const config = {
      ...JSON.parse(fs.readFileSync(sim, "utf8")),
      Listen: "127.0.0.1:0",
      TLSCertificateFile: `${dir}/pki/relay.pem`,
      TLSKeyFile: `${dir}/pki/relay-key.pem`,
      DeviceCACertificates: [fs.readFileSync(`${dir}/pki/ca.pem`, "utf8")],
      Kiosks: [{ Name: "Front-Desk-1", CertificateSHA256: kiosk }],
      Database: `sqlite:${dir}/relay.db`,
    };
    fs.writeFileSync(out, JSON.stringify(config, null, 2), { mode: 0o600 });
  ' "$demo/sim-config.json" "$private" "$kiosk" "$private/relay.json"
  "$bin/baton-relay" --config "$private/relay.json" >"$private/relay.url" 2>"$demo/baton-relay.log" &
  relay=$!
  for _ in $(seq 1 400); do
    [[ -n "$(head -1 "$private/relay.url")" ]] && break
    kill -0 $relay 2>/dev/null || break
    sleep 0.05
  done
  relayurl=$(head -1 "$private/relay.url")
  [[ -n $relayurl ]] || { echo "baton-relay did not start; see $demo/baton-relay.log" >&2; exit 1; }
  # The app: the relay's URL, its CA and this Mac's device certificate; no UEM or directory key.
  node -e '
    const fs = require("fs");
    const [branding, url, dir, out] = process.argv.slice(1);
    const config = {
      ...JSON.parse(fs.readFileSync(branding, "utf8")),
      RelayURL: url,
      RelayCACertificates: [fs.readFileSync(`${dir}/pki/ca.pem`, "utf8")],
      RelayClientCertificateFile: `${dir}/pki/device.pem`,
      RelayClientKeyFile: `${dir}/pki/device-key.pem`,
    };
    fs.writeFileSync(out, JSON.stringify(config, null, 2));
  ' tests/fixtures/config/demo-branding.json "$relayurl" "$private" "$demo/config.json"
  cat <<MSG

Baton demo through Baton Relay — a staged Mac (serial C02DEMO00001, device certificate from a
throw-away CA) that holds no UEM credential; the relay holds it and checks passwords itself.
  Sign in as   alice / Alice-Pass-1     (also: bob / Bob-Pass-2 is already assigned a Mac;
                                          carol is disabled, dave is locked)
  Relay:       $relayurl   (SQLite and keys in $private, removed at the end)
  Simulator:   $simurl   state: GET /_sim/state
  Config:      $demo/config.json   (RelayURL and the device certificate only)
  Log:         the window's log is printed here; the relay's is in $demo/baton-relay.log,
               the simulator's in $demo/uem-sim.log
MSG
fi

export BATON_DEVICE_SERIAL=C02DEMO00001 BATON_CONFIG="$demo/config.json"
if [[ "$(uname -s)" != "Linux" ]]; then
  if [[ -n $relay_mode ]]; then
    "$bin/baton" --config "$BATON_CONFIG"
    exit
  fi
  exec "$bin/baton" --config "$BATON_CONFIG"
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
