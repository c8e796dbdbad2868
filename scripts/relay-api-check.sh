#!/usr/bin/env bash
# The relay answers what its OpenAPI document says (RELAY.md, "Guarantees"): schemathesis (PyPI)
# runs the document against a live relay — the UEM simulator and its directory behind it, real
# TLS from a throwaway CA — once as a device (client certificate) and once as a technician
# (bearer session), and fails on any 5xx, undocumented status, wrong content type or answer that
# does not match its schema. (The coverage phase is left out: its negative requests include
# headers that are not valid HTTP, which hyper answers by closing the connection.) Expects the debug binaries of baton-relay and uem-sim.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

work=$(mktemp -d)
sim=""
relay=""
cleanup() {
  if [[ -n "$relay" ]]; then kill "$relay" 2>/dev/null || true; wait "$relay" 2>/dev/null || true; fi
  if [[ -n "$sim" ]]; then kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; fi
  # The relay's log outlives the run, for a failure's why.
  cp "$work/relay.log" "${TMPDIR:-/tmp}/baton-relay-api-check.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_sim "$work/sim.json" "$work/sim.log"
"$bin/uem-sim" pki --out "$work/pki" --serial C02DEMO00001 >/dev/null 2>&1
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
config = json.load(open(f"{work}/sim.json"))
config.update({
    "Listen": "127.0.0.1:0",
    "TLSCertificateFile": f"{work}/pki/relay.pem",
    "TLSKeyFile": f"{work}/pki/relay-key.pem",
    "DeviceCACertificates": [open(f"{work}/pki/ca.pem").read()],
    "TechnicianGroups": ["cn=baton-technicians,ou=groups,dc=example,dc=test"],
    "Database": f"sqlite:{work}/relay.db",
    # schemathesis is one client sending hundreds of requests: past the default rate it
    # would mostly meet 429.
    "ClientRequestsPerSecond": 10000,
})
json.dump(config, open(f"{work}/relay.json", "w"))
PY
BATON_LOG="${BATON_LOG:-info}" "$bin/baton-relay" --config "$work/relay.json" >"$work/url" 2>"$work/relay.log" &
relay=$!
for _ in $(seq 1 200); do [[ -s "$work/url" ]] && break; sleep 0.05; done
url=$(head -n 1 "$work/url")
[[ "$url" == https://* ]] || { echo "the relay did not start; see its log:" >&2; cat "$work/relay.log" >&2; exit 1; }

token=$(curl -sS --cacert "$work/pki/ca.pem" -X POST "$url/v1/sessions" \
  -H 'Content-Type: application/json' -d '{"username":"tess","password":"Tess-Pass-6"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# The console script beside the interpreter that has the package (no PATH shim needed).
schemathesis=$(python3 -c 'import os, sys; print(os.path.join(os.path.dirname(sys.executable), "schemathesis"))')
run() { # NAME ARGS...: one schemathesis run against the live relay
  local name=$1
  shift
  echo "schemathesis as $name"
  "$schemathesis" run "$url/v1/openapi.json" --url "$url" --tls-verify "$work/pki/ca.pem" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,fuzzing --max-examples "${RELAY_API_EXAMPLES:-20}" \
    --workers 1 --no-color ${RELAY_API_SEED:+--seed "$RELAY_API_SEED"} "$@"
}
run device --request-cert "$work/pki/device.pem" --request-cert-key "$work/pki/device-key.pem"
run technician -H "Authorization: Bearer $token"
