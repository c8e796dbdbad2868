#!/usr/bin/env bash
# Inside the demo's private D-Bus session: a throw-away unlocked keyring, then the app.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if command -v gnome-keyring-daemon >/dev/null; then
  printf '%s' "demo-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
source "$root/scripts/lib.sh"
"$bin/baton" --config "$BATON_CONFIG"
