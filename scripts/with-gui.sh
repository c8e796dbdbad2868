#!/usr/bin/env bash
# scripts/with-gui.sh CMD... : runs CMD with a throw-away HOME and XDG folders, a private Xvfb
# display and a private D-Bus session, all torn down afterwards. GTK/WebKit would otherwise start
# stray session buses and write into the real $HOME.
set -euo pipefail
g=$(mktemp -d "${TMPDIR:-/tmp}/baton-gui-XXXXXX")
mkdir -m 700 "$g/run"
trap 'rm -rf "$g"' EXIT
env HOME="$g" XDG_RUNTIME_DIR="$g/run" XDG_CONFIG_HOME="$g/config" XDG_CACHE_HOME="$g/cache" \
    XDG_DATA_HOME="$g/data" XDG_STATE_HOME="$g/state" NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- "$@"
