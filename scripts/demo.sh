#!/usr/bin/env bash
# `npm run demo`: builds Baton and opens its window with the demo configuration. Without a
# display (a headless Linux machine) the window runs on a private Xvfb display instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/ensure-deps.sh demo
(cd ui && npm run --silent build)
cargo build --locked -p baton --features baton/custom-protocol
config="$root/tests/fixtures/config/demo.json"
echo
echo "Baton demo: configuration $config"
if [[ "$(uname -s)" == "Linux" && -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "No display found: the window opens on a private Xvfb display. Stop it with Ctrl-C."
  exec scripts/with-gui.sh "$root/target/debug/baton" --config "$config"
fi
exec "$root/target/debug/baton" --config "$config"
