#!/usr/bin/env bash
# `npm test`: everything, in the order that builds each thing once. Fails on the first red step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib.sh
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
FEATURES=(--features baton/custom-protocol)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; step_start=$SECONDS; }
took() { printf '    (%ss)\n' $((SECONDS - step_start)); }

step "dependencies"; scripts/ensure-deps.sh test; took
step "cargo fmt --check"; cargo fmt --all -- --check; took
step "deployment kit: shellcheck, actionlint, hadolint, systemd-analyze verify"; scripts/lint-deploy.sh; took
step "UI: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build); took
step "UI in Chromium: every screen light and dark, axe, screenshots"; (cd ui && npm run --silent test:browser); took
step "cargo clippy (workspace, all targets, -D warnings)"
cargo clippy --locked --workspace --all-targets "${FEATURES[@]}" -- -D warnings; took
step "baton-relay links no keyring, D-Bus or WebKit"
if cargo tree --locked -q -p baton-relay -e normal | grep -E '(keyring|dbus|webkit2gtk|wry|tauri)[a-z0-9_-]* v'; then
  echo "baton-relay links desktop code it must not (RELAY.md)" >&2
  exit 1
fi
took
step "cargo test (workspace)"
cargo test --locked --workspace "${FEATURES[@]}"; took
step "cargo fuzz smoke: every target, 20000 executions from its seeds, libFuzzer seed 1 (nightly)"; scripts/fuzz.sh smoke 20000; took

step "ts-rs bindings match the Rust types"
if [[ -n "$(git status --porcelain -- ui/src/bindings)" ]]; then
  git status --porcelain -- ui/src/bindings
  echo "ui/src/bindings differs from the committed files: run 'cargo test' and commit ui/src/bindings." >&2
  exit 1
fi
echo "    in sync"

step "baton-platform type-checks for macOS"
for target in aarch64-apple-darwin x86_64-apple-darwin; do
  if rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    cargo clippy --locked -p baton-platform --all-targets --target "$target" -- -D warnings
    echo "    $target: ok"
  else
    echo "!!! WARNING: the Rust target $target is not installed; macOS code was NOT type-checked for it." >&2
  fi
done
took

step "build the app binary (custom-protocol), the UEM simulator and the relay"
cargo build --locked -p baton -p uem-sim "${FEATURES[@]}"
cargo build --locked -p baton-relay; took

step "the relay answers what its OpenAPI document says (schemathesis)"
scripts/relay-api-check.sh; took

step "end-to-end: the real window under Xvfb through WebDriver"
BATON_APP="$bin/baton" scripts/with-gui.sh bash scripts/e2e.sh; took
