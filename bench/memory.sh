#!/usr/bin/env bash
# Memory of restore-mutator under the load SPEC C7 names: idle keep-alive TLS connections plus
# bursts of concurrent large reviews, optionally inside a memory cgroup (a container's limit).
#
#   bench/memory.sh [--limit MIB] [--idle N] [--concurrent M] [--rounds R] [--sample NAME] [--server DIR]
#
# Publishes the webhook in Release (or uses the published DIR given by --server, e.g. an older
# build to compare with), starts it with certificates from certs/generate.sh and the rules config
# bench/Transforms.Benchmarks/Samples/config.yaml, and runs bench/Memory against it: N idle
# connections (default 3000; each sent one GET /healthz, as a pooled API-server connection),
# then R rounds (default 3) of M concurrent reviews (default 20) of the sample (default
# deployment-3mib, a 3 MiB Deployment), each round after the previous one is answered.
# It prints the server's VmRSS before and after, the peak (sampled every 20 ms), every round's
# answers and answer times, and, with --limit, the cgroup's peak usage and OOM kills.
#
# --limit MIB runs the server in a cgroup v1 memory controller limited to MIB (root only; the
# server's own process is moved there before the runtime starts, so the runtime sees the limit).
# DOTNET_* and RESTORE_MUTATOR_* variables in the environment are passed to the server.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
samples="$root/bench/Transforms.Benchmarks/Samples"
limit=0 idle=3000 concurrent=20 rounds=3 sample=deployment-3mib server_dir="" settle=10 open_concurrency=32
server_name="restore-mutator.restore-mutator.svc"

while [ $# -gt 0 ]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --concurrent) concurrent="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    --server) server_dir="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --open-concurrency) open_concurrency="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d /tmp/restore-mutator-memory.XXXXXX)"
cgroup=""
server_pid=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$cgroup" ] && [ -d "$cgroup" ]; then
    rmdir "$cgroup" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "memory.sh: $*" >&2; }

if [ -z "$server_dir" ]; then
  log "publishing the webhook (Release)"
  dotnet publish "$root/src/Webhook" -c Release -o "$work/webhook" --nologo -v q >/dev/null
  server_dir="$work/webhook"
fi
log "building bench/Memory"
dotnet build "$root/bench/Memory" -c Release --nologo -v q >/dev/null
driver="$root/artifacts/bin/RestoreMutator.Bench.Memory/release/RestoreMutator.Bench.Memory.dll"

"$root/certs/generate.sh" --out "$work/certs" >/dev/null
port=$((20000 + RANDOM % 30000))
while [ -n "$(ss -Htln "sport = :$port")" ]; do port=$((20000 + RANDOM % 30000)); done
{
  printf 'server:\n  port: %s\n  address: 127.0.0.1\n' "$port"
  printf '  tls:\n    certFile: %s\n    keyFile: %s\n' "$work/certs/tls.crt" "$work/certs/tls.key"
  cat "$samples/config.yaml"
} >"$work/config.yaml"

# No Service endpoints to leave: the server stops at once on SIGTERM (the 10 s drain is for clusters).
export RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS="${RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS:-0}"
launch=(dotnet "$server_dir/RestoreMutator.Webhook.dll" --config "$work/config.yaml")
if [ "$limit" -gt 0 ]; then
  cgroup="/sys/fs/cgroup/memory/restore-mutator-bench-$$"
  mkdir "$cgroup"
  echo $((limit * 1024 * 1024)) >"$cgroup/memory.limit_in_bytes"
  # Swap would hide the limit: the memory+swap limit is set equal when the kernel accounts swap.
  if [ -f "$cgroup/memory.memsw.limit_in_bytes" ]; then echo $((limit * 1024 * 1024)) >"$cgroup/memory.memsw.limit_in_bytes"; fi
  # shellcheck disable=SC2016 # $$ is the shell's own pid, expanded by that shell
  launch=(sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cgroup" "${launch[@]}")
fi
"${launch[@]}" >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 300); do
  if curl -fsS --cacert "$work/certs/ca.crt" --resolve "$server_name:$port:127.0.0.1" "https://$server_name:$port/readyz" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { log "server exited during startup:"; tail -n 20 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done

log "server pid $server_pid on port $port, limit ${limit} MiB, $(uptime | sed 's/.*load/load/')"
status=0
dotnet "$driver" --port "$port" --ca "$work/certs/ca.crt" --pid "$server_pid" --review "$samples/$sample.json" \
  --idle "$idle" --concurrent "$concurrent" --rounds "$rounds" --settle "$settle" --open-concurrency "$open_concurrency" ${cgroup:+--cgroup "$cgroup"} || status=$?
if ! kill -0 "$server_pid" 2>/dev/null; then
  wait "$server_pid" && code=0 || code=$?
  log "the server died (exit status $code; 137 = killed, e.g. by the OOM killer)"
  tail -n 3 "$work/server.log" | cut -c1-300 >&2
  status=1
fi
exit "$status"
