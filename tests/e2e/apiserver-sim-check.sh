#!/usr/bin/env bash
# End-to-end check of restore-mutator as kube-apiserver calls it, with apiserver-sim
# (../shared/tools/apiserver-sim): AdmissionReview v1 over TLS verified for
# restore-mutator.restore-mutator.svc, the response validated by the API server's rules, the patch
# applied with evanphx/json-patch (the API server's library) and compared with the expected object.
#
#   tests/e2e/apiserver-sim-check.sh
#
# Steps: build apiserver-sim; generate certificates with certs/generate.sh; build the server and
# the fixture converter (tests/tools/FixtureCases) in Release; convert every golden fixture under
# tests/Transforms.Tests/Fixtures into a sim case, grouped by effective configuration; start one
# real server per configuration on a free loopback port; run `apiserver-sim check -idempotency`
# on each group and on examples/cases (under examples/config.yaml); send malformed bodies with
# `apiserver-sim raw`. Prints the sim's `N passed, M failed` lines; exit status 1 on any failure.
#
# Environment: APISERVER_SIM_DIR (default: ../shared/tools/apiserver-sim beside the repository),
# FIXTURES_DIR (default: tests/Transforms.Tests/Fixtures),
# KEEP_WORK=1 keeps the scratch directory (configs, cases, server logs) for inspection.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
server_name="restore-mutator.restore-mutator.svc"

die() { echo "apiserver-sim-check: $*" >&2; exit 2; }

sim_dir="${APISERVER_SIM_DIR:-}"
if [ -z "$sim_dir" ]; then
  # CI: the shared folder sits beside the repository; a git worktree sits one level deeper.
  for candidate in "$root/../shared/tools/apiserver-sim" "$root/../../shared/tools/apiserver-sim"; do
    if [ -f "$candidate/build.sh" ]; then sim_dir="$(cd "$candidate" && pwd)"; break; fi
  done
fi
if [ -z "$sim_dir" ] || [ ! -f "$sim_dir/build.sh" ]; then
  die "apiserver-sim not found: expected ../shared/tools/apiserver-sim beside the repository (or set APISERVER_SIM_DIR)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/rm-simcheck.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_WORK:-0}" = "1" ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

quiet() { # runs a command, showing its output only when it fails
  local log="$work/step.log"
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; die "failed: $*"; fi
}

echo "== apiserver-sim: building from $sim_dir (needs Go and evanphx/json-patch; build.sh installs them with apt when root)"
sim="$("$sim_dir/build.sh" "$root/artifacts/apiserver-sim" | tail -n 1)"
[ -x "$sim" ] || die "apiserver-sim build produced no binary"

echo "== certificates: certs/generate.sh"
quiet certs/generate.sh --out "$work/certs"
ca="$work/certs/ca.crt"

echo "== building the server and tests/tools/FixtureCases (Release)"
quiet dotnet build src/Webhook/RestoreMutator.Webhook.csproj -c Release --nologo
quiet dotnet build tests/tools/FixtureCases/RestoreMutator.FixtureCases.csproj -c Release --nologo
server_dll="$root/artifacts/bin/RestoreMutator.Webhook/release/RestoreMutator.Webhook.dll"
converter_dll="$root/artifacts/bin/RestoreMutator.FixtureCases/release/RestoreMutator.FixtureCases.dll"

echo "== converting fixtures and examples to sim cases"
dotnet "$converter_dll" --out "$work/groups" --certs "$work/certs" \
  --fixtures "${FIXTURES_DIR:-tests/Transforms.Tests/Fixtures}" \
  --examples-config examples/config.yaml --examples-cases examples/cases

url_of() { echo "https://127.0.0.1:$(cat "$1/port")/mutate"; }

# raw prints "STATUS BODY" (exit 0) or "ERROR ..." (exit 3) when nothing answers yet.
raw() { "$sim" raw -url "$1" -ca "$ca" -server-name "$server_name" -body "$2" -content-type "${3:-application/json}" 2>&1 || true; }

# One server per group. No cluster credentials: the configs say lookups: off, and nothing from the
# caller's environment may change that.
start_server() {
  # No Service endpoints to leave: stop at once on SIGTERM (the 10 s drain is for clusters).
  env -u KUBECONFIG -u RESTORE_MUTATOR_CONFIG RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0 dotnet "$server_dll" --config "$1/config.yaml" >"$1/server.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$1/pid"
}

