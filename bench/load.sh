#!/usr/bin/env bash
# Load test of restore-mutator against a Go webhook and a floor, over real TLS, called the way
# kube-apiserver calls it. Self-contained: everything it runs is in this repository.
#
#   bench/load.sh [--quick] [--compare-only | --report-only] [--out FILE]
#
# Builds and starts, side by side:
#   - the webhook in Release (certificates from certs/generate.sh, the rules config
#     bench/Transforms.Benchmarks/Samples/config.yaml);
#   - bench/go-webhook: a plain Go webhook (net/http + encoding/json) doing the registry rewrite of
#     the same config, answering with a JSON patch;
#   - the floor (bench/Floor: same Kestrel, TLS and runtime settings as the webhook, answers every
#     review "allowed" after reading only the uid);
# and drives them with bench/loadgen (Go: a fresh AdmissionReview per call, TLS verified for the
# service name, keep-alive, every answer checked). Both Go programs are built offline with
# Debian's Go in GOPATH mode (apt-get install golang-go). For HTTP/1.1 and then HTTP/2
# (server.http2: true), on the same sample objects as the benchmarks, the servers taking turns
# (interleaved, ROUNDS times) so that the machine's other load hits them alike:
#   - closed loop with CONCURRENCY callers: reviews/s, server CPU per review (utime + stime from
#     /proc/PID/stat over the run / answered reviews; unlike reviews/s it barely depends on what
#     else the machine does) and p50/p99 under saturation;
#   - p50/p99 latency at a fixed rate (RATE reviews/s, from the scheduled send time);
#   - (unless --compare-only) the 1 MiB object, closed loop, and the answer time of a 3 MiB object
#     (curl: upload + server + download), webhook and floor;
#   - the webhook's working set (VmRSS sampled from /proc during the load, and VmHWM);
#   - (unless --compare-only) the cost of the restore report (SPEC X2): two webhooks with lookups
#     on and a kubeconfig for bench/lookups/fake_api.py (a fake API server that stores and counts
#     the report's ConfigMap and Event writes), one with report.enabled: true and one with false,
#     otherwise identical; HTTP/1.1, deployment-8img with a new object name per call (loadgen
#     -unique-names: every review is a new object of the restore, as in a restore) and a restore of
#     its own per round; closed loop, taking turns REPORT_ROUNDS times; server CPU per review of
#     both, their ratio (median of the rounds, target at most 1.05) and the writes the fake API
#     received (none: the run is invalid and load.sh exits 1).
# Prints a report (markdown) with the targets of docs/performance.md marked PASS or MISS.
#
# --compare-only: only the Deployment case (deployment-8img: 3.6 KB, 8 image references, the one
# the Go webhook does the same work for), closed loop and fixed rate.
# --report-only: only the restore report's cost (needs python3 for the fake API).
#
# Environment: DURATION (per run, default 10s; --quick: 3s), WARMUP (seconds of load per server
# before measuring, split over the samples: 30; --quick: 8; on a busy 2-core machine the .NET
# servers need 20-30 s of load before tiered compilation and PGO have settled), CONCURRENCY (closed loop, 32), RATE (1000), ROUNDS (turns of each
# closed-loop measurement, 1), PROTOCOLS ("h1 h2"), REPORT_ROUNDS (turns of report on / off:
# ROUNDS if set, else 7; the rounds spread by +-6-8% on a shared machine, more than the 5% judged);
# DOTNET_* variables are passed to the .NET servers.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
samples="$root/bench/Transforms.Benchmarks/Samples"
duration="${DURATION:-10s}"
warmup="${WARMUP:-30}"
concurrency="${CONCURRENCY:-32}"
rate="${RATE:-1000}"
rounds="${ROUNDS:-1}"
report_rounds="${REPORT_ROUNDS:-${ROUNDS:-7}}"
compare_only=false
report_only=false
out=""
server_name="restore-mutator.restore-mutator.svc"

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) duration="${DURATION:-3s}"; warmup="${WARMUP:-8}"; shift ;;
    --compare-only) compare_only=true; shift ;;
    --report-only) report_only=true; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "ROUNDS must be a positive number" >&2; exit 2 ;; esac
