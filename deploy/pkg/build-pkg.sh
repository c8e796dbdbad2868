#!/bin/bash
# Builds Baton.pkg: build-pkg.sh APP_PATH VERSION OUT_DIR. macOS only (pkgbuild, productbuild).
# With INSTALLER_IDENTITY set ("Developer ID Installer: …"), the product archive is signed.
set -euo pipefail

app=${1:?APP_PATH (Baton.app)}
version=${2:?VERSION}
out=${3:?OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/payload/Applications" "$work/payload/Library/LaunchAgents" "$out"
/usr/bin/ditto "$app" "$work/payload/Applications/Baton.app"
/usr/bin/install -m 644 "$root/deploy/dev.baton.Baton.plist" "$work/payload/Library/LaunchAgents/dev.baton.Baton.plist"

/usr/bin/pkgbuild \
  --root "$work/payload" \
  --identifier dev.baton.Baton \
  --version "$version" \
  --scripts "$here/scripts" \
  --ownership recommended \
  "$work/Baton-component.pkg"

sign=()
if [[ -n "${INSTALLER_IDENTITY:-}" ]]; then
  sign=(--sign "$INSTALLER_IDENTITY")
fi
/usr/bin/productbuild \
  --package "$work/Baton-component.pkg" \
  --identifier dev.baton.Baton.product \
  --version "$version" \
  ${sign[@]+"${sign[@]}"} \
  "$out/Baton-$version.pkg"
echo "$out/Baton-$version.pkg"
