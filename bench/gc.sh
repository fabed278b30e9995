#!/usr/bin/env bash
# Garbage collector settings side by side: memory and server CPU per review for each mode, the
# modes taking turns (A B C A B C ...) so a machine that gets busier or quieter affects all alike.
#
#   bench/gc.sh [--rounds N] [--limit MIB] [--reviews N] [--modes "workstation server ..."]
#
# Modes (DOTNET_* variables given to the server on top of what the build sets):
#   workstation         DOTNET_gcServer=0 (the build's setting)
#   server              DOTNET_gcServer=1 (.NET 10 adapts the heap count: DATAS)
#   server-fixed        DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0 (one heap per core)
#   workstation-75      workstation with the runtime's default heap limit (75% of the container)
#   workstation-conserve  workstation with DOTNET_GCConserveMemory=5
#   *-16cpu             the same with DOTNET_PROCESSOR_COUNT=16: the runtime sizes Server GC (heaps,
#                       GC threads) by the cores it sees, so this is the pod on a 16-core node
#                       without a CPU limit (the manifests set none)
# Each turn starts the published webhook (bench/memory.sh publishes it the same way) inside a
# memory cgroup of --limit MiB (default 512, the manifests' limit), then
#   1. sends --reviews (default 20000) pod-5k reviews with h2load (HTTP/1.1, 16 connections) after
#      2000 warm-up reviews: reviews/s and the server's CPU per review (utime + stime from /proc);
#   2. runs bench/Memory: 3000 idle TLS connections and 3 rounds of 20 concurrent 3 MiB reviews:
#      peak cgroup usage, VmRSS after, and the server's CPU per large review.
# Prints one line per turn and the medians per mode. Needs root (cgroup), h2load (nghttp2-client).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
samples="$root/bench/Transforms.Benchmarks/Samples"
rounds=3 limit=512 reviews=20000
modes="workstation server server-fixed"
server_name="restore-mutator.restore-mutator.svc"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --reviews) reviews="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for tool in dotnet curl h2load python3 ss; do
  command -v "$tool" >/dev/null || { echo "gc.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d /tmp/restore-mutator-gc.XXXXXX)"
cgroup="" server_pid=""
# shellcheck disable=SC2317 # run by the EXIT trap and between turns
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  if [ -n "$cgroup" ] && [ -d "$cgroup" ]; then
    rmdir "$cgroup" 2>/dev/null || true
  fi
  cgroup=""
}
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "gc.sh: $*" >&2; }

log "publishing the webhook (Release) and building bench/Memory"
dotnet publish "$root/src/Webhook" -c Release -o "$work/webhook" --nologo -v q >/dev/null
dotnet build "$root/bench/Memory" -c Release --nologo -v q >/dev/null
driver="$root/artifacts/bin/RestoreMutator.Bench.Memory/release/RestoreMutator.Bench.Memory.dll"
"$root/certs/generate.sh" --out "$work/certs" >/dev/null
# The pod-5k review as the API server sends it (h2load posts the same body every time).
python3 - "$samples/pod-5k.json" "$work/pod-5k-review.json" <<'PY'
import json, sys
case = json.load(open(sys.argv[1]))
request = dict(case["request"], uid="00000000-0000-4000-8000-00000000beef", dryRun=False)
json.dump({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}, open(sys.argv[2], "w"))
PY

mode_env() {
  case "$1" in
    workstation) echo "DOTNET_gcServer=0" ;;
    server) echo "DOTNET_gcServer=1" ;;
    server-fixed) echo "DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0" ;;
    workstation-75) echo "DOTNET_gcServer=0 DOTNET_GCHeapHardLimitPercent=0x4B" ;;
    workstation-conserve) echo "DOTNET_gcServer=0 DOTNET_GCConserveMemory=5" ;;
    *-16cpu) echo "$(mode_env "${1%-16cpu}") DOTNET_PROCESSOR_COUNT=16" ;;
    *) echo "gc.sh: unknown mode $1" >&2; exit 2 ;;
  esac
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
per_review_us() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (b - a) * 1000000 / hz / n }'; }

