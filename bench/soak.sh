#!/usr/bin/env bash
# Soak test: builds the server in Release, starts it with certificates from certs/generate.sh,
# and drives it with bench/loadgen (calls as kube-apiserver makes them, every answer checked; built
# offline with Debian's Go in GOPATH mode: apt-get install golang-go) for a long run of mixed
# reviews. Records throughput, latency percentiles, resident memory
# (from /proc/<pid>/status) and /metrics at the start and at the end.
#
#   bench/soak.sh [--duration SECONDS] [--concurrency N] [--out DIR]
#
# Defaults: 600 s, 8 concurrent callers split over three review mixes, results in
# bench/results/soak-<UTC timestamp>/ (summary.txt, rss.csv, metrics-start.txt, metrics-end.txt,
# load-*.txt, server.log). The summary is what docs/operations.md quotes.
set -euo pipefail

duration=600
concurrency=8
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$here/results/soak-$(date -u +%Y%m%dT%H%M%SZ)"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$duration" in ''|*[!0-9]*) echo "--duration must be whole seconds" >&2; exit 2 ;; esac
case "$concurrency" in ''|*[!0-9]*) echo "--concurrency must be a number" >&2; exit 2 ;; esac
[ "$concurrency" -ge 3 ] || { echo "--concurrency must be at least 3 (one caller per mix)" >&2; exit 2; }
command -v go >/dev/null || { echo "Go is required to build bench/loadgen (apt-get install golang-go)" >&2; exit 1; }

mkdir -p "$out"
work="$(mktemp -d)"
server_pid=""
# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "soak: building the server (Release) and bench/loadgen"
dotnet publish "$repo/src/Webhook" -c Release -o "$work/server" --nologo -v quiet >/dev/null
sim="$work/loadgen"
(cd "$here/loadgen" && GO111MODULE=off GOPATH="${GOPATH:-/usr/share/gocode}" GOFLAGS='' \
  GOCACHE="${GOCACHE:-$repo/artifacts/go-cache}" go build -o "$sim" .)
bash "$repo/certs/generate.sh" --out "$work/certs" >/dev/null

# A free loopback port: the first one nothing answers on.
port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port="$candidate"
    break
  fi
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }

cat > "$work/config.yaml" <<YAML
server:
  port: $port
  address: 127.0.0.1
  tls:
    certFile: $work/certs/tls.crt
    keyFile: $work/certs/tls.key
lookups: off
namespaceMapping: {shop-old: shop}
registry:
  destination: image-registry.openshift-image-registry.svc:5000
  rewrites:
    - {from: quay.io/acme, to: mirror.example.com/acme}
YAML

# Three mixes: a restored Deployment (patched), a restored Pod (patched or skipped, depending on
# the rules built), and an unlabelled Deployment UPDATE (answered unchanged).
mkdir -p "$work/cases"
cat > "$work/cases/deployment.json" <<'JSON'
{"name": "restored-deployment", "request": {
  "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
  "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
  "namespace": "shop", "name": "web", "operation": "CREATE",
  "object": {"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop",
      "labels": {"app": "web", "velero.io/restore-name": "nightly-20261120", "velero.io/backup-name": "nightly"},
      "annotations": {"openshift.io/backup-registry-hostname": "docker-registry.default.svc:5000"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [
          {"name": "web", "image": "docker-registry.default.svc:5000/shop-old/web:1.4"},
          {"name": "worker", "image": "quay.io/acme/worker:2"}]}}}}}}
JSON
cat > "$work/cases/pod.json" <<'JSON'
{"name": "restored-pod", "request": {
  "kind": {"group": "", "version": "v1", "kind": "Pod"},
  "resource": {"group": "", "version": "v1", "resource": "pods"},
  "namespace": "shop", "name": "standalone", "operation": "CREATE",
  "object": {"apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "standalone", "namespace": "shop",
      "labels": {"velero.io/restore-name": "nightly-20261120"},
      "annotations": {"openshift.io/backup-registry-hostname": "docker-registry.default.svc:5000"}},
    "spec": {"nodeName": "old-node-1", "containers": [{"name": "c", "image": "nginx:1.25"}]}}}}
