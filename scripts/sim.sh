#!/usr/bin/env bash
# `npm run sim`: the UEM simulator with the demo tenant, and how to point the CLI at it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib.sh
mkdir -p target/demo
config="$root/target/demo/sim-config.json"
cargo build --locked -q -p uem-sim
sim=
trap 'kill ${sim:-} 2>/dev/null || true' EXIT INT TERM
start_sim "$config" - "$@" || exit 1
cat <<MSG

The UEM simulator is running with the demo tenant (devices C02DEMO00001..4, users alice, bob,
alicia, staging). Baton configuration for it: $config
Try, in another shell:
  ${bin#"$root"/}/baton --config $config status --serial C02DEMO00001
  ${bin#"$root"/}/baton --config $config assign --serial C02DEMO00001 --user alice
Stop it with Ctrl-C.
MSG
wait $sim