case "$report_rounds" in ''|*[!0-9]*|0) echo "REPORT_ROUNDS must be a positive number" >&2; exit 2 ;; esac
if $compare_only && $report_only; then echo "--compare-only and --report-only exclude each other" >&2; exit 2; fi
protocols="${PROTOCOLS:-h1 h2}"
report_part=true
if $compare_only; then report_part=false; fi
if $report_only; then protocols=""; fi
case "$warmup" in ''|*[!0-9]*) echo "WARMUP must be whole seconds" >&2; exit 2 ;; esac

tools=(dotnet go curl jq ss)
if $report_part; then tools+=(python3); fi
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "load.sh: $tool is required (go: apt-get install golang-go)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/restore-mutator-load.XXXXXX)"
server_pids=()
sampler_pid=""
# shellcheck disable=SC2317  # called through the EXIT trap
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

# The value of NAME=VALUE in a loadgen result line.
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

# start_servers h1|h2: starts the webhook, the Go webhook and the floor; sets server_port[NAME], server_pid[NAME].
declare -A server_port server_pid
servers=(webhook go floor)
start_servers() {
  local proto="$1" http2=false floor_args=() go_args=()
  if [ "$proto" = h2 ]; then http2=true; floor_args=(http2); go_args=(-http2); fi
  server_port[webhook]="$(free_port)"
  server_port[go]="$(free_port)"
  while [ "${server_port[go]}" = "${server_port[webhook]}" ]; do server_port[go]="$(free_port)"; done
  server_port[floor]="$(free_port)"
  while [ "${server_port[floor]}" = "${server_port[webhook]}" ] || [ "${server_port[floor]}" = "${server_port[go]}" ]; do server_port[floor]="$(free_port)"; done
  {
    printf 'server:\n  port: %s\n  address: 127.0.0.1\n  http2: %s\n' "${server_port[webhook]}" "$http2"
    printf '  tls:\n    certFile: %s\n    keyFile: %s\n' "$work/certs/tls.crt" "$work/certs/tls.key"
    cat "$samples/config.yaml"
  } >"$work/config-$proto.yaml"
  # Logs go to a file as a container runtime would collect them: the per-request summary line is
  # part of the cost being measured.
  # No Service endpoints to leave: stop at once on SIGTERM (the 10 s drain is for clusters).
  RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0 dotnet "$work/webhook/RestoreMutator.Webhook.dll" --config "$work/config-$proto.yaml" >"$work/webhook-$proto.log" 2>&1 &
  server_pid[webhook]=$!
  "$work/bin/go-webhook" -port "${server_port[go]}" -cert "$work/certs/tls.crt" -key "$work/certs/tls.key" "${go_args[@]}" \
    >"$work/go-$proto.log" 2>&1 &
  server_pid[go]=$!
  dotnet "$work/floor/RestoreMutator.Bench.Floor.dll" "${server_port[floor]}" "$work/certs/tls.crt" "$work/certs/tls.key" "${floor_args[@]}" \
    >"$work/floor-$proto.log" 2>&1 &
  server_pid[floor]=$!
  server_pids+=("${server_pid[webhook]}" "${server_pid[go]}" "${server_pid[floor]}")
  for name in "${servers[@]}"; do
    wait_ready "${server_port[$name]}" "${server_pid[$name]}" "$name-$proto"
  done
}

stop_servers() {
  for name in "${servers[@]}"; do
    kill "${server_pid[$name]}" 2>/dev/null || true
    wait "${server_pid[$name]}" 2>/dev/null || true
  done
  server_pids=()
}

