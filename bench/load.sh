#!/usr/bin/env bash
# Load test of restore-mutator against a floor, over real TLS, called the way kube-apiserver calls it.
#
#   bench/load.sh [--quick] [--out FILE]
#
# Builds and starts the webhook in Release (certificates from certs/generate.sh, the rules config
# bench/Transforms.Benchmarks/Samples/config.yaml) and the floor (bench/Floor: same Kestrel, TLS
# and runtime settings, answers every review "allowed" after reading only the uid), builds
# apiserver-sim (../shared/tools/apiserver-sim beside the repository) and, for HTTP/1.1 and then
# HTTP/2 (server.http2: true), measures on the same sample objects as the benchmarks:
#   - closed-loop throughput of both servers and the ratio webhook/floor;
#   - p50/p99 latency of both at a fixed rate (RATE reviews/s, from the scheduled send time);
#   - the answer time of a 3 MiB object (curl: upload + server + download; apiserver-sim adds its
#     own JSON work on top);
#   - the webhook's working set (VmRSS sampled from /proc during the load, and VmHWM).
# Prints a report (markdown) with the targets of docs/performance.md marked PASS or MISS.
#
# Server CPU per review (utime + stime from /proc over the run / requests) is printed beside the
# throughput: unlike requests per second it barely depends on what else the machine is doing.
#
# Environment: DURATION (per run, default 10s; --quick: 3s), WARMUP (per sample and server before
# measuring, 3s; --quick: 1s), CONCURRENCY (closed loop, 32),
# RATE (1000), PROTOCOLS ("h1 h2"), RESTORE_MUTATOR_SHARED (folder holding tools/apiserver-sim), DOTNET_* variables
# are passed to both servers.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
samples="$root/bench/Transforms.Benchmarks/Samples"
duration="${DURATION:-10s}"
warmup="${WARMUP:-3s}"
concurrency="${CONCURRENCY:-32}"
rate="${RATE:-1000}"
out=""
server_name="restore-mutator.restore-mutator.svc"

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) duration="${DURATION:-3s}"; warmup="${WARMUP:-1s}"; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

for tool in dotnet curl jq ss; do
  command -v "$tool" >/dev/null || { echo "load.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d /tmp/restore-mutator-load.XXXXXX)"
server_pids=()
sampler_pid=""
cleanup() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "load.sh: $*" >&2; }

# The shared folder sits beside the repository; in a git worktree, beside the main checkout.
find_shared() {
  local candidates=("${RESTORE_MUTATOR_SHARED:-}" "$root/../shared")
  local common
  if common="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
    candidates+=("$(dirname "$common")/../shared")
  fi
  for dir in "${candidates[@]}"; do
    if [ -n "$dir" ] && [ -x "$dir/tools/apiserver-sim/build.sh" ]; then
      (cd "$dir" && pwd)
      return 0
    fi
  done
  echo "load.sh: cannot find ../shared/tools/apiserver-sim (set RESTORE_MUTATOR_SHARED)" >&2
  return 1
}

# A free loopback port (no fixed ports: other test runs share the machine).
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 30000))
    if [ -z "$(ss -Htln "sport = :$port")" ]; then
      echo "$port"
      return 0
    fi
  done
}

# The value of NAME=VALUE in an apiserver-sim result line.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

wait_ready() {
  local port="$1" pid="$2" name="$3"
  for _ in $(seq 1 300); do
    if curl -fsS --cacert "$work/certs/ca.crt" --resolve "$server_name:$port:127.0.0.1" \
      "https://$server_name:$port/readyz" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during startup:"; tail -n 20 "$work/$name.log" >&2; return 1
    fi
    sleep 0.2
  done
  log "$name did not become ready"; return 1
}

