# shellcheck shell=bash disable=SC2154,SC2034  # $root comes from, and $sim goes to, the script that sources this
# Sourced by the scripts that run built binaries or the UEM simulator (demo.sh, sim.sh, test.sh).
# Expects $root (the repository) and the current directory to be $root.

# Where cargo puts its output: CARGO_TARGET_DIR when set (relative paths are relative to the
# repository, where the scripts run cargo), else target/.
bin="${CARGO_TARGET_DIR:-target}"
[[ "$bin" = /* ]] || bin="$root/$bin"
bin="$bin/debug"

# start_sim CONFIG_OUT LOG [ARGS...]: starts the UEM simulator with the demo tenant in the
# background (its pid in $sim; the caller's EXIT trap stops it, set before calling), writing the app's configuration for it to
# CONFIG_OUT, and waits until it has. LOG "-" leaves its output on this terminal.
start_sim() {
  local config=$1 log=$2
  shift 2
  rm -f "$config"
  if [[ "$log" == "-" ]]; then
    "$bin/uem-sim" --seed "$root/tests/uem-sim/seeds/demo.json" --config-out "$config" "$@" &
  else
    "$bin/uem-sim" --seed "$root/tests/uem-sim/seeds/demo.json" --config-out "$config" "$@" >"$log" 2>&1 &
  fi
  sim=$!
  for _ in $(seq 1 200); do [[ -s "$config" ]] && return 0; sleep 0.05; done
  if [[ "$log" == "-" ]]; then echo "the UEM simulator did not start" >&2
  else echo "the UEM simulator did not start; see $log" >&2; fi
  return 1
}
