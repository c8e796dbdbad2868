#!/usr/bin/env bash
# `npm run bench`: prints measured figures next to their baselines. Asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "== 1. assign: baton's UEM sequence vs a naive script, simulator with 100 ms latency"
cargo bench --locked -q -p baton-core --bench assign 2>/dev/null