# The converter reserved free ports, but another process may take one before the server binds it
# (tests running in parallel do the same): then move that server to a new free port.
move_to_free_port() {
  local old new
  old="$(cat "$1/port")"
  new="$(dotnet "$converter_dll" free-port)"
  sed -i "s/^  port: $old\$/  port: $new/" "$1/config.yaml"
  echo "$new" >"$1/port"
  echo "note: port $old of $(basename "$1") was taken meanwhile; restarting on $new"
}

wait_ready() {
  local attempt
  for attempt in 1 2 3; do
    for _ in $(seq 1 300); do
      if ! kill -0 "$(cat "$1/pid")" 2>/dev/null; then
        if [ "$attempt" -lt 3 ] && grep -q -i 'address already in use' "$1/server.log"; then
          move_to_free_port "$1"
          start_server "$1"
          continue 2
        fi
        cat "$1/server.log" >&2
        die "server for $(basename "$1") exited during startup"
      fi
      case "$(raw "$(url_of "$1")" "$work/empty.json")" in
        ERROR*) sleep 0.2 ;;
        *) return 0 ;;
      esac
    done
    cat "$1/server.log" >&2
    die "server for $(basename "$1") did not answer within 60 s"
  done
}

: >"$work/empty.json"
for dir in "$work"/groups/*/; do start_server "$dir"; done
for dir in "$work"/groups/*/; do wait_ready "$dir"; done

failed_groups=0
for dir in "$work"/groups/*/; do
  group="$(basename "$dir")"
  echo "== apiserver-sim check -idempotency: $group ($(find "$dir/cases" -name '*.json' | wc -l) cases)"
  # No -ignore-annotation-prefix: expected objects carry restore-mutator.io/applied exactly as
  # the server must write it, so that annotation is compared too.
  if ! "$sim" check -url "$(url_of "$dir")" -ca "$ca" -server-name "$server_name" -cases "$dir/cases" -idempotency; then
    failed_groups=$((failed_groups + 1))
  fi
done

# Malformed bodies (SPEC A3): never a 5xx, never a crash; answered with these statuses.
examples="$work/groups/examples"
review="$work/review.json"
printf '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","kind":{"group":"","version":"v1","kind":"Namespace"},"resource":{"group":"","version":"v1","resource":"namespaces"},"operation":"CREATE","object":{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}}}' >"$review"
printf '[{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}]' >"$work/array.json"
{
  printf '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","padding":"'
  head -c $((7 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
  printf '"}'
} >"$work/huge.json"

echo "== apiserver-sim raw: malformed bodies"
raw_passed=0
raw_failed=0
expect_status() { # name, want, body file, content type
  local answer
  answer="$(raw "$(url_of "$examples")" "$3" "${4:-application/json}")"
  if [ "${answer%% *}" = "$2" ]; then
    raw_passed=$((raw_passed + 1))
    echo "PASS $1 -> $2"
  else
    raw_failed=$((raw_failed + 1))
    echo "FAIL $1: want HTTP $2, got: ${answer:0:300}"
  fi
}
expect_status "empty body" 400 "$work/empty.json"
expect_status "text/plain content type" 415 "$review" text/plain
expect_status "JSON array instead of an AdmissionReview" 400 "$work/array.json"
expect_status "body over 7 MiB" 413 "$work/huge.json"
echo "$raw_passed passed, $raw_failed failed"

for dir in "$work"/groups/*/; do
  kill -0 "$(cat "$dir/pid")" 2>/dev/null || { failed_groups=$((failed_groups + 1)); echo "FAIL server of $(basename "$dir") died during the check"; }
done

if [ "$failed_groups" -gt 0 ] || [ "$raw_failed" -gt 0 ]; then
  for dir in "$work"/groups/*/; do
    grep -h -i -E '"Level":"(Error|Fatal)"|Unhandled|Exception' "$dir/server.log" | head -n 5 || true
  done
  echo "apiserver-sim-check: FAILED ($failed_groups failing groups, $raw_failed failing raw checks)"
  exit 1
fi
echo "apiserver-sim-check: all passed"