JSON
cat > "$work/cases/unlabelled-update.json" <<'JSON'
{"name": "unlabelled-update", "request": {
  "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
  "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
  "namespace": "shop", "name": "web", "operation": "UPDATE",
  "object": {"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}},
  "oldObject": {"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.24"}]}}}}}}
JSON

echo "soak: starting the server on 127.0.0.1:$port"
# Per-request summary events are off by default (Warning): at thousands of reviews per second they
# would fill the disk; set RESTORE_MUTATOR_LOG_LEVEL=Information to include their cost.
# RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0: no Service endpoints to leave, stop at once on SIGTERM.
RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0 RESTORE_MUTATOR_LOG_LEVEL="${RESTORE_MUTATOR_LOG_LEVEL:-Warning}" dotnet "$work/server/RestoreMutator.Webhook.dll" --config "$work/config.yaml" > "$out/server.log" 2>&1 &
server_pid=$!
server_name="restore-mutator.restore-mutator.svc"
curl_tls=(--silent --show-error --cacert "$work/certs/ca.crt" --resolve "$server_name:$port:127.0.0.1")
for _ in $(seq 1 120); do
  if curl "${curl_tls[@]}" --fail "https://$server_name:$port/readyz" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "server exited; see $out/server.log" >&2; exit 1; }
  sleep 0.5
done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status"; }
metrics() { curl "${curl_tls[@]}" --fail "https://$server_name:$port/metrics"; }

# Warm up (JIT, pools) before the first sample, so "start" means steady state, not cold start.
"$sim" -url "https://127.0.0.1:$port/mutate" -ca "$work/certs/ca.crt" -server-name "$server_name" \
  -case "$work/cases/deployment.json" -c 4 -d 5s -h2=false > "$out/warmup.txt"
rss_start="$(rss_kib)"
metrics > "$out/metrics-start.txt"

echo "soak: ${duration}s of mixed reviews, $concurrency callers"
mix_c=$((concurrency / 3))
first_c=$((concurrency - 2 * mix_c))
pids=()
run_load() {
  "$sim" -url "https://127.0.0.1:$port/mutate" -ca "$work/certs/ca.crt" -server-name "$server_name" \
    -case "$work/cases/$1.json" -c "$2" -d "${duration}s" -h2=false > "$out/load-$1.txt" 2>&1
}
run_load deployment "$first_c" & pids+=($!)
run_load pod "$mix_c" & pids+=($!)
run_load unlabelled-update "$mix_c" & pids+=($!)

echo "elapsed_s,rss_kib" > "$out/rss.csv"
started=$SECONDS
while kill -0 "${pids[0]}" 2>/dev/null; do
  echo "$((SECONDS - started)),$(rss_kib)" >> "$out/rss.csv"
  sleep 10
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done

rss_end="$(rss_kib)"
hwm_end="$(hwm_kib)"
metrics > "$out/metrics-end.txt"

field() { grep -o "$1=[^ ]*" "$2" | head -n 1 | cut -d= -f2; }
{
  echo "restore-mutator soak, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$repo" rev-parse --short HEAD)"
  echo "machine: $(nproc) cores, load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration: ${duration}s, callers: $concurrency (deployment $first_c, pod $mix_c, unlabelled-update $mix_c), HTTP/1.1, keep-alive"
  total_rps=0
  total_requests=0
  total_errors=0
  for mix in deployment pod unlabelled-update; do
    file="$out/load-$mix.txt"
    echo "$mix: requests=$(field requests "$file") errors=$(field errors "$file") rps=$(field rps "$file") p50_ms=$(field p50_ms "$file") p99_ms=$(field p99_ms "$file") p999_ms=$(field p999_ms "$file") max_ms=$(field max_ms "$file")"
    total_rps=$((total_rps + $(field rps "$file")))
    total_requests=$((total_requests + $(field requests "$file")))
    total_errors=$((total_errors + $(field errors "$file")))
  done
  echo "total: requests=$total_requests errors=$total_errors rps=$total_rps"
  echo "rss_kib: start=$rss_start end=$rss_end peak(VmHWM)=$hwm_end"
  echo "server /metrics at end:"
  grep -E '^restore_mutator_(admission_requests_total|admission_duration_seconds_(count|sum)|bad_requests_total|inflight_requests)' "$out/metrics-end.txt" | sed 's/^/  /'
} | tee "$out/summary.txt"

exit "$status"
