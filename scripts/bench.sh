#!/usr/bin/env bash
# `npm run bench`: prints measured figures next to their baselines. Asserts nothing.
# (1), (1b), (1c) here; (2)-(4) in scripts/bench-app.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "== 1. assign: baton's UEM sequence vs a naive script, simulator with 100 ms latency"
cargo bench --locked -q -p baton-core --bench assign 2>/dev/null
echo
echo "== 1b. the app's hand-off, Continue -> Done, same simulator"
cargo bench --locked -q -p baton-core --bench handoff 2>/dev/null
echo
echo "== 1d. the pickup desk (kiosk): one person, scan -> receipt, same simulator"
cargo bench --locked -q -p baton-core --bench kiosk 2>/dev/null
echo
echo "== 1c. baton-relay: one hand-off direct vs through the relay; a fleet morning (2 replicas on one PostgreSQL, 1 on SQLite)"
cargo bench --locked -q -p baton-relay --bench relay 2>/dev/null
echo
echo "== 2-4. Baton next to a bare Tauri v2 window: start-up, memory, release binary size"
bash scripts/bench-app.sh