start_server() {
  local port
  port=$((20000 + RANDOM % 30000))
  while [ -n "$(ss -Htln "sport = :$port")" ]; do port=$((20000 + RANDOM % 30000)); done
  {
    printf 'server:\n  port: %s\n  address: 127.0.0.1\n' "$port"
    printf '  tls:\n    certFile: %s\n    keyFile: %s\n' "$work/certs/tls.crt" "$work/certs/tls.key"
    cat "$samples/config.yaml"
  } >"$work/config.yaml"
  cgroup="/sys/fs/cgroup/memory/restore-mutator-gc-$$"
  mkdir "$cgroup"
  echo $((limit * 1024 * 1024)) >"$cgroup/memory.limit_in_bytes"
  # RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0: no Service endpoints to leave, stop at once between turns.
  # shellcheck disable=SC2016,SC2086 # $$ is the inner shell's pid; $1 is the mode's VAR=VALUE list
  env RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0 $1 sh -c 'echo $$ >"$0/cgroup.procs" && exec dotnet "$1" --config "$2"' "$cgroup" "$work/webhook/RestoreMutator.Webhook.dll" "$work/config.yaml" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  server_port="$port"
  for _ in $(seq 1 300); do
    if curl -fsS --cacert "$work/certs/ca.crt" --resolve "$server_name:$port:127.0.0.1" "https://$server_name:$port/readyz" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  log "server did not start"; tail -n 5 "$work/server.log" >&2; exit 1
}

h2() {
  h2load --h1 -n "$1" -c 16 -m 1 -d "$work/pod-5k-review.json" -H 'Content-Type: application/json' \
    "https://127.0.0.1:$server_port/mutate?timeout=10s" 2>/dev/null
}

results="$work/results"
: >"$results"
echo "| turn | mode | pod-5k reviews/s | CPU µs per pod-5k review | peak cgroup MiB (3000 idle + 3x20 3 MiB) | VmRSS after MiB | CPU ms per 3 MiB review | 3 MiB p50 / max ms | failed |"
echo "|---|---|---:|---:|---:|---:|---:|---|---:|"
for turn in $(seq 1 "$rounds"); do
  for mode in $modes; do
    start_server "$(mode_env "$mode")"
    h2 2000 >/dev/null
    before="$(cpu_ticks "$server_pid")"
    rps="$(h2 "$reviews" | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p')"
    after="$(cpu_ticks "$server_pid")"
    small_us="$(per_review_us "$before" "$after" "$reviews")"
    out="$(dotnet "$driver" --port "$server_port" --ca "$work/certs/ca.crt" --pid "$server_pid" --review "$samples/deployment-3mib.json" \
      --idle 3000 --concurrent 20 --rounds 3 --settle 5 --cgroup "$cgroup")" || true
    # Server CPU per large review, over the three rounds (bench/Memory measures it around each round).
    large_ms="$(sed -n 's/^round=.* cpu_ms_per_review=\([0-9.]*\) .*/\1/p' <<<"$out" | awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n }')"
    peak="$(sed -n 's/.*cgroup_max_usage_mib=\([0-9]*\).*/\1/p' <<<"$out")"
    settled="$(sed -n 's/^settled rss_mib=\([0-9]*\).*/\1/p' <<<"$out")"
    times="$(sed -n 's/^round=3 .*p50_ms=\([0-9]*\) max_ms=\([0-9]*\).*/\1 \/ \2/p' <<<"$out")"
    # Reviews not answered 200, by status (negative: transport errors, see bench/Memory).
    failed="$(sed -n 's/^round=.* other=\([^ ]*\) .*/\1/p' <<<"$out" | tr ',' '\n' | sed '/^$/d' | sort | uniq -c | awk '{ printf "%s%sx%s", sep, $2, $1; sep = " " }')"
    failed="${failed:-0}"
    grep -q 'oom_kill=0' <<<"$out" || failed="OOM"
    echo "| $turn | $mode | $rps | $small_us | $peak | $settled | $large_ms | $times | $failed |"
    echo "$mode $rps $small_us $peak $settled $large_ms" >>"$results"
    stop_server
  done
done
echo
echo "medians: mode, pod-5k reviews/s, CPU µs per pod-5k review, peak cgroup MiB, VmRSS after MiB, CPU ms per 3 MiB review"
python3 - "$results" "$modes" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for mode in sys.argv[2].split():
    mine = [r[1:] for r in rows if r[0] == mode]
    values = []
    for column in zip(*mine):
        numbers = [float(v) for v in column if v.replace(".", "", 1).isdigit()]
        values.append(f"{statistics.median(numbers):g}" if numbers else "n/a")
    print(mode, *values)
PY
echo "load average at the end: $(uptime | sed 's/.*load average: //')"
