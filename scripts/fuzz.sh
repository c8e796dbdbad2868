#!/usr/bin/env bash
# Runs the `cargo fuzz` targets of fuzz/ (nightly Rust, cargo-fuzz). The properties they check
# live in baton-core's `fuzzing` module; the committed seeds are in fuzz/corpus/TARGET/seed-*.
#
#   scripts/fuzz.sh smoke [RUNS]      every target for RUNS executions (default 20000, libFuzzer
#                                     seed 1: the same inputs every time) on a scratch copy of its
#                                     seeds: what `npm test` runs
#   scripts/fuzz.sh runs N [TARGET…]  each target for N executions (e.g. 1000000); prints the
#                                     executions and exec/s libFuzzer reports
#
# New corpus entries go to a scratch directory, never into fuzz/corpus. A failing input is kept
# in the scratch directory's artifacts/ (the path is printed) and the script fails: replay it with
# `cargo +nightly fuzz run TARGET FILE`, then add it as a seed (git add -f fuzz/corpus/TARGET/seed-…)
# so the unit test `fuzzing::tests` replays it in the normal suite, and fix the cause.
# Without a nightly toolchain the script warns loudly and skips (exit 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-smoke}
shift || true

targets=(config uem_models ioreg username ldap_escaping relay_bodies redact)

warn() { printf '\033[1;31m!!! WARNING: %s\033[0m\n' "$*" >&2; }

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  warn "no nightly Rust toolchain: the fuzz targets were NOT run (rustup toolchain install nightly)."
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: run scripts/ensure-deps.sh test (cargo install cargo-fuzz --locked)." >&2
  exit 1
fi

# The fuzz crate's own target directory, next to (never inside) the workspace's.
target_dir="${CARGO_TARGET_DIR:-$root/target}/fuzz"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/baton-fuzz.XXXXXX")
keep_scratch=0
cleanup() { ((keep_scratch)) || rm -rf "$scratch"; }
trap cleanup EXIT

cd "$root/fuzz"
cargo +nightly fuzz build --target-dir "$target_dir" >/dev/null

# run TARGET LIBFUZZER-ARGS…: one libFuzzer run on a scratch corpus seeded from the committed one.
run() {
  local target=$1
  shift
  local corpus="$scratch/corpus/$target" artifacts="$scratch/artifacts/$target/" log="$scratch/$target.log"
  mkdir -p "$corpus" "$artifacts"
  cp "$root/fuzz/corpus/$target"/seed-* "$corpus/"
  if ! cargo +nightly fuzz run --target-dir "$target_dir" "$target" "$corpus" -- \
      -artifact_prefix="$artifacts" -print_final_stats=1 "$@" >"$log" 2>&1; then
    keep_scratch=1
    tail -n 40 "$log" >&2
    echo "fuzz target $target FAILED; the input is in $artifacts (log: $log)" >&2
    exit 1
  fi
  local runs seconds
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  printf '    %-14s %10s executions in %4s s (%s exec/s), clean\n' "$target" "${runs:-?}" "${seconds:-?}" \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
}

case "$mode" in
  smoke)
    # A fixed libFuzzer seed and a fixed number of executions: the same inputs on every run, so
    # `npm test` is repeatable (a run that passed here passes in CI); finding new inputs is the
    # job of `runs`. The time limit is only a hang guard for a slow machine (it then runs a
    # prefix of the same sequence).
    smoke_runs=${1:-20000}
    for target in "${targets[@]}"; do
      run "$target" -seed=1 -runs="$smoke_runs" -max_total_time=120
    done
    ;;
  runs)
    runs=${1:?usage: scripts/fuzz.sh runs N [TARGET…]}
    shift
    (($#)) && targets=("$@")
    for target in "${targets[@]}"; do
      run "$target" -runs="$runs"
    done
    ;;
  *)
    echo "usage: scripts/fuzz.sh smoke [RUNS] | runs N [TARGET…]" >&2
    exit 2
    ;;
esac
