#!/bin/bash
# Removes Baton: the LaunchAgent (booted out of the console user's session), the app and the
# package receipt. Run as root. The person's Keychain items and logs are left alone.
set -euo pipefail

if [[ $(/usr/bin/id -u) -ne 0 ]]; then
  echo "Run as root: sudo $0" >&2
  exit 1
fi
label="dev.baton.Baton"
console_user=$(/usr/bin/stat -f %Su /dev/console 2>/dev/null || true)
if [[ -n "$console_user" && "$console_user" != "root" && "$console_user" != "loginwindow" ]]; then
  console_uid=$(/usr/bin/id -u "$console_user" 2>/dev/null || true)
  if [[ -n "$console_uid" ]]; then
    /bin/launchctl bootout "gui/$console_uid/$label" 2>/dev/null || true
  fi
fi
/usr/bin/pkill -x baton 2>/dev/null || true
/bin/rm -f "/Library/LaunchAgents/$label.plist"
/bin/rm -rf "/Applications/Baton.app"
/usr/sbin/pkgutil --forget "$label" >/dev/null 2>&1 || true
echo "Baton removed."