# start_servers h1|h2: starts the webhook and the floor; sets webhook_port, floor_port, webhook_pid.
start_servers() {
  local proto="$1" http2=false floor_args=()
  if [ "$proto" = h2 ]; then http2=true; floor_args=(http2); fi
  webhook_port="$(free_port)"
  floor_port="$(free_port)"
  while [ "$floor_port" = "$webhook_port" ]; do floor_port="$(free_port)"; done
  {
    printf 'server:\n  port: %s\n  address: 127.0.0.1\n  http2: %s\n' "$webhook_port" "$http2"
    printf '  tls:\n    certFile: %s\n    keyFile: %s\n' "$work/certs/tls.crt" "$work/certs/tls.key"
    cat "$samples/config.yaml"
  } >"$work/config-$proto.yaml"
  # Logs go to a file as a container runtime would collect them: the per-request summary line is
  # part of the cost being measured.
  # No Service endpoints to leave: stop at once on SIGTERM (the 10 s drain is for clusters).
  RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0 dotnet "$work/webhook/RestoreMutator.Webhook.dll" --config "$work/config-$proto.yaml" >"$work/webhook-$proto.log" 2>&1 &
  webhook_pid=$!
  server_pids+=("$webhook_pid")
  dotnet "$work/floor/RestoreMutator.Bench.Floor.dll" "$floor_port" "$work/certs/tls.crt" "$work/certs/tls.key" "${floor_args[@]}" \
    >"$work/floor-$proto.log" 2>&1 &
  floor_pid=$!
  server_pids+=("$floor_pid")
  wait_ready "$webhook_port" "$webhook_pid" "webhook-$proto"
  wait_ready "$floor_port" "$floor_pid" "floor-$proto"
}

stop_servers() {
  for pid in "$webhook_pid" "$floor_pid"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  server_pids=()
}

# load PORT PROTO CASE [apiserver-sim load flags...]: one run, prints the result line.
load() {
  local port="$1" proto="$2" case_name="$3"
  shift 3
  local h2=false
  if [ "$proto" = h2 ]; then h2=true; fi
  "$sim" load -url "https://127.0.0.1:$port/mutate" -ca "$work/certs/ca.crt" -server-name "$server_name" \
    -case "$samples/$case_name.json" -h2="$h2" "$@"
}

# Samples the webhook's VmRSS (KiB) every 200 ms into $work/rss until killed.
start_sampler() {
  local pid="$1"
  (
    while kill -0 "$pid" 2>/dev/null; do
      awk -v phase="$(cat "$work/phase")" '/^VmRSS:/ {print phase, $2}' "/proc/$pid/status" 2>/dev/null >>"$work/rss" || true
      sleep 0.2
    done
  ) &
  sampler_pid=$!
}

stop_sampler() {
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
}

