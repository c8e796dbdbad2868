#!/usr/bin/env bash
# `npm run sim`: the UEM simulator with the demo tenant, and how to point the CLI at it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p target/demo
config="$root/target/demo/sim-config.json"
rm -f "$config"
cargo build --locked -q -p uem-sim
"$root/target/debug/uem-sim" --seed tests/uem-sim/seeds/demo.json --config-out "$config" "$@" &
sim=$!
trap 'kill $sim 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 200); do [[ -s "$config" ]] && break; sleep 0.05; done
[[ -s "$config" ]] || { echo "the simulator did not start" >&2; exit 1; }
cat <<MSG

The UEM simulator is running with the demo tenant (devices C02DEMO00001..4, users alice, bob,
alicia, staging). Baton configuration for it: $config
Try, in another shell:
  target/debug/baton --config $config status --serial C02DEMO00001
  target/debug/baton --config $config assign --serial C02DEMO00001 --user alice
Stop it with Ctrl-C.
MSG
wait $sim
