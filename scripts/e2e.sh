#!/usr/bin/env bash
# Runs inside scripts/with-gui.sh: unlocks a throw-away gnome-keyring, then the WebDriver tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
printf '%s' "e2e-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
cd "$root/tests/e2e"
# A test that hangs fails after 3 minutes instead of holding CI forever.
node --test --test-concurrency=1 --test-timeout=180000 ./*.test.mjs