max_rss_mib() { awk -v phase="$1" '$1 == phase && $2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$work/rss"; }
hwm_mib() { awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# CPU time (user + system, in clock ticks) the process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second="$(getconf CLK_TCK)"
# CPU microseconds per review from two cpu_ticks readings and a request count.
cpu_per_review() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$ticks_per_second" 'BEGIN { if (n > 0) printf "%.0f", (b - a) * 1e6 / hz / n; else print "n/a" }'; }

# measured PID PORT PROTO CASE [flags...]: a load run that also prints cpu_us=<server CPU per review>.
measured() {
  local pid="$1" before after line
  shift
  before="$(cpu_ticks "$pid")"
  line="$(load "$@")"
  after="$(cpu_ticks "$pid")"
  echo "$line cpu_us=$(cpu_per_review "$before" "$after" "$(field "$line" requests)")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { exit !((op == "<" && v < l) || (op == ">=" && v >= l)) }'; then echo PASS; else echo MISS; fi; }

report=()
say() { report+=("$*"); echo "$*"; }

# --- build -------------------------------------------------------------------------------------
shared="$(find_shared)"
log "building apiserver-sim from $shared/tools/apiserver-sim"
sim="$("$shared/tools/apiserver-sim/build.sh" "$work/bin" | tail -n 1)"
log "generating certificates"
"$root/certs/generate.sh" --out "$work/certs" >/dev/null
log "publishing the webhook and the floor (Release)"
dotnet publish "$root/src/Webhook" -c Release -o "$work/webhook" --nologo -v q >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
dotnet publish "$root/bench/Floor" -c Release -o "$work/floor" --nologo -v q >>"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }

small=(pod-5k deployment-10k buildconfig route)
rated=(pod-5k deployment-10k)
: >"$work/rss"
echo small >"$work/phase"
declare -A result

say "# restore-mutator load test"
say ""
say "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
say "runs of $duration; closed loop with $concurrency callers; fixed rate $rate reviews/s"
say ""

for proto in ${PROTOCOLS:-h1 h2}; do
  log "$proto: starting the webhook and the floor"
  start_servers "$proto"
  echo small >"$work/phase"
  start_sampler "$webhook_pid"
  # Warm-up (discarded): JIT tiering and PGO settle, connection pools fill.
  for port in "$webhook_port" "$floor_port"; do
    for name in "${small[@]}"; do
      load "$port" "$proto" "$name" -c "$concurrency" -d "$warmup" >/dev/null
    done
  done

  say "## $proto: closed-loop throughput"
  say ""
  say "| sample | webhook rps | floor rps | webhook/floor | server CPU us/review webhook / floor | webhook p50 / p99 ms | floor p50 / p99 ms | errors |"
  say "|---|---:|---:|---:|---:|---:|---:|---:|"
  for name in "${small[@]}"; do
    log "$proto closed loop: $name"
    w="$(measured "$webhook_pid" "$webhook_port" "$proto" "$name" -c "$concurrency" -d "$duration")"
    f="$(measured "$floor_pid" "$floor_port" "$proto" "$name" -c "$concurrency" -d "$duration")"
    r="$(ratio "$(field "$w" rps)" "$(field "$f" rps)")"
    result["$proto-$name-ratio"]="$r"
    result["$proto-$name-cpu"]="$(ratio "$(field "$f" cpu_us)" "$(field "$w" cpu_us)")"
    say "| $name | $(field "$w" rps) | $(field "$f" rps) | $r | $(field "$w" cpu_us) / $(field "$f" cpu_us) | $(field "$w" p50_ms) / $(field "$w" p99_ms) | $(field "$f" p50_ms) / $(field "$f" p99_ms) | $(field "$w" errors) / $(field "$f" errors) |"
  done
  say ""

  say "## $proto: latency at $rate reviews/s"
  say ""
  say "| sample | webhook p50 / p90 / p99 / max ms | floor p50 / p90 / p99 / max ms | errors |"
  say "|---|---:|---:|---:|"
  for name in "${rated[@]}"; do
    log "$proto at $rate/s: $name"
    w="$(load "$webhook_port" "$proto" "$name" -c 64 -d "$duration" -rate "$rate")"
    f="$(load "$floor_port" "$proto" "$name" -c 64 -d "$duration" -rate "$rate")"
    result["$proto-$name-p99"]="$(field "$w" p99_ms)"
    say "| $name | $(field "$w" p50_ms) / $(field "$w" p90_ms) / $(field "$w" p99_ms) / $(field "$w" max_ms) | $(field "$f" p50_ms) / $(field "$f" p90_ms) / $(field "$f" p99_ms) / $(field "$f" max_ms) | $(field "$w" errors) / $(field "$f" errors) |"
  done
  say ""

  echo large >"$work/phase"
  log "$proto closed loop: deployment-1mib"
  load "$webhook_port" "$proto" deployment-1mib -c 2 -d 2s >/dev/null
  load "$floor_port" "$proto" deployment-1mib -c 2 -d 2s >/dev/null
  w="$(measured "$webhook_pid" "$webhook_port" "$proto" deployment-1mib -c 4 -d "$duration")"
  f="$(measured "$floor_pid" "$floor_port" "$proto" deployment-1mib -c 4 -d "$duration")"
  say "## $proto: 1 MiB object, closed loop with 4 callers"
  say ""
  say "| sample | webhook rps | floor rps | webhook/floor | server CPU us/review webhook / floor | webhook p50 / p99 ms | floor p50 / p99 ms | errors |"
  say "|---|---:|---:|---:|---:|---:|---:|---:|"
  say "| deployment-1mib | $(field "$w" rps) | $(field "$f" rps) | $(ratio "$(field "$w" rps)" "$(field "$f" rps)") | $(field "$w" cpu_us) / $(field "$f" cpu_us) | $(field "$w" p50_ms) / $(field "$w" p99_ms) | $(field "$f" p50_ms) / $(field "$f" p99_ms) | $(field "$w" errors) / $(field "$f" errors) |"
  say ""

  if [ "$proto" = h1 ]; then
    log "h1: 3 MiB object"
    # The review as the API server sends it, for curl.
    jq -c '{apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
            request: (.request + {uid: "0000beef-3mib-4000-8000-000000000001", dryRun: false, oldObject: null,
                      requestKind: .request.kind, requestResource: .request.resource,
                      userInfo: {username: "system:serviceaccount:velero:velero"}})}' \
      "$samples/deployment-3mib.json" >"$work/review-3mib.json"
    say "## 3 MiB object ($(wc -c <"$work/review-3mib.json") bytes of review), one at a time"
    say ""
    say "| server | answer ms, p50 / max of 20 (curl: upload + server + download) | apiserver-sim p50 / p99 / max ms (adds its own JSON work) |"
    say "|---|---:|---:|"
    for target in webhook floor; do
      port="$webhook_port"
      if [ "$target" = floor ]; then port="$floor_port"; fi
      : >"$work/times-$target"
      for i in $(seq 1 25); do
        t="$(curl -fsS -o /dev/null --cacert "$work/certs/ca.crt" --resolve "$server_name:$port:127.0.0.1" \
          -H 'Content-Type: application/json' --data-binary "@$work/review-3mib.json" \
          -w '%{time_pretransfer} %{time_total}' "https://$server_name:$port/mutate")"
        # The first five calls warm up the big-object paths.
        if [ "$i" -gt 5 ]; then awk '{printf "%.1f\n", ($2 - $1) * 1000}' <<<"$t" >>"$work/times-$target"; fi
      done
      p50="$(sort -n "$work/times-$target" | sed -n '10p')"
      max="$(sort -n "$work/times-$target" | tail -n 1)"
      s="$(load "$port" h1 deployment-3mib -c 1 -d "$duration")"
      if [ "$target" = webhook ]; then result[big-p50]="$p50"; result[big-max]="$max"; fi
      say "| $target | $p50 / $max | $(field "$s" p50_ms) / $(field "$s" p99_ms) / $(field "$s" max_ms) |"
    done
    say ""
  fi

  stop_sampler
  result["hwm-$proto"]="$(hwm_mib "$webhook_pid")"
  stop_servers
done
result[rss-small]="$(max_rss_mib small)"
result[rss-large]="$(max_rss_mib large)"

say "## Working set of the webhook"
say ""
say "VmRSS sampled every 200 ms: at most ${result[rss-small]:-n/a} MiB under load with the small objects, ${result[rss-large]:-n/a} MiB with the 1 MiB and 3 MiB objects; VmHWM (peak of the process) ${result[hwm-h1]:-n/a} MiB (HTTP/1.1 server), ${result[hwm-h2]:-n/a} MiB (HTTP/2 server)."
say ""
say "## Targets"
say ""
say "| target | measured | verdict |"
say "|---|---|---|"
for proto in ${PROTOCOLS:-h1 h2}; do
  say "| $proto throughput, pod-5k: at least 70% of the floor | ${result[$proto-pod-5k-ratio]:-n/a} | $(verdict "${result[$proto-pod-5k-ratio]:-n/a}" '>=' 0.70) |"
  say "| (for comparison) $proto server capacity, pod-5k: floor CPU per review / webhook CPU per review | ${result[$proto-pod-5k-cpu]:-n/a} | $(verdict "${result[$proto-pod-5k-cpu]:-n/a}" '>=' 0.70) |"
  for name in "${rated[@]}"; do
    say "| $proto p99 at $rate/s, $name: under 5 ms | ${result[$proto-$name-p99]} ms | $(verdict "${result[$proto-$name-p99]}" '<' 5) |"
  done
done
say "| 3 MiB object answered within 50 ms (max of 20) | ${result[big-max]:-n/a} ms (p50 ${result[big-p50]:-n/a} ms) | $(verdict "${result[big-max]:-n/a}" '<' 50) |"
say "| working set under 200 MiB under load (VmRSS max, small objects) | ${result[rss-small]:-n/a} MiB | $(verdict "${result[rss-small]:-n/a}" '<' 200) |"
say "| working set under 200 MiB with 1 and 3 MiB objects (VmRSS max) | ${result[rss-large]:-n/a} MiB | $(verdict "${result[rss-large]:-n/a}" '<' 200) |"

if [ -n "$out" ]; then
  printf '%s\n' "${report[@]}" >"$out"
  log "report written to $out"
fi