# load SERVER PROTO CASE [loadgen flags...]: one run, prints the result line. CASE is a sample's
# name, or the path of a case file.
load() {
  local name="$1" proto="$2" case_file="$samples/$3.json"
  case "$3" in */*) case_file="$3" ;; esac
  shift 3
  local h2=false
  if [ "$proto" = h2 ]; then h2=true; fi
  "$work/bin/loadgen" -url "https://127.0.0.1:${server_port[$name]}/mutate" -ca "$work/certs/ca.crt" -server-name "$server_name" \
    -case "$case_file" -h2="$h2" "$@"
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

# measured SERVER PROTO CASE [flags...]: a load run that also prints cpu_us=<server CPU per review>.
measured() {
  local before after line
  before="$(cpu_ticks "${server_pid[$1]}")"
  line="$(load "$@")"
  after="$(cpu_ticks "${server_pid[$1]}")"
  echo "$line cpu_us=$(cpu_per_review "$before" "$after" "$(field "$line" requests)")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
median() { tr ' ' '\n' <<<"$*" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
verdict() { if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { exit !((op == "<" && v < l) || (op == "<=" && v <= l) || (op == ">=" && v >= l)) }'; then echo PASS; else echo MISS; fi; }
# The servers in turn, starting one later each round, so that none is always first or last.
turn_order() {
  local r="$1" i n="${#servers[@]}"
  for ((i = 0; i < n; i++)); do printf '%s ' "${servers[$(((i + r) % n))]}"; done
}

report=()
say() { report+=("$*"); echo "$*"; }

# --- build -------------------------------------------------------------------------------------
programs=(loadgen go-webhook)
if $report_only; then programs=(loadgen); fi
log "building ${programs[*]} (Go, GOPATH mode, offline)"
mkdir -p "$work/bin"
for program in "${programs[@]}"; do
  (cd "$root/bench/$program" && GO111MODULE=off GOPATH="${GOPATH:-/usr/share/gocode}" GOFLAGS='' \
    GOCACHE="${GOCACHE:-$root/artifacts/go-cache}" go build -o "$work/bin/$program" .)
done
log "generating certificates"
"$root/certs/generate.sh" --out "$work/certs" >/dev/null
log "publishing the webhook$($report_only || echo " and the floor") (Release)"
dotnet publish "$root/src/Webhook" -c Release -o "$work/webhook" --nologo -v q >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
if ! $report_only; then
  dotnet publish "$root/bench/Floor" -c Release -o "$work/floor" --nologo -v q >>"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
fi

if $compare_only; then
  small=(deployment-8img)
  rated=(deployment-8img)
else
  small=(deployment-8img pod-5k deployment-10k buildconfig route)
  rated=(deployment-8img pod-5k deployment-10k)
fi
: >"$work/rss"
echo small >"$work/phase"
declare -A result

say "# restore-mutator load test"
say ""
say "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src)')"
if [ -n "$protocols" ]; then
  say "runs of $duration after ${warmup}s of warm-up per server; closed loop with $concurrency callers, $rounds round(s), servers in turn; fixed rate $rate reviews/s"
  say "servers: webhook (restore-mutator), go (bench/go-webhook: image rewrites only, $(go version | cut -d' ' -f3)), floor (bench/Floor)"
fi
say ""

for proto in $protocols; do
  log "$proto: starting the servers"
  start_servers "$proto"
  echo small >"$work/phase"
  start_sampler "${server_pid[webhook]}"
  # Warm-up (discarded): JIT tiering and PGO settle, connection pools fill.
  per_sample=$(((warmup + ${#small[@]} - 1) / ${#small[@]}))
  for name in "${servers[@]}"; do
    log "$proto: warming up $name (${warmup}s)"
    for sample in "${small[@]}"; do
      load "$name" "$proto" "$sample" -c "$concurrency" -d "${per_sample}s" >/dev/null
    done
  done

  say "## $proto: closed loop, $concurrency callers (saturation)"
  say ""
  say "Server CPU per review in µs; latency p50 / p99 in ms; the ratios are of CPU per review."
  say ""
  say "| sample | round | webhook rps | go rps | floor rps | CPU webhook / go / floor | webhook/go | webhook/floor | p50 / p99 webhook | p50 / p99 go | p50 / p99 floor | errors |"
  say "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for sample in "${small[@]}"; do
    cpu_go=() cpu_floor=() p99_go=() rps_floor=()
    for ((r = 0; r < rounds; r++)); do
      declare -A line=()
      for name in $(turn_order "$r"); do
        log "$proto closed loop: $sample, $name (round $((r + 1)))"
        line[$name]="$(measured "$name" "$proto" "$sample" -c "$concurrency" -d "$duration")"
      done
      w="${line[webhook]}" g="${line[go]}" f="${line[floor]}"
      cpu_go+=("$(ratio "$(field "$w" cpu_us)" "$(field "$g" cpu_us)")")
      cpu_floor+=("$(ratio "$(field "$w" cpu_us)" "$(field "$f" cpu_us)")")
      p99_go+=("$(ratio "$(field "$w" p99_ms)" "$(field "$g" p99_ms)")")
      rps_floor+=("$(ratio "$(field "$w" rps)" "$(field "$f" rps)")")
      say "| $sample | $((r + 1)) | $(field "$w" rps) | $(field "$g" rps) | $(field "$f" rps) | $(field "$w" cpu_us) / $(field "$g" cpu_us) / $(field "$f" cpu_us) | ${cpu_go[-1]} | ${cpu_floor[-1]} | $(field "$w" p50_ms) / $(field "$w" p99_ms) | $(field "$g" p50_ms) / $(field "$g" p99_ms) | $(field "$f" p50_ms) / $(field "$f" p99_ms) | $(field "$w" errors) / $(field "$g" errors) / $(field "$f" errors) |"
    done
    result["$proto-$sample-cpu-go"]="$(median "${cpu_go[@]}")"
    result["$proto-$sample-cpu-floor"]="$(median "${cpu_floor[@]}")"
    result["$proto-$sample-p99-go"]="$(median "${p99_go[@]}")"
    result["$proto-$sample-ratio"]="$(median "${rps_floor[@]}")"
  done
  say ""

  say "## $proto: latency at $rate reviews/s"
  say ""
  say "| sample | webhook p50 / p90 / p99 / max ms | go p50 / p90 / p99 / max ms | floor p50 / p90 / p99 / max ms | errors |"
  say "|---|---:|---:|---:|---:|"
  for sample in "${rated[@]}"; do
    declare -A line=()
    for name in "${servers[@]}"; do
      log "$proto at $rate/s: $sample, $name"
      line[$name]="$(load "$name" "$proto" "$sample" -c 64 -d "$duration" -rate "$rate")"
    done
    w="${line[webhook]}" g="${line[go]}" f="${line[floor]}"
    result["$proto-$sample-p99"]="$(field "$w" p99_ms)"
    say "| $sample | $(field "$w" p50_ms) / $(field "$w" p90_ms) / $(field "$w" p99_ms) / $(field "$w" max_ms) | $(field "$g" p50_ms) / $(field "$g" p90_ms) / $(field "$g" p99_ms) / $(field "$g" max_ms) | $(field "$f" p50_ms) / $(field "$f" p90_ms) / $(field "$f" p99_ms) / $(field "$f" max_ms) | $(field "$w" errors) / $(field "$g" errors) / $(field "$f" errors) |"
  done
  say ""

  if ! $compare_only; then
    echo large >"$work/phase"
    log "$proto closed loop: deployment-1mib"
    load webhook "$proto" deployment-1mib -c 2 -d 2s >/dev/null
    load floor "$proto" deployment-1mib -c 2 -d 2s >/dev/null
    w="$(measured webhook "$proto" deployment-1mib -c 4 -d "$duration")"
    f="$(measured floor "$proto" deployment-1mib -c 4 -d "$duration")"
    say "## $proto: 1 MiB object, closed loop with 4 callers"
    say ""
    say "| sample | webhook rps | floor rps | webhook/floor | server CPU us/review webhook / floor | webhook p50 / p99 ms | floor p50 / p99 ms | errors |"
    say "|---|---:|---:|---:|---:|---:|---:|---:|"
    say "| deployment-1mib | $(field "$w" rps) | $(field "$f" rps) | $(ratio "$(field "$w" rps)" "$(field "$f" rps)") | $(field "$w" cpu_us) / $(field "$f" cpu_us) | $(field "$w" p50_ms) / $(field "$w" p99_ms) | $(field "$f" p50_ms) / $(field "$f" p99_ms) | $(field "$w" errors) / $(field "$f" errors) |"
    say ""
  fi

  if [ "$proto" = h1 ] && ! $compare_only; then
    log "h1: 3 MiB object"
    # The review as the API server sends it, for curl.
    jq -c '{apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
            request: (.request + {uid: "0000beef-3mib-4000-8000-000000000001", dryRun: false, oldObject: null,
                      requestKind: .request.kind, requestResource: .request.resource,
                      userInfo: {username: "system:serviceaccount:velero:velero"}})}' \
      "$samples/deployment-3mib.json" >"$work/review-3mib.json"
    say "## 3 MiB object ($(wc -c <"$work/review-3mib.json") bytes of review), one at a time"
    say ""
    say "| server | answer ms, p50 / max of 20 (curl: upload + server + download) | loadgen p50 / p99 / max ms (adds its own answer check) |"
    say "|---|---:|---:|"
    for target in webhook floor; do
      : >"$work/times-$target"
      for i in $(seq 1 25); do
        t="$(curl -fsS -o /dev/null --cacert "$work/certs/ca.crt" --resolve "$server_name:${server_port[$target]}:127.0.0.1" \
          -H 'Content-Type: application/json' --data-binary "@$work/review-3mib.json" \
          -w '%{time_pretransfer} %{time_total}' "https://$server_name:${server_port[$target]}/mutate")"
        # The first five calls warm up the big-object paths.
        if [ "$i" -gt 5 ]; then awk '{printf "%.1f\n", ($2 - $1) * 1000}' <<<"$t" >>"$work/times-$target"; fi
      done
      p50="$(sort -n "$work/times-$target" | sed -n '10p')"
      max="$(sort -n "$work/times-$target" | tail -n 1)"
      s="$(load "$target" h1 deployment-3mib -c 1 -d "$duration")"
      if [ "$target" = webhook ]; then result[big-p50]="$p50"; result[big-max]="$max"; fi
      say "| $target | $p50 / $max | $(field "$s" p50_ms) / $(field "$s" p99_ms) / $(field "$s" max_ms) |"
    done
    say ""
  fi

  stop_sampler
  result["hwm-$proto"]="$(hwm_mib "${server_pid[webhook]}")"
  stop_servers
done
# --- the restore report's cost (SPEC X2) ---------------------------------------------------------
# Two webhooks that differ only in report.enabled, both with lookups on and a kubeconfig for the
# fake API, which stores the report's ConfigMaps and Events and counts the writes.
report_variants=(report-on report-off)
report_invalid=""
velero_ns=openshift-adp
api_token="sha256~load-report-token"

# A free port none of the given ports is.
other_port() {
  local port
  port="$(free_port)"
  while [[ " $* " == *" $port "* ]]; do port="$(free_port)"; done
  echo "$port"
}

start_report_servers() {
  local variant enabled config pod
  api_port="$(free_port)"
  # The certificate of the webhook is also valid for 127.0.0.1 (certs/generate.sh).
  python3 "$root/bench/lookups/fake_api.py" "$api_port" "$work/certs/tls.crt" "$work/certs/tls.key" "$api_token" >"$work/fake-api.log" 2>&1 &
  api_pid=$!
  server_pids+=("$api_pid")
  for _ in $(seq 1 100); do
    if curl -fsS --cacert "$work/certs/ca.crt" "https://127.0.0.1:$api_port/fake/stats" >/dev/null 2>&1; then break; fi
    kill -0 "$api_pid" 2>/dev/null || { log "the fake API exited:"; cat "$work/fake-api.log" >&2; return 1; }
    sleep 0.1
  done
  cat >"$work/kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: fake
    cluster:
      server: "https://127.0.0.1:$api_port"
      certificate-authority: "$work/certs/ca.crt"
users:
  - name: bench
    user:
      token: "$api_token"
contexts:
  - name: bench
    context:
      cluster: fake
      user: bench
current-context: bench
YAML
  for variant in "${report_variants[@]}"; do
    enabled=false
    if [ "$variant" = report-on ]; then enabled=true; fi
    server_port[$variant]="$(other_port "$api_port" "${server_port[report-on]:-}")"
    config="$work/config-$variant.yaml"
    {
      printf 'server:\n  port: %s\n  address: 127.0.0.1\n  http2: false\n' "${server_port[$variant]}"
      printf '  tls:\n    certFile: %s\n    keyFile: %s\n' "$work/certs/tls.crt" "$work/certs/tls.key"
      # The report is kept only with lookups on (it needs the API server).
      sed 's/^lookups: off$/lookups: auto/' "$samples/config.yaml"
      printf 'velero:\n  namespace: %s\nreport:\n  enabled: %s\n' "$velero_ns" "$enabled"
    } >"$config"
    grep -q '^lookups: auto$' "$config" || { log "$samples/config.yaml no longer says 'lookups: off'"; return 1; }
    # The replica is the pod name's last part (POD_NAME, as the Deployment's downward API sets it).
    pod="restore-mutator-5f8d7c9b4-${variant#report-}"
    POD_NAME="$pod" RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0 dotnet "$work/webhook/RestoreMutator.Webhook.dll" \
      --config "$config" --kubeconfig "$work/kubeconfig" >"$work/$variant.log" 2>&1 &
    server_pid[$variant]=$!
    server_pids+=("${server_pid[$variant]}")
  done
  for variant in "${report_variants[@]}"; do
    wait_ready "${server_port[$variant]}" "${server_pid[$variant]}" "$variant"
  done
}

# A case file: deployment-8img as part of restore RESTORE (its velero.io/restore-name label).
restore_case() {
  local file="$work/case-$1.json"
  jq --arg restore "$1" '.request.object.metadata.labels["velero.io/restore-name"] = $restore' \
    "$samples/deployment-8img.json" >"$file"
  echo "$file"
}

# metric SERVER AWK-PATTERN [FACTOR]: the sum of the webhook's /metrics samples matching the
# pattern, times FACTOR (1), as a whole number (0 if none).
metric() {
  { curl -fsS --cacert "$work/certs/ca.crt" --resolve "$server_name:${server_port[$1]}:127.0.0.1" \
    "https://$server_name:${server_port[$1]}/metrics" || true; } | awk -v k="${3:-1}" "$2 { s += \$NF * k } END { printf \"%d\", s }"
}

fake_stats() { curl -fsS --cacert "$work/certs/ca.crt" "https://127.0.0.1:$api_port/fake/stats" || echo '{}'; }

if $report_part; then
  log "report: starting the fake API and the webhook with report on and off"
  start_report_servers
  restore_base="$(jq -r '.request.object.metadata.labels["velero.io/restore-name"]' "$samples/deployment-8img.json")"
  case_file="$(restore_case "$restore_base-warmup")"
  for variant in "${report_variants[@]}"; do
    log "report: warming up $variant (${warmup}s)"
    load "$variant" h1 "$case_file" -c "$concurrency" -d "${warmup}s" -unique-names >/dev/null
  done

  say "## Restore report: report on vs off (SPEC X2: at most 5% more server CPU per review)"
  say ""
  say "HTTP/1.1, closed loop with $concurrency callers, runs of $duration after ${warmup}s of warm-up each; deployment-8img, a new object name per review (loadgen -unique-names), each round a restore of its own; both webhooks with lookups on against bench/lookups/fake_api.py, differing only in report.enabled; in turn, $report_rounds round(s). Server CPU per review in µs."
  say ""
  say "| round | restore | order | rps on / off | CPU on / off | on/off | p50 / p99 ms on | p50 / p99 ms off | errors on / off |"
  say "|---:|---|---|---:|---:|---:|---:|---:|---:|"
  report_ratios=() cpu_on=() cpu_off=() report_errors=0
  for ((r = 0; r < report_rounds; r++)); do
    restore="$restore_base-r$((r + 1))"
    case_file="$(restore_case "$restore")"
    order="report-on report-off"
    if ((r % 2)); then order="report-off report-on"; fi
    declare -A line=()
    for variant in $order; do
      log "report: $variant, round $((r + 1))"
      line[$variant]="$(measured "$variant" h1 "$case_file" -c "$concurrency" -d "$duration" -unique-names)"
    done
    on="${line[report-on]}" off="${line[report-off]}"
    report_ratios+=("$(ratio "$(field "$on" cpu_us)" "$(field "$off" cpu_us)")")
    cpu_on+=("$(field "$on" cpu_us)") cpu_off+=("$(field "$off" cpu_us)")
    report_errors=$((report_errors + $(field "$on" errors) + $(field "$off" errors)))
    say "| $((r + 1)) | $restore | ${order// / then } | $(field "$on" rps) / $(field "$off" rps) | $(field "$on" cpu_us) / $(field "$off" cpu_us) | ${report_ratios[-1]} | $(field "$on" p50_ms) / $(field "$on" p99_ms) | $(field "$off" p50_ms) / $(field "$off" p99_ms) | $(field "$on" errors) / $(field "$off" errors) |"
  done
  say ""
  # The writer writes a restore's report at most every 5 s, once a second: wait for the last one.
  sleep 7
  stats="$(fake_stats)"
  result[report-ratio]="$(median "${report_ratios[@]}")"
  result[report-writes]="$(jq -r '.writes // 0' <<<"$stats")"
  result[report-cpu-on]="$(median "${cpu_on[@]}")"
  result[report-cpu-off]="$(median "${cpu_off[@]}")"
  written_on="$(metric report-on '/^restore_mutator_report_writes_total\{/ && /result="ok"/')"
  written_off="$(metric report-off '/^restore_mutator_report_writes_total\{/ && /result="ok"/')"
  failed_on="$(metric report-on '/^restore_mutator_report_writes_total\{/ && !/result="ok"/')"
  dropped="$(metric report-on '/^restore_mutator_report_reviews_dropped_total/')"
  gc_figures=""
  for variant in "${report_variants[@]}"; do
    gc_figures+="${gc_figures:+; }$variant $(metric "$variant" '/^dotnet_gc_collections_total\{.*gen0/') / $(metric "$variant" '/^dotnet_gc_collections_total\{.*gen1/') / $(metric "$variant" '/^dotnet_gc_collections_total\{.*gen2/'), paused $(metric "$variant" '/^dotnet_gc_pause_time_seconds_total/' 1000) ms"
  done
  report_name="restore-mutator-report-$restore-on"
  summary="$(curl -fsS --cacert "$work/certs/ca.crt" -H "Authorization: Bearer $api_token" \
    "https://127.0.0.1:$api_port/api/v1/namespaces/$velero_ns/configmaps/$report_name" \
    | jq -c '.data["summary.json"] | fromjson | {objects: .objects.total, truncated, replicas}' 2>/dev/null || echo "not found")"
  say "Median CPU per review: report on ${result[report-cpu-on]} µs, off ${result[report-cpu-off]} µs; on/off median of the rounds ${result[report-ratio]}."
  say ""
  say "Report writes the fake API answered 2xx: ${result[report-writes]} (requests by method and resource: $(jq -c '.requests' <<<"$stats"); status codes: $(jq -c '.status' <<<"$stats"); $(jq -r '.write_bytes' <<<"$stats") bytes of write bodies). The webhook's own count (restore_mutator_report_writes_total): report on ${written_on} ok, ${failed_on} failed; report off ${written_off}. Reviews left out of the report (queue full): ${dropped}. Garbage collections gen0 / gen1 / gen2 since start (warm-up included): $gc_figures. The last round's ConfigMap $velero_ns/$report_name: $summary."
  say ""
  if ! [ "${result[report-writes]}" -gt 0 ] 2>/dev/null || ! [ "$written_on" -gt 0 ]; then
    report_invalid="the fake API received no report writes"
  elif [ "$written_off" -gt 0 ]; then
    report_invalid="the webhook with report.enabled: false wrote reports"
  elif [ "$report_errors" -gt 0 ]; then
    report_invalid="$report_errors review(s) failed"
  fi
  if [ -n "$report_invalid" ]; then
    say "**INVALID run: $report_invalid.**"
    say ""
    log "the webhook with the report on:"; tail -n 20 "$work/report-on.log" >&2
    log "the fake API:"; tail -n 5 "$work/fake-api.log" >&2
  fi
  for pid in "${server_pid[report-on]}" "${server_pid[report-off]}" "$api_pid"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  server_pids=()
fi

if [ -n "$protocols" ]; then
  result[rss-small]="$(max_rss_mib small)"
  if grep -q "^large " "$work/rss"; then result[rss-large]="$(max_rss_mib large)"; fi

  say "## Working set of the webhook"
  say ""
  say "VmRSS sampled every 200 ms: at most ${result[rss-small]:-n/a} MiB under load with the small objects${result[rss-large]:+, ${result[rss-large]} MiB with the 1 MiB and 3 MiB objects}; VmHWM (peak of the process) ${result[hwm-h1]:-n/a} MiB (HTTP/1.1 server), ${result[hwm-h2]:-n/a} MiB (HTTP/2 server)."
  say ""
fi
say "## Targets"
say ""
say "Ratios are medians over the rounds."
say ""
say "| target | measured | verdict |"
say "|---|---|---|"
for proto in $protocols; do
  d=deployment-8img
  say "| $proto $d: server CPU per review at most 0.8x the Go webhook's | ${result[$proto-$d-cpu-go]:-n/a} | $(verdict "${result[$proto-$d-cpu-go]:-n/a}" '<=' 0.80) |"
  say "| $proto $d: server CPU per review at most 1.5x the floor's | ${result[$proto-$d-cpu-floor]:-n/a} | $(verdict "${result[$proto-$d-cpu-floor]:-n/a}" '<=' 1.50) |"
  say "| $proto $d: p99 with $concurrency callers no worse than the Go webhook's (webhook/go) | ${result[$proto-$d-p99-go]:-n/a} | $(verdict "${result[$proto-$d-p99-go]:-n/a}" '<=' 1.00) |"
  if ! $compare_only; then
    say "| $proto throughput, pod-5k: at least 70% of the floor | ${result[$proto-pod-5k-ratio]:-n/a} | $(verdict "${result[$proto-pod-5k-ratio]:-n/a}" '>=' 0.70) |"
  fi
  for sample in "${rated[@]}"; do
    say "| $proto p99 at $rate/s, $sample: under 5 ms | ${result[$proto-$sample-p99]} ms | $(verdict "${result[$proto-$sample-p99]}" '<' 5) |"
  done
done
if [ -n "$protocols" ] && ! $compare_only; then
  say "| 3 MiB object answered within 50 ms (max of 20) | ${result[big-max]:-n/a} ms (p50 ${result[big-p50]:-n/a} ms) | $(verdict "${result[big-max]:-n/a}" '<' 50) |"
  say "| working set under 200 MiB with 1 and 3 MiB objects (VmRSS max) | ${result[rss-large]:-n/a} MiB | $(verdict "${result[rss-large]:-n/a}" '<' 200) |"
fi
if [ -n "$protocols" ]; then
  say "| working set under 200 MiB under load (VmRSS max, small objects) | ${result[rss-small]:-n/a} MiB | $(verdict "${result[rss-small]:-n/a}" '<' 200) |"
fi
if $report_part; then
  report_verdict="$(verdict "${result[report-ratio]:-n/a}" '<=' 1.05)"
  if [ -n "$report_invalid" ]; then report_verdict="INVALID ($report_invalid)"; fi
  say "| h1 deployment-8img: server CPU per review with the restore report at most 1.05x without (${result[report-writes]:-0} report writes received) | ${result[report-ratio]:-n/a} | $report_verdict |"
fi

if [ -n "$out" ]; then
  printf '%s\n' "${report[@]}" >"$out"
  log "report written to $out"
fi
if [ -n "$report_invalid" ]; then
  log "invalid run: $report_invalid"
  exit 1
fi
